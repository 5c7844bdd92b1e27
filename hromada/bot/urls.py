from django.urls import path

from . import views

app_name = "bot"
urlpatterns = [
    path("", views.announcements, name="index"),
    path("link/", views.link, name="link"),
    path("link/unlink/", views.unlink, name="unlink"),
]

# Outside the language prefix: the address Telegram calls (POST /bot/telegram/webhook).
webhook_patterns = [path("webhook", views.telegram_webhook, name="telegram_webhook")]

from django.urls import path

from . import views

app_name = "help"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:app>/<slug:name>/", views.article, name="article"),
    path("<slug:app>/<slug:name>/feedback/", views.feedback, name="feedback"),
]

from django.urls import path

from . import views_oidc

app_name = "oidc"
urlpatterns = [
    path("<slug:key>/start/", views_oidc.start, name="start"),
    path("<slug:key>/callback/", views_oidc.callback, name="callback"),
]

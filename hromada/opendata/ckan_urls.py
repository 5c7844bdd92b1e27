"""The CKAN Action API's paths: ``<prefix><action>`` under both ``/api/3/action/`` and ``/api/action/``."""

from django.urls import path

from . import views_ckan

urlpatterns = [
    path("<str:action>", views_ckan.action, name="action"),
]

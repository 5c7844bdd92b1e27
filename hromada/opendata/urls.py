from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>/", views.dataset, name="dataset"),
    path("<slug:name>/datapackage.json", views.datapackage, name="datapackage"),
    path("<slug:name>.<str:fmt>", views.download, name="download"),
]

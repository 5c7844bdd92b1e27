from django.urls import path

from . import views_opendata

app_name = "petitions"
urlpatterns: list = [
    # Open data (owned by the backend); the web pages add their paths below.
    path("open-data/", views_opendata.index, name="opendata_index"),
    path("open-data/<slug:dataset>.<str:fmt>", views_opendata.dataset, name="opendata"),
]

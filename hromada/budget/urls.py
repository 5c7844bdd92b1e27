from django.urls import path

from . import views_opendata

app_name = "budget"
urlpatterns: list = [
    # Open data (the web pages' paths are added by views.py's author).
    path("<slug:slug>/results.csv", views_opendata.results_csv, name="results_csv"),
    path("<slug:slug>/results.json", views_opendata.results_json, name="results_json"),
    path("<slug:slug>/pabulib/<slug:key>.pb", views_opendata.category_pb, name="category_pb"),
]

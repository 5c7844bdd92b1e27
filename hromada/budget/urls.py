from django.urls import path

from . import views, views_opendata

app_name = "budget"
urlpatterns: list = [
    # Open data (the web pages' paths are added by views.py's author).
    path("<slug:slug>/results.csv", views_opendata.results_csv, name="results_csv"),
    path("<slug:slug>/results.json", views_opendata.results_json, name="results_json"),
    path("<slug:slug>/pabulib/<slug:key>.pb", views_opendata.category_pb, name="category_pb"),
    # ---- web pages (fixed paths first: a cycle's slug takes the rest)
    path("", views.index, name="index"),
    path("implementation/", views.tracker, name="tracker"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<id:pk>/", views.review_project, name="review_project"),
    path("review/<id:pk>/milestones/", views.milestones, name="milestones"),
    path("my/", views.my_budget, name="cabinet"),
    path("projects/<id:pk>/", views.project_detail, name="project"),
    path("projects/<id:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<id:pk>/appeal/", views.project_appeal, name="project_appeal"),
    path("projects/<id:pk>/withdraw/", views.project_withdraw, name="project_withdraw"),
    path("projects/<id:pk>/support/", views.project_support, name="project_support"),
    path("projects/<id:pk>/photos/<id:photo_pk>/", views.project_photo, name="project_photo"),
    path("<slug:slug>/", views.cycle_detail, name="cycle"),
    path("<slug:slug>/projects/", views.projects, name="projects"),
    path("<slug:slug>/projects.geojson", views.projects_geojson, name="projects_geojson"),
    path("<slug:slug>/submit/", views.project_submit, name="project_submit"),
    path("<slug:slug>/vote/", views.ballot, name="ballot"),
    path("<slug:slug>/vote/total/", views.ballot_total, name="ballot_total"),
    path("<slug:slug>/vote/recorded/", views.ballot_recorded, name="ballot_recorded"),
    path("<slug:slug>/enter-ballot/", views.ballot_enter, name="ballot_enter"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/results/compare/", views.results_compare, name="results_compare"),
    path("<slug:slug>/results/manage/", views.results_manage, name="results_manage"),
    # ---- end of web pages
]

from django.urls import path

from . import views
from .feeds import ReportsFeed

app_name = "opencity"
urlpatterns = [
    path("", views.index, name="index"),
    path("reports.geojson", views.map_geojson, name="geojson"),
    path("map/", views.city_map, name="map"),
    path("map/<slug:layer>.geojson", views.map_geojson, name="map_layer"),
    path("feed.atom", ReportsFeed(), name="feed"),
    path("new/", views.new, name="new"),
    path("nearby/", views.nearby, name="nearby"),
    path("mine/", views.mine, name="mine"),
    path("staff/", views.staff, name="staff"),
    path("departments/", views.departments, name="departments"),
    path("analytics/", views.analytics, name="analytics"),
    path("analytics/data.csv", views.analytics_csv, name="analytics_csv"),
    path("<id:pk>/", views.report, name="report"),
    path("<id:pk>/photos/<id:photo_pk>/", views.photo, name="photo"),
    path("<id:pk>/photos/<id:photo_pk>/publish/", views.photo_publish, name="photo_publish"),
    path("<id:pk>/photos/<id:photo_pk>/blur/", views.photo_blur, name="photo_blur"),
    path("<id:pk>/support/", views.support, name="support"),
    path("<id:pk>/verdict/", views.verdict, name="verdict"),
    path("<id:pk>/fix-check/<id:check_pk>/", views.fix_check, name="fix_check"),
    path("<id:pk>/transition/", views.transition, name="transition"),
    path("<id:pk>/update/", views.update, name="update"),
    path("<id:pk>/reassign/", views.reassign, name="reassign"),
    path("<id:pk>/relocate/", views.relocate, name="relocate"),
    path("<id:pk>/recategorise/", views.recategorise, name="recategorise"),
]

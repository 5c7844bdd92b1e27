from django.urls import path

from . import views

app_name = "discussion"
urlpatterns = [
    path("<slug:target>/<id:target_id>/comment/", views.comment_post, name="post"),
    path("comments/<id:comment_id>/report/", views.comment_report, name="report"),
    path("comments/<id:comment_id>/hide/", views.comment_hide, name="hide"),
    path("comments/<id:comment_id>/restore/", views.comment_restore, name="restore"),
]

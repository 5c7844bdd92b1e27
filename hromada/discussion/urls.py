from django.urls import path

from . import views

app_name = "discussion"
urlpatterns = [
    path("<slug:target>/<int:target_id>/comment/", views.comment_post, name="post"),
    path("comments/<int:comment_id>/report/", views.comment_report, name="report"),
    path("comments/<int:comment_id>/hide/", views.comment_hide, name="hide"),
    path("comments/<int:comment_id>/restore/", views.comment_restore, name="restore"),
]

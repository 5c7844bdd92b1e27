from django.urls import path

from . import views, views_opendata, views_staff

app_name = "petitions"
urlpatterns: list = [
    # Open data (owned by the backend); the web pages add their paths below.
    path("open-data/", views_opendata.index, name="opendata_index"),
    path("open-data/<slug:dataset>.<str:fmt>", views_opendata.dataset, name="opendata"),
    # Web pages (owned by the web interface).
    path("", views.petition_list, name="list"),
    path("new/", views.petition_new, name="new"),
    path("similar/", views.similar_petitions, name="similar"),
    path("mine/", views.my_petitions, name="mine"),
    path("accountability/", views.accountability, name="accountability"),
    path("moderation/", views_staff.moderation_queue, name="moderation"),
    path("<id:petition_id>/", views.petition_detail, name="detail"),
    path("<id:petition_id>/sign/", views.petition_sign, name="sign"),
    path("<id:petition_id>/unsign/", views.petition_unsign, name="unsign"),
    path("<id:petition_id>/answer/document/", views.answer_document, name="answer_document"),
    path("<id:petition_id>/edit/", views.petition_edit, name="edit"),
    path("<id:petition_id>/preview/", views.petition_preview, name="preview"),
    path("<id:petition_id>/submit/", views.petition_submit, name="submit"),
    path("<id:petition_id>/withdraw/", views.petition_withdraw, name="withdraw"),
    path("<id:petition_id>/moderate/", views_staff.petition_moderate, name="moderate"),
    path("<id:petition_id>/moderate/take/", views_staff.petition_take, name="take"),
    path("<id:petition_id>/moderate/publish/", views_staff.petition_publish, name="publish"),
    path("<id:petition_id>/moderate/reject/", views_staff.petition_reject, name="reject"),
    path("<id:petition_id>/moderate/invalidate/", views_staff.signatures_invalidate, name="invalidate"),
    path("<id:petition_id>/respond/", views_staff.petition_respond, name="respond"),
    path("<id:petition_id>/respond/forward/", views_staff.petition_forward, name="forward"),
    path("<id:petition_id>/respond/answer/", views_staff.petition_answer, name="answer"),
    path("<id:petition_id>/respond/update/", views_staff.petition_update, name="update"),
]

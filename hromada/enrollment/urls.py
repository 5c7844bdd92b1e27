from django.urls import path

from . import views

app_name = "enrollment"

urlpatterns = [
    path("", views.index, name="index"),
    path("territories/", views.territories, name="territories"),
    path("mine/", views.mine, name="mine"),
    path("applications/<str:public_id>/", views.application_detail, name="application"),
    path("applications/<str:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "applications/<str:public_id>/claims/<str:claim_id>/proof/", views.proof_upload, name="proof_upload"
    ),
    path("proofs/<str:file_id>/", views.proof_download, name="proof"),
    path("offers/<str:offer_id>/answer/", views.offer_answer, name="offer_answer"),
    path("data/line.<str:fmt>", views.opendata_line, name="opendata_line"),
    path("data/territories.<str:fmt>", views.opendata_territories, name="opendata_territories"),
    path("<slug:slug>/", views.round_detail, name="round"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/export.json", views.round_export, name="export"),
    path("<slug:slug>/verify/", views.round_verify, name="verify"),
]

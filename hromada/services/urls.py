from django.urls import path

from . import views, views_opendata, views_pdf, views_staff

app_name = "services"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("status/", views.status_lookup, name="status"),
    path("mine/", views.my_applications, name="mine"),
    path("statistics/", views.statistics, name="statistics"),
    path("verify/", views.verify, name="verify"),
    path("open-data/catalogue.<str:fmt>", views_opendata.catalogue, name="opendata_catalogue"),
    path("open-data/rendered.<str:fmt>", views_opendata.rendered, name="opendata_rendered"),
    path("applications/<id:pk>/", views.application_detail, name="application"),
    path("applications/<id:pk>/correct/", views.application_correct, name="correct"),
    path("applications/<id:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("applications/<id:pk>/again/", views.application_again, name="again"),
    path("applications/<id:pk>/document/", views.application_document, name="document"),
    path("applications/<id:pk>/document.pdf", views_pdf.application_document_pdf, name="document_pdf"),
    path("files/<id:pk>/", views.application_file, name="file"),
    path("queue/", views_staff.queue, name="queue"),
    path("queue/statistics/", views_staff.statistics, name="staff_statistics"),
    path("queue/services/", views_staff.online_services, name="online_services"),
    path("queue/<id:pk>/", views_staff.handle, name="handle"),
    path("queue/<id:pk>/receipt/", views_staff.receipt, name="receipt"),
    path("queue/<id:pk>/document/", views_staff.document, name="staff_document"),
    path("queue/<id:pk>/document.pdf", views_pdf.staff_document_pdf, name="staff_document_pdf"),
    path("queue/<id:pk>/<slug:move>/", views_staff.act, name="act"),
    path("desk/<slug:code>/", views_staff.desk, name="desk"),
    path("definitions/<slug:code>/", views_staff.definition_edit, name="definition"),
    path("definitions/<slug:code>/export.json", views_staff.definition_json, name="definition_json"),
    path("<slug:code>/", views.service_detail, name="detail"),
    path("<slug:code>/card/", views.service_card, name="card"),
    path("<slug:code>/card.pdf", views_pdf.card_pdf, name="card_pdf"),
    path("<slug:code>/apply/", views.service_apply, name="apply"),
    path("<slug:code>/autosave/", views.autosave, name="autosave"),
]

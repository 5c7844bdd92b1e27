from django.urls import path

from . import views

app_name = "cnapqueue"
urlpatterns: list = [
    path("", views.offices, name="offices"),
    path("my/", views.mine, name="mine"),
    path("console/", views.console, name="console"),
    path("callcentre/", views.callcentre, name="callcentre"),
    path("desks/<id:desk_id>/", views.desk, name="desk"),
    path("t/<str:code>/", views.place, name="place"),
    path("kiosk/<str:token>/", views.kiosk, name="kiosk"),
    path("bookings/<id:booking_id>/", views.booking, name="booking"),
    path("visits/", views.visit_day, name="visit_day"),
    path("home-visits/<id:visit_id>/cancel/", views.home_visit_cancel, name="home_visit_cancel"),
    path("home-visits/<id:visit_id>/document/", views.home_visit_document, name="home_visit_document"),
    path(
        "home-visits/<id:visit_id>/document/add/",
        views.home_visit_document_add,
        name="home_visit_document_add",
    ),
    path("waitlist/<id:entry_id>/leave/", views.waitlist_leave, name="waitlist_leave"),
    path("bookings/<id:booking_id>/visit.ics", views.booking_ics, name="booking_ics"),
    path("<id:office_id>/", views.office, name="office"),
    path("<id:office_id>/board/", views.board, name="board"),
    path("<id:office_id>/board/live/", views.board_live, name="board_live"),
    path("<id:office_id>/book/", views.book, name="book"),
    path("<id:office_id>/reception/", views.reception, name="reception"),
    path("<id:office_id>/stats/", views.stats, name="stats"),
    path("<id:office_id>/stats/csv/", views.stats_csv, name="stats_csv"),
    path("<id:office_id>/home-visit/", views.home_visit_request, name="home_visit_request"),
    path("<id:office_id>/home-visits/", views.home_visits, name="home_visits"),
    path("<id:office_id>/stops/", views.stops, name="stops"),
]

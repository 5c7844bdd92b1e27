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
    path("waitlist/<id:entry_id>/leave/", views.waitlist_leave, name="waitlist_leave"),
    path("bookings/<id:booking_id>/visit.ics", views.booking_ics, name="booking_ics"),
    path("<id:office_id>/", views.office, name="office"),
    path("<id:office_id>/board/", views.board, name="board"),
    path("<id:office_id>/board/live/", views.board_live, name="board_live"),
    path("<id:office_id>/book/", views.book, name="book"),
    path("<id:office_id>/stats/", views.stats, name="stats"),
]

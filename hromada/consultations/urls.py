from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("moderation/", views.moderation, name="moderation"),
    path("<id:pk>/prepare/", views.prepare, name="prepare"),
    path("<id:pk>/prepare/settings/", views.settings_edit, name="settings_edit"),
    path("<id:pk>/prepare/delete/", views.delete, name="delete"),
    path("<id:pk>/prepare/questions/", views.question_new, name="question_new"),
    path("<id:pk>/prepare/questions/<id:question_id>/", views.question_edit, name="question_edit"),
    path("<id:pk>/prepare/questions/<id:question_id>/remove/", views.question_remove, name="question_remove"),
    path("<id:pk>/prepare/questions/<id:question_id>/move/", views.question_move, name="question_move"),
    path("<id:pk>/prepare/draft/", views.draft_new, name="draft_new"),
    path("<id:pk>/prepare/draft/<id:version_id>/", views.draft_edit, name="draft_edit"),
    path("<id:pk>/prepare/hearings/", views.hearing_new, name="hearing_new"),
    path("<id:pk>/prepare/hearings/<id:hearing_id>/", views.hearing_edit, name="hearing_edit"),
    path("<id:pk>/prepare/hearings/<id:hearing_id>/remove/", views.hearing_remove, name="hearing_remove"),
    path("<id:pk>/prepare/announce/", views.announce, name="announce"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/survey/", views.survey, name="survey"),
    path("<id:pk>/survey/change/", views.survey_change, name="survey_change"),
    path("<id:pk>/paragraphs/<id:paragraph_id>/", views.paragraph, name="paragraph"),
    path("<id:pk>/proposals/<id:contribution_id>/support/", views.support, name="support"),
    path("<id:pk>/proposals/<id:contribution_id>/answer/", views.answer, name="answer"),
    path(
        "<id:pk>/contributions/<id:contribution_id>/hide/", views.hide_contribution, name="hide_contribution"
    ),
    path("<id:pk>/statements/", views.statement_new, name="statement_new"),
    path("<id:pk>/statements/<id:statement_id>/vote/", views.vote, name="vote"),
    path("<id:pk>/statements/<id:statement_id>/hide/", views.hide_statement, name="hide_statement"),
    path("<id:pk>/report/", views.report, name="report"),
    path("<id:pk>/hearings/<id:hearing_id>/register/", views.hearing_register, name="hearing_register"),
    path("<id:pk>/hearings/<id:hearing_id>/cancel/", views.hearing_cancel, name="hearing_cancel"),
    path("<id:pk>/hearings/<id:hearing_id>/minutes/", views.hearing_minutes, name="hearing_minutes"),
    path("<id:pk>/hearings/<id:hearing_id>/attendance/", views.hearing_attendance, name="hearing_attendance"),
    path(
        "<id:pk>/hearings/<id:hearing_id>/attendance.csv",
        views.hearing_attendance_csv,
        name="hearing_attendance_csv",
    ),
    path(
        "<id:pk>/hearings/<id:hearing_id>/minutes/document/", views.hearing_document, name="hearing_document"
    ),
]

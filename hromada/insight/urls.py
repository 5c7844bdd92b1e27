from django.urls import path, register_converter

from . import views


class QuarterConverter:
    regex = r"[0-9]{4}-Q[1-4]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)


register_converter(QuarterConverter, "quarter")

app_name = "insight"

urlpatterns = [
    path("", views.public, name="public"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("index/", views.index_current, name="index_current"),
    path("index/<quarter:quarter>/", views.index, name="index"),
    path("index/<quarter:quarter>/close/", views.close, name="close"),
    path("index/<quarter:quarter>/export.<str:fmt>", views.export, name="export"),
    path("trend.csv", views.trend_csv, name="trend_csv"),
    path("series/<str:key>.csv", views.series_csv, name="series_csv"),
    path("frameworks/", views.framework_coverage, name="frameworks"),
    path("compare/", views.compare, name="compare"),
    path("compare.csv", views.compare_csv, name="compare_csv"),
    path("self-report/", views.self_report, name="self_report"),
    path("self-report/<id:pk>/", views.self_report_history, name="self_report_history"),
    path("self-report/<id:pk>/correct/", views.self_report_correct, name="self_report_correct"),
    path("self-report/<id:pk>/document/", views.self_report_document, name="self_report_document"),
    path("settings/", views.settings_edit, name="settings"),
]

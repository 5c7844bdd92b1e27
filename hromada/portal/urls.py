from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("institutions/", views.institutions, name="institutions"),
    path("institutions/<id:institution_id>/", views.institution_detail, name="institution"),
    path("news/", views.news, name="news"),
    path("news/<str:slug>/", views.article, name="article"),
    path("search/", views.search, name="search"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("brand/emblem", views.emblem, name="emblem"),
    path("about/<slug:kind>/", views.statement, name="statement"),
    path("help/", views.help_index, name="help"),
    path("help/<str:slug>/", views.help_page, name="help_page"),
    path("cabinet/", views.cabinet, name="cabinet"),
    path("cabinet/profile/", views.profile, name="profile"),
    path("cabinet/verification/", views.verification, name="verification"),
    path("cabinet/notifications/", views.notifications, name="notifications"),
    path("cabinet/tokens/", views.tokens, name="tokens"),
    path("cabinet/tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("cabinet/privacy/", views.privacy, name="privacy"),
    path("cabinet/privacy/export.json", views.privacy_export, name="privacy_export"),
]

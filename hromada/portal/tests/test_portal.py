import pytest
from django.utils import timezone

from hromada.core.actions import notification_send
from hromada.core.models import Notification
from hromada.portal.models import Article, HelpPage
from tests.factories import InstitutionFactory


def test_home_is_ukrainian_by_default_and_english_on_request(client, hromada):
    uk = client.get("/")
    assert uk.status_code == 200
    assert '<html lang="uk">' in uk.content.decode()
    assert "Перейти до основного вмісту" in uk.content.decode()

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/institutions/"})
    assert switched.status_code == 302 and switched["Location"] == "/en/institutions/"
    back = client.post("/i18n/setlang/", {"language": "uk", "next": "/en/institutions/"})
    assert back["Location"] == "/institutions/"
    en = client.get("/en/")
    assert '<html lang="en">' in en.content.decode()
    assert "Skip to main content" in en.content.decode()


def test_home_lists_registered_modules_and_published_news(client, hromada):
    now = timezone.now()
    Article.objects.create(
        hromada=hromada, title="Ремонт мосту", slug="mist", body="Текст", is_published=True, published_at=now
    )
    Article.objects.create(hromada=hromada, title="Чернетка", slug="draft", body="…", is_published=False)
    Article.objects.create(
        hromada=hromada,
        title="Завтрашня",
        slug="later",
        body="…",
        is_published=True,
        published_at=now + timezone.timedelta(days=1),
    )
    page = client.get("/").content.decode()
    assert "Ремонт мосту" in page
    assert "Чернетка" not in page and "Завтрашня" not in page
    assert 'href="/institutions/"' in page


def test_home_page_uses_a_constant_number_of_queries(client, hromada, django_assert_max_num_queries):
    for i in range(12):
        Article.objects.create(
            hromada=hromada,
            title=f"Новина {i}",
            slug=f"n{i}",
            body="…",
            is_published=True,
            published_at=timezone.now(),
        )
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def test_institution_search_ignores_case_in_cyrillic(client, hromada, district):
    InstitutionFactory(hromada=hromada, name="Заклад дошкільної освіти «Сонечко»", kind="kindergarten")
    InstitutionFactory(hromada=hromada, name="Ліцей № 3", kind="school")

    found = client.get("/institutions/", {"q": "СОНЕЧКО"}).content.decode()
    assert "Сонечко" in found and "Ліцей № 3" not in found
    by_kind = client.get("/institutions/", {"kind": "school"}).content.decode()
    assert "Ліцей № 3" in by_kind and "Сонечко" not in by_kind


def test_institution_list_paginates_and_htmx_gets_only_the_results(client, hromada, district):
    for i in range(25):
        InstitutionFactory(hromada=hromada, district=district, name=f"Школа {i:02d}")
    first = client.get("/institutions/").content.decode()
    assert "Школа 00" in first and "Школа 24" not in first
    second = client.get("/institutions/", {"page": 2}).content.decode()
    assert "Школа 24" in second
    assert "Школа 24" in client.get("/institutions/", {"page": 999}).content.decode()

    partial = client.get("/institutions/", {"q": "школа"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="results-inner"' in partial


def test_invalid_filters_do_not_break_the_directory(client, hromada):
    response = client.get("/institutions/", {"district": "not-a-number", "kind": "spaceship"})
    assert response.status_code == 200


def test_unknown_pages_get_a_friendly_404(client, hromada):
    response = client.get("/institutions/999999/")
    assert response.status_code == 404
    assert "На головну" in response.content.decode() or "home page" in response.content.decode()


def test_help_pages_are_listed_in_the_help_centre_and_shown(client, hromada):
    HelpPage.objects.create(
        hromada=hromada, slug="verify", title="Як підтвердити особу", body="Візьміть паспорт."
    )
    listing = client.get("/help/", follow=True)

    assert listing.redirect_chain == [("/guide/", 302)]
    assert 'href="/help/verify/"' in listing.content.decode()
    assert "Візьміть паспорт." in client.get("/help/verify/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/cabinet/",
        "/cabinet/profile/",
        "/cabinet/verification/",
        "/cabinet/notifications/",
        "/cabinet/tokens/",
        "/cabinet/privacy/",
        "/accounts/security/",
    ],
)
def test_cabinet_pages_open_for_a_resident(client, resident, path):
    assert client.get(path).status_code == 302
    client.force_login(resident)
    assert client.get(path).status_code == 200


def test_cabinet_overview_shows_each_sections_summary(client, resident):
    from hromada.core import registry

    section = registry.CabinetSection(
        key="zz-test", title="Test section", url_name="portal:notifications", summary=lambda r: "7 things"
    )
    registry.register_cabinet_section(section)
    try:
        client.force_login(resident)
        html = client.get("/cabinet/").content.decode()
    finally:
        registry._sections.pop("zz-test")
    assert "Test section</a> — 7 things" in html


def test_profile_form_keeps_input_on_error(client, resident, other_hromada):
    from tests.factories import DistrictFactory

    foreign = DistrictFactory(hromada=other_hromada)
    client.force_login(resident)
    response = client.post(
        "/cabinet/profile/",
        {
            "full_name": "Нове Ім'я",
            "phone": "12",
            "district": foreign.pk,
            "preferred_language": "uk",
        },
    )
    assert response.status_code == 200
    assert "Нове Ім&#x27;я" in response.content.decode() or "Нове Ім'я" in response.content.decode()
    resident.refresh_from_db()
    assert resident.full_name != "Нове Ім'я"


def test_notification_is_emailed_after_commit_and_marked_read(
    client, hromada, resident, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            hromada=hromada,
            recipient=resident,
            kind="petitions.published",
            params={"title": "Про сквер"},
            url="/petitions/1/",
        )
    assert [m.subject for m in mailoutbox] == ["Вашу петицію опубліковано: Про сквер"]
    assert Notification.objects.get().emailed_at is not None

    client.force_login(resident)
    assert "Вашу петицію опубліковано: Про сквер" in client.get("/cabinet/notifications/").content.decode()
    client.post("/cabinet/notifications/", {})
    assert Notification.objects.get().read_at is not None


def test_deletion_request_and_anonymisation(client, resident, settings):
    from hromada.accounts.actions import users_anonymise_due

    client.force_login(resident)
    client.post("/cabinet/privacy/", {"confirm": "on"})
    resident.refresh_from_db()
    assert resident.deletion_requested_at is not None
    assert users_anonymise_due() == 0

    settings.HROMADA_DELETION_GRACE_DAYS = 0
    assert users_anonymise_due() == 1
    resident.refresh_from_db()
    assert not resident.is_active and resident.phone is None and "Петренко" not in resident.full_name


@pytest.mark.parametrize(
    "path",
    [
        "/static/hromada/site.css",
        "/static/hromada/map.js",
        "/static/vendor/leaflet-1.9.4/leaflet.js",
        "/static/vendor/htmx-2.0.11/htmx.min.js",
    ],
)
def test_local_assets_are_served(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])


def test_empty_filters_mean_any_in_the_geojson_api(client, hromada, district):
    InstitutionFactory(hromada=hromada, district=district)
    response = client.get("/api/v1/institutions.geojson", {"q": "", "kind": "", "district": ""})
    assert response.status_code == 200 and len(response.json()["features"]) == 1


def test_english_pages_show_english_content_when_officials_wrote_it(client, hromada):
    Article.objects.create(
        hromada=hromada,
        title="Ремонт мосту",
        title_en="Bridge repair",
        slug="mist",
        body="Текст",
        is_published=True,
        published_at=timezone.now(),
    )
    Article.objects.create(
        hromada=hromada,
        title="Лише українською",
        slug="uk-only",
        body="Текст",
        is_published=True,
        published_at=timezone.now(),
    )
    english = client.get("/en/news/").content.decode()
    assert "Bridge repair" in english and "Лише українською" in english
    assert "Ремонт мосту" in client.get("/news/").content.decode()


def test_demo_refuses_to_load_into_production(db, settings):
    from django.core.management import CommandError, call_command

    settings.PROD = True
    with pytest.raises(CommandError, match="HROMADA_ENV=prod"):
        call_command("demo", verbosity=0)


def test_api_answers_in_the_language_asked_for(client, hromada, district):
    InstitutionFactory(hromada=hromada, district=district, kind="clinic")
    english = client.get("/api/v1/institutions.geojson", {"lang": "en"}).json()["features"][0]["properties"]
    assert english["kind_label"] == "clinic" and english["url"].startswith("/en/institutions/")
    ukrainian = client.get("/api/v1/institutions.geojson").json()["features"][0]["properties"]
    assert ukrainian["kind_label"] != "clinic" and ukrainian["url"].startswith("/institutions/")
    by_header = client.get("/api/v1/institutions.geojson", HTTP_ACCEPT_LANGUAGE="en")
    assert by_header.json()["features"][0]["properties"]["kind_label"] == "clinic"


def test_the_inbox_speaks_the_readers_language_whatever_language_the_notification_was_written_in(
    client, hromada, resident
):
    notification_send(
        hromada=hromada,
        recipient=resident,
        kind="petitions.published",
        params={"title": "Про сквер", "title_en": "About the square"},
        url="/petitions/1/",
    )
    client.force_login(resident)

    english = client.get("/en/cabinet/notifications/").content.decode()
    ukrainian = client.get("/cabinet/notifications/").content.decode()

    assert "Your petition is published: About the square" in english
    assert 'href="/en/petitions/1/"' in english
    assert "Вашу петицію опубліковано: Про сквер" in ukrainian
    assert 'href="/petitions/1/"' in ukrainian

"""Nothing of one hromada is visible from another: pages, API, search, admin, exports."""

import pytest
from django.test import Client

from hromada.accounts.models import DepartmentMembership, HromadaRole
from hromada.core.tenancy import hromada_for_host, normalise_host
from hromada.portal.models import Article
from tests.factories import (
    DepartmentFactory,
    DistrictFactory,
    InstitutionFactory,
    UserFactory,
    totp_device,
    totp_now,
)

OTHER = "verbivka.localhost"


@pytest.fixture
def two_worlds(hromada, other_hromada):
    mine = InstitutionFactory(hromada=hromada, name="Ліцей Світлогірський", address="вул. Миру, 1")
    theirs = InstitutionFactory(hromada=other_hromada, name="Ліцей Вербівський", address="вул. Миру, 2")
    DistrictFactory(hromada=hromada, name="Центральний")
    DistrictFactory(hromada=other_hromada, name="Вербівський старостинський округ")
    from django.utils import timezone

    Article.objects.create(
        hromada=other_hromada,
        title="Новина Вербівки",
        slug="verbivka-news",
        body="…",
        is_published=True,
        published_at=timezone.now(),
    )
    return mine, theirs


def test_host_names_choose_the_hromada_and_unknown_hosts_get_the_default(hromada, other_hromada):
    assert hromada_for_host("verbivka.localhost:8000") == other_hromada
    assert hromada_for_host("VERBIVKA.localhost.") == other_hromada
    assert hromada_for_host("127.0.0.1:8000") == hromada
    assert hromada_for_host("unknown.example") == hromada
    assert normalise_host("[::1]:8000") == "[::1]"


def test_pages_show_only_the_hromada_of_the_host(client, two_worlds):
    mine, theirs = two_worlds
    other = Client(HTTP_HOST=OTHER)

    assert "Ліцей Світлогірський" in client.get("/institutions/").content.decode()
    assert "Ліцей Вербівський" not in client.get("/institutions/").content.decode()
    assert "Ліцей Вербівський" in other.get("/institutions/").content.decode()
    assert client.get(f"/institutions/{theirs.pk}/").status_code == 404
    assert other.get(f"/institutions/{mine.pk}/").status_code == 404
    assert client.get("/news/verbivka-news/").status_code == 404
    assert "Новина Вербівки" not in client.get("/").content.decode()
    assert "Новина Вербівки" in other.get("/").content.decode()


def test_search_and_api_show_only_the_hromada_of_the_host(client, two_worlds):
    mine, theirs = two_worlds
    other = Client(HTTP_HOST=OTHER)

    found = client.get("/institutions/", {"q": "ліцей"}).content.decode()
    assert "Світлогірський" in found and "Вербівський" not in found
    items = client.get("/api/v1/institutions").json()["items"]
    assert [i["id"] for i in items] == [mine.pk]
    assert [f["id"] for f in client.get("/api/v1/institutions.geojson").json()["features"]] == [mine.pk]
    assert [f["properties"]["name"] for f in other.get("/api/v1/districts.geojson").json()["features"]] == [
        "Вербівський старостинський округ"
    ]
    assert client.get(f"/api/v1/institutions/{theirs.pk}").status_code == 404
    assert [a["slug"] for a in other.get("/api/v1/news").json()["items"]] == ["verbivka-news"]
    assert client.get("/api/v1/news").json()["count"] == 0


@pytest.fixture
def verified_official_client(hromada):
    """An official of the default hromada who passed TOTP, as a logged-in client."""

    def make(host: str) -> Client:
        user = UserFactory(hromada=hromada, is_staff=True)
        DepartmentMembership.objects.create(user=user, department=DepartmentFactory(hromada=hromada))
        device = totp_device(user)
        client = Client(HTTP_HOST=host)
        client.post("/accounts/login/", {"login": user.email, "password": "correct horse battery staple"})
        response = client.post("/accounts/two-factor/", {"token": totp_now(device)})
        assert response.status_code == 302
        return client

    return make


def test_back_office_lists_only_own_rows_and_refuses_other_hosts(two_worlds, verified_official_client):
    _mine, theirs = two_worlds
    home = verified_official_client("testserver")

    listing = home.get("/admin/territory/institution/")
    assert listing.status_code == 200
    assert "Ліцей Світлогірський" in listing.content.decode()
    assert "Ліцей Вербівський" not in listing.content.decode()
    assert home.get(f"/admin/territory/institution/{theirs.pk}/change/").status_code in (302, 404)

    # The same official on the other hromada's host is not staff there.
    away = verified_official_client(OTHER)
    assert away.get("/admin/", follow=True).status_code == 403
    assert away.get("/admin/territory/institution/", follow=True).status_code == 403


def test_administrator_of_one_hromada_cannot_act_in_another(hromada, other_hromada):
    from hromada.accounts.actions import hromada_role_grant
    from hromada.core.errors import PermissionDeniedError

    admin_user = UserFactory(hromada=hromada)
    HromadaRole.objects.create(user=admin_user, hromada=hromada, role="administrator")
    target = UserFactory(hromada=other_hromada)

    with pytest.raises(PermissionDeniedError):
        hromada_role_grant(granted_by=admin_user, user=target, hromada=other_hromada, role="moderator")
    assert not HromadaRole.objects.filter(hromada=other_hromada).exists()


def test_personal_data_export_contains_only_the_callers_data(client, hromada, other_hromada):
    me = UserFactory(hromada=hromada, full_name="Іваненко Марія")
    UserFactory(hromada=other_hromada, full_name="Сидоренко Петро")
    client.force_login(me)

    data = client.get("/cabinet/privacy/export.json").json()

    account = next(s for s in data["sections"] if s["key"] == "accounts")["data"]["account"]
    assert account["full_name"] == "Іваненко Марія"
    assert "Сидоренко" not in str(data)


def test_resident_opening_the_back_office_is_refused_without_a_redirect_loop(client, resident):
    client.force_login(resident)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2


def _administrator_client(hromada, host):
    from hromada.accounts.models import HromadaRole

    admin_user = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=admin_user, hromada=hromada, role="administrator")
    device = totp_device(admin_user)
    client = Client(HTTP_HOST=host)
    client.post("/accounts/login/", {"login": admin_user.email, "password": "correct horse battery staple"})
    client.post("/accounts/two-factor/", {"token": totp_now(device)})
    return client, admin_user


def test_every_back_office_list_and_filter_shows_only_own_hromada(hromada, other_hromada):
    from hromada.backoffice.site import back_office

    DistrictFactory(hromada=hromada, name="Центральний")
    DistrictFactory(hromada=other_hromada, name="Далекий округ")
    DepartmentFactory(hromada=hromada, name="Управління освіти")
    DepartmentFactory(hromada=other_hromada, name="Далеке управління")
    UserFactory(hromada=other_hromada, full_name="Далека Мешканка")
    client, _admin = _administrator_client(other_hromada, OTHER)
    mine_client, _ = _administrator_client(hromada, "testserver")

    for model in back_office._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        page = mine_client.get(url)
        if page.status_code != 200:
            continue
        text = page.content.decode()
        for foreign in ("Далекий округ", "Далеке управління", "Далека Мешканка"):
            assert foreign not in text, f"{url} shows {foreign!r} of another hromada"
    assert "Далекий округ" in client.get("/admin/territory/district/").content.decode()


def test_administrator_cannot_change_the_operator_or_other_administrators(hromada):
    from hromada.accounts.models import HromadaRole

    client, _me = _administrator_client(hromada, "testserver")
    operator = UserFactory(hromada=hromada, is_superuser=True, is_staff=True, full_name="Оператор")
    peer = UserFactory(hromada=hromada, is_staff=True, full_name="Інша адміністраторка")
    HromadaRole.objects.create(user=peer, hromada=hromada, role="administrator")
    resident = UserFactory(hromada=hromada, full_name="Мешканець")

    for person in (operator, peer):
        client.post(f"/admin/accounts/user/{person.pk}/change/", {"full_name": "Змінено", "is_active": ""})
        person.refresh_from_db()
        assert person.is_active and person.full_name != "Змінено"

    response = client.post(
        f"/admin/accounts/user/{resident.pk}/change/",
        {
            "full_name": "Мешканець Виправлений",
            "is_active": "on",
            "verifications-TOTAL_FORMS": "0",
            "verifications-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.full_name == "Мешканець Виправлений"


def test_officials_do_not_see_the_register_of_people(hromada, verified_official_client):
    client = verified_official_client("testserver")
    assert client.get("/admin/accounts/user/").status_code == 403

"""The institutions directory and an institution's page, the districts map layer, and their tenancy."""

from django.test import Client
from django.urls import reverse

from hromada.territory.models import Institution
from tests.factories import DistrictFactory, InstitutionFactory, square

OTHER_HOST = "verbivka.localhost"


def test_institutions_page_lists_active_institutions_and_filters_by_district(client, hromada):
    north = DistrictFactory(hromada=hromada, name="Північний")
    south = DistrictFactory(hromada=hromada, name="Південний")
    InstitutionFactory(hromada=hromada, name="Ліцей північний", district=north)
    InstitutionFactory(hromada=hromada, name="Ліцей південний", district=south)
    InstitutionFactory(hromada=hromada, name="Ліцей закритий", district=north, is_active=False)

    everything = client.get(reverse("portal:institutions")).content.decode()
    northern = client.get(reverse("portal:institutions"), {"district": north.pk}).content.decode()

    assert "Ліцей північний" in everything and "Ліцей південний" in everything
    assert "Ліцей закритий" not in everything
    assert "Ліцей північний" in northern and "Ліцей південний" not in northern


def test_institutions_page_refuses_a_district_of_another_hromada_as_a_filter(client, hromada, other_hromada):
    InstitutionFactory(hromada=hromada, name="Ліцей Світлогірський")
    theirs = DistrictFactory(hromada=other_hromada)

    page = client.get(reverse("portal:institutions"), {"district": theirs.pk})

    assert page.status_code == 200
    assert "Ліцей Світлогірський" in page.content.decode()


def test_institution_page_shows_its_opening_hours_with_closed_days(client, hromada, district):
    institution = InstitutionFactory(
        hromada=hromada,
        district=district,
        opening_hours={"mon": [["08:00", "12:00"], ["13:00", "17:00"]], "sun": []},
    )

    page = client.get(reverse("portal:institution", kwargs={"institution_id": institution.pk}))

    html = page.content.decode()
    assert page.status_code == 200
    assert institution.name in html and district.name in html
    assert "08:00–12:00, 13:00–17:00" in html
    assert html.count("вихідний") == 6  # the six days without spans ("closed"), Ukrainian by default


def test_institution_page_is_not_found_when_inactive_or_of_another_hromada(client, hromada, other_hromada):
    closed = InstitutionFactory(hromada=hromada, is_active=False)
    mine = InstitutionFactory(hromada=hromada)
    url = "portal:institution"

    assert client.get(reverse(url, kwargs={"institution_id": closed.pk})).status_code == 404
    assert client.get(reverse(url, kwargs={"institution_id": mine.pk})).status_code == 200
    other = Client(HTTP_HOST=OTHER_HOST)
    assert other.get(reverse(url, kwargs={"institution_id": mine.pk})).status_code == 404


def test_districts_layer_has_each_boundary_of_the_hromada_only(client, hromada, other_hromada):
    DistrictFactory(hromada=hromada, name="Центральний", name_en="Central", boundary=square(30.0, 50.0))
    DistrictFactory(hromada=other_hromada, name="Вербівський", boundary=square(31.0, 50.0))

    features = client.get("/api/v1/districts.geojson").json()["features"]

    assert [f["properties"]["name"] for f in features] == ["Центральний"]
    assert features[0]["geometry"] == square(30.0, 50.0)


def test_institutions_api_filters_by_type(client, hromada):
    InstitutionFactory(hromada=hromada, name="Ліцей", kind=Institution.Kind.SCHOOL)
    InstitutionFactory(hromada=hromada, name="Бібліотека", kind=Institution.Kind.LIBRARY)

    items = client.get("/api/v1/institutions", {"kind": "library"}).json()["items"]

    assert [i["name"] for i in items] == ["Бібліотека"]

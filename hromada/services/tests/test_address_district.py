"""Issue 13, "address with district": an address field with ``"district": true`` takes an optional map
point whose district is found by its boundary, or else the district chosen from the list."""

from __future__ import annotations

import pytest

from hromada.core.errors import ApplicationError
from hromada.services import actions
from hromada.services.definitions import answer_rows, check_point, validate_definition
from hromada.services.models import Application
from hromada.territory.actions import district_streets_set
from hromada.territory.models import District
from tests.factories import DistrictFactory, square

from .factories import GOOD, district_spec, logged_in, make_service, spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(world):
    DistrictFactory(hromada=world.hromada, name="Центральний", name_en="Central", boundary=square(30.0, 50.0))
    DistrictFactory(hromada=world.hromada, name="Північний", name_en="Northern", boundary=square(30.0, 50.1))
    service = make_service(world.hromada, code="cnap-050", online=False)
    actions.definition_publish(service=service, spec=district_spec(), actor=None)
    return service


def _submit(service, person, **data):
    return actions.application_submit(
        service=service, applicant=person, data={**GOOD, "address": "вул. Садова, 5", **data}
    )


# ------------------------------------------------------------------------------------------ the action


def test_the_map_point_decides_the_district_whatever_the_list_says(service, world):
    application = _submit(
        service,
        world.resident,
        **{"address-lat": "50.11", "address-lon": "30.01", "address-district": "Центральний"},
    )

    assert application.data["address-district"] == "Північний"
    assert (application.data["address-lat"], application.data["address-lon"]) == ("50.110000", "30.010000")


def test_without_a_point_the_district_chosen_from_the_list_is_kept(service, world):
    application = _submit(service, world.resident, **{"address-district": "Центральний"})

    assert application.data["address-district"] == "Центральний"
    assert "address-lat" not in application.data


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({}, "district_required"),
        ({"address-district": "Марсіанський"}, "invalid_district"),
        ({"address-lat": "50.01"}, "invalid_point"),
        ({"address-lat": "сто", "address-lon": "30.01"}, "invalid_point"),
        ({"address-lat": "48.5", "address-lon": "35.0"}, "point_outside"),
    ],
)
def test_a_missing_or_wrong_district_is_refused_on_the_address_field(service, world, extra, code):
    with pytest.raises(ApplicationError) as refused:
        _submit(service, world.resident, **extra)

    assert list(refused.value.fields) == ["address"]
    assert "Адреса об'єкта" in refused.value.fields["address"][0]
    assert Application.objects.exclude(status="draft").count() == 0


def test_a_hromada_without_districts_asks_no_district(world):
    service = make_service(world.hromada, code="cnap-051", online=False)
    actions.definition_publish(service=service, spec=district_spec(), actor=None)

    application = _submit(service, world.resident)

    assert application.data["address"] == "вул. Садова, 5" and "address-district" not in application.data


def test_a_draft_keeps_the_point_and_the_district(service, world):
    draft = actions.application_draft_save(
        service=service,
        applicant=world.resident,
        data={"address": "вул. Садова", "address-lat": "50.01", "address-lon": "30.01", "stray": "x"},
    )

    assert draft.data == {"address": "вул. Садова", "address-lat": "50.01", "address-lon": "30.01"}


# ------------------------------------------------------------------------------------------- the pure core


def test_a_point_is_both_coordinates_or_neither():
    assert check_point("", " ") == (None, None)
    assert check_point("50,1", "30.2") == ((50.1, 30.2), None)
    assert check_point("50.1", "") == (None, "invalid_point")
    assert check_point("91", "30") == (None, "invalid_point")
    assert check_point("nan", "30") == (None, "invalid_point")


def test_the_answers_show_a_choice_by_its_label_and_the_district_after_its_address():
    data = {**GOOD, "address": "вул. Садова, 5", "address-district": "Центральний", "address-lat": "50.1"}

    rows = answer_rows(district_spec(), data, "en", district_label="District",
                       district_names={"Центральний": "Central"})  # fmt: skip

    assert rows == [
        ("Full name", "Петренко Олена"), ("Taxpayer number", GOOD["rnokpp"]), ("Object", "Будинок"),
        ("Address of the property", "вул. Садова, 5"), ("District", "Central"),
    ]  # fmt: skip


def test_only_an_address_field_may_ask_the_district():
    definition = spec()
    definition["fields"][0]["district"] = True
    address = district_spec()
    address["fields"][3]["district"] = "yes"

    assert [p.code for p in validate_definition(definition)] == ["bad_district"]
    assert [p.code for p in validate_definition(address)] == ["bad_district"]
    assert validate_definition(district_spec()) == []


# --------------------------------------------------------------------------------------------- the pages


def test_the_apply_page_offers_the_map_and_the_list_and_keeps_everything_typed_on_an_error(service, world):
    client = logged_in(world.resident)
    url = f"/services/{service.code}/apply/"
    page = client.get(url).content.decode()
    assert "data-point-picker" in page and "leaflet.js" in page and "hromada/point-picker.js" in page
    assert '<option value="Північний">Північний</option>' in page

    typed = {"full_name": "Петренко Олена", "rnokpp": "1234567890", "kind": "house",
             "address": "вул. Садова, 5", "address-lat": "48.5", "address-lon": "35.0", "save": "submit",
             "variant": "regular", "idempotency_key": "d1"}  # fmt: skip
    refused = client.post(url, typed)

    body = refused.content.decode()
    assert refused.status_code == 400
    assert "мітка на мапі поза районами громади" in body
    for value in ("вул. Садова, 5", "48.5", "35.0", "Петренко Олена", "1234567890"):
        assert f'value="{value}"' in body, value
    english = client.post(f"/en{url}", {**typed, "address-lat": "", "address-lon": ""}).content.decode()
    assert "choose the district or mark the place on the map" in english
    assert 'value="вул. Садова, 5"' in english


def test_applying_with_a_chosen_district_shows_it_beside_the_address(service, world):
    client = logged_in(world.resident)
    sent = client.post(
        f"/services/{service.code}/apply/",
        {**GOOD, "address": "вул. Садова, 5", "address-district": "Центральний", "save": "submit",
         "variant": "regular", "idempotency_key": "d2"},
    )  # fmt: skip

    assert sent.status_code == 302
    page = client.get(sent["Location"]).content.decode()
    assert "Адреса об&#x27;єкта" in page and "Район" in page and "Центральний" in page
    assert Application.objects.get().data["address-district"] == "Центральний"
    english = client.get("/en" + sent["Location"]).content.decode()
    assert "District" in english and "Central" in english


# ------------------------------------------------------------------------- the district from the street


@pytest.fixture
def listed(service, world):
    """The districts' street lists: Садова whole in the Central one, Степова split by side, Київська by
    number."""
    centre = District.objects.get(hromada=world.hromada, name="Центральний")
    north = District.objects.get(hromada=world.hromada, name="Північний")
    district_streets_set(
        district=centre, lines=["вул. Садова", "вул. Степова: непарні", "вул. Київська: 1-59"]
    )
    district_streets_set(district=north, lines=["вул. Степова: парні", "вул. Київська: 60+"])
    return service


@pytest.mark.parametrize(
    ("address", "district"),
    [
        ("вул. Садова, 5", "Центральний"),
        ("САДОВА ВУЛ., 5а", "Центральний"),
        ("вул. Степова, 7", "Центральний"),
        ("вул. Степова, 8", "Північний"),
        ("м. Світлогірськ, вул. Київська, 60, кв. 2", "Північний"),
        ("вул. Київська 12", "Центральний"),
    ],
)
def test_without_a_point_the_street_lists_give_the_district(listed, world, address, district):
    application = _submit(listed, world.resident, address=address)

    assert application.data["address-district"] == district
    assert application.data["address"] == address


def test_the_map_point_wins_over_the_street(listed, world):
    application = _submit(listed, world.resident, **{"address-lat": "50.11", "address-lon": "30.01"})

    assert application.data["address-district"] == "Північний"  # Садова is listed in the Central one


def test_the_street_wins_over_the_district_chosen_from_the_list(listed, world):
    application = _submit(listed, world.resident, **{"address-district": "Північний"})

    assert application.data["address-district"] == "Центральний"


@pytest.mark.parametrize(
    ("address", "extra", "code", "words"),
    [
        ("вул. Марсіанська, 1", {}, "street_not_listed", "not on the hromada's street lists"),
        ("вул. Степова", {}, "street_split", "more than one district"),
        ("вул. Степова", {"address-district": "Марсіанський"}, "street_split", "more than one district"),
        ("вул. Київська", {}, "street_split", "more than one district"),
        (
            "вул. Марсіанська, 1",
            {"address-district": "Марсіанський"},
            "invalid_district",
            "one of the hromada",
        ),
    ],
)
def test_an_unknown_or_split_street_without_a_fitting_choice_is_refused_with_what_to_do(
    listed, world, address, extra, code, words
):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        _submit(listed, world.resident, address=address, **extra)

    assert list(refused.value.fields) == ["address"]
    assert words in refused.value.fields["address"][0]


def test_an_unknown_street_or_a_split_one_takes_the_district_chosen_from_the_list(listed, world):
    unknown = _submit(
        listed, world.resident, address="вул. Марсіанська, 1", **{"address-district": "Північний"}
    )
    split = _submit(listed, world.resident, address="вул. Степова", **{"address-district": "Північний"})

    assert unknown.data["address-district"] == "Північний" and split.data["address-district"] == "Північний"


def test_a_house_number_the_lists_do_not_have_is_refused(listed, world):
    district_streets_set(district=District.objects.get(name="Центральний"), lines=["вул. Садова: 1-40"])

    with pytest.raises(ApplicationError) as refused:
        _submit(listed, world.resident, address="вул. Садова, 41")

    assert "Адреса об'єкта" in refused.value.fields["address"][0]
    assert (
        _submit(listed, world.resident, address="вул. Садова, 40").data["address-district"] == "Центральний"
    )


def test_the_apply_page_says_the_street_finds_the_district_and_keeps_what_was_typed_on_a_refusal(
    listed, world
):
    client = logged_in(world.resident)
    url = f"/en/services/{listed.code}/apply/"
    assert "found from the street" in client.get(url).content.decode()

    typed = {
        **GOOD,
        "address": "вул. Степова",
        "save": "submit",
        "variant": "regular",
        "idempotency_key": "s1",
    }
    refused = client.post(url, typed)

    body = refused.content.decode()
    assert refused.status_code == 400
    assert "more than one district" in body
    for value in ("вул. Степова", "Петренко Олена", GOOD["rnokpp"]):
        assert f'value="{value}"' in body, value
    sent = client.post(url, {**typed, "address": "вул. Степова, 8"})
    assert sent.status_code == 302
    assert Application.objects.exclude(status="draft").get().data["address-district"] == "Північний"

"""Writes to districts and institutions: validation, tenancy, the district found from the coordinates."""

import pytest
from django.db import IntegrityError

from hromada.core.errors import ApplicationError
from hromada.territory.actions import district_save, institution_save
from hromada.territory.models import District, Institution
from tests.factories import DepartmentFactory, DistrictFactory, square

OPEN_WEEKDAYS = {"mon": [["08:00", "17:00"]], "tue": [["08:00", "12:00"], ["13:00", "17:00"]], "sun": []}


def _institution(hromada, **fields):
    values = {
        "hromada": hromada,
        "kind": Institution.Kind.CNAP,
        "name": "ЦНАП Світлогірський",
        "address": "вул. Шевченка, 1",
        "lat": 50.01,
        "lon": 30.01,
    }
    values.update(fields)
    return Institution(**values)


def test_institution_save_stores_a_case_folded_search_key_of_name_short_name_and_address(hromada):
    saved = institution_save(
        institution=_institution(
            hromada, name="ЦНАП Світлогірський", short_name="ЦНАП", address="ВУЛ. ШЕВЧЕНКА, 1"
        )
    )

    saved.refresh_from_db()
    assert saved.pk is not None
    assert "цнап світлогірський" in saved.search_text
    assert "вул. шевченка, 1" in saved.search_text


def test_institution_save_finds_the_district_from_the_coordinates(hromada):
    centre = DistrictFactory(hromada=hromada, name="Центральний", boundary=square(30.0, 50.0))
    DistrictFactory(hromada=hromada, name="Північний", boundary=square(30.0, 50.1))

    saved = institution_save(institution=_institution(hromada, lat=50.01, lon=30.01))

    assert Institution.objects.get(pk=saved.pk).district == centre


def test_institution_save_leaves_the_district_empty_outside_every_boundary_or_when_asked(hromada):
    DistrictFactory(hromada=hromada, boundary=square(30.0, 50.0))

    far = institution_save(institution=_institution(hromada, name="Далеко", lat=48.0, lon=25.0))
    unlocated = institution_save(
        institution=_institution(hromada, name="Без округу", lat=50.01, lon=30.01), locate_district=False
    )

    assert Institution.objects.get(pk=far.pk).district is None
    assert Institution.objects.get(pk=unlocated.pk).district is None


def test_institution_save_keeps_a_district_chosen_by_the_official(hromada):
    DistrictFactory(hromada=hromada, name="Центральний", boundary=square(30.0, 50.0))
    chosen = DistrictFactory(hromada=hromada, name="Північний", boundary=square(30.0, 50.1))

    saved = institution_save(institution=_institution(hromada, district=chosen, lat=50.01, lon=30.01))

    assert Institution.objects.get(pk=saved.pk).district == chosen


def test_institution_save_refuses_a_district_or_department_of_another_hromada(hromada, other_hromada):
    their_district = DistrictFactory(hromada=other_hromada)
    their_department = DepartmentFactory(hromada=other_hromada)

    with pytest.raises(ApplicationError) as district_error:
        institution_save(institution=_institution(hromada, district=their_district))
    with pytest.raises(ApplicationError) as department_error:
        institution_save(institution=_institution(hromada, department=their_department))

    assert set(district_error.value.fields) == {"district"}
    assert set(department_error.value.fields) == {"department"}
    assert not Institution.objects.exists()


def test_institution_save_stores_valid_opening_hours(hromada):
    saved = institution_save(institution=_institution(hromada, opening_hours=OPEN_WEEKDAYS))

    assert Institution.objects.get(pk=saved.pk).opening_hours == OPEN_WEEKDAYS


@pytest.mark.parametrize(
    "hours",
    [
        ["08:00", "17:00"],
        {"monday": [["08:00", "17:00"]]},
        {"mon": "08:00-17:00"},
        {"mon": [["08:00"]]},
        {"mon": [["8:00", "17:00"]]},
        {"mon": [["17:00", "08:00"]]},
        {"mon": [["08:00", "24:00"]]},
    ],
)
def test_institution_save_refuses_invalid_opening_hours_on_their_field(hromada, hours):
    with pytest.raises(ApplicationError) as error:
        institution_save(institution=_institution(hromada, opening_hours=hours))

    assert set(error.value.fields) == {"opening_hours"}
    assert error.value.fields["opening_hours"]
    assert not Institution.objects.exists()


def test_district_save_stores_a_valid_boundary(hromada):
    saved = district_save(district=District(hromada=hromada, name="Центральний", boundary=square(30.0, 50.0)))

    assert District.objects.get(pk=saved.pk).boundary == square(30.0, 50.0)


@pytest.mark.parametrize(
    "boundary",
    [
        "POLYGON((30 50, 31 50, 31 51, 30 50))",
        {"type": "Point", "coordinates": [30.0, 50.0]},
        {"type": "Polygon", "coordinates": [[[30.0, 50.0], [30.1, 50.0], [30.0, 50.0]]]},
        {"type": "Polygon", "coordinates": [[[30.0, 50.0], [30.1, 50.0], [30.1, 50.1], [30.0, 50.1]]]},
    ],
)
def test_district_save_refuses_an_invalid_boundary_on_its_field(hromada, boundary):
    with pytest.raises(ApplicationError) as error:
        district_save(district=District(hromada=hromada, name="Центральний", boundary=boundary))

    assert set(error.value.fields) == {"boundary"}
    assert not District.objects.exists()


def test_district_names_are_unique_within_a_hromada_only(hromada, other_hromada):
    district_save(district=District(hromada=hromada, name="Центральний", boundary=square(30.0, 50.0)))
    district_save(district=District(hromada=other_hromada, name="Центральний", boundary=square(30.0, 50.0)))

    with pytest.raises(IntegrityError):
        district_save(district=District(hromada=hromada, name="Центральний", boundary=square(31.0, 50.0)))

"""Reads of districts, departments and institutions: always one hromada's, filtered as the directory asks."""

from hromada.territory.models import Institution
from hromada.territory.selectors import (
    departments_of,
    district_at,
    districts_of,
    institution_get,
    institution_points,
    institutions_search,
)
from tests.factories import DepartmentFactory, DistrictFactory, InstitutionFactory, square


def _names(queryset):
    return [i.name for i in queryset]


def test_districts_and_departments_are_those_of_one_hromada(hromada, other_hromada):
    mine = DistrictFactory(hromada=hromada)
    DistrictFactory(hromada=other_hromada)
    my_department = DepartmentFactory(hromada=hromada)
    DepartmentFactory(hromada=other_hromada)

    assert list(districts_of(hromada=hromada)) == [mine]
    assert list(departments_of(hromada=hromada)) == [my_department]


def test_search_needs_every_word_and_ignores_cyrillic_case(hromada):
    InstitutionFactory(hromada=hromada, name="Ліцей № 1", address="вул. Шевченка, 5")
    InstitutionFactory(hromada=hromada, name="Ліцей № 2", address="вул. Франка, 7")
    InstitutionFactory(hromada=hromada, name="Бібліотека", address="вул. Шевченка, 9")

    assert _names(institutions_search(hromada=hromada, query="ЛІЦЕЙ")) == ["Ліцей № 1", "Ліцей № 2"]
    assert _names(institutions_search(hromada=hromada, query="шевченка ліцей")) == ["Ліцей № 1"]
    assert _names(institutions_search(hromada=hromada, query="театр")) == []


def test_search_filters_by_type_and_district_and_hides_inactive_and_other_hromadas(hromada, other_hromada):
    north = DistrictFactory(hromada=hromada, name="Північний")
    school = InstitutionFactory(hromada=hromada, name="Ліцей", district=north)
    InstitutionFactory(hromada=hromada, name="Бібліотека", kind=Institution.Kind.LIBRARY, district=north)
    InstitutionFactory(hromada=hromada, name="Ліцей старий", is_active=False)
    InstitutionFactory(hromada=hromada, name="Ліцей південний")
    InstitutionFactory(hromada=other_hromada, name="Ліцей чужий")

    by_kind_and_district = institutions_search(
        hromada=hromada, kind=Institution.Kind.SCHOOL, district_id=north.pk
    )

    assert list(by_kind_and_district) == [school]
    assert _names(institutions_search(hromada=hromada)) == ["Бібліотека", "Ліцей", "Ліцей південний"]


def test_institution_points_are_plain_values_with_the_district_names(hromada):
    north = DistrictFactory(hromada=hromada, name="Північний", name_en="Northern")
    school = InstitutionFactory(hromada=hromada, name="Ліцей", district=north, lat=50.02, lon=30.03)
    InstitutionFactory(hromada=hromada, name="Старий", is_active=False)

    points = institution_points(hromada=hromada)

    assert points == [
        {
            "id": school.pk,
            "name": "Ліцей",
            "kind": "school",
            "address": school.address,
            "phone": "",
            "lat": 50.02,
            "lon": 30.03,
            "district__name": "Північний",
            "district__name_en": "Northern",
        }
    ]


def test_institution_get_finds_only_an_active_institution_of_the_hromada(hromada, other_hromada):
    mine = InstitutionFactory(hromada=hromada)
    closed = InstitutionFactory(hromada=hromada, is_active=False)
    theirs = InstitutionFactory(hromada=other_hromada)

    assert institution_get(hromada=hromada, institution_id=mine.pk) == mine
    assert institution_get(hromada=hromada, institution_id=closed.pk) is None
    assert institution_get(hromada=hromada, institution_id=theirs.pk) is None
    assert institution_get(hromada=other_hromada, institution_id=mine.pk) is None


def test_district_at_is_the_district_containing_the_point(hromada, other_hromada):
    centre = DistrictFactory(hromada=hromada, name="Центральний", boundary=square(30.0, 50.0))
    DistrictFactory(hromada=other_hromada, name="Чужий", boundary=square(31.0, 50.0))

    assert district_at(hromada=hromada, lon=30.01, lat=50.01) == centre
    assert district_at(hromada=hromada, lon=31.01, lat=50.01) is None
    assert district_at(hromada=other_hromada, lon=30.01, lat=50.01) is None


def test_district_at_takes_the_first_by_name_where_boundaries_overlap(hromada):
    DistrictFactory(hromada=hromada, name="Б-округ", boundary=square(30.0, 50.0))
    first = DistrictFactory(hromada=hromada, name="А-округ", boundary=square(30.0, 50.0))

    assert district_at(hromada=hromada, lon=30.01, lat=50.01) == first


def test_district_at_among_districts_read_before_answers_the_same_without_a_query(
    hromada, django_assert_num_queries
):
    DistrictFactory(hromada=hromada, name="Б-округ", boundary=square(30.0, 50.0))
    first = DistrictFactory(hromada=hromada, name="А-округ", boundary=square(30.0, 50.0))
    east = DistrictFactory(hromada=hromada, name="Східний", boundary=square(30.5, 50.0))
    read = list(districts_of(hromada=hromada))

    with django_assert_num_queries(0):
        assert district_at(hromada=hromada, lon=30.01, lat=50.01, among=read) == first
        assert district_at(hromada=hromada, lon=30.51, lat=50.01, among=read) == east
        assert district_at(hromada=hromada, lon=31.51, lat=50.01, among=read) is None

"""Street lists of districts: the lines officials write (pure), the district of a typed address (pure), and
their storage through the action and the back office."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hromada.backoffice.tests.support import back_office_client
from hromada.core.errors import ApplicationError
from hromada.territory import streets
from hromada.territory.actions import district_streets_set
from hromada.territory.models import Street
from hromada.territory.selectors import district_by_street, street_lines
from hromada.territory.streets import (
    ALL,
    EVEN,
    ODD,
    StreetRange,
    clashes,
    find_district,
    format_line,
    overlap,
    parse_line,
)
from tests.concurrency import postgres_only, race
from tests.factories import DistrictFactory, make_administrator, square

# ------------------------------------------------------------------------------------------ the lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("вул. Шевченка", StreetRange("вул. Шевченка")),
        ("  вул.  Шевченка  :  ", StreetRange("вул. Шевченка")),
        ("просп. Незалежності: 1-58", StreetRange("просп. Незалежності", 1, 58)),
        ("просп. Незалежності: 1–58", StreetRange("просп. Незалежності", 1, 58)),
        ("просп. Незалежності: 59+", StreetRange("просп. Незалежності", 59, None)),
        ("вул. Степова: непарні", StreetRange("вул. Степова", parity=ODD)),
        ("вул. Степова: Even", StreetRange("вул. Степова", parity=EVEN)),
        ("вул. Київська: 60+ парні", StreetRange("вул. Київська", 60, None, EVEN)),
        ("вул. Київська: 7", StreetRange("вул. Київська", 7, 7)),
        ("вул. 8 Березня: 2-10 odd", StreetRange("вул. 8 Березня", 2, 10, ODD)),
    ],
)
def test_a_line_is_a_street_and_perhaps_its_house_numbers_in_this_district(line, expected):
    assert parse_line(line) == expected


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (": 1-5", streets.NO_NAME),
        ("вул.: 1-5", streets.NO_NAME),
        ("вул. Шевченка: від першого", streets.BAD_NUMBERS),
        ("вул. Шевченка: 1-5-7", streets.BAD_NUMBERS),
        ("вул. Шевченка: 0-5", streets.BAD_NUMBERS),
        ("вул. Шевченка: 9-3", streets.REVERSED),
        ("вул. Шевченка: 4 непарні", streets.EMPTY),
    ],
)
def test_a_line_that_is_not_a_street_with_house_numbers_is_named_by_its_problem(line, code):
    assert parse_line(line) == code


def test_a_written_range_reads_back_the_same_in_either_language():
    for street in [
        StreetRange("вул. Шевченка"),
        StreetRange("вул. Київська", 1, 59),
        StreetRange("вул. Київська", 60),
        StreetRange("вул. Степова", parity=ODD),
        StreetRange("вул. Степова", 2, 40, EVEN),
        StreetRange("вул. Степова", 5, 5),
    ]:
        assert parse_line(format_line(street, "uk")) == street
        assert parse_line(format_line(street, "en")) == street
    assert format_line(StreetRange("вул. Степова", 2, 40, EVEN), "en") == "вул. Степова: 2-40 even"


def test_ranges_overlap_only_where_a_house_could_be_on_both():
    line = parse_line
    assert overlap(line("вул. Київська: 1-59"), line("Київська вулиця: 59+"))
    assert not overlap(line("вул. Київська: 1-59"), line("вул. Київська: 60+"))
    assert not overlap(line("вул. Степова: непарні"), line("вул. Степова: парні"))
    assert overlap(line("вул. Степова: 1-9 непарні"), line("вул. Степова: 9"))
    assert not overlap(line("вул. Степова: 1-9 непарні"), line("вул. Степова: 8"))
    assert not overlap(line("вул. Шевченка"), line("пров. Шевченка"))
    assert overlap(line("Шевченка"), line("пров. Шевченка"))  # a type left out could be either


def test_clashes_name_the_line_and_what_it_overlaps_an_earlier_line_or_another_district():
    new = [parse_line(x) for x in ("вул. Степова: 3-9", "вул. Зелена", "Зелена вулиця: 5", "вул. Лугова")]
    others = [("Північний", parse_line("вул. Степова: непарні"))]

    assert clashes(new, others) == [
        (0, "Північний", StreetRange("вул. Степова", parity=ODD)),
        (2, None, StreetRange("вул. Зелена")),
    ]


# ------------------------------------------------------------------------------ finding the district

LISTS = [
    ("Центральний", parse_line("просп. Незалежності: 1-58")),
    ("Північний", parse_line("просп. Незалежності: 59+")),
    ("Північний", parse_line("вул. Степова: непарні")),
    ("Лісовий", parse_line("вул. Степова: парні")),
    ("Центральний", parse_line("вул. Михайла Грушевського")),
    ("Центральний", parse_line("вул. Героїв Майдану")),
    ("Заводський", parse_line("вул. Героїв України")),
    ("Центральний", parse_line("вул. Шевченка")),
    ("Лісовий", parse_line("пров. Шевченка")),
    ("Калинівка", parse_line("вул. Садова: 1-40")),
]


@pytest.mark.parametrize(
    ("address", "status", "districts"),
    [
        ("м. Світлогірськ, просп. Незалежності, 12, кв. 3", streets.FOUND, ("Центральний",)),
        ("пр-т НЕЗАЛЕЖНОСТІ 70а", streets.FOUND, ("Північний",)),
        ("вул. Степова, 7", streets.FOUND, ("Північний",)),
        ("вул. Степова, буд. 8/2", streets.FOUND, ("Лісовий",)),
        ("вул. Грушевського, 3", streets.FOUND, ("Центральний",)),  # the first name left out
        ("вулиця Шевченка, 5", streets.FOUND, ("Центральний",)),
        ("пров. Шевченка, 5", streets.FOUND, ("Лісовий",)),
        ("Шевченка, 5", streets.SPLIT, ("Центральний", "Лісовий")),  # street or lane
        ("просп. Незалежності", streets.SPLIT, ("Центральний", "Північний")),  # no house number
        ("вул. Героїв, 5", streets.SPLIT, ("Центральний", "Заводський")),
        ("вул. Садова, 41", streets.UNKNOWN_NUMBER, ("Калинівка",)),
        ("вул. Садова", streets.FOUND, ("Калинівка",)),
        ("вул. Марсіанська, 3", streets.UNKNOWN_STREET, ()),
        ("біля ставка", streets.UNKNOWN_STREET, ()),
    ],
)
def test_an_address_gets_its_district_from_the_street_and_where_split_the_house_number(
    address, status, districts
):
    match = find_district(address, LISTS)

    assert (match.status, match.districts) == (status, districts)
    assert match.district == (districts[0] if status == streets.FOUND else None)


def test_every_demo_address_gets_its_own_district_from_the_demo_street_lists():
    from hromada.portal.demo.installation import PLANS

    for plan in PLANS:
        listed = [
            (d.key, parse_line(line)) for d in plan.districts for line in (*d.streets, *d.split_streets)
        ]
        assert clashes([r for _d, r in listed], []) == []
        for place in (*plan.institutions, *plan.residents):
            if place.address:
                assert find_district(place.address, listed).district == place.district, place.address


# --------------------------------------------------------------------------- storing the lists


@pytest.fixture
def centre(hromada):
    return DistrictFactory(hromada=hromada, name="Центральний", boundary=square(30.0, 50.0))


@pytest.fixture
def north(hromada):
    return DistrictFactory(hromada=hromada, name="Північний", boundary=square(30.0, 50.1))


def test_a_district_s_list_is_stored_folded_and_read_back_as_its_lines(centre):
    district_streets_set(
        district=centre, lines=["вул. Шевченка", "", "просп. Незалежності: 1-58", "вул. Степова: odd"]
    )

    rows = list(
        Street.objects.filter(district=centre).values_list(
            "key", "kind", "number_from", "number_to", "parity"
        )
    )
    assert sorted(rows) == [
        ("незалежності", "проспект", 1, 58, ALL),
        ("степова", "вулиця", 1, None, ODD),
        ("шевченка", "вулиця", 1, None, ALL),
    ]
    assert street_lines(district=centre, language="uk").splitlines() == [
        "просп. Незалежності: 1-58", "вул. Степова: непарні", "вул. Шевченка",
    ]  # fmt: skip


def test_a_new_list_replaces_the_old_and_an_unchanged_one_writes_nothing(centre):
    district_streets_set(district=centre, lines=["вул. Шевченка", "вул. Соборна"])
    district_streets_set(district=centre, lines=["вул. Соборна", "вул. Лісова"])

    with CaptureQueriesContext(connection) as queries:
        district_streets_set(district=centre, lines=["вул. Соборна", "вул. Лісова"])

    assert sorted(Street.objects.filter(district=centre).values_list("name", flat=True)) == [
        "вул. Лісова",
        "вул. Соборна",
    ]
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_a_list_is_refused_line_by_line_when_its_houses_are_in_another_district_or_a_line_is_wrong(
    centre, north
):
    district_streets_set(district=north, lines=["просп. Незалежності: 59+"])

    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        district_streets_set(
            district=centre, lines=["вул. Шевченка", "просп. Незалежності: 1-60", "вул. Лісова: 9-3"]
        )

    problems = refused.value.fields["streets"]
    assert len(problems) == 2
    assert "Line 2" in problems[0] and "Північний" in problems[0] and "59+" in problems[0]
    assert "Line 3" in problems[1] and "larger" in problems[1]
    assert not Street.objects.filter(district=centre).exists()


def test_the_selector_finds_the_district_of_an_address_in_one_query(centre, north, hromada, other_hromada):
    district_streets_set(district=centre, lines=["просп. Незалежності: 1-58"])
    district_streets_set(district=north, lines=["просп. Незалежності: 59+"])
    elsewhere = DistrictFactory(hromada=other_hromada, name="Вербівський")
    district_streets_set(district=elsewhere, lines=["просп. Незалежності"])

    with CaptureQueriesContext(connection) as queries:
        found = district_by_street(hromada=hromada, address="просп. Незалежності, 60")

    assert found is not None and (found.status, found.district) == (streets.FOUND, north.pk)
    assert len(queries.captured_queries) == 1
    split = district_by_street(hromada=hromada, address="просп. Незалежності")
    assert split is not None and split.districts == (north.pk, centre.pk)
    other = district_by_street(hromada=other_hromada, address="просп. Незалежності, 60")
    assert other is not None and other.district == elsewhere.pk
    Street.objects.filter(hromada=other_hromada).delete()
    assert district_by_street(hromada=other_hromada, address="просп. Незалежності, 60") is None


def test_the_database_refuses_house_numbers_out_of_order(centre):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Street.objects.create(
            hromada=centre.hromada, district=centre, name="вул. Ікс", key="ікс", number_from=9, number_to=3
        )


@pytest.mark.django_db(transaction=True)
def test_two_officials_listing_the_same_houses_in_two_districts_at_once_cannot_both_succeed(hromada):
    postgres_only()
    centre = DistrictFactory(hromada=hromada, name="Центральний")
    north = DistrictFactory(hromada=hromada, name="Північний")

    outcomes = race(
        [lambda d=d: district_streets_set(district=d, lines=["вул. Київська"]) for d in (centre, north)]
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["ApplicationError", "list"]
    assert Street.objects.filter(hromada=hromada, key="київська").count() == 1


# ---------------------------------------------------------------------------------- the back office


def test_an_administrator_edits_a_district_s_streets_in_the_back_office(hromada, centre, north):
    district_streets_set(district=north, lines=["вул. Степова: непарні"])
    client = back_office_client(make_administrator(hromada))
    url = f"/en/admin/territory/district/{centre.pk}/change/"
    form = {"name": centre.name, "name_en": "", "kind": centre.kind, "boundary": json.dumps(centre.boundary),
            "population": ""}  # fmt: skip

    refused = client.post(url, {**form, "street_list": "вул. Шевченка\nвул. Степова: 3-9"})
    saved = client.post(url, {**form, "street_list": "вул. Шевченка\nвул. Степова: парні"})
    page = client.get(url).content.decode()

    assert refused.status_code == 200
    assert "Line 2" in refused.content.decode() and "Північний" in refused.content.decode()
    assert "вул. Шевченка\nвул. Степова: 3-9" in refused.content.decode()  # nothing typed is lost
    assert saved.status_code == 302
    assert sorted(Street.objects.filter(district=centre).values_list("name", "parity")) == [
        ("вул. Степова", EVEN), ("вул. Шевченка", ALL),
    ]  # fmt: skip
    assert "вул. Степова: even\nвул. Шевченка" in page
    listing = client.get("/en/admin/territory/district/?q=Степова").content.decode()
    assert "Центральний" in listing and "Північний" in listing

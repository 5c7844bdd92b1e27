"""Placing an address without coordinates from the hromada's own places (pure: no database)."""

from hromada.core.geo import contains, interior_point
from hromada.opencity.gazetteer import (
    BUILDING,
    DISTRICT,
    HROMADA,
    STREET,
    Area,
    Place,
    house_number,
    locate,
    street_words,
)

PLACES = [
    Place("м. Світлогірськ, вул. Шевченка, 12", 49.10, 31.10),
    Place("м. Світлогірськ, вул. Шевченка, 30", 49.20, 31.20),
    Place("м. Світлогірськ, вул. Шевченка, 90", 49.90, 31.90),
    Place("м. Світлогірськ, вул. Соборна, 5", 49.30, 31.30),
    Place("м. Світлогірськ, просп. Миру, 1а", 49.40, 31.40),
]
AREAS = [Area(("Центральний район", "Central district"), 49.5, 31.5)]
CENTRE = (49.0, 31.0)


def _locate(address: str):
    return locate(address, places=PLACES, areas=AREAS, centre=CENTRE)


def test_the_same_building_is_found_whatever_the_street_type_and_city_prefix():
    found = _locate("вулиця Шевченка 30")

    assert (found.precision, found.lat, found.lon) == (BUILDING, 49.20, 31.20)
    assert _locate("Світлогірськ, вул. Миру, 1-А").precision == BUILDING


def test_a_declined_or_fuller_street_name_finds_the_middle_of_the_street():
    for address in ("вул. Тараса Шевченка, 3", "Шевченко 7", "вулиці Шевченка"):
        found = _locate(address)
        # The median of the three known points: one far point does not drag it away.
        assert (found.precision, found.lat, found.lon) == (STREET, 49.20, 31.20), address
    assert _locate("Соборної, 7").precision == STREET


def test_the_settlement_name_shared_by_every_place_is_not_a_street():
    found = _locate("Світлогірськ")

    assert (found.precision, (found.lat, found.lon)) == (HROMADA, CENTRE)


def test_a_district_named_in_any_case_places_the_report_in_it():
    found = _locate("Центрального району, біля ринку")

    assert (found.precision, found.lat, found.lon, found.matched) == (
        DISTRICT,
        49.5,
        31.5,
        "Центральний район",
    )


def test_an_unknown_address_falls_back_to_the_centre():
    found = _locate("десь біля річки")

    assert (found.precision, (found.lat, found.lon), found.matched) == (HROMADA, CENTRE, "")


def test_words_and_numbers_of_an_address_part():
    assert street_words("вул. Січових Стрільців, 12") == ("січових", "стрільців")
    assert street_words("пров. Кобзарів'ський") == ("кобзарівський",)
    assert (house_number("буд. 12а"), house_number("12/1"), house_number("Соборна")) == ("12а", "12", "")


def test_an_interior_point_lies_inside_a_crescent_whose_centroid_does_not():
    crescent = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 3], [3, 3], [3, 1], [0, 1], [0, 0]]],
    }

    lon, lat = interior_point(crescent)

    assert contains(crescent, lon, lat)
    assert interior_point({"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}) == (
        1,
        1,
    )
    assert interior_point({"type": "Point", "coordinates": [1, 2]}) is None


def test_a_settlement_name_in_addresses_without_street_types_is_not_taken_for_a_street():
    streets = ["Шевченка", "Соборна", "Миру", "Лесі Українки", "Гагаріна", "Садова"]
    places = [
        Place(f"Світлогірськ, {street} {n}", 49 + n / 100, 31.0) for n, street in enumerate(streets * 2)
    ]

    found = locate("Світлогірськ", places=places, areas=[], centre=CENTRE)

    assert found.precision == HROMADA
    assert locate("Світлогірськ, Садова 5", places=places, areas=[], centre=CENTRE).precision == BUILDING

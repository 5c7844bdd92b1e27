"""The city map: one GeoJSON endpoint per layer (RFC 7946, bounded by a bbox, paginated), clusters of
reports per zoom level, the page with its lists, and tenancy (another hromada's places never appear)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hromada.budget.models import Project
from hromada.budget.tests.factories import make_cycle, make_project
from hromada.cnapqueue.tests.factories import make_office
from hromada.opencity import actions, mapgrid, selectors
from hromada.opencity.models import Report, Status
from tests.factories import DistrictFactory, InstitutionFactory, square

from .factories import make_category, make_city, make_report, member_of

CITY_BOX = "29.9,49.9,30.2,50.2"


def _layer(client, layer, **params):
    return client.get(reverse("opencity:map_layer", args=[layer]), params)


def _assert_rfc7946(data):
    assert data["type"] == "FeatureCollection" and isinstance(data["features"], list)
    for f in data["features"]:
        assert f["type"] == "Feature" and set(f) >= {"geometry", "properties"}
        geometry = f["geometry"]
        positions = (
            [geometry["coordinates"]]
            if geometry["type"] == "Point"
            else [p for ring in geometry["coordinates"] for p in ring]
        )
        for lon, lat in positions:  # [longitude, latitude], never swapped: the test city is at 30° E, 50° N
            assert 29 < lon < 31 and 49 < lat < 51


@pytest.fixture
def city(hromada):
    return make_city(hromada)


def test_reports_layer_is_geojson_in_lon_lat_order_within_the_bbox(client, hromada, city):
    inside = make_report(hromada, city["category"], lat=50.01, lon=30.01)
    make_report(hromada, city["category"], lat=50.01, lon=30.03)  # the east district, outside the box
    response = _layer(client, "reports", bbox="30.0,50.0,30.02,50.02", zoom=18)
    data = response.json()
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    _assert_rfc7946(data)
    assert [f["id"] for f in data["features"]] == [inside.pk]
    assert data["features"][0]["geometry"]["coordinates"] == [30.01, 50.01]
    assert data["features"][0]["properties"]["url"].endswith(f"/city/{inside.pk}/")
    assert data["page"] == 1 and data["next"] is None


@pytest.mark.parametrize(
    ("bbox", "says"),
    [
        ("30,50,30.1", "чотири числа"),
        ("a,b,c,d", "числом"),
        ("30,95,30.1,96", "від -90 до 90"),
        ("30.1,50,30,50.1", "захід не може бути східніше"),
        ("nan,50,30,50.1", "числом"),
    ],
)
def test_a_bad_bbox_is_refused_with_400_and_says_why(client, hromada, bbox, says):
    response = _layer(client, "reports", bbox=bbox)
    assert response.status_code == 400
    error = response.json()["error"]
    assert "bbox" in error["fields"] and says in error["message"]


def test_a_bad_zoom_or_page_is_refused_and_an_unknown_layer_is_404(client, hromada):
    assert _layer(client, "reports", zoom="23").status_code == 400
    assert _layer(client, "reports", page="0").status_code == 400
    assert _layer(client, "petitions").status_code == 404


def test_reports_are_clustered_per_grid_cell_below_street_zoom(client, hromada, city):
    for k in range(3):
        make_report(hromada, city["category"], lat=50.010 + k * 0.0001, lon=30.010)
    lone = make_report(hromada, city["category"], lat=50.019, lon=30.039)
    data = _layer(client, "reports", bbox=CITY_BOX, zoom=12).json()
    _assert_rfc7946(data)
    assert data["clustered"] is True
    clusters = [f for f in data["features"] if f["properties"].get("cluster")]
    assert [c["properties"]["count"] for c in clusters] == [3]
    assert clusters[0]["properties"]["by_status"] == {"new": 3}
    lon, lat = clusters[0]["geometry"]["coordinates"]
    assert lon == pytest.approx(30.010) and lat == pytest.approx(50.0101)
    singles = [f for f in data["features"] if not f["properties"].get("cluster")]
    assert [f["id"] for f in singles] == [lone.pk]  # alone in its cell: a real marker with a link


def test_reports_layer_filters_by_category_and_state(client, hromada, city):
    light = make_category(hromada, code="light", department=city["roads"])
    pothole = make_report(hromada, city["category"])
    lamp = make_report(hromada, light)
    Report.objects.filter(pk=lamp.pk).update(status=Status.FIXED, closed_at=lamp.submitted_at)

    def ids(**filters):
        data = _layer(client, "reports", bbox=CITY_BOX, zoom=18, **filters).json()
        return sorted(f["id"] for f in data["features"])

    assert ids(category="light") == [lamp.pk]
    assert ids(status="open") == [pothole.pk]
    assert ids(status="fixed") == [lamp.pk]
    assert ids(category="light", status="open") == []


def test_layers_are_paginated_with_a_next_link(client, hromada, city, monkeypatch):
    monkeypatch.setattr(selectors, "MAP_PAGE_SIZE", 2)
    reports = [make_report(hromada, city["category"], lat=50.01 + k * 0.001) for k in range(5)]
    first = _layer(client, "reports", bbox=CITY_BOX, zoom=18).json()
    assert [f["id"] for f in first["features"]] == [reports[4].pk, reports[3].pk]
    assert first["next"].startswith("http://testserver/") and "page=2" in first["next"]
    seen = [f["id"] for f in first["features"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [f["id"] for f in page["features"]]
        url = page["next"]
    assert sorted(seen) == sorted(r.pk for r in reports)


def test_each_layer_carries_its_modules_places(client, hromada, city):
    school = InstitutionFactory(hromada=hromada, lat=50.012, lon=30.011)
    office = make_office(hromada)
    cycle = make_cycle(hromada)
    project = make_project(cycle, lat=50.013, lon=30.012, title="Сквер")
    make_project(cycle, title="Без місця")  # no place: not on the map
    make_project(cycle, lat=50.013, lon=30.012, status=Project.Status.DRAFT)  # a draft is never public

    institutions = _layer(client, "institutions", bbox=CITY_BOX).json()
    assert {f["id"] for f in institutions["features"]} == {school.pk, office.institution_id}
    assert _layer(client, "institutions", bbox=CITY_BOX, kind="cnap").json()["features"][0]["id"] == (
        office.institution_id
    )
    projects = _layer(client, "projects", bbox=CITY_BOX).json()
    assert [f["id"] for f in projects["features"]] == [project.pk]
    assert projects["features"][0]["properties"]["name"] == f"№{project.number} Сквер"
    offices = _layer(client, "offices", bbox=CITY_BOX).json()
    assert [f["id"] for f in offices["features"]] == [office.pk]
    assert offices["features"][0]["properties"]["url"].endswith(f"/queue/{office.pk}/")
    districts = _layer(client, "districts", bbox="30.0,50.0,30.015,50.02").json()
    _assert_rfc7946(districts)
    assert [f["properties"]["name"] for f in districts["features"]] == ["Західний"]  # the east one is outside
    for data in (institutions, projects, offices):
        _assert_rfc7946(data)


def test_another_hromadas_places_never_appear(client, hromada, other_hromada, city):
    other_city = make_city(other_hromada)
    make_report(other_hromada, other_city["category"])
    InstitutionFactory(hromada=other_hromada)
    make_office(other_hromada)
    make_project(make_cycle(other_hromada), lat=50.01, lon=30.01)
    DistrictFactory(hromada=other_hromada, name="Чужий", boundary=square(30.0, 50.0))
    for layer in selectors.MAP_LAYERS:
        for zoom in (12, 18):
            features = _layer(client, layer, bbox=CITY_BOX, zoom=zoom).json()["features"]
            assert layer == "districts" or features == [], layer
    names = [f["properties"]["name"] for f in _layer(client, "districts").json()["features"]]
    assert sorted(names) == ["Західний", "Східний"]
    page = client.get(reverse("opencity:map")).content.decode()
    assert "Чужий" not in page


def test_the_map_page_lists_what_the_map_shows(client, hromada, city):
    report = make_report(hromada, city["category"])
    InstitutionFactory(hromada=hromada, name="Ліцей Сонячний")
    response = client.get(reverse("opencity:map"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"/city/{report.pk}/" in page and "Ліцей Сонячний" in page and "Західний" in page
    assert "1 звернення відповідає" in page  # the Ukrainian plural of one
    only_reports = client.get(reverse("opencity:map"), {"layer": "reports"}).content.decode()
    assert "Ліцей Сонячний" not in only_reports and f"/city/{report.pk}/" in only_reports


def test_the_map_is_in_the_menu(client, hromada):
    page = client.get("/").content.decode()
    assert f'href="{reverse("opencity:map")}"' in page


def test_map_layers_take_a_constant_number_of_queries(client, hromada, city, django_assert_max_num_queries):
    for k in range(30):
        make_report(hromada, city["category"], lat=50.001 + k * 0.0005, lon=30.001 + k * 0.0003)
    for zoom in (12, 18):
        with django_assert_max_num_queries(3):
            assert _layer(client, "reports", bbox=CITY_BOX, zoom=zoom).status_code == 200


def test_city_wide_clusters_are_read_from_the_kept_cells_cut_to_the_box_and_follow_a_change_at_once(
    client, hromada, city
):
    make_report(hromada, city["category"], lat=50.005, lon=30.005)
    east = make_report(hromada, city["category"], lat=50.005, lon=30.035)
    west_box = {"bbox": "30.0,50.0,30.015,50.02", "zoom": 14}
    with CaptureQueriesContext(connection) as queries:
        west = _layer(client, "reports", **west_box).json()
    assert not [q for q in queries.captured_queries if 'opencity_report"' in q["sql"]]
    assert [q for q in queries.captured_queries if "opencity_reportmapcell" in q["sql"]]
    assert len(west["features"]) == 1
    assert west["features"][0]["geometry"]["coordinates"] == [30.005, 50.005]
    whole = _layer(client, "reports", bbox="29.95,49.95,30.1,50.05", zoom=14).json()
    assert len(whole["features"]) == 2
    make_report(hromada, city["category"], lat=50.0051, lon=30.0051)
    west = _layer(client, "reports", **west_box).json()
    assert [f["properties"]["count"] for f in west["features"]] == [2]
    actions.report_transition(report=east, by=member_of(city["roads"]), target=Status.FIXED)
    fixed = _layer(client, "reports", bbox="29.95,49.95,30.1,50.05", zoom=14, status="fixed").json()
    assert [f["id"] for f in fixed["features"]] == [east.pk]


def test_grid_parsing_and_merging():
    assert mapgrid.parse_bbox("") == (None, "")
    assert mapgrid.parse_bbox("30,50,31,51") == ((30.0, 50.0, 31.0, 51.0), "")
    assert mapgrid.parse_bbox("30,50,31") == (None, mapgrid.BBOX_PARTS)
    assert mapgrid.parse_bbox("30,50,inf,51") == (None, mapgrid.BBOX_NUMBER)
    assert mapgrid.parse_bbox("190,50,191,51") == (None, mapgrid.BBOX_RANGE)
    assert mapgrid.parse_bbox("30,95,31,96") == (None, mapgrid.BBOX_RANGE)
    # Leaflet zoomed out on a wide screen: its bounds run past the antimeridian
    assert mapgrid.parse_bbox("-341.7,-80.2,401.4,84.9") == ((-180.0, -80.2, 180.0, 84.9), "")
    assert mapgrid.parse_bbox("30,51,31,50") == (None, mapgrid.BBOX_ORDER)
    zoom = mapgrid.zoom_fitting((0.0, 0.0, 180.0, 80.0), 18)
    x0, y0, x1, y1 = mapgrid.cell_span((0.0, 0.0, 180.0, 80.0), zoom)
    assert zoom < 18
    assert x1 - x0 < mapgrid.MAX_CELLS_ACROSS and y1 - y0 < mapgrid.MAX_CELLS_ACROSS
    assert mapgrid.zoom_fitting((30.0, 50.0, 30.1, 50.1), 13) == 13
    # The stored grid: tile-like numbers from the north-west; a zoom's cell is four of the next one's.
    assert mapgrid.pixel_cell(-180.0, 85.0511, 0) == (0, 0)
    assert mapgrid.pixel_cell(179.999, -85.0511, 0) == (3, 3)
    kyiv = [mapgrid.pixel_cell(30.5234, 50.4501, z) for z in (13, 14)]
    assert kyiv[0] == (kyiv[1][0] // 2, kyiv[1][1] // 2)
    assert mapgrid.stored_zoom(11) == (11, 0) and mapgrid.stored_zoom(5) == (8, 3)
    rows = [
        mapgrid.CellRow(1, 1, "new", 2, 60.0, 100.0, 7),
        mapgrid.CellRow(1, 1, "fixed", 1, 30.0, 50.0, 9),
        mapgrid.CellRow(2, 1, "fixed", 1, 31.0, 50.0, 11),
    ]
    big, lone = mapgrid.merge(rows)
    assert (big.count, big.status, big.single_id, big.lon) == (3, "new", None, 30.0)
    assert (lone.count, lone.single_id) == (1, 11)


def test_the_english_map_page_marks_ukrainian_names_and_shows_english_ones(client, hromada, city):
    InstitutionFactory(hromada=hromada, name="Ліцей Сонячний", address="вул. Лісова, 2")
    InstitutionFactory(hromada=hromada, name="Ліцей Зоряний", name_en="Zoriany Lyceum")
    page = client.get("/en/city/map/").content.decode()
    assert '<span lang="uk">Ліцей Сонячний</span>' in page
    assert '<span lang="uk">вул. Лісова, 2</span>' in page
    assert "Zoriany Lyceum" in page and "Ліцей Зоряний" not in page


def test_an_unknown_report_filter_is_refused(client, hromada, city):
    for params in ({"status": "xyz"}, {"category": "no-such-category"}):
        response = _layer(client, "reports", bbox=CITY_BOX, zoom=12, **params)
        assert response.status_code == 400
        assert list(response.json()["error"]["fields"]) == list(params)
    assert _layer(client, "reports", bbox=CITY_BOX, zoom=12, status="open").status_code == 200
    assert (
        _layer(client, "reports", bbox=CITY_BOX, zoom=12, category=city["category"].code).status_code == 200
    )


def test_the_docs_table_the_page_and_the_registry_list_the_same_layers_and_filters(client, hromada):
    docs = (Path(settings.BASE_DIR) / "docs" / "opencity.md").read_text(encoding="utf-8")
    table = docs.split("## The city map", 1)[1].split("\n\n")[2]
    # | `key` | what | `app.selectors.name` | `param` ← `form field`, … |
    cells = [line.split(" | ") for line in table.splitlines()[2:]]
    documented = {
        key.strip("|` "): (reads.strip("`"), tuple(re.findall(r"`(\w+)` ← `(\w+)`", filters)))
        for key, _what, reads, filters in cells
    }
    assert list(documented) == list(selectors.MAP_LAYERS)
    for key, layer in selectors.MAP_LAYERS.items():
        reads = f"{layer.reads.__module__.removeprefix('hromada.')}.{layer.reads.__name__}"
        assert documented[key] == (reads, layer.filters), key

    page = client.get(reverse("opencity:map")).content.decode()
    boxes = re.findall(r'name="layer" value="(\w+)" data-filters="([^"]*)"', page)
    assert boxes == [
        (key, ",".join(f"{p}={f}" for p, f in layer.filters)) for key, layer in selectors.MAP_LAYERS.items()
    ]


def test_each_layer_lists_its_places_through_its_own_template_and_the_page_has_no_per_layer_branches(
    client, hromada
):
    from django.template.loader import get_template

    for layer in selectors.MAP_LAYERS.values():
        get_template(layer.list_template)  # each layer has one
    source = (Path(settings.BASE_DIR) / "hromada/opencity/templates/opencity/map.html").read_text()
    assert "key ==" not in source and "{% elif" not in source
    DistrictFactory(hromada=hromada, name="Центральний")
    InstitutionFactory(hromada=hromada, name="Ліцей №1")
    listing = client.get(reverse("opencity:map")).content.decode().split('id="map-listing-title"', 1)[1]
    assert "Центральний" in listing and "Ліцей №1" in listing and "0 звернень" in listing
    only = client.get(reverse("opencity:map"), {"layer": "districts"}).content.decode()
    assert "Центральний" in only.split('id="map-listing-title"', 1)[1]
    assert "Ліцей №1" not in only.split('id="map-listing-title"', 1)[1]

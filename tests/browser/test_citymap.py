"""The city map in headless Chromium, at 1280 px and on a 360 px phone, with the tile server out of reach
(the conftest refuses every request but the live server's): districts, clusters and markers of every layer
still show, a layer is switched off and on from the keyboard, the page does not scroll sideways, and
axe-core finds nothing serious."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from hromada.budget.tests.factories import make_cycle, make_project
from hromada.cnapqueue.tests.factories import make_office
from hromada.opencity.tests.factories import make_city, make_report
from tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISTRICTS = "#city-map path.leaflet-interactive:not([class*=-marker])"


@pytest.fixture
def places(hromada):
    city = make_city(hromada)  # two districts north-east of the hromada's map centre (30.00 E, 50.00 N)
    for k in range(3):  # three reports a few metres apart: one cluster below street zoom
        make_report(hromada, city["category"], lat=50.010 + k * 0.00005, lon=30.010)
    make_report(hromada, city["category"], lat=50.018, lon=30.035)
    InstitutionFactory(hromada=hromada, name="Ліцей Сонячний", lat=50.005, lon=30.005)
    make_office(hromada)  # its institution is at 50.01, 30.01
    make_project(make_cycle(hromada), lat=50.015, lon=30.025, title="Сквер біля ставу")
    return city


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 360, "height": 740}])
def test_city_map_shows_every_layer_without_tiles_and_is_accessible(
    page, site, places, viewport, browser_log, assert_accessible, screenshot_dir
):
    page.set_viewport_size(viewport)
    page.goto("/city/map/")
    city_map = page.locator("#city-map")
    expect(city_map).to_have_attribute("data-loaded", re.compile(r"^[1-9]\d*$"))
    expect(page.locator("#city-map .leaflet-zoom-anim")).to_have_count(0)
    expect(city_map).not_to_have_attribute("data-error", "1")

    expect(page.locator(DISTRICTS)).to_have_count(2)
    expect(page.locator("#city-map .map-cluster")).to_have_count(1)
    expect(page.locator("#city-map .map-cluster")).to_have_text("3")
    expect(page.locator("#city-map .reports-marker")).to_have_count(1)
    expect(page.locator("#city-map .institutions-marker")).to_have_count(2)  # the school and the ЦНАП
    expect(page.locator("#city-map .offices-marker")).to_have_count(1)
    expect(page.locator("#city-map .projects-marker")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    # The list beside the map carries the same places for screen readers.
    listing = page.locator(".map-listing")
    expect(listing).to_contain_text("Ліцей Сонячний")
    expect(listing).to_contain_text("Сквер біля ставу")
    expect(listing).to_contain_text("Західний")

    # A layer is switched off and on with the keyboard alone.
    box = page.get_by_role("checkbox", name="Заклади")
    box.focus()
    page.keyboard.press("Space")
    expect(page.locator("#city-map .institutions-marker")).to_have_count(0)
    expect(page.locator("#city-map .offices-marker")).to_have_count(1)
    page.keyboard.press("Space")
    expect(page.locator("#city-map .institutions-marker")).to_have_count(2)

    # The only refused requests are the tile server's.
    tile_host = re.escape(urlsplit(settings.HROMADA_MAP_TILES_URL).netloc).replace(r"\{s\}", "[a-z0-9-]+")
    outside = [url for url in browser_log.blocked if not re.fullmatch(tile_host, urlsplit(url).netloc)]
    assert not outside, f"the page tried to reach more than the tile server: {outside}"

    assert_accessible(page, f"city map at {viewport['width']} px")
    page.screenshot(path=str(screenshot_dir / f"citymap-{viewport['width']}.png"), full_page=True)


def test_zooming_in_on_a_cluster_shows_its_reports(page, site, places):
    page.goto("/city/map/")
    city_map = page.locator("#city-map")
    clusters = page.locator("#city-map .map-cluster")
    # data-loaded is set once the layers of the current view have come (after the first zoom to the
    # districts), so each step waits for the map itself rather than for a guessed time.
    expect(city_map).to_have_attribute("data-loaded", re.compile(r"^\d+$"), timeout=20_000)
    expect(clusters).to_have_count(1)
    clicks = 0
    while clusters.count():
        assert clicks < 4, "the cluster still shows after four clicks"  # zoom 13 → 19 in steps of two at most
        zoom = int(city_map.get_attribute("data-shown-zoom"))
        clusters.first.click()
        clicks += 1
        expect(city_map).to_have_attribute("data-shown-zoom", str(min(zoom + 2, 19)), timeout=20_000)
        expect(city_map).to_have_attribute("data-loaded", re.compile(r"^\d+$"), timeout=20_000)
    assert int(city_map.get_attribute("data-shown-zoom")) >= 17  # the server's grid stops clustering there
    expect(page.locator("#city-map .reports-marker")).to_have_count(3)


@pytest.mark.parametrize("path", ["/en/city/map/", "/en/city/"])
def test_the_maps_in_english_on_a_phone_fit_the_screen(page, site, places, path, screenshot_dir):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(path)
    expect(page.locator("#city-map")).to_have_attribute("data-loaded", re.compile(r"^[1-9]\d*$"))
    expect(page.locator("#city-map .leaflet-zoom-anim")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    name = path.strip("/").replace("/", "-")
    page.screenshot(path=str(screenshot_dir / f"{name}-360.png"), full_page=True)

"""The public portal in headless Chromium: languages, the skip link, the institutions map and its filters."""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from hromada.territory.models import Institution
from tests.factories import DistrictFactory, InstitutionFactory, square

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARKERS = "#map path.institution-marker"
# Leaflet draws district polygons and circle markers as SVG paths in the same overlay pane.
DISTRICTS = "#map .leaflet-overlay-pane path.leaflet-interactive:not(.institution-marker)"
RESULT_LINKS = "#results .results a[href*='/institutions/']"
# Ukrainian text without pinning the translators' exact wording.
UKRAINIAN = re.compile(r"^[^A-Za-z]*[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ][^A-Za-z]*$")


@pytest.fixture
def map_data(hromada):
    """Two neighbouring districts and four institutions: two schools, a kindergarten and a clinic."""
    centre = DistrictFactory(hromada=hromada, name="Центральний", boundary=square(30.0, 50.0))
    east = DistrictFactory(hromada=hromada, name="Східний", boundary=square(30.03, 50.0))
    return SimpleNamespace(
        centre=centre,
        east=east,
        lyceum=InstitutionFactory(
            hromada=hromada,
            district=centre,
            kind=Institution.Kind.SCHOOL,
            name="Ліцей «Світанок»",
            lat=50.01,
            lon=30.01,
        ),
        gymnasium=InstitutionFactory(
            hromada=hromada,
            district=east,
            kind=Institution.Kind.SCHOOL,
            name="Гімназія «Джерело»",
            lat=50.015,
            lon=30.045,
        ),
        kindergarten=InstitutionFactory(
            hromada=hromada,
            district=east,
            kind=Institution.Kind.KINDERGARTEN,
            name="Дитячий садок «Сонечко»",
            lat=50.005,
            lon=30.04,
        ),
        clinic=InstitutionFactory(
            hromada=hromada,
            district=centre,
            kind=Institution.Kind.CLINIC,
            name="Амбулаторія сімейної медицини",
            lat=50.004,
            lon=30.006,
        ),
    )


def test_home_is_in_ukrainian_by_default_and_the_language_switch_goes_to_english_and_back(page, site):
    # The browser asks for en-US; a path without a language prefix is still Ukrainian, the default.
    page.goto("/")
    skip_link = page.locator("a.skip-link")
    log_in_link = page.locator(".user-nav a[href$='/accounts/login/']")

    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(skip_link).to_have_text(UKRAINIAN)
    expect(log_in_link).to_have_text(UKRAINIAN)
    expect(page.locator(".lang-switch button[value=uk]")).to_have_attribute("aria-current", "true")

    page.locator(".lang-switch button[value=en]").click()

    expect(page).to_have_url(f"{site}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(skip_link).to_have_text("Skip to main content")
    expect(log_in_link).to_have_text("Log in")
    expect(page.locator(".lang-switch button[value=en]")).to_have_attribute("aria-current", "true")

    page.locator(".lang-switch button[value=uk]").click()

    expect(page).to_have_url(f"{site}/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(skip_link).to_have_text(UKRAINIAN)


def test_language_switch_keeps_the_reader_on_the_same_page(page, site, map_data):
    page.goto("/institutions/?kind=school")

    page.locator(".lang-switch button[value=en]").click()

    expect(page).to_have_url(f"{site}/en/institutions/?kind=school")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(RESULT_LINKS)).to_have_count(2)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/")
    skip_link = page.locator("a.skip-link")

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # it is off-screen until focused

    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    in_main = page.evaluate("document.activeElement.closest('main') !== null")
    assert in_main, "the tab stop after the skip link is inside <main>, not back in the header"


def test_institutions_map_shows_districts_and_one_marker_per_institution_without_tiles(
    page, map_data, map_ready, browser_log, screenshot_dir
):
    page.goto("/institutions/")
    map_element = page.locator("#map")

    map_ready(4)
    expect(page.locator(MARKERS)).to_have_count(4)
    expect(page.locator(DISTRICTS)).to_have_count(2)
    for polygon in page.locator(DISTRICTS).all():
        expect(polygon).to_be_visible()
    for marker in page.locator(MARKERS).all():
        expect(marker).to_be_in_viewport()
    expect(map_element).not_to_have_attribute("data-error", "1")
    expect(page.locator(RESULT_LINKS)).to_have_count(4)

    # The tile server is out of reach in tests; the only refused requests are its tiles.
    tile_host = re.escape(urlsplit(settings.HROMADA_MAP_TILES_URL).netloc).replace(r"\{s\}", "[a-z0-9-]+")
    outside = [url for url in browser_log.blocked if not re.fullmatch(tile_host, urlsplit(url).netloc)]
    assert not outside, f"the page tried to reach more than the tile server: {outside}"
    page.screenshot(path=str(screenshot_dir / "institutions.png"), full_page=True)


def test_search_and_filters_narrow_the_list_and_the_markers(page, site, map_data):
    page.goto("/institutions/")
    map_element = page.locator("#map")
    expect(map_element).to_have_attribute("data-loaded", "4")

    page.locator("form.filters input[name=q]").fill("сонечко")
    page.locator("form.filters button[type=submit]").click()

    expect(page.locator(RESULT_LINKS)).to_have_count(1)
    expect(page.locator(RESULT_LINKS)).to_contain_text("Сонечко")
    expect(map_element).to_have_attribute("data-loaded", "1")
    expect(page.locator(MARKERS)).to_have_count(1)
    expect(page.locator(DISTRICTS)).to_have_count(2)
    expect(page).to_have_url(
        re.compile(r"/institutions/\?(.*&)?q=%D1%81%D0%BE%D0%BD%D0%B5%D1%87%D0%BA%D0%BE")
    )

    page.locator(MARKERS).click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Дитячий садок «Сонечко»")
    expect(popup.locator("a")).to_have_attribute("href", f"/institutions/{map_data.kindergarten.pk}/")

    # A select filters at once (no submit button): all schools, then the schools of one district.
    page.locator("form.filters input[name=q]").fill("")
    page.locator("form.filters select[name=kind]").select_option("school")

    expect(page.locator(RESULT_LINKS)).to_have_count(2)
    expect(map_element).to_have_attribute("data-loaded", "2")
    expect(page.locator(MARKERS)).to_have_count(2)

    page.locator("form.filters select[name=district]").select_option(str(map_data.east.pk))

    expect(page.locator(RESULT_LINKS)).to_have_count(1)
    expect(page.locator(RESULT_LINKS)).to_contain_text("Гімназія «Джерело»")
    expect(map_element).to_have_attribute("data-loaded", "1")
    expect(page.locator(MARKERS)).to_have_count(1)

    # The pushed URL is a real page: reloading it shows the same filtered result without htmx.
    page.reload()
    expect(page.locator(RESULT_LINKS)).to_have_count(1)
    expect(page.locator(MARKERS)).to_have_count(1)
    expect(page.locator("form.filters select[name=district]")).to_have_value(str(map_data.east.pk))


def test_institution_detail_shows_the_institution_on_a_small_map(page, map_data):
    page.goto("/institutions/")

    page.locator(RESULT_LINKS, has_text="Ліцей «Світанок»").click()

    expect(page).to_have_url(re.compile(rf"/institutions/{map_data.lyceum.pk}/$"))
    expect(page.locator("h1")).to_have_text("Ліцей «Світанок»")
    expect(page.locator("main dl")).to_contain_text("Центральний")
    expect(page.locator("#map.leaflet-container .leaflet-overlay-pane path")).to_have_count(1)


def test_home_page_screenshot(page, map_data, screenshot_dir):
    page.goto("/")

    expect(page.locator("h1")).to_have_text("Світлогірська громада")
    expect(page.locator("main")).to_contain_text("4")
    page.screenshot(path=str(screenshot_dir / "home.png"), full_page=True)


# The width of the brand's longest word, set in the brand's own font, and the brand's box.
LONGEST_WORD_AND_BOX = """() => {
  const brand = document.querySelector('.brand');
  const longest = brand.textContent.trim().split(/\\s+/).reduce((a, b) => (b.length > a.length ? b : a), '');
  const probe = document.createElement('span');
  probe.textContent = longest;
  probe.style.whiteSpace = 'nowrap';
  probe.style.position = 'absolute';
  brand.appendChild(probe);
  const word = probe.getBoundingClientRect().width;
  probe.remove();
  return [word, brand.getBoundingClientRect().width];
}"""


@pytest.mark.parametrize("width", [360, 800, 1280])
def test_the_hromadas_name_in_the_header_never_breaks_inside_a_word(page, map_data, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")

    word, box = page.evaluate(LONGEST_WORD_AND_BOX)
    assert word <= box + 0.5, (
        f"at {width} px the name's longest word ({word:.0f} px) is cut in a {box:.0f} px box"
    )

"""The open-data portal in a browser: the catalogue's search and facets, a dataset's page with its
passport, structure, first rows and a working download — axe-core on both, and both fit a 360 px phone."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from hromada.opendata.tests.factories import PublisherFactory
from tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(hromada):
    PublisherFactory(hromada=hromada, edrpou="04055009", responsible="Начальник відділу цифровізації")
    InstitutionFactory(hromada=hromada, name="Ліцей № 1", address="вул. Шкільна, 1")
    InstitutionFactory(hromada=hromada, name="Бібліотека для дітей")
    return hromada


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_the_catalogue_searches_and_narrows_by_facet(page, site, published, assert_accessible):
    page.goto("/opendata/")
    assert_accessible(page, "open-data catalogue")
    results = page.locator("ul.results")
    expect(results.get_by_role("link", name="Електронні петиції", exact=True)).to_be_visible()

    main = page.locator("#main")
    main.get_by_label("Знайти набір даних").fill("установ")
    with page.expect_navigation():
        main.get_by_role("button", name="Знайти").click()
    expect(results.get_by_role("link", name="Довідник підприємств, установ та організацій")).to_be_visible()
    expect(results.get_by_role("link", name="Електронні петиції", exact=True)).to_have_count(0)

    page.goto("/opendata/")
    with page.expect_navigation():
        page.get_by_role("complementary").get_by_role("link", name="бюджет участі", exact=True).click()
    items = page.locator("ul.results > li")
    expect(items).to_have_count(3)
    expect(items.first).to_contain_text("бюджет")
    expect(page.get_by_role("link", name="✓ бюджет участі")).to_have_attribute("aria-current", "true")
    assert_accessible(page, "open-data catalogue, filtered")


def test_a_dataset_page_shows_its_passport_and_a_working_download(page, site, published, assert_accessible):
    page.goto("/opendata/institutions/")
    assert_accessible(page, "dataset page")

    expect(page.get_by_role("heading", name="Паспорт набору даних")).to_be_visible()
    passport = page.locator("table").first
    expect(passport).to_contain_text("04055009")
    expect(passport).to_contain_text("Начальник відділу цифровізації")
    expect(passport).to_contain_text(published.katottg)
    expect(page.get_by_role("region", name="Перші рядки")).to_contain_text("Ліцей № 1")
    href = page.get_by_role("link", name="CSV", exact=True).get_attribute("href")
    downloaded = page.request.get(href)
    rows = list(csv.DictReader(io.StringIO(downloaded.text())))

    assert downloaded.ok and {r["name"] for r in rows} == {"Ліцей № 1", "Бібліотека для дітей"}
    page.reload()  # the page now says when the file a download gets was made
    expect(page.get_by_text("CSV: файл створено")).to_be_visible()
    expect(page.get_by_text("JSON: створюється з живих даних, коли ви його завантажуєте")).to_be_visible()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_portal_pages_fit_the_screen(page, site, published, width, screenshot_dir):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/opendata/", "/opendata/institutions/", "/en/opendata/datasets-register/"):
        page.goto(path)
        _fits(page, width)
    page.request.get("/opendata/institutions.csv")  # kept: the page says when it was made
    for path, name in (("/opendata/institutions/", "uk"), ("/en/opendata/institutions/", "en")):
        page.goto(path)
        _fits(page, width)
        page.screenshot(path=str(screenshot_dir / f"opendata-dataset-{name}-{width}.png"), full_page=True)

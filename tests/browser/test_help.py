"""The help centre in headless Chromium: read, search and answer "was this helpful?" with JavaScript off on
a phone, print without the site's chrome, and axe-core on the index and an article."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hromada.help.actions import help_articles_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def articles(hromada):
    help_articles_load(hromada=hromada)


def test_an_article_is_found_read_and_rated_without_javascript_on_a_phone(browser, site, articles):
    context = browser.new_context(base_url=site, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/guide/")
        page.locator("#help-q").fill("квитанцію")
        with page.expect_navigation():
            page.locator("#help-q").press("Enter")
        page.get_by_role("link", name="Як перевірити квитанцію в журналі прозорості").click()

        expect(page.locator("h1")).to_have_text("Як перевірити квитанцію в журналі прозорості")
        expect(page.locator(".help-body ol li").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        page.get_by_role("button", name="Так").click()

        expect(page.locator(".messages")).to_contain_text("вашу відповідь враховано")
        expect(page.locator("#feedback")).to_contain_text("1 читач вважає її корисною.")
    finally:
        context.close()


def test_a_guide_with_screenshots_fits_a_phone_and_prints_without_the_sites_chrome(page, articles):
    page.set_viewport_size(PHONE)
    page.goto("/guide/petitions/moderate/")
    picture = page.locator(".help-body img")

    expect(picture).to_have_attribute("src", "/static/help/screens/petitions-moderation-uk.webp")
    # The screenshots load lazily: below the fold of a phone they arrive when scrolled to, after "load".
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#feedback")).to_be_hidden()
    expect(page.locator(".help-body")).to_be_visible()


def test_the_question_mark_on_a_modules_page_leads_to_its_article(page, articles):
    page.goto("/en/petitions/")

    page.locator("h1 a.help-link").click()

    expect(page.locator("h1")).to_have_text("How to sign or start a petition")


@pytest.mark.parametrize("path", ["/guide/", "/en/guide/help/take-part/", "/guide/cnapqueue/run-queue/"])
def test_help_pages_have_no_serious_or_critical_accessibility_violations(
    page, articles, assert_accessible, path
):
    page.goto(path)

    assert_accessible(page, path)

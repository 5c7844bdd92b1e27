"""axe-core on the pages people use most: no serious or critical violations (all findings are printed)."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import DistrictFactory, InstitutionFactory, square, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lyceum(hromada):
    district = DistrictFactory(hromada=hromada, name="Центральний", boundary=square(30.0, 50.0))
    InstitutionFactory(hromada=hromada, district=district, name="Амбулаторія № 2", lat=50.004, lon=30.006)
    return InstitutionFactory(
        hromada=hromada,
        district=district,
        name="Ліцей «Світанок»",
        lat=50.01,
        lon=30.01,
        phone="+380441234567",
        email="lyceum@example.org",
    )


def open_home_uk(page, request):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")


def open_home_en(page, request):
    page.goto("/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def open_institutions(page, request):
    request.getfixturevalue("lyceum")
    page.goto("/institutions/")
    # Leaflet adds its controls and SVG once the GeoJSON is in; axe must see that markup too.
    request.getfixturevalue("map_ready")(2)


def open_institution(page, request):
    lyceum = request.getfixturevalue("lyceum")
    page.goto(f"/institutions/{lyceum.pk}/")
    expect(page.locator("#map.leaflet-container .leaflet-overlay-pane path")).to_have_count(1)


def open_login(page, request):
    page.goto("/accounts/login/")


def open_login_with_errors(page, request):
    resident = request.getfixturevalue("resident")
    request.getfixturevalue("log_in")(resident.email, password="not the password")
    expect(page.locator("main [role=alert]")).to_be_visible()
    # The refused login answers 400 by design; it is what we want to check, not a fault.
    site = request.getfixturevalue("site")
    request.getfixturevalue("browser_log").allow(f"HTTP 400 POST {site}/accounts/login/")


def open_two_factor_verify(page, request):
    official = request.getfixturevalue("make_user")(is_staff=True)
    totp_device(official)
    request.getfixturevalue("log_in")(official.email)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?"))


def open_two_factor_setup(page, request):
    official = request.getfixturevalue("make_user")(is_staff=True)
    request.getfixturevalue("log_in")(official.email)
    expect(page.locator(".qr svg")).to_be_visible()


def open_backup_codes(page, request):
    open_two_factor_setup(page, request)
    device = TOTPDevice.objects.get(confirmed=False)
    page.locator("input[name=token]").fill(totp_now(device))
    page.locator("main button[type=submit]").click()
    expect(page.locator("#backup-codes li")).to_have_count(10)


def open_cabinet(page, request):
    resident = request.getfixturevalue("resident")
    request.getfixturevalue("log_in")(resident.email)
    expect(page).to_have_url(re.compile(r"/cabinet/$"))


PAGES = {
    "home-uk": open_home_uk,
    "home-en": open_home_en,
    "institutions-map": open_institutions,
    "institution-detail": open_institution,
    "login": open_login,
    "login-with-errors": open_login_with_errors,
    "two-factor-verify": open_two_factor_verify,
    "two-factor-setup": open_two_factor_setup,
    "two-factor-backup-codes": open_backup_codes,
    "cabinet": open_cabinet,
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_or_critical_accessibility_violations(page, request, assert_accessible, name):
    PAGES[name](page, request)

    assert_accessible(page, name)


def test_phone_menu_opens_with_the_keyboard_and_passes_axe(
    page, site, resident, log_in, assert_accessible, screenshot_dir
):
    log_in(resident.email)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    menu_button = page.locator(".site-menu > summary")
    cabinet_link = page.locator(".user-nav a[href$='/cabinet/']")
    expect(menu_button).to_be_visible()
    expect(cabinet_link).to_be_hidden()

    # Skip link, the hromada's name, then the menu button.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(menu_button).to_be_focused()
    page.keyboard.press("Enter")

    expect(cabinet_link).to_be_visible()
    expect(page.locator(".lang-switch button[value=en]")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "phone-menu-open.png"))
    assert_accessible(page, "phone menu open")
    page.keyboard.press("Tab")
    expect(page.locator(".main-nav a").first).to_be_focused()


def test_phone_menu_opens_without_javascript(browser, site):
    phone = {"width": 360, "height": 740}
    context = browser.new_context(base_url=site, viewport=phone, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/en/")
        log_in_link = page.locator(".user-nav a[href$='/accounts/login/']")
        expect(log_in_link).to_be_hidden()

        page.locator(".site-menu > summary").click()

        expect(log_in_link).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_wide_screen_shows_the_menu_in_the_bar_without_the_button(page, site):
    page.goto("/")

    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(page.locator(".user-nav a[href$='/accounts/login/']")).to_be_visible()

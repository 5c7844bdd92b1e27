"""Administrative services in headless Chromium: a resident finds a service, applies with an upload and
follows it; the official takes it, decides and issues the result; axe-core on the catalogue, the card, the
form, the application page, the queue and the handling page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hromada.services.models import Application
from hromada.services.tests.factories import PDF, RNOKPP, make_world
from tests.factories import PASSWORD, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(hromada):
    return make_world(hromada, file_required=True)


def staff_log_in(page, log_in, person) -> None:
    device = totp_device(person)
    log_in(person.email)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def test_a_resident_applies_with_an_upload_and_an_official_decides(
    page, site, browser_log, world, log_in, assert_accessible, tmp_path
):
    assert PASSWORD
    page.goto("/services/?q=адреси")
    expect(page.get_by_role("link", name=re.compile("Присвоєння адреси"))).to_be_visible()
    assert_accessible(page, "catalogue")
    page.get_by_role("link", name=re.compile("Присвоєння адреси")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Присвоєння адреси")
    assert_accessible(page, "service card")

    log_in(world.resident.email, next_url=f"/services/{world.service.code}/apply/")
    expect(page.get_by_label("ПІБ *")).to_have_value(world.resident.full_name)
    assert_accessible(page, "application form")
    # The cadastral number shows only for a plot.
    expect(page.get_by_label("Кадастровий номер *")).to_be_hidden()
    page.get_by_label("Об'єкт *").select_option("plot")
    expect(page.get_by_label("Кадастровий номер *")).to_be_visible()
    page.get_by_label("Кадастровий номер *").fill("7110100000:01:001")  # too short
    page.get_by_label("РНОКПП *").fill(RNOKPP)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    page.get_by_label(re.compile("Скан документа")).set_input_files(str(scan))
    page.get_by_role("button", name="Подати заяву").click()
    expect(page.locator(".errorlist")).to_contain_text("кадастровий номер має вигляд")
    expect(page.get_by_label("РНОКПП *")).to_have_value(RNOKPP)  # kept
    browser_log.allow(f"HTTP 400 POST {site}/services/{world.service.code}/apply/")
    page.get_by_label("Кадастровий номер *").fill("7110100000:01:001:0001")
    page.get_by_label(re.compile("Скан документа")).set_input_files(str(scan))
    page.get_by_role("button", name="Подати заяву").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Заява 20")
    assert_accessible(page, "application page")
    application = Application.objects.get()
    assert application.files.count() == 1

    page.context.clear_cookies()
    staff_log_in(page, log_in, world.specialist)
    page.goto("/services/queue/")
    assert_accessible(page, "work queue")
    page.get_by_role("link", name=application.number).click()
    page.get_by_role("button", name="Взяти в роботу (на мене)").click()
    page.get_by_label("Надати").check()
    page.get_by_role("button", name="Записати рішення").click()
    expect(page.locator(".badge").first).to_contain_text("рішення ухвалено")
    page.get_by_role("textbox", name=re.compile("^Результат")).fill("Адресу присвоєно рішенням № 12.")
    page.get_by_role("button", name="Видати").click()
    expect(page.locator(".badge").first).to_contain_text("результат видано")
    assert_accessible(page, "handling page")

    page.context.clear_cookies()
    log_in(world.resident.email, next_url=f"/services/applications/{application.pk}/")
    expect(page.locator("main")).to_contain_text("Адресу присвоєно рішенням № 12.")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_resident_pages_fit_the_screen_in_both_languages(page, world, log_in, screenshot_dir, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(world.resident.email)
    for prefix in ("", "/en"):
        for name, path in (
            ("catalogue", "/services/"),
            ("card", f"/services/{world.service.code}/"),
            ("apply", f"/services/{world.service.code}/apply/"),
            ("mine", "/services/mine/"),
            ("status", "/services/status/"),
        ):
            page.goto(prefix + path)
            language = prefix.strip("/") or "uk"
            page.screenshot(path=screenshot_dir / f"services-{name}-{language}-{width}.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (prefix, name)


def test_the_online_services_page_fits_a_phone_in_english(page, world, log_in, screenshot_dir):
    from hromada.services.tests.factories import make_service

    for n in range(30):
        make_service(world.hromada, code=f"cnap-{200 + n}")
    page.set_viewport_size({"width": 360, "height": 800})
    staff_log_in(page, log_in, world.officer)
    page.goto("/en/services/queue/")
    page.get_by_role("link", name=re.compile("Online services")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Online services")
    expect(page.locator("main")).to_contain_text("31 services with an online form.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=screenshot_dir / "services-online-en-360.png", full_page=True)
    page.goto("/services/queue/services/")
    expect(page.locator("main")).to_contain_text("31 послуга з онлайн-формою.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _decided(world) -> None:
    """Three applications of the year: one granted, one refused with a coded ground, one still open."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hromada.services import actions
    from hromada.services.tests.factories import GOOD

    for approve in (True, False, None):
        scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
        application = actions.application_submit(
            service=world.service, applicant=world.resident, data=GOOD, files={"scan": scan}
        )
        if approve is None:
            continue
        actions.application_take(application=application, actor=world.specialist)
        actions.application_decide(
            application=application, actor=world.specialist, approve=approve,
            refusal_code="" if approve else "incomplete", text="" if approve else "Немає документа.",
        )  # fmt: skip


@pytest.mark.parametrize("width", [360, 1280])
def test_the_statistics_pages_fit_the_screen_and_pass_axe_in_both_languages(
    page, world, log_in, assert_accessible, screenshot_dir, width
):
    _decided(world)
    page.set_viewport_size({"width": width, "height": 900})
    for prefix, title, refusal in (
        ("", "Статистика адміністративних послуг", "Неповний пакет"),
        ("/en", "Statistics of administrative services", "Incomplete"),
    ):
        language = prefix.strip("/") or "uk"
        page.goto(f"{prefix}/services/statistics/")
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator("table")).to_contain_text(refusal)
        page.screenshot(path=screenshot_dir / f"services-statistics-{language}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (language, "public")
        assert_accessible(page, f"public statistics ({language}, {width} px)")

    staff_log_in(page, log_in, world.specialist)
    for prefix in ("", "/en"):
        language = prefix.strip("/") or "uk"
        for name, query in (("service", ""), ("office", "?by=office")):
            page.goto(f"{prefix}/services/queue/statistics/{query}")
            expect(page.locator("table tbody tr").first).to_be_visible()
            page.screenshot(
                path=screenshot_dir / f"services-staff-statistics-{name}-{language}-{width}.png",
                full_page=True,
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (language, name)
            assert_accessible(page, f"officials' statistics by {name} ({language}, {width} px)")


def test_the_address_district_is_found_from_a_tap_on_the_map_on_a_360_px_phone(
    page, site, world, log_in, assert_accessible, screenshot_dir
):
    """Issue 13: the address field that asks the district shows a map; a tap finds the district by its
    boundary; the page fits 360 px in both languages and passes axe."""
    from hromada.services import actions
    from hromada.services.tests.factories import district_spec, make_service
    from tests.factories import DistrictFactory, square

    hromada = world.hromada
    around = square(hromada.center_lon - 0.2, hromada.center_lat - 0.2, 0.4)
    DistrictFactory(hromada=hromada, name="Центральний", name_en="Central", boundary=around)
    service = make_service(hromada, code="cnap-050", online=False)
    actions.definition_publish(service=service, spec=district_spec(), actor=None)
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(world.resident.email, next_url=f"/en/services/{service.code}/apply/")
    expect(page.locator("[data-point-picker].leaflet-container")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "application form with a map (en)")
    page.goto(f"/services/{service.code}/apply/")
    expect(page.get_by_label("Район")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "application form with a map")

    page.get_by_label("РНОКПП *").fill(RNOKPP)
    page.get_by_label("Об'єкт *").select_option("house")
    page.get_by_label("Адреса об'єкта *").fill("вул. Садова, 5")
    page.locator("[data-point-picker]").scroll_into_view_if_needed()
    page.locator("[data-point-picker]").click()  # the middle: the hromada's centre
    expect(page.get_by_label("Широта місця")).not_to_have_value("")
    # The resident's last choice counts: a district from the list takes the point away, a tap the district.
    page.get_by_label("Район").select_option(label="Центральний")
    expect(page.get_by_label("Широта місця")).to_have_value("")
    page.locator("[data-point-picker]").click()
    expect(page.get_by_label("Широта місця")).not_to_have_value("")
    expect(page.get_by_label("Район")).to_have_value("")
    page.screenshot(path=screenshot_dir / "services-address-district-uk-360.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Подати заяву").click()

    expect(page.locator("main")).to_contain_text("Центральний")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Application.objects.get().data["address-district"] == "Центральний"


def test_the_district_is_found_from_the_street_or_the_resident_is_told_what_to_do_on_a_360_px_phone(
    page, site, browser_log, world, log_in, assert_accessible, screenshot_dir
):
    """Issue 13: without a map point the street lists give the district; a street split between districts
    without a house number is refused in words on the address field, and nothing typed is lost."""
    from hromada.services import actions
    from hromada.services.tests.factories import district_spec, make_service
    from hromada.territory.actions import district_streets_set
    from tests.factories import DistrictFactory, square

    hromada = world.hromada
    lon, lat = hromada.center_lon, hromada.center_lat
    west = DistrictFactory(hromada=hromada, name="Західний", boundary=square(lon - 0.2, lat - 0.2, 0.2))
    east = DistrictFactory(hromada=hromada, name="Східний", boundary=square(lon, lat - 0.2, 0.2))
    district_streets_set(district=west, lines=["вул. Степова: непарні"])
    district_streets_set(district=east, lines=["вул. Степова: парні"])
    service = make_service(hromada, code="cnap-050", online=False)
    actions.definition_publish(service=service, spec=district_spec(), actor=None)
    page.set_viewport_size({"width": 360, "height": 800})
    log_in(world.resident.email, next_url=f"/en/services/{service.code}/apply/")

    for prefix, message, submit in (
        ("/en", "this street runs through more than one district", "Submit the application"),
        ("", "ця вулиця проходить через кілька районів", "Подати заяву"),
    ):
        language = prefix.strip("/") or "uk"
        page.goto(f"{prefix}/services/{service.code}/apply/")
        page.locator("input[name=rnokpp]").fill(RNOKPP)
        page.locator("select[name=kind]").select_option("house")
        page.locator("input[name=address]").fill("вул. Степова")
        with page.expect_navigation():
            page.get_by_role("button", name=submit).click()
        browser_log.allow(f"HTTP 400 POST {site}{prefix}/services/{service.code}/apply/")  # the refusal
        main = page.locator("main")
        if language == "en":  # the Ukrainian wording arrives with the catalogue (the lead applies it)
            expect(main).to_contain_text(message)
        expect(page.locator("input[name=address]")).to_have_value("вул. Степова")
        expect(page.locator("input[name=rnokpp]")).to_have_value(RNOKPP)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(
            path=screenshot_dir / f"services-address-street-refused-{language}-360.png", full_page=True
        )
        assert_accessible(page, f"application form refused for a split street ({language})")

    page.locator("input[name=address]").fill("вул. Степова, 8")
    with page.expect_navigation():
        page.get_by_role("button", name="Подати заяву").click()
    expect(page.locator("main")).to_contain_text("Східний")
    page.screenshot(path=screenshot_dir / "services-address-street-found-uk-360.png", full_page=True)
    assert Application.objects.get().data["address-district"] == "Східний"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_result_document_with_its_unofficial_english_rendering_fits_the_screen(
    page, world, log_in, clock, assert_accessible, screenshot_dir, width
):
    from hromada.services.tests.test_document_english import BOTH, _issued

    application = _issued(world, clock, BOTH)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(world.resident.email, next_url=f"/en/services/applications/{application.pk}/document/")
    expect(page.locator("main")).to_contain_text("Unofficial English translation")
    expect(page.locator("main")).to_contain_text("Issued to: Петренко Олена")
    for language in ("en", "uk"):
        if language == "uk":
            page.goto(f"/services/applications/{application.pk}/document/")
            expect(page.locator("main")).not_to_contain_text("Unofficial English translation")
        expect(page.locator("main")).to_contain_text("Видано: Петренко Олена")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, language
        page.screenshot(path=screenshot_dir / f"services-document-{language}-{width}.png", full_page=True)
        assert_accessible(page, f"result document ({language}, {width} px)")

"""Open city in headless Chromium: a resident drops a pin, picks a category, attaches a photo and files a
report; the report page shows the deadline and the redacted text; axe-core on the list, the form and the
report page; staff set the place of a report that came with an address only, at 360 and 1280 px in both
languages."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from hromada.opencity.models import LocationPrecision, Report
from hromada.opencity.tests.factories import make_category, make_city, make_report, member_of
from tests.factories import UserFactory, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 60, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_report_a_problem_with_a_pin_and_a_photo(page, site, log_in, hromada, assert_accessible):
    city = make_city(hromada)
    resident = UserFactory(hromada=hromada)

    log_in(resident.email, next_url="/en/city/")
    expect(page.locator("h1")).to_have_text("Open city")
    assert_accessible(page, "open city list")
    page.get_by_role("link", name="Report a problem").first.click()
    expect(page.locator("#point-map.leaflet-container")).to_be_visible()
    box = page.locator("#point-map").bounding_box()
    # The test district lies north-east of the hromada's map centre.
    page.locator("#point-map").click(position={"x": box["width"] / 2 + 30, "y": box["height"] / 2 - 30})
    expect(page.locator("input[name=lat]")).not_to_have_value("")
    page.locator("select[name=category]").select_option(str(city["category"].pk))
    page.locator("textarea[name=description]").fill("Глибока яма, дзвоніть 067 123 45 67")
    page.set_input_files(
        "input[name=photos]", files=[{"name": "pothole.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    assert_accessible(page, "report form")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the report").click()
    expect(page).to_have_url(re.compile(r"/en/city/\d+/$"))
    expect(page.locator("main")).to_contain_text("Deadline")
    expect(page.locator("main")).not_to_contain_text("067 123 45 67")
    assert_accessible(page, "report page")
    report = Report.objects.get()
    assert report.reporter == resident and report.photos.count() == 1
    assert report.district == city["west"]


def test_the_form_offers_a_plus_one_on_a_report_of_its_category_near_the_pin(
    page, site, log_in, hromada, screenshot_dir
):
    page.set_viewport_size({"width": 360, "height": 740})
    city = make_city(hromada)
    resident = UserFactory(hromada=hromada)
    log_in(resident.email, next_url="/en/city/new/")
    expect(page.locator("#point-map.leaflet-container")).to_be_visible()
    page.locator("select[name=category]").select_option(str(city["category"].pk))
    box = page.locator("#point-map").bounding_box()
    spot = {"x": box["width"] / 2 + 30, "y": box["height"] / 2 - 30}
    page.locator("#point-map").click(position=spot)
    expect(page.locator("input[name=lat]")).not_to_have_value("")
    expect(page.locator("#nearby")).not_to_contain_text("Already reported nearby")
    # Someone reports a problem of this category right there; the next tap on the spot offers it.
    lat = float(page.locator("input[name=lat]").input_value())
    lon = float(page.locator("input[name=lon]").input_value())
    existing = make_report(hromada, city["category"], lat=lat, lon=lon, description="Яма біля зупинки")
    page.locator("#point-map").click(position=spot)
    expect(page.locator("#nearby")).to_contain_text("Already reported nearby")
    expect(page.locator(f"#nearby a[href$='/city/{existing.pk}/']")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(screenshot_dir / "opencity-new-nearby-en-360.png"), full_page=True)
    # Typed coordinates far away ask again: nothing of this category there.
    page.locator("input[name=lat]").fill(f"{lat + 0.01:.6f}")
    page.locator("input[name=lat]").dispatch_event("change")
    expect(page.locator("#nearby")).not_to_contain_text("Already reported nearby")


@pytest.mark.parametrize("width", [360, 1280])
def test_staff_set_the_place_of_a_report_filed_with_an_address_only(
    page, site, log_in, hromada, assert_accessible, screenshot_dir, width
):
    city = make_city(hromada)
    official = member_of(city["roads"])
    make_category(hromada, code="streetlight", name="Не світить ліхтар", name_en="Street light is out")
    report = make_report(
        hromada,
        city["category"],
        address="вул. Садова, 120",
        location_precision=LocationPrecision.STREET,
    )
    device = totp_device(official)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(official.email)
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    for prefix, approximate in (("/en", "approximate, found from the address"), ("", "приблизно")):
        page.goto(f"{prefix}/city/{report.pk}/")
        expect(page.locator("main")).to_contain_text(approximate)
        expect(page.locator("#point-map.leaflet-container")).to_be_visible()
        expect(page.locator("select[name=recategorise-category]")).to_contain_text(
            "Street light is out" if prefix else "Не світить ліхтар"
        )
        language = prefix.strip("/") or "uk"
        page.screenshot(path=screenshot_dir / f"opencity-relocate-{language}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, language
    assert_accessible(page, "report page with the staff's map picker")

    box = page.locator("#point-map").bounding_box()
    page.locator("#point-map").click(position={"x": box["width"] / 2 + 40, "y": box["height"] / 2})
    expect(page.locator("input[name='relocate-lon']")).not_to_have_value(f"{report.lon}")
    with page.expect_navigation():
        page.get_by_role("button", name="Позначити місце").click()

    report.refresh_from_db()
    assert report.location_precision == LocationPrecision.POINT
    assert report.lon > 30.01
    expect(page.locator("main")).not_to_contain_text("приблизно")


def test_the_list_pages_map_follows_the_next_pages_of_the_reports_layer(page, site, hromada, monkeypatch):
    from hromada.opencity import selectors

    monkeypatch.setattr(selectors, "MAP_PAGE_SIZE", 2)  # five reports: three pages of the GeoJSON
    hromada.center_lat, hromada.center_lon, hromada.map_zoom = 50.01, 30.01, 15
    hromada.save(update_fields=["center_lat", "center_lon", "map_zoom"])
    city = make_city(hromada)
    for k in range(5):  # 0.003° apart: each in its own grid cell at zoom 15, so five markers
        make_report(hromada, city["category"], lat=50.01, lon=30.004 + k * 0.003)

    page.goto("/city/")

    city_map = page.locator("#city-map")
    expect(city_map).to_have_attribute("data-loaded", "5")
    expect(page.locator("#city-map .report-marker")).to_have_count(5)
    expect(city_map).not_to_have_attribute("data-error", "1")


@pytest.mark.parametrize("width", [360, 1280])
def test_staff_drag_a_rectangle_over_a_photo_and_blur_it(
    page, site, log_in, hromada, assert_accessible, screenshot_dir, width
):
    from PIL import Image

    city = make_city(hromada)
    official = member_of(city["roads"])
    buffer = io.BytesIO()
    Image.effect_noise((320, 240), 80).convert("RGB").save(buffer, format="PNG")
    report = make_report(hromada, city["category"], photos=[(buffer.getvalue(), "plate.png")])
    photo = report.photos.get()
    before = photo.image.name
    device = totp_device(official)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(official.email)
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    for prefix in ("/en", ""):
        page.goto(f"{prefix}/city/{report.pk}/")
        page.locator("details.blur-tool summary").click()
        language = prefix.strip("/") or "uk"
        page.screenshot(path=screenshot_dir / f"opencity-blur-{language}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, language
    assert_accessible(page, "report page with the blur tool")

    picker = page.locator(".blur-picker")
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.75, steps=5)
    page.mouse.up()
    field = f"blur-{photo.pk}"
    left = float(page.locator(f"#id_{field}-left").input_value())
    width_percent = float(page.locator(f"#id_{field}-width").input_value())
    assert 23 <= left <= 27 and 48 <= width_percent <= 52
    assert float(page.locator(".blur-box").get_attribute("width")) == pytest.approx(width_percent, abs=0.1)
    with page.expect_navigation():
        page.get_by_role("button", name="Розмити", exact=True).click()
    expect(page.locator("main")).to_contain_text("Частину фото розмито")
    photo.refresh_from_db()
    assert photo.image.name != before
    page.screenshot(path=screenshot_dir / f"opencity-blurred-uk-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [360, 1280])
def test_the_fix_check_on_the_report_page(
    page, site, log_in, hromada, assert_accessible, screenshot_dir, width
):
    import datetime as dt

    from hromada.opencity import actions
    from hromada.opencity.models import Status

    city = make_city(hromada)
    official = member_of(city["roads"])
    report = make_report(hromada, city["category"])
    actions.report_transition(report=report, by=official, target=Status.FIXED)
    report.refresh_from_db()
    Report.objects.filter(pk=report.pk).update(closed_at=report.closed_at - dt.timedelta(weeks=4, hours=1))
    report.refresh_from_db()
    actions.fix_check_send(report=report, fixed_at=report.closed_at)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(report.reporter.email)
    for prefix in ("/en", ""):
        page.goto(f"{prefix}/city/{report.pk}/#fix-check")
        expect(page.locator("#fix-check")).to_be_visible()
        language = prefix.strip("/") or "uk"
        page.screenshot(path=screenshot_dir / f"opencity-fixcheck-{language}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, language
    assert_accessible(page, "report page with the fix check")
    page.locator("#fix-check input[value=no]").check()
    page.locator("#fix-check textarea").fill("Яма знову з'явилась")
    with page.expect_navigation():
        page.get_by_role("button", name="Надіслати відповідь").click()
    report.refresh_from_db()
    assert report.status == Status.REOPENED

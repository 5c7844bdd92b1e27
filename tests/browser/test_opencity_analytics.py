"""The open city's analytics page in headless Chromium: at 360 and 1280 px in Ukrainian and English no
sideways scrolling, charts with their tables and CSV links, the overdue heatmap, a bad month kept with its
message, and axe-core on the public and the staff version."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from hromada.opencity.actions.analytics import reports_analytics_fill
from hromada.opencity.models import Report, Status
from hromada.opencity.tests.factories import make_category, make_city, make_report, member_of
from tests.factories import totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _reports(hromada):
    city = make_city(hromada)
    light = make_category(hromada, code="light", name="Освітлення вулиць і дворів", department=city["roads"])
    now = dt.datetime.now(dt.UTC)
    for index in range(12):
        category = light if index % 3 else city["category"]
        report = make_report(hromada, category)
        fixed = index % 4 == 0
        Report.objects.filter(pk=report.pk).update(
            district=city["west"] if index % 2 else city["east"],
            submitted_at=now - dt.timedelta(days=40 + 10 * index),
            due_at=now - dt.timedelta(days=30 + 10 * index),
            responded_at=now - dt.timedelta(days=39 + 10 * index),
            status=Status.FIXED if fixed else Status.IN_PROGRESS,
            closed_at=now - dt.timedelta(days=35 + 10 * index) if fixed else None,
        )
    # History written straight to the rows: the analytics' fields and summary are filled as for older rows.
    reports_analytics_fill(hromada=hromada, everything=True)
    return city


@pytest.mark.parametrize("width", [360, 1280])
def test_public_analytics_fit_the_screen_and_pass_axe(
    page, site, hromada, assert_accessible, browser_log, screenshot_dir, width
):
    _reports(hromada)
    page.set_viewport_size({"width": width, "height": 900})
    for prefix, title in (("", "Аналітика звернень мешканців"), ("/en", "Analytics of residents' reports")):
        page.goto(f"{site}{prefix}/city/analytics/")
        expect(page.locator("h1")).to_have_text(title)
        expect(page.locator("#chart-categories svg").first).to_be_visible()  # one bar per category row
        expect(page.locator("table.heatmap td.heat-4").first).to_be_visible()
        assert page.locator("a[href*='analytics/data.csv?what=']").count() >= 6
        language = prefix.strip("/") or "uk"
        page.screenshot(path=screenshot_dir / f"opencity-analytics-{language}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, prefix
    assert_accessible(page, f"analytics at {width} px")

    page.goto(f"{site}/city/analytics/?start=2026-13")
    expect(page.locator("input[name=start]")).to_have_value("2026-13")
    expect(page.locator("main")).to_contain_text("РРРР-ММ")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"analytics with a bad month at {width} px")
    # The bad month is answered 400 on purpose (the form with its message); the page fixture fails on any
    # other error response. remove() also checks that this one was a 400.
    browser_log.failed_responses.remove(f"HTTP 400 GET {site}/city/analytics/?start=2026-13")


def test_staff_analytics_link_the_overdue_reports(page, site, log_in, hromada, assert_accessible):
    city = _reports(hromada)
    official = member_of(city["roads"])
    device = totp_device(official)
    page.set_viewport_size({"width": 360, "height": 900})
    log_in(official.email)
    page.locator("input[name=token]").fill(totp_now(device))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.goto(f"{site}/city/analytics/")
    overdue = Report.objects.filter(status=Status.IN_PROGRESS).order_by("due_at").first()
    link = page.locator(f"#overdue-list-title ~ ul a[href$='/city/{overdue.pk}/']")
    expect(link).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "staff analytics")

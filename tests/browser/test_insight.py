"""The insight dashboard and index page in a real browser: at 360 px and 1280 px without sideways
scrolling, in both languages, passing axe-core, the charts drawn without a console (CSP) error."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from hromada.core import clock
from hromada.core.indicators import Quarter
from hromada.insight.actions import (
    month_figures_compute,
    self_report_add,
    self_report_correct,
    values_compute,
)
from hromada.insight.selectors import current_quarter
from tests.factories import browser_login_with_totp, make_administrator

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_and_the_index_fit_a_phone_and_a_desktop_and_pass_axe(
    page, site, hromada, assert_accessible, screenshot_dir
):
    administrator = make_administrator(hromada, full_name="Адміністраторка Олена")
    quarter: Quarter = current_quarter()
    first = self_report_add(
        hromada=hromada, actor=administrator, key="insight.skills_training", value=40,
        valid_from=clock.today(), document=io.BytesIO(PDF), filename="training.pdf",
    )  # fmt: skip
    latest = self_report_correct(hromada=hromada, actor=administrator, report=first, value=45,
                                 valid_from=clock.today() - dt.timedelta(days=1),
                                 reason="Відділ кадрів перерахував працівників.")  # fmt: skip
    values_compute(hromada=hromada, quarter=quarter)
    month_figures_compute(hromada=hromada)
    browser_login_with_totp(page, administrator, next_url="/insight/dashboard/")

    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for path in (
            "/insight/dashboard/",
            "/en/insight/dashboard/",
            f"/insight/index/{quarter}/",
            "/insight/",
            "/insight/frameworks/",
            f"/insight/self-report/{latest.pk}/",
            f"/en/insight/self-report/{latest.pk}/",
            f"/insight/self-report/{latest.pk}/correct/",
            "/en/insight/frameworks/",
            f"/en/insight/self-report/{latest.pk}/correct/",
            f"/en/insight/index/{quarter}/",
            "/insight/compare/",
        ):
            response = page.goto(path)
            assert response is not None and response.ok, path
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
            assert_accessible(page, f"{path} at {width}px")
            name = path.strip("/").replace("/", "-") or "home"
            page.screenshot(path=screenshot_dir / f"insight-{name}-{width}.png", full_page=True)
    page.goto(f"/insight/self-report/{latest.pk}/correct/")  # starts from the current value and date
    assert page.input_value("#id_valid_from") == latest.valid_from.isoformat()
    page.goto("/en/insight/dashboard/")
    assert page.locator("svg[role=img]").count() >= 5
    assert page.locator("figure.chart table").count() == page.locator("figure.chart").count()

"""The back office's way to the index: read-only lists of the self-reports and closed quarters, linking to
the index's pages and the dashboard."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from hromada.backoffice.tests.support import back_office_client
from hromada.core.indicators import Quarter
from hromada.insight.actions import quarter_close, self_report_add
from hromada.insight.models import ClosedQuarter, SelfReport
from tests.factories import make_official

from .conftest import PDF

pytestmark = pytest.mark.django_db


def test_the_back_office_lists_self_reports_and_closed_quarters_with_links_to_the_index(
    hromada, other_hromada, administrator, at_noon
):
    report = self_report_add(
        hromada=hromada, actor=administrator, key="insight.skills_training", value=40,
        valid_from=dt.date(2026, 10, 5), document=io.BytesIO(PDF), filename="training.pdf",
    )  # fmt: skip
    quarter_close(hromada=hromada, actor=administrator, quarter=Quarter(2026, 3))
    specialist = back_office_client(make_official(hromada))

    home = specialist.get("/admin/").content.decode()
    reports = specialist.get("/en/admin/insight/selfreport/")
    quarters = specialist.get("/en/admin/insight/closedquarter/").content.decode()

    assert "/admin/insight/selfreport/" in home and "/admin/insight/closedquarter/" in home
    page = reports.content.decode()
    assert "Share of staff trained in digital skills" in page and "40.0\u00a0%" in page
    assert f'href="/en/insight/self-report/{report.pk}/"' in page
    assert 'href="/en/insight/dashboard/"' in page and 'href="/en/insight/dashboard/"' in quarters
    assert 'href="/en/insight/index/2026-Q3/">Q3 2026</a>' in quarters
    # read-only: the index's pages and actions write these rows
    assert specialist.get("/en/admin/insight/selfreport/add/").status_code == 403
    deleting = specialist.post(f"/en/admin/insight/selfreport/{report.pk}/delete/", {"post": "yes"})
    assert deleting.status_code == 403
    assert SelfReport.objects.filter(pk=report.pk).exists() and ClosedQuarter.objects.count() == 1
    assert specialist.get(f"/en/admin/insight/selfreport/{report.pk}/change/").status_code == 200

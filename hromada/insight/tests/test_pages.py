"""The index's pages: who sees what, tenancy, the questionnaire export, self-reports and closing a quarter
through the pages, the CSV of every chart."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hromada.core.indicators import Quarter, indicators
from hromada.insight.actions import month_figures_compute, self_report_add, settings_save, values_compute
from hromada.insight.models import ClosedQuarter, MonthFigure, SelfReport
from hromada.insight.selectors import QUESTIONNAIRE_FIELDS
from tests.factories import UserFactory, login_with_totp, make_administrator, make_official

from .conftest import PDF

pytestmark = pytest.mark.django_db

OTHER = "verbivka.localhost"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def computed(hromada, at_noon):
    for quarter in (Quarter(2026, 3), Quarter(2026, 4)):
        values_compute(hromada=hromada, quarter=quarter)
    month_figures_compute(hromada=hromada)
    return hromada


def test_the_public_pages_open_to_anyone_and_show_only_public_indicators(computed):
    client = Client()

    overview = client.get("/en/insight/")
    index = client.get("/en/insight/index/2026-Q4/")

    assert overview.status_code == 200 and index.status_code == 200
    assert "Applications for services" in text_of(overview)
    assert "Share of the catalogue" in text_of(index)
    assert "two-factor" not in text_of(index)  # the security indicators are for officials
    # a self-reported value's document is the officials': the public is told so, not shown a bare dash
    assert "a document kept by the officials" in text_of(index)
    assert "#self-reports" not in index.content.decode()
    assert client.get("/en/insight/index/").status_code == 302
    assert client.get("/en/insight/frameworks/").status_code == 200
    assert client.get("/en/insight/index/2031-Q1/").status_code == 404  # a quarter that has not begun


def test_the_dashboard_is_for_the_hromadas_officials_past_two_factor(hromada, official, computed):
    resident = Client()
    resident.force_login(UserFactory(hromada=hromada))
    unverified = Client()
    unverified.force_login(official)

    assert Client().get("/en/insight/dashboard/").status_code == 302
    second_factor = unverified.get("/en/insight/dashboard/")
    assert second_factor.status_code == 302 and "two-factor" in second_factor.url  # not the login again
    assert resident.get("/en/insight/dashboard/").status_code == 403
    page = login_with_totp(official).get("/en/insight/dashboard/")
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert "Officials with two-factor authentication" in text_of(
        login_with_totp(official).get("/en/insight/index/2026-Q4/")
    )
    assert 'href="/en/services/statistics/"' in page.content.decode()  # each headline links to its module


def test_an_official_of_one_hromada_never_sees_anothers(hromada, other_hromada, administrator, at_noon):
    self_report_add(
        hromada=hromada, actor=administrator, key="insight.edms", value=1, valid_from=dt.date(2026, 10, 1),
        document=io.BytesIO(PDF), filename="ours.pdf",
    )  # fmt: skip
    values_compute(hromada=hromada, quarter=Quarter(2026, 4))
    report = SelfReport.objects.get()
    theirs = make_official(other_hromada)
    client = login_with_totp(theirs, client=Client(HTTP_HOST=OTHER))
    stranger_here = login_with_totp(make_official(other_hromada))

    assert stranger_here.get("/en/insight/dashboard/").status_code == 403
    assert client.get(f"/en/insight/self-report/{report.pk}/document/").status_code == 404
    page = client.get("/en/insight/dashboard/")
    assert page.status_code == 200 and "ours.pdf" not in page.content.decode()
    export = client.get("/en/insight/index/2026-Q4/export.csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert {r["value"] for r in rows if r["indicator"] == "insight.edms"} == {""}


def test_the_export_has_the_questionnaires_shape_in_csv_and_xlsx(official, computed):
    client = login_with_totp(official)

    response = client.get("/en/insight/index/2026-Q4/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    workbook = client.get("/en/insight/index/2026-Q4/export.xlsx")

    assert response["Content-Disposition"].endswith('.csv"')
    assert rows[0] == list(QUESTIONNAIRE_FIELDS)
    assert len(rows) == 1 + len(indicators())
    assert {r[0] for r in rows[1:]} == {"2026-Q4"}
    assert "Public services" in {r[1] for r in rows[1:]}
    sheet = zipfile.ZipFile(io.BytesIO(workbook.content)).read("xl/worksheets/sheet1.xml").decode()
    assert workbook.status_code == 200 and sheet.count("<row ") == 1 + len(indicators())
    assert Client().get("/en/insight/index/2026-Q4/export.csv").status_code == 302  # officials only


def test_a_self_report_is_entered_through_the_page_with_its_document(
    hromada, administrator, admin_client, at_noon
):
    refused = admin_client.post("/en/insight/self-report/", {"indicator": "insight.edms", "value": "1",
                                                             "valid_from": "2026-10-01"})  # fmt: skip
    accepted = admin_client.post(
        "/en/insight/self-report/",
        {"indicator": "insight.edms", "value": "1", "valid_from": "2026-10-01",
         "file": SimpleUploadedFile("order.pdf", PDF, content_type="application/pdf")},
    )  # fmt: skip

    assert (
        refused.status_code == 200
        and not SelfReport.objects.filter(value=1, indicator="insight.edms").count() > 1
    )
    assert accepted.status_code == 302
    report = SelfReport.objects.get()
    document = admin_client.get(f"/en/insight/self-report/{report.pk}/document/")
    assert document.status_code == 200 and b"".join(document.streaming_content) == PDF
    assert "attachment" in document["Content-Disposition"]
    official = login_with_totp(make_official(hromada))
    assert official.get("/en/insight/self-report/").status_code == 403


def test_closing_a_quarter_through_the_page(administrator, admin_client, official, computed):
    assert "Close Q3 2026" in text_of(admin_client.get("/en/insight/index/2026-Q3/"))
    assert "Close Q4 2026" not in text_of(admin_client.get("/en/insight/index/2026-Q4/"))
    assert "Закрити 3 кв. 2026" in text_of(admin_client.get("/insight/index/2026-Q3/"))

    login_with_totp(official).post("/en/insight/index/2026-Q3/close/")
    assert not ClosedQuarter.objects.exists()
    admin_client.post("/en/insight/index/2026-Q3/close/")

    assert ClosedQuarter.objects.filter(quarter="2026-Q3").exists()
    assert "closed: the values are final" in text_of(Client().get("/en/insight/index/2026-Q3/"))


def test_every_chart_has_its_csv_and_private_series_stay_private(computed, official, monkeypatch):
    from hromada.core import indicators as registry

    private = registry.Headline(
        key="test.private",
        title="Internal",
        compute=lambda **_: 1.0,
        url_name="insight:dashboard",
        public=False,
    )
    monkeypatch.setitem(registry._headlines, private.key, private)
    assert Client().get("/en/insight/series/test.private.csv").status_code == 404
    assert login_with_totp(official).get("/en/insight/series/test.private.csv").status_code == 200
    public = Client().get("/en/insight/series/services.applications.csv")
    trend = Client().get("/en/insight/trend.csv")

    assert public.status_code == 200
    rows = list(csv.DictReader(io.StringIO(public.content.decode("utf-8-sig"))))
    assert len(rows) == 12 and rows[-1]["month"] == "2026-11"
    assert trend.status_code == 200 and trend.content.decode("utf-8-sig").startswith("module,quarter,score")
    assert Client().get("/en/insight/series/nothing.csv").status_code == 404


def test_the_comparison_shows_only_hromadas_that_opted_in(hromada, other_hromada, administrator, at_noon):
    other_admin = make_administrator(other_hromada)
    settings_save(hromada=hromada, actor=administrator, comparison_opt_in=True, weights={})
    settings_save(hromada=other_hromada, actor=other_admin, comparison_opt_in=False, weights={})

    page = text_of(Client().get("/insight/compare/"))
    table = Client().get("/insight/compare.csv").content.decode("utf-8-sig")

    assert hromada.name in page and other_hromada.name not in page
    assert hromada.name in table and other_hromada.name not in table


def test_the_settings_page_stores_weights_and_refuses_officials(hromada, admin_client, official, at_noon):
    data = {"comparison_opt_in": "on", **{f"w_{i.key}": "1" for i in indicators()}, "w_services.on_time": "3"}

    assert login_with_totp(official).get("/en/insight/settings/").status_code == 403
    assert admin_client.post("/en/insight/settings/", data).status_code == 302

    from hromada.insight.selectors import settings_of

    stored = settings_of(hromada=hromada)
    assert stored.comparison_opt_in and stored.weights["services.on_time"] == 3


def test_the_public_trend_is_scored_from_the_public_indicators_only(hromada, official, computed):
    from hromada.insight.selectors import module_trend, recent_quarters

    quarters = recent_quarters(count=4)
    public = module_trend(hromada=hromada, quarters=quarters, public=True)["infrastructure"]
    private = module_trend(hromada=hromada, quarters=quarters, public=False)["infrastructure"]

    def infrastructure(response) -> list[str]:
        rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        return [r["score"] for r in rows if r["module"] == "infrastructure"]

    assert public != private  # the security indicators (officials only) weigh in the private one
    assert infrastructure(Client().get("/en/insight/trend.csv")) == [
        str(s) if s is not None else "" for _, s in public
    ]
    assert infrastructure(login_with_totp(official).get("/en/insight/trend.csv")) == [
        str(s) if s is not None else "" for _, s in private
    ]


def test_an_indicator_with_a_description_is_explained_on_the_index_page(computed):
    page = text_of(Client().get("/en/insight/index/2026-Q4/"))

    assert "checked for accessibility automatically in its tests; this value is the audit" in page


def test_a_headline_number_is_shown_in_its_unit(computed):
    MonthFigure.objects.filter(hromada=computed, series="cnapqueue.wait", month=dt.date(2026, 11, 1)).update(
        value=12
    )

    assert "This month: 12 minutes" in text_of(Client().get("/en/insight/"))
    assert "Цього місяця: 12 хвилин" in text_of(Client().get("/insight/"))


def test_the_problem_reports_sparkline_links_the_open_citys_analytics(computed):
    page = Client().get("/en/insight/").content.decode()

    link = re.search(r'<a href="([^"]+)">Statistics: Problem reports</a>', page)
    assert link and link.group(1) == "/en/city/analytics/"  # its statistics, not the list of reports
    assert Client().get(link.group(1)).status_code == 200


def test_what_would_raise_the_score_is_grouped_by_effort_and_names_the_module_it_raises(computed):
    text = text_of(Client().get("/en/insight/index/2026-Q4/"))
    advice = text.split("What would raise the score most", 1)[1].split("Trend by quarter", 1)[0]

    headings = [advice.find(h) for h in ("A setting or a habit", "Work of a department", "A project")]
    assert -1 not in headings and headings == sorted(headings)  # the easiest first
    project = advice[headings[2] :]
    edms = r"Electronic document management in use — \+[0-9.]+ to the score of “Digital infrastructure”"
    assert re.search(edms, project)
    assert "effort" not in advice


def test_every_page_of_the_index_leads_to_the_others(computed, official):
    anyone, staff = Client(), login_with_totp(official)

    for path in (
        "/en/insight/",
        "/en/insight/index/2026-Q4/",
        "/en/insight/frameworks/",
        "/en/insight/compare/",
    ):
        page = anyone.get(path).content.decode()
        nav = page.split('aria-label="Index pages"', 1)[1].split("</nav>", 1)[0]
        assert all(
            f'href="{link}"' in nav
            for link in (
                "/en/insight/",
                "/en/insight/index/2026-Q3/",
                "/en/insight/frameworks/",
                "/en/insight/compare/",
            )
        )
        assert "/dashboard/" not in nav, path  # the dashboard is offered to officials only
        assert 'href="/en/insight/dashboard/"' in staff.get(path).content.decode(), path


def test_a_sparklines_numbers_by_month_can_be_unfolded_by_anyone(computed):
    MonthFigure.objects.filter(
        hromada=computed, series="services.applications", month=dt.date(2026, 11, 1)
    ).update(value=17)
    page = Client().get("/en/insight/").content.decode()

    figure = page.split('id="chart-services-applications"', 1)[1].split("</figure>", 1)[0]
    numbers = re.search(
        r'<details class="chart-numbers"><summary>Show the numbers</summary>(.*?)</details>', figure, re.S
    )
    assert numbers and "visually-hidden" not in figure.split("<table", 1)[0].rsplit("<div", 1)[1]
    assert re.search(r"<th scope=\"row\">2026-11</th><td class=\"num\">17", numbers.group(1))


def test_a_percentage_keeps_its_sign_on_its_line(computed):
    from django.utils import translation

    from hromada.insight.templatetags.insight_tags import indicator_value

    assert indicator_value(100, "percent") == "100,0\u00a0%"  # Ukrainian, the default
    with translation.override("en"):
        assert indicator_value(21.1, "percent") == "21.1\u00a0%"
    assert "\u00a0%" in Client().get("/en/insight/index/2026-Q4/").content.decode()


def test_the_index_pages_module_chart_links_the_csv_of_its_own_quarter(computed):
    client = Client()
    page = client.get("/en/insight/index/2026-Q3/").content.decode()

    link = re.search(r'<figure[^>]*id="chart-modules".*?<a href="([^"]+)" download', page, re.S)
    assert link and link.group(1) == "/en/insight/trend.csv?quarter=2026-Q3"
    rows = list(csv.DictReader(io.StringIO(client.get(link.group(1)).content.decode("utf-8-sig"))))
    assert {r["quarter"] for r in rows} == {"2026-Q3"} and len(rows) == 4
    assert client.get("/en/insight/trend.csv?quarter=2026-Q9").status_code == 404


def test_the_frameworks_page_names_the_transparent_cities_editions_and_why_numbers_are_not_mapped(computed):
    page = text_of(Client().get("/en/insight/frameworks/"))
    uk_page = text_of(Client().get("/insight/frameworks/"))

    assert (
        "Editions of the criteria consulted" in page and "18 February 2026" in page and "40 criteria" in page
    )
    assert "Criterion numbers are not mapped: the editions above" in page
    assert (
        "40 критеріїв" in uk_page
        and "18 лютого 2026" in uk_page
        and "Номери критеріїв не зіставлено" in uk_page
    )

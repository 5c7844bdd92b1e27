"""Analytics of residents' reports (issue 16 §5): each aggregate on hand-built rows, the filters and bad
filter input, tenancy, the CSV tables, and that the public page shows no person and no text."""

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hromada.opencity import selectors
from hromada.opencity.actions.analytics import reports_analytics_fill
from hromada.opencity.forms import AnalyticsFilterForm
from hromada.opencity.models import Report, Status
from hromada.opencity.selectors import AnalyticsFilters
from tests.factories import DistrictFactory, UserFactory

from .factories import make_category, make_city, make_report

KYIV = ZoneInfo("Europe/Kyiv")
FUTURE = dt.datetime(2099, 1, 1, tzinfo=KYIV)


def at(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=KYIV)


@pytest.fixture
def city(hromada):
    return make_city(hromada)


def row(
    hromada,
    category,
    district,
    submitted,
    *,
    status=Status.NEW,
    responded=None,
    closed=None,
    due=None,
    channel="web",
    reopen_count=0,
    close_reason="",
    description="Яма на дорозі",
    reporter=None,
):
    """One report with exactly these dates and this state (written straight to the row, as history, then
    the analytics' fields filled by the fill step)."""
    report = make_report(hromada, category, description=description, reporter=reporter)
    Report.objects.filter(pk=report.pk).update(
        district=district,
        submitted_at=submitted,
        responded_at=responded,
        closed_at=closed,
        due_at=due or FUTURE,
        status=status,
        channel=channel,
        reopen_count=reopen_count,
        close_reason=close_reason,
    )
    # History written straight to the row, so the analytics' fields are filled as for older rows.
    reports_analytics_fill(hromada=hromada, everything=True)
    return report


ALL = AnalyticsFilters()


@pytest.fixture
def rows(hromada, city):
    """West: 3 potholes (fixed in 1, 2 and 10 days), east: 1 light closed as duplicate, 1 pothole overdue."""
    pothole, west, east = city["category"], city["west"], city["east"]
    light = make_category(hromada, code="light", name="Освітлення", department=city["roads"], sla_days=3)
    row(
        hromada,
        pothole,
        west,
        at(3, 1),
        status=Status.FIXED,
        responded=at(3, 1, 11),
        closed=at(3, 2),
        due=at(3, 8),
    )
    row(
        hromada,
        pothole,
        west,
        at(3, 5),
        status=Status.FIXED,
        responded=at(3, 5, 13),
        closed=at(3, 7),
        due=at(3, 12),
        channel="api",
        reopen_count=1,
    )
    row(
        hromada,
        pothole,
        west,
        at(4, 1),
        status=Status.FIXED,
        responded=at(4, 1, 21),
        closed=at(4, 11),
        due=at(4, 8),
        channel="callcentre",
    )
    row(
        hromada,
        light,
        east,
        at(4, 2),
        status=Status.CLOSED,
        responded=at(4, 2, 10),
        closed=at(4, 3),
        due=at(4, 7),
        close_reason="duplicate",
    )
    row(hromada, pothole, east, at(4, 20), status=Status.IN_PROGRESS, due=at(4, 27))
    return {"pothole": pothole, "light": light, "west": west, "east": east}


def test_reports_are_counted_by_category_district_channel_and_month(hromada, rows):
    assert selectors.analytics_by_category(hromada=hromada, filters=ALL, language="uk") == [
        ("Категорія pothole", 4),
        ("Освітлення", 1),
    ]
    assert selectors.analytics_by_district(hromada=hromada, filters=ALL, language="uk") == [
        ("Західний", 3),
        ("Східний", 2),
    ]
    channels = dict(selectors.analytics_by_channel(hromada=hromada, filters=ALL))
    assert sorted(channels.values()) == [1, 1, 3] and len(channels) == 3
    assert selectors.analytics_by_month(hromada=hromada, filters=ALL) == [("2026-03", 2), ("2026-04", 3)]


def test_a_month_without_reports_between_two_with_reports_counts_zero(hromada, rows):
    row(hromada, rows["pothole"], rows["west"], at(6, 3))

    assert selectors.analytics_by_month(hromada=hromada, filters=ALL) == [
        ("2026-03", 2),
        ("2026-04", 3),
        ("2026-05", 0),
        ("2026-06", 1),
    ]


def test_the_page_names_months_in_words_and_the_csv_keeps_iso_months(client, hromada, rows):
    page = client.get(reverse("opencity:analytics")).content.decode()
    english = client.get("/en" + reverse("opencity:analytics")).content.decode()

    assert "Березень 2026" in page and "Квітень 2026" in page and ">2026-03<" not in page
    assert "March 2026" in english
    iso = client.get(reverse("opencity:analytics_csv"), {"what": "months"}).content.decode("utf-8-sig")
    assert "2026-03,2" in iso


def test_medians_of_response_and_fix_per_category_in_working_days(hromada, rows):
    timing = {t.code: t for t in selectors.analytics_timing(hromada=hromada, filters=ALL)}
    pothole, light = timing["pothole"], timing["light"]
    # Every response came on the day of filing: 0 working days.
    assert pothole.median_response_working_days == 0.0
    # Fixes: Sunday 1 March → Monday (1 working day), Thursday 5 March → Saturday (Friday only: 1, though
    # two calendar days), Wednesday 1 April → Saturday 11 April (7). The median is 1; two of three were
    # closed by the deadline.
    assert pothole.median_fix_working_days == 1.0
    assert (pothole.reports, pothole.closed, pothole.on_time, pothole.on_time_share) == (4, 3, 2, 67)
    assert pothole.sla_days == 5
    # A closed-not-fixed report has a response but no fix time.
    assert light.median_response_working_days == 0.0 and light.median_fix_working_days is None
    assert (light.closed, light.on_time) == (1, 1)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(hromada, city):
    monday = at(5, 4, 8)
    for days in (0, 1, 3, 14):  # 0, 1, 3 and 10 working days (two weekends in 14 days)
        row(hromada, city["category"], city["west"], monday, responded=monday + dt.timedelta(days=days))
    [timing] = selectors.analytics_timing(hromada=hromada, filters=ALL)
    assert timing.median_response_working_days == 2.0 and timing.median_fix_working_days is None


def test_working_days_follow_the_hromadas_calendar_and_the_kyiv_date(hromada, city):
    """A day off the hromada declared is not counted; a fix at 01:00 Kyiv time on Tuesday (still Monday in
    UTC) counts Tuesday."""
    from hromada.core.models import CalendarOverride

    friday = at(5, 8, 17)
    CalendarOverride.objects.create(
        hromada=hromada, date=dt.date(2026, 5, 11), is_day_off=True, reason="День жалоби"
    )  # a Monday
    row(
        hromada,
        city["category"],
        city["west"],
        friday,
        status=Status.FIXED,
        closed=dt.datetime(2026, 5, 12, 1, 0, tzinfo=KYIV),
    )
    [timing] = selectors.analytics_timing(hromada=hromada, filters=ALL)
    assert timing.median_fix_working_days == 1.0  # Tuesday only: the weekend and Monday are days off


def test_fixed_and_closed_not_fixed_reopen_and_duplicate_rates(hromada, rows):
    o = selectors.analytics_outcomes(hromada=hromada, filters=ALL)
    assert (o.total, o.open, o.fixed, o.closed_not_fixed, o.reopened, o.duplicates) == (5, 1, 3, 1, 1, 1)
    assert o.reopen_rate == 20 and o.duplicate_rate == 20


def test_the_page_shows_shares_as_whole_percentages(client, hromada, rows):
    page = client.get(reverse("opencity:analytics")).content.decode()
    assert "2 / 3 (67%)" in page and "(20%)" in page and ".0%" not in page


def test_overdue_heatmap_counts_open_reports_past_their_deadline_by_district_and_category(hromada, rows):
    heat = selectors.analytics_overdue_heatmap(hromada=hromada, filters=ALL, language="uk")
    # Only the open east pothole is overdue; the late-fixed west one is closed, so it is not.
    assert heat.total == 1
    assert heat.districts == [(rows["east"].pk, "Східний")] and heat.categories == [
        (rows["pothole"].pk, "Категорія pothole")
    ]
    assert heat.cells == [[1]] and heat.levels == [[4]]
    row(hromada, rows["light"], rows["west"], at(5, 1), due=at(5, 2))
    row(hromada, rows["light"], rows["west"], at(5, 1), due=at(5, 2))
    row(hromada, rows["light"], rows["west"], at(5, 1), due=at(5, 2))
    row(hromada, rows["light"], rows["west"], at(5, 1), due=at(5, 2))
    heat = selectors.analytics_overdue_heatmap(hromada=hromada, filters=ALL, language="uk")
    assert [name for _pk, name in heat.districts] == ["Західний", "Східний"]
    assert [name for _pk, name in heat.categories] == ["Категорія pothole", "Освітлення"]
    assert heat.cells == [[0, 4], [1, 0]] and heat.levels == [[0, 4], [1, 0]]
    # The districts on the map: both drawn, shaded by their totals (west 4, east 1).
    assert [(s.name, s.overdue, s.level) for s in heat.shapes] == [("Західний", 4, 4), ("Східний", 1, 1)]
    assert all(s.path.startswith("M") for s in heat.shapes) and heat.map_width == 320


def test_the_page_draws_the_districts_shaded_with_their_overdue_counts_in_words(client, hromada, rows):
    page = client.get(reverse("opencity:analytics")).content.decode()
    assert 'class="overdue-map"' in page and page.count('<path d="M') == 2
    assert "Західний: 0 звернень після строку" in page and "Східний: 1 звернення після строку" in page


def test_filters_by_period_category_and_district(hromada, rows):
    march = AnalyticsFilters(start=at(3, 1, 0), end=at(4, 1, 0))
    assert selectors.analytics_outcomes(hromada=hromada, filters=march).total == 2
    lights = AnalyticsFilters(category="light")
    assert selectors.analytics_by_category(hromada=hromada, filters=lights, language="uk") == [
        ("Освітлення", 1)
    ]
    east = AnalyticsFilters(district=rows["east"].pk)
    assert selectors.analytics_outcomes(hromada=hromada, filters=east).total == 2


def test_another_hromadas_reports_are_never_counted(hromada, other_hromada, rows):
    theirs = make_category(other_hromada, code="pothole")
    their_district = DistrictFactory(hromada=other_hromada)
    row(other_hromada, theirs, their_district, at(3, 2), due=at(3, 3))
    row(
        other_hromada,
        theirs,
        their_district,
        at(3, 2),
        status=Status.FIXED,
        responded=at(3, 2, 10),
        closed=at(3, 3),
        due=at(3, 4),
    )
    assert selectors.analytics_outcomes(hromada=hromada, filters=ALL).total == 5
    assert selectors.analytics_overdue_heatmap(hromada=hromada, filters=ALL, language="uk").total == 1
    assert sum(n for _m, n in selectors.analytics_by_month(hromada=hromada, filters=ALL)) == 5
    timing = {t.code: t for t in selectors.analytics_timing(hromada=hromada, filters=ALL)}
    assert timing["pothole"].reports == 4 and timing["pothole"].median_response_working_days == 0.0
    mine = Client().get(reverse("opencity:analytics_csv"), {"what": "outcomes"})
    [outcomes] = csv.DictReader(io.StringIO(mine.content.decode("utf-8-sig")))
    assert outcomes["total"] == "5"


def test_the_page_filters_by_month_and_keeps_bad_input_with_a_message(client, hromada, rows):
    page = client.get(reverse("opencity:analytics"), {"start": "2026-04", "end": "2026-04"})
    assert page.status_code == 200
    assert page.context["data"]["outcomes"].total == 3
    bad = client.get(
        reverse("opencity:analytics"), {"start": "2026-13", "end": "квітень", "category": "light"}
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert 'value="2026-13"' in text and 'value="квітень"' in text and "РРРР-ММ" in text
    reversed_period = client.get(reverse("opencity:analytics"), {"start": "2026-05", "end": "2026-03"})
    assert reversed_period.status_code == 400 and "data" not in reversed_period.context
    unknown = client.get(reverse("opencity:analytics"), {"category": "nonsense", "district": "abc"})
    assert unknown.status_code == 400


def test_csv_tables_have_their_columns_and_unknown_tables_are_refused(client, hromada, rows):
    def table(what: str, **params: str) -> list[dict[str, str]]:
        response = client.get(reverse("opencity:analytics_csv"), {"what": what, **params})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"] == f'attachment; filename="reports-{what}.csv"'
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert table("categories") == [
        {"category": "Категорія pothole", "reports": "4"},
        {"category": "Освітлення", "reports": "1"},
    ]
    assert table("months") == [{"month": "2026-03", "reports": "2"}, {"month": "2026-04", "reports": "3"}]
    assert table("months", start="2026-04") == [{"month": "2026-04", "reports": "3"}]
    assert [r["district"] for r in table("districts")] == ["Західний", "Східний"]
    assert sum(int(r["reports"]) for r in table("channels")) == 5
    timing = {r["code"]: r for r in table("timing")}
    assert timing["pothole"]["median_fix_working_days"] == "1.0"
    assert timing["light"]["median_fix_working_days"] == ""
    assert table("outcomes") == [
        {"total": "5", "open": "1", "fixed": "3", "closed_not_fixed": "1", "reopened": "1", "duplicates": "1"}
    ]
    assert table("overdue") == [{"district": "Східний", "category": "Категорія pothole", "overdue": "1"}]
    for what in ("", "reporters", "categories;drop"):
        assert client.get(reverse("opencity:analytics_csv"), {"what": what}).status_code == 400
    assert (
        client.get(reverse("opencity:analytics_csv"), {"what": "months", "start": "2026-99"}).status_code
        == 400
    )


def test_public_page_shows_no_person_and_no_text(client, hromada, city):
    reporter = UserFactory(hromada=hromada, full_name="Остап Вишняков", email="ostap@example.org")
    row(
        hromada,
        city["category"],
        city["east"],
        at(4, 20),
        due=at(4, 21),
        reporter=reporter,
        description="Глибока вибоїна біля під'їзду, дзвоніть 0671234567",
    )
    page = client.get(reverse("opencity:analytics"))
    text = page.content.decode()
    assert page.status_code == 200 and "Категорія pothole" in text
    for private in (
        "Остап",
        "Вишняков",
        "ostap@",
        "вибоїна",
        "0671234567",
        "/city/" + str(Report.objects.get().pk) + "/",
    ):
        assert private not in text
    assert "overdue_reports" in page.context and not page.context["overdue_reports"]


def test_staff_of_the_hromada_see_overdue_reports_linked(official_client, hromada, rows):
    overdue = Report.objects.get(status=Status.IN_PROGRESS)
    text = official_client.get(reverse("opencity:analytics")).content.decode()
    assert reverse("opencity:report", args=[overdue.pk]) in text


def test_staff_of_another_hromada_see_only_the_public_page(hromada, other_hromada, rows):
    from tests.factories import make_official

    stranger = make_official(other_hromada)
    client = Client()
    client.force_login(stranger)
    overdue = Report.objects.get(status=Status.IN_PROGRESS)
    text = client.get(reverse("opencity:analytics")).content.decode()
    assert reverse("opencity:report", args=[overdue.pk]) not in text


def test_page_in_english_and_ukrainian_plurals(client, hromada, rows):
    uk = client.get(reverse("opencity:analytics")).content.decode()
    assert "5 звернень" in uk and "1 відкрите звернення" in uk
    assert "<dt>Відкриті</dt>" in uk and "<dt>Підсумок" not in uk and "Підсумок" in uk
    en = client.get("/en" + reverse("opencity:analytics")).content.decode()
    assert "5 reports in the chosen period." in en


def test_the_list_page_links_the_analytics(client, hromada, city):
    assert reverse("opencity:analytics") in client.get(reverse("opencity:index")).content.decode()


def test_open_data_reports_carry_the_analytics_fields_and_no_personal_data(
    client, hromada, other_hromada, city
):
    reporter = UserFactory(hromada=hromada, full_name="Остап Вишняков", email="ostap@example.org")
    fixed = row(
        hromada,
        city["category"],
        city["west"],
        at(3, 1),
        status=Status.FIXED,
        responded=at(3, 1, 11),
        closed=at(3, 2),
        due=at(3, 8),
        channel="api",
        reporter=reporter,
        description="Яма, дзвоніть 0671234567",
    )
    overdue = row(hromada, city["category"], city["east"], at(4, 1), due=at(4, 2))
    running = row(hromada, city["category"], city["east"], at(4, 1))
    row(other_hromada, make_category(other_hromada), None, at(4, 1))
    response = client.get(reverse("opendata:download", args=["problem-reports", "csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    for private in ("Остап", "ostap@", "Яма", "0671234567", "50.01"):
        assert private not in text
    rows_ = {int(r["id"]): r for r in csv.DictReader(io.StringIO(text))}
    assert set(rows_) == {fixed.pk, overdue.pk, running.pk}
    first = rows_[fixed.pk]
    assert (first["category_code"], first["district"], first["channel"], first["status"]) == (
        "pothole",
        "Західний",
        "api",
        "fixed",
    )
    assert first["submitted_at"].startswith("2026-03-01T09:00:00+02:00") and first["closed_at"].startswith(
        "2026-03-02"
    )
    assert [rows_[k]["sla_met"] for k in (fixed.pk, overdue.pk, running.pk)] == ["true", "false", ""]
    streamed = client.get(reverse("opendata:download", args=["problem-reports", "json"])).streaming_content
    as_json = json.loads(b"".join(streamed))
    assert {item["id"] for item in as_json["items"]} == {fixed.pk, overdue.pk, running.pk}


def test_a_csv_download_runs_only_the_queries_its_table_needs(client, hromada, rows):
    url = reverse("opencity:analytics_csv")
    client.get(url, {"what": "channels"})  # warm the per-process caches (hromada, categories)
    with CaptureQueriesContext(connection) as one_table:
        client.get(url, {"what": "channels"})
    with CaptureQueriesContext(connection) as whole_page:
        client.get(reverse("opencity:analytics"))

    def reads(queries, table):
        return sum(f'"{table}"' in q["sql"] for q in queries.captured_queries)

    # The summary's counts only: no medians, no overdue, no report read.
    assert reads(one_table, "opencity_reportcount") == 1
    assert reads(one_table, "opencity_reportdays") == reads(one_table, "opencity_reportdue") == 0
    assert reads(one_table, "opencity_report") == 0
    # The whole page: the counts summed by category, district, channel and month (shared by the tables),
    # the medians' histograms, the overdue months before this one, and the reports due this month before
    # now (read live).
    assert reads(whole_page, "opencity_reportcount") == 4
    assert reads(whole_page, "opencity_reportdays") == reads(whole_page, "opencity_reportdue") == 1
    assert reads(whole_page, "opencity_report") == 1  # this month's deadlines (ids in a subquery)
    # Filtered by a district: the same, the medians from the per-district histograms.
    with CaptureQueriesContext(connection) as district_page:
        client.get(reverse("opencity:analytics"), {"district": rows["east"].pk})
    assert reads(district_page, "opencity_reportcount") == 4
    assert reads(district_page, "opencity_reportdistrictdays") == 1
    assert reads(district_page, "opencity_reportdue") == 1
    assert reads(district_page, "opencity_reportdays") == 0
    assert reads(district_page, "opencity_report") == 1


def test_the_period_runs_from_the_first_kyiv_midnight_to_the_one_after_the_last_month():
    form = AnalyticsFilterForm({"start": "2026-03", "end": "2026-12"}, categories=[], districts=[])
    assert form.is_valid()
    filters = form.filters()
    assert filters.start == dt.datetime(2026, 3, 1, tzinfo=ZoneInfo("Europe/Kyiv"))
    assert filters.end == dt.datetime(2027, 1, 1, tzinfo=ZoneInfo("Europe/Kyiv"))

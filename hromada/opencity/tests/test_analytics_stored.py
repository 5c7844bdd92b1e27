"""What the analytics keep on each report (issue 16 §5 at 200,000 reports): the actions store the Kyiv month
of filing and the working days to the first response and to the fix when they happen; the fill step computes
the same for older rows; the stored numbers give the same medians as counting from the dates did; the page's
query count does not grow with the reports."""

import datetime as dt
import io
import random
import secrets
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hromada.core.calendar import calendar_for
from hromada.core.workdays import WorkingCalendar
from hromada.opencity import actions, selectors, timing
from hromada.opencity.actions.analytics import reports_analytics_fill
from hromada.opencity.models import Report, Status

from .factories import make_city, make_report, member_of

KYIV = ZoneInfo("Europe/Kyiv")
ALL = selectors.AnalyticsFilters()


@pytest.fixture
def city(hromada):
    return make_city(hromada)


# ------------------------------------------------------------------- the pure core


def test_the_counter_agrees_with_the_calendar_in_any_order_of_dates():
    calendar = WorkingCalendar(martial_law=False, extra_days_off=frozenset({date(2026, 5, 11)}))
    counter = timing.WorkingDayCounter(calendar)
    rng = random.Random(5)
    for _ in range(300):  # dates in random order: the counter extends both ways
        a = date(2026, 1, 1) + timedelta(days=rng.randrange(400))
        b = a + timedelta(days=rng.randrange(40))
        assert counter.between_dates(a, b) == calendar.working_days_between(a, b)
    assert counter.between_dates(date(2026, 5, 12), date(2026, 5, 1)) == 0  # never negative


def test_the_counter_counts_kyiv_dates_not_utc_ones():
    counter = timing.WorkingDayCounter(WorkingCalendar(martial_law=True))
    friday = dt.datetime(2026, 5, 8, 17, tzinfo=KYIV)
    tuesday_01_kyiv = dt.datetime(2026, 5, 11, 22, 0, tzinfo=dt.UTC)  # Tuesday 01:00 in Kyiv
    assert counter.between(friday, tuesday_01_kyiv) == 2  # Monday and Tuesday
    assert timing.month_of(dt.datetime(2026, 5, 31, 21, 30, tzinfo=dt.UTC)) == date(2026, 6, 1)


def test_the_histogram_median_is_exact():
    assert timing.histogram_median([]) is None
    assert timing.histogram_median([(3, 1)]) == 3.0
    assert timing.histogram_median([(10, 1), (0, 1), (3, 1), (1, 1)]) == 2.0  # mean of the middle two
    assert timing.histogram_median([(0, 5), (7, 4)]) == 0.0
    assert timing.histogram_median([(0, 5), (7, 5)]) == 3.5


# ------------------------------------------------------------------- the actions store them


def test_the_actions_store_the_month_and_the_working_days_when_they_happen(clock, hromada, city):
    staff = member_of(city["roads"])
    clock.set(dt.datetime(2026, 5, 31, 23, 30, tzinfo=KYIV))  # Sunday, still May in Kyiv (20:30 UTC)
    report = make_report(hromada, city["category"])
    assert report.submitted_month == date(2026, 5, 1)
    assert report.response_working_days is None and report.fix_working_days is None

    clock.set(dt.datetime(2026, 6, 2, 10, tzinfo=KYIV))  # Tuesday: Monday and Tuesday
    actions.report_transition(report=report, by=staff, target=Status.ACCEPTED)
    clock.set(dt.datetime(2026, 6, 4, 0, 30, tzinfo=KYIV))  # Thursday 00:30 Kyiv (Wednesday in UTC)
    actions.report_transition(report=report, by=staff, target=Status.FIXED)
    report.refresh_from_db()
    assert (report.response_working_days, report.fix_working_days) == (2, 4)

    actions.report_verdict(report=report, person=report.reporter, fixed=False)  # disputed: reopened
    report.refresh_from_db()
    assert report.status == Status.REOPENED and report.fix_working_days is None
    assert report.response_working_days == 2  # the first response stays

    clock.set(dt.datetime(2026, 6, 8, 9, tzinfo=KYIV))  # the next Monday
    actions.report_transition(report=report, by=staff, target=Status.FIXED)
    report.refresh_from_db()
    assert report.fix_working_days == 6

    actions.report_transition(report=report, by=staff, target=Status.REOPENED)
    actions.report_transition(
        report=report, by=staff, target=Status.CLOSED, reason="no_further_action", text="Ні"
    )
    report.refresh_from_db()
    assert report.fix_working_days is None  # closed, not fixed: no time to a fix


def test_a_public_update_is_a_first_response_with_its_working_days(clock, hromada, city):
    staff = member_of(city["roads"])
    clock.set(dt.datetime(2026, 6, 5, 16, tzinfo=KYIV))  # Friday
    report = make_report(hromada, city["category"])
    clock.set(dt.datetime(2026, 6, 8, 9, tzinfo=KYIV))  # Monday
    actions.report_update_add(report=report, by=staff, text="Дивимося", public=True)
    report.refresh_from_db()
    assert report.response_working_days == 1


# ------------------------------------------------------------------- the fill step, against the old way


def _old_medians(qs: QuerySet, calendar: WorkingCalendar, start: str, end: str) -> dict[int, float | None]:
    """The analytics' medians as they were computed before the numbers were stored: grouped by category
    and the two Kyiv dates in the database, working days counted in Python (kept here as the reference)."""
    groups = list(
        qs.annotate(day_from=TruncDate(start, tzinfo=KYIV), day_to=TruncDate(end, tzinfo=KYIV))
        .values_list("category_id", "day_from", "day_to")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_category: dict[int, list[tuple[int, int]]] = {}
    for category_id, day_from, day_to, n in groups:
        days = calendar.working_days_between(day_from, day_to) if day_to >= day_from else 0
        by_category.setdefault(category_id, []).append((days, n))
    return {pk: timing.histogram_median(values) for pk, values in by_category.items()}


def _history(hromada, city, n: int, seed: int = 16) -> None:
    """``n`` reports with random dates and states written straight to the rows (as older history is)."""
    from hromada.core.models import CalendarOverride
    from hromada.opencity.models import Category

    from .factories import make_category

    CalendarOverride.objects.get_or_create(
        hromada=hromada, date=date(2026, 3, 9), defaults={"is_day_off": True, "reason": "Вихідний"}
    )
    light = Category.objects.filter(hromada=hromada, code="light").first() or make_category(
        hromada, code="light", department=city["roads"], sla_days=3
    )
    rng = random.Random(seed)
    template = make_report(hromada, city["category"])
    rows = []
    for _ in range(n):
        submitted = dt.datetime(2026, 1, 1, tzinfo=KYIV) + timedelta(minutes=rng.randrange(200 * 24 * 60))
        status = rng.choice([Status.NEW, Status.ACCEPTED, Status.FIXED, Status.FIXED, Status.CLOSED])
        # Answers and fixes near midnight too: the Kyiv date is what counts.
        responded = (
            submitted + timedelta(minutes=rng.randrange(9 * 24 * 60)) if status != Status.NEW else None
        )
        closed = (
            submitted + timedelta(minutes=rng.randrange(30 * 24 * 60))
            if status in (Status.FIXED, Status.CLOSED)
            else None
        )
        rows.append(
            Report(
                hromada=hromada,
                category=rng.choice([city["category"], light]),
                district=rng.choice([city["west"], city["east"]]),
                lat=template.lat,
                lon=template.lon,
                description="Яма",
                public_description="Яма",
                status=status,
                close_reason="no_further_action" if status == Status.CLOSED else "",
                token=secrets.token_hex(16),
                submitted_at=submitted,
                due_at=submitted + timedelta(days=7),
                status_changed_at=submitted,
                responded_at=responded,
                closed_at=closed,
            )
        )
    Report.objects.bulk_create(rows)
    template.delete()


def test_the_stored_numbers_give_the_medians_the_dates_gave(hromada, city):
    _history(hromada, city, 400)
    out = io.StringIO()
    call_command("opencity_analytics", "--batch-size", "150", stdout=out)
    assert "150 / 400" in out.getvalue() and "Reports filled: 400." in out.getvalue()

    calendar = calendar_for(hromada=hromada)
    reports = Report.objects.filter(hromada=hromada)
    old_response = _old_medians(
        reports.filter(responded_at__isnull=False), calendar, "submitted_at", "responded_at"
    )
    old_fix = _old_medians(reports.filter(status=Status.FIXED), calendar, "submitted_at", "closed_at")
    timings = selectors.analytics_timing(hromada=hromada, filters=ALL)
    assert len(timings) == 2
    for t in timings:
        pk = reports.filter(category__code=t.code).values_list("category_id", flat=True)[0]
        assert t.median_response_working_days == old_response[pk]
        assert t.median_fix_working_days == old_fix[pk]
    # Each row, too: the working days between the Kyiv dates, as deadlines count them.
    for r in reports:
        assert r.submitted_month == r.submitted_at.astimezone(KYIV).date().replace(day=1)
        if r.responded_at:
            a, b = r.submitted_at.astimezone(KYIV).date(), r.responded_at.astimezone(KYIV).date()
            assert r.response_working_days == calendar.working_days_between(a, b)
        else:
            assert r.response_working_days is None
        assert (r.fix_working_days is not None) == (r.status == Status.FIXED)


def test_the_fill_step_touches_only_rows_that_lack_the_numbers_unless_asked(hromada, city):
    _history(hromada, city, 30)
    assert reports_analytics_fill(hromada=hromada) == 30
    assert reports_analytics_fill(hromada=hromada) == 0
    assert reports_analytics_fill(hromada=hromada, everything=True) == 30


@pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont is PostgreSQL's")
def test_postgresql_medians_equal_the_histograms(hromada, city):
    _history(hromada, city, 300)
    reports_analytics_fill(hromada=hromada)
    for filters in (ALL, selectors.AnalyticsFilters(district=city["west"].pk)):
        in_sql = selectors.analytics_medians(
            hromada=hromada, filters=filters, exact_in_sql=True, from_summary=False
        )
        histogram = selectors.analytics_medians(
            hromada=hromada, filters=filters, exact_in_sql=False, from_summary=False
        )
        summed = selectors.analytics_medians(hromada=hromada, filters=filters)
        assert in_sql == histogram == summed and in_sql


# ------------------------------------------------------------------- constant queries


def _page_queries(client, **params: object) -> tuple[int, int]:
    client.get(reverse("opencity:analytics"), params)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("opencity:analytics"), params).status_code == 200
    grouped = sum("GROUP BY" in q["sql"] for q in queries.captured_queries)
    return len(queries.captured_queries), grouped


def test_the_page_makes_the_same_queries_for_10_and_for_200_reports(client, hromada, city):
    _history(hromada, city, 10)
    reports_analytics_fill(hromada=hromada)
    few = _page_queries(client)
    _history(hromada, city, 190, seed=17)
    reports_analytics_fill(hromada=hromada)
    assert Report.objects.count() == 200
    assert _page_queries(client) == few
    assert (
        few[1] == 7
    )  # from the summary: 4 count sums, the medians, the overdue months before this one, this month live


def test_a_district_filtered_page_makes_the_same_queries_for_10_and_for_200_reports(client, hromada, city):
    west = city["west"].pk
    _history(hromada, city, 10)
    reports_analytics_fill(hromada=hromada)
    few = _page_queries(client, district=west)
    _history(hromada, city, 190, seed=17)
    reports_analytics_fill(hromada=hromada)
    assert Report.objects.filter(district_id=west).count() > 50
    assert _page_queries(client, district=west) == few
    assert few[1] == 7  # as without the filter: the medians from the per-district histograms


def test_the_tables_are_cached_per_hromada_filters_and_language(client, hromada, city, settings):
    from django.core.cache import cache

    settings.HROMADA_ANALYTICS_CACHE_SECONDS = 60
    cache.clear()
    _history(hromada, city, 10)
    reports_analytics_fill(hromada=hromada)
    _page_queries(client)  # computes and keeps the tables
    _total, grouped = _page_queries(client)
    assert grouped == 0
    english = client.get("/en" + reverse("opencity:analytics"))  # another language: its own entry
    assert "10 reports in the chosen period." in english.content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("opencity:analytics"), {"start": "2026-03"})  # other filters: computed
    assert sum("GROUP BY" in q["sql"] for q in queries.captured_queries) == 7
    cache.clear()


def test_a_period_of_whole_months_and_one_of_moments_count_the_same(hromada, city):
    _history(hromada, city, 120)
    reports_analytics_fill(hromada=hromada)
    months = selectors.AnalyticsFilters(
        start=dt.datetime(2026, 3, 1, tzinfo=KYIV), end=dt.datetime(2026, 5, 1, tzinfo=KYIV)
    )
    moments = selectors.AnalyticsFilters(  # a microsecond off: filtered on the time of filing
        start=dt.datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=KYIV),
        end=dt.datetime(2026, 5, 1, 0, 0, 0, 1, tzinfo=KYIV),
    )
    by_month = selectors.analytics_outcomes(hromada=hromada, filters=months)
    assert by_month == selectors.analytics_outcomes(hromada=hromada, filters=moments)
    assert 0 < by_month.total < 120
    expected = Report.objects.filter(
        submitted_at__gte=months.start, submitted_at__lt=months.end, hromada=hromada
    ).count()
    assert by_month.total == expected

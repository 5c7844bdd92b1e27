"""The analytics' summary tables (``summary.py``, ``actions/summary.py``): kept by the actions equal to
a rebuild from the reports after any sequence of actions, equal to the counts read from the reports, not
losing counts to concurrent writers (PostgreSQL), rebuilt by the command."""

import contextlib
import csv
import datetime as dt
import random
import statistics
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hromada.core.errors import ApplicationError
from hromada.opencity import actions, mapgrid, selectors, summary
from hromada.opencity.actions.summary import report_summary_rebuild, summary_facts, summary_record
from hromada.opencity.models import (
    Report,
    ReportCount,
    ReportDays,
    ReportDistrictDays,
    ReportDue,
    ReportMapCell,
    Status,
)
from tests.concurrency import postgres_only, race

from .factories import make_category, make_city, make_report, member_of

KYIV = ZoneInfo("Europe/Kyiv")
WEST, EAST = (50.01, 30.01), (50.01, 30.03)


def snapshot(hromada):
    """Every non-zero summary row of the hromada, by table and key."""
    rows = {}
    for name, model, keys in (
        ("count", ReportCount, ("category_id", "district", "channel", "month")),
        ("days", ReportDays, ("category_id", "month", "measure", "days")),
        ("district_days", ReportDistrictDays, ("category_id", "district", "month", "measure", "days")),
        ("due", ReportDue, ("category_id", "district", "month", "due_month")),
        ("map", ReportMapCell, ("zoom", "cell_x", "cell_y", "category_id", "status")),
    ):
        columns = {"count": summary.COUNT_COLUMNS, "map": summary.MAP_COLUMNS}
        values = list(columns.get(name, ("reports",)))
        for row in model.objects.filter(hromada=hromada).values_list(*keys, *values):
            if any(row[len(keys) :]):
                rows[(name, row[: len(keys)])] = row[len(keys) :]
    return rows


def tables(hromada, filters, *, from_summary):
    counts = selectors.analytics_counts(hromada=hromada, filters=filters, from_summary=from_summary)
    return {
        "categories": selectors.analytics_by_category(
            hromada=hromada, filters=filters, language="uk", counts=counts
        ),
        "districts": selectors.analytics_by_district(
            hromada=hromada, filters=filters, language="uk", counts=counts
        ),
        "channels": selectors.analytics_by_channel(hromada=hromada, filters=filters, counts=counts),
        "months": selectors.analytics_by_month(hromada=hromada, filters=filters, counts=counts),
        "outcomes": selectors.analytics_outcomes(hromada=hromada, filters=filters, counts=counts),
        "overdue": selectors.analytics_overdue_heatmap(
            hromada=hromada, filters=filters, language="uk", counts=counts
        ),
        "medians": selectors.analytics_medians(hromada=hromada, filters=filters, from_summary=from_summary),
    }


def random_history(rng, clock, hromada, city, steps):
    """``steps`` random actions: file (either district, two categories, three channels), answer, accept,
    fix, reopen (staff or the reporter's dispute), close not fixed, close as a duplicate, change the
    category, move to the other district; the clock moves on by hours to weeks between them."""
    staff = member_of(city["roads"])
    light = make_category(hromada, code="light", name="Освітлення", department=city["roads"], sla_days=2)
    categories = [city["category"], light]
    reports = []
    for _ in range(steps):
        clock.advance(dt.timedelta(hours=rng.choice([1, 5, 20, 50, 24 * 9, 24 * 33])))
        step = rng.randrange(10) if reports else 0
        report = rng.choice(reports) if reports else None
        try:
            if step in (0, 1, 2):
                lat, lon = rng.choice([WEST, EAST])
                reports.append(
                    make_report(
                        hromada,
                        rng.choice(categories),
                        lat=lat,
                        lon=lon,
                        channel=rng.choice(["web", "web", "telegram"]),
                    )
                )
            elif step == 3:
                actions.report_update_add(report=report, by=staff, text="Дивимось", public=True)
            elif step == 4:
                target = rng.choice([Status.ACCEPTED, Status.IN_PROGRESS, Status.FIXED, Status.FIXED])
                actions.report_transition(report=report, by=staff, target=target)
            elif step == 5:
                if rng.random() < 0.5 and report.status == Status.FIXED:
                    actions.report_verdict(report=report, person=report.reporter, fixed=False, text="Ні")
                else:
                    actions.report_transition(report=report, by=staff, target=Status.REOPENED)
            elif step == 6:
                actions.report_transition(
                    report=report, by=staff, target=Status.CLOSED, reason="no_further_action"
                )
            elif step == 7:
                other = rng.choice(reports)
                actions.report_transition(
                    report=report, by=staff, target=Status.CLOSED, reason="duplicate", duplicate_of=other
                )
            elif step == 8:
                actions.report_recategorise(
                    report=report,
                    by=staff,
                    category=rng.choice([c for c in categories if c != report.category]),
                )
            else:
                lat, lon = rng.choice([WEST, EAST])
                actions.report_relocate(report=report, by=staff, lat=lat, lon=lon)
        except ApplicationError:
            pass  # not allowed from this state (a closed report moved, a report its own duplicate): no change
        if report is not None:
            report.refresh_from_db()
    return reports


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_summary_kept_by_the_actions_equals_a_rebuild_and_the_reports(clock, hromada, seed):
    clock.set(dt.datetime(2026, 1, 5, 9, tzinfo=KYIV))
    city = make_city(hromada)
    random_history(random.Random(seed), clock, hromada, city, 120)
    clock.advance(dt.timedelta(days=3))  # some deadlines this month before now, some after, some earlier

    kept = snapshot(hromada)
    assert kept and {key[0] for key in kept} == {"count", "days", "district_days", "due", "map"}
    month = dt.datetime(2026, 2, 1, tzinfo=KYIV)
    filters = [
        selectors.AnalyticsFilters(),
        selectors.AnalyticsFilters(start=month, end=dt.datetime(2026, 4, 1, tzinfo=KYIV)),
        selectors.AnalyticsFilters(category="light"),
        selectors.AnalyticsFilters(district=city["east"].pk),
    ]
    for f in filters:
        assert tables(hromada, f, from_summary=True) == tables(hromada, f, from_summary=False), f

    assert report_summary_rebuild(hromada=hromada, batch_size=7) == Report.objects.count()
    assert snapshot(hromada) == kept


def clusters_from_reports(hromada, zoom, *, category="", status=""):
    """The city map's clusters at ``zoom`` computed here from the reports themselves (``mapgrid``)."""
    rows = {}
    reports = selectors.map_reports_filtered(hromada=hromada, category=category, status=status)
    for pk, lon, lat, state in reports.values_list("pk", "lon", "lat", "status"):
        key = (*mapgrid.pixel_cell(lon, lat, zoom), state)
        n, slon, slat, one = rows.get(key, (0, 0.0, 0.0, 0))
        rows[key] = (n + 1, slon + lon, slat + lat, one + pk)
    cells = [mapgrid.CellRow(*key, *value) for key, value in rows.items()]
    return ordered(
        (c.lon, c.lat, c.count, tuple(sorted(c.by_status.items())), c.single_id) for c in mapgrid.merge(cells)
    )


def ordered(clusters):
    return sorted(clusters, key=lambda c: (c[2], c[3], c[4] or 0, c[0], c[1]))


def same_clusters(found, expected):
    """Equal counts, states and lone reports; positions equal to a millionth of a degree (the stored sums
    are whole 1e-7 degrees)."""
    assert [c[2:] for c in found] == [c[2:] for c in expected]
    for a, b in zip(found, expected, strict=True):
        assert abs(a[0] - b[0]) < 1e-6 and abs(a[1] - b[1]) < 1e-6


def clusters_on_the_map(client, zoom, **params):
    answer = client.get(reverse("opencity:map_layer", args=["reports"]), {"zoom": zoom, **params}).json()
    found = []
    for f in answer["features"]:
        lon, lat = f["geometry"]["coordinates"]
        p = f["properties"]
        by_status = tuple(sorted(p["by_status"].items())) if p.get("cluster") else ((p["status"], 1),)
        single = None if p.get("cluster") else f["id"]
        found.append((lon, lat, p["count"], by_status, single))
    return ordered(found)


@pytest.mark.parametrize("seed", [4, 5])
def test_the_maps_clusters_from_the_kept_cells_equal_those_of_the_reports(client, clock, hromada, seed):
    clock.set(dt.datetime(2026, 1, 5, 9, tzinfo=KYIV))
    city = make_city(hromada)
    random_history(random.Random(seed), clock, hromada, city, 80)
    # Lone reports too (a cell of one names its report), one of them moved and one recategorised.
    far = [make_report(hromada, city["category"], lat=50.003 + k * 0.004, lon=30.035) for k in range(3)]
    staff = member_of(city["roads"])
    actions.report_relocate(report=far[0], by=staff, lat=50.0185, lon=30.005)
    other = make_category(hromada, code="trees", name="Дерева", department=city["roads"], sla_days=3)
    actions.report_recategorise(report=far[1], by=staff, category=other)
    assert ReportMapCell.objects.filter(hromada=hromada, zoom=mapgrid.STORED_ZOOMS[0]).exists()
    for zoom in (3, 8, 11, 14):  # halved from the first stored zoom, and stored ones
        for params in ({}, {"status": "open"}, {"status": "fixed"}, {"category": "trees"}):
            expected = clusters_from_reports(hromada, zoom, **params)
            found = clusters_on_the_map(client, zoom, bbox="29.99,49.99,30.07,50.06", **params)
            same_clusters(found, expected)
    assert any(single for *_, single in clusters_from_reports(hromada, 14))


def test_a_deleted_districts_reports_count_as_without_a_district_before_any_rebuild(clock, hromada):
    """Deleting a district (the back office may) empties its reports' district without an action: the
    summary's rows under its key read as "no district", as the reports now do, and the actions after it
    keep the sums exact."""
    clock.set(dt.datetime(2026, 1, 5, 9, tzinfo=KYIV))
    city = make_city(hromada)
    random_history(random.Random(4), clock, hromada, city, 80)
    east = city["east"].pk
    moved = list(Report.objects.filter(district_id=east).order_by("pk"))
    assert moved
    city["east"].delete()
    staff = member_of(city["roads"])
    for report in moved:  # the actions after it: fix the open ones, reopen the fixed and closed ones
        clock.advance(dt.timedelta(hours=7))
        target = Status.REOPENED if report.status in (Status.FIXED, Status.CLOSED) else Status.FIXED
        with contextlib.suppress(ApplicationError):  # not from this state
            actions.report_transition(report=report, by=staff, target=target)
    clock.advance(dt.timedelta(days=3))
    assert any(key[0] in ("count", "due") and key[1][1] == east for key in snapshot(hromada))
    for f in (selectors.AnalyticsFilters(), selectors.AnalyticsFilters(category="light")):
        assert tables(hromada, f, from_summary=True) == tables(hromada, f, from_summary=False), f


def csv_table(client, what, **params):
    response = client.get(reverse("opencity:analytics_csv"), {"what": what, **params})
    assert response.status_code == 200, response.content
    return list(csv.DictReader(StringIO(response.content.decode("utf-8-sig"))))


def direct_medians(hromada, *, district, category="", months=None):
    """Per category code: the median working days to the first response and to the fix of the district's
    reports (of ``category``, filed in the Kyiv ``months`` (first, last) inclusive), straight from the
    reports' rows in Python — the reference for the page's medians."""
    days: dict[str, tuple[list[int], list[int]]] = {}
    for r in Report.objects.filter(hromada=hromada, district_id=district).select_related("category"):
        if (category and r.category.code != category) or (
            months and not months[0] <= r.submitted_month <= months[1]
        ):
            continue
        response, fix = days.setdefault(r.category.code, ([], []))
        if r.response_working_days is not None:
            response.append(r.response_working_days)
        if r.fix_working_days is not None:
            fix.append(r.fix_working_days)
    return {
        code: tuple(statistics.median(values) if values else None for values in measures)
        for code, measures in days.items()
    }


def page_medians(client, **params):
    """The medians of the page's timing table (its CSV download, with the page's filters)."""
    return {
        r["code"]: tuple(
            float(r[f]) if r[f] else None for f in ("median_response_working_days", "median_fix_working_days")
        )
        for r in csv_table(client, "timing", **params)
    }


def test_a_district_filtered_page_reads_its_medians_from_the_summary_equal_to_the_reports(
    client, clock, hromada
):
    """With a district filter the medians come from the per-district histograms the actions keep
    (``ReportDistrictDays``), not from the reports, and equal the medians of the district's reports; the
    overdue heatmap of the district equals its open reports past their deadline."""
    clock.set(dt.datetime(2026, 1, 5, 9, tzinfo=KYIV))
    city = make_city(hromada)
    random_history(random.Random(5), clock, hromada, city, 150)
    clock.advance(dt.timedelta(days=3))
    checked = 0
    for district in (city["west"], city["east"]):
        for params, category, months in (
            ({}, "", None),
            ({"category": "light"}, "light", None),
            ({"start": "2026-02", "end": "2026-04"}, "", (dt.date(2026, 2, 1), dt.date(2026, 4, 1))),
        ):
            with CaptureQueriesContext(connection) as queries:
                medians = page_medians(client, district=district.pk, **params)
            expected = direct_medians(hromada, district=district.pk, category=category, months=months)
            assert medians == expected, (district.name, params)
            checked += sum(v is not None for pair in expected.values() for v in pair)
            sql = [q["sql"] for q in queries.captured_queries]
            assert sum('"opencity_reportdistrictdays"' in q for q in sql) == 1
            assert not any('"opencity_report"' in q or '"opencity_reportdays"' in q for q in sql)

        now = clock()
        overdue: dict[str, int] = {}
        late = Report.objects.filter(hromada=hromada, district=district, due_at__lt=now)
        for r in late.exclude(status__in=summary.FINAL).select_related("category"):
            overdue[r.category.name] = overdue.get(r.category.name, 0) + 1
        heatmap = csv_table(client, "overdue", district=district.pk)
        assert {r["category"]: int(r["overdue"]) for r in heatmap} == overdue
        assert {r["district"] for r in heatmap} <= {district.name}
    assert checked >= 8  # medians of both measures in both districts were compared, not only empties

    # Wrong or missing per-district rows show: every histogram a day off moves every median by one day.
    east, expected = city["east"].pk, direct_medians(hromada, district=city["east"].pk)
    ReportDistrictDays.objects.filter(district=east).update(days=F("days") + 1)
    shifted = page_medians(client, district=east)
    assert shifted.keys() == expected.keys()
    for code, pair in expected.items():
        assert shifted[code] == tuple(None if v is None else v + 1 for v in pair)
    ReportDistrictDays.objects.filter(district=east).delete()
    assert all(pair == (None, None) for pair in page_medians(client, district=east).values())
    report_summary_rebuild(hromada=hromada)  # the command puts them back
    assert page_medians(client, district=east) == expected


def test_the_open_monthly_statistics_equal_the_summary(clock, hromada):
    """The open dataset counts the reports themselves (one grouped query): per month, category and
    district each of its counts equals the summary's, which the actions keep (and ``summary.contribution``
    defines)."""
    clock.set(dt.datetime(2026, 1, 5, 9, tzinfo=KYIV))
    city = make_city(hromada)
    random_history(random.Random(1), clock, hromada, city, 120)
    quick = make_report(hromada, city["category"])  # fixed by its deadline
    actions.report_transition(report=quick, by=member_of(city["roads"]), target=Status.FIXED)
    names = {city["west"].pk: city["west"].name, city["east"].pk: city["east"].name}
    expected: dict[tuple, list[int]] = {}
    rows = ReportCount.objects.filter(hromada=hromada).values_list(
        "month", "category__code", "district", *summary.COUNT_COLUMNS
    )
    for month, code, district, *counts in rows:
        total = expected.setdefault((month.strftime("%Y-%m"), code, names.get(district, "")), [0] * 7)
        total[:] = [a + b for a, b in zip(total, counts, strict=True)]
    published = {
        (r["month"], r["category_code"], r["district"]): [
            r["reports"],
            r["closed"],
            r["closed_on_time"],
            r["fixed"],
            r["closed_not_fixed"],
            r["reopened"],
            r["duplicates"],
        ]
        for r in selectors.opendata_report_statistics(hromada=hromada)
    }
    assert published == {key: n for key, n in expected.items() if n[0]}
    counted = {i for n in published.values() for i, v in enumerate(n) if v}
    assert counted == set(range(7)), counted  # every count occurs (a swap of two would show)


def test_the_overdue_count_takes_past_months_from_the_summary_and_this_month_live(clock, hromada):
    city = make_city(hromada)
    clock.set(dt.datetime(2026, 3, 2, 9, tzinfo=KYIV))
    make_report(hromada, city["category"])  # due in March (5 working days)
    clock.set(dt.datetime(2026, 3, 30, 9, tzinfo=KYIV))
    make_report(hromada, city["category"])  # due in April
    clock.set(dt.datetime(2026, 4, 3, 9, tzinfo=KYIV))  # the first overdue (a past month), not the second
    assert (
        selectors.analytics_overdue_heatmap(
            hromada=hromada, filters=selectors.AnalyticsFilters(), language="uk"
        ).total
        == 1
    )
    clock.set(dt.datetime(2026, 4, 30, 9, tzinfo=KYIV))  # the second now too (this month, read live)
    heatmap = selectors.analytics_overdue_heatmap(
        hromada=hromada, filters=selectors.AnalyticsFilters(), language="uk"
    )
    assert heatmap.total == 2


def test_summary_record_adds_only_what_changed_since_the_facts_before(hromada):
    city = make_city(hromada)
    report = make_report(hromada, city["category"])
    before = summary_facts(report=report)
    assert before.status == Status.NEW and before.district == city["west"].pk and before.response_days is None
    summary_record(report=report, before=before)  # nothing changed: nothing added
    assert ReportCount.objects.get(hromada=hromada).reports == 1
    Report.objects.filter(pk=report.pk).update(channel="api")
    report.refresh_from_db()
    summary_record(report=report, before=before)  # moved from the web's row to the API's
    rows = dict(ReportCount.objects.filter(hromada=hromada).values_list("channel", "reports"))
    assert rows == {"web": 0, "api": 1}
    assert summary.difference(before, before) == {}


def test_the_command_rebuilds_what_was_written_straight(hromada):
    city = make_city(hromada)
    report = make_report(hromada, city["category"])
    kept = snapshot(hromada)
    ReportCount.objects.all().delete()
    Report.objects.filter(pk=report.pk).update(channel="api")  # history written straight
    out = StringIO()
    call_command("opencity_summary", stdout=out)
    assert "1 / 1" in out.getvalue() and "summary rebuilt from 1 reports" in out.getvalue()
    rebuilt = snapshot(hromada)
    assert next(k for k in rebuilt if k[0] == "count")[1][2] == "api"
    assert {k: v for k, v in rebuilt.items() if k[0] != "count"} == {
        k: v for k, v in kept.items() if k[0] != "count"
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_actions_on_one_group_lose_no_count(hromada):
    postgres_only()
    city = make_city(hromada)
    staff = member_of(city["roads"])
    reports = [make_report(hromada, city["category"]) for _ in range(8)]

    # Eight more reports filed and the eight fixed at once: all in the same summary rows.
    outcomes = race(
        [lambda: make_report(hromada, city["category"]) for _ in range(8)]
        + [lambda r=r: actions.report_transition(report=r, by=staff, target=Status.FIXED) for r in reports]
    )

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    row = ReportCount.objects.get(hromada=hromada)
    assert (row.reports, row.closed, row.fixed) == (16, 8, 8)
    kept = snapshot(hromada)
    report_summary_rebuild(hromada=hromada)
    assert snapshot(hromada) == kept


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_while_actions_run_stays_exact(hromada):
    postgres_only()
    city = make_city(hromada)
    staff = member_of(city["roads"])
    reports = [make_report(hromada, city["category"]) for _ in range(6)]

    outcomes = race(
        [lambda: report_summary_rebuild(hromada=hromada, batch_size=2)]
        + [lambda r=r: actions.report_transition(report=r, by=staff, target=Status.FIXED) for r in reports]
        + [lambda: make_report(hromada, city["category"]) for _ in range(4)]
    )

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    kept = snapshot(hromada)
    report_summary_rebuild(hromada=hromada)
    assert snapshot(hromada) == kept
    assert ReportCount.objects.get(hromada=hromada).reports == 10

"""Open city at city scale (issue 16's targets): with N reports (200,000 by default) in one hromada, the
map's GeoJSON for a city-wide bbox (grid clusters from the stored cells: every report, open ones of one
category, the whole hromada at zoom 10), for a few streets (clusters grouped live) and for a street (markers),
the reports list, Open311 `requests.json`, the per-department clocks page and the analytics page (its
medians in working days), each requested through
Django's test client (p50/p95 of warm requests and the query count), and the 50 m duplicate lookup (the
selector, in-process). Exits 1 when a p95 misses its target.

    .venv/bin/python bench/opencity.py [--reports 200000] [--repeat 30]
    scripts/with-postgres .venv/bin/python bench/opencity.py

Runs in a fresh temporary HROMADA_VAR_DIR (SQLite there unless DATABASE_URL names a throwaway database).
"""
# bench: Open city — map GeoJSON, list, Open311 requests, analytics, duplicate lookup at 200,000 reports

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = {
    "map geojson (city bbox)": 100,
    "map geojson (city bbox, filtered)": 100,
    "map geojson (hromada, zoom 10)": 100,
    "map geojson (streets, zoom 16)": 100,
    "map geojson (street, markers)": 100,
    "reports list": 100,
    "open311 requests.json": 100,
    "departments page": 100,
    "analytics page": 100,
    "analytics page (cold)": 100,
    "analytics page (cold, district)": 100,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep an earlier run's reports (same var dir)")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this")
    args = parser.parse_args()
    os.environ.setdefault("HROMADA_VAR_DIR", tempfile.mkdtemp(prefix="bench-opencity-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from hromada.core.models import Hromada
    from hromada.opencity import selectors
    from hromada.opencity.models import Category, Report, Zone
    from hromada.territory.models import Department, District

    call_command("migrate", verbosity=0)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}, "
        f"{connection.vendor}, {args.reports:,} reports",
        flush=True,
    )
    rng = random.Random(16)
    reused = Hromada.objects.filter(slug="bench").first() if args.reuse else None
    if reused is not None:  # seeded by an earlier run with the same HROMADA_VAR_DIR
        hromada = reused
        districts = list(District.objects.filter(hromada=hromada).order_by("pk"))
        categories = list(Category.objects.filter(hromada=hromada).order_by("pk"))
    else:
        hromada = Hromada.objects.create(
            name="Бенчмарк",
            slug="bench",
            katottg="UA00000000000000001",
            is_default=True,
            center_lat=50.05,
            center_lon=30.05,
        )
        districts = []
        for i in range(4):
            for j in range(4):
                lon, lat = 30.0 + i * 0.025, 50.0 + j * 0.025
                ring = [
                    [lon, lat],
                    [lon + 0.025, lat],
                    [lon + 0.025, lat + 0.025],
                    [lon, lat + 0.025],
                    [lon, lat],
                ]
                districts.append(
                    District.objects.create(
                        hromada=hromada,
                        name=f"Район {i}-{j}",
                        boundary={"type": "Polygon", "coordinates": [ring]},
                    )
                )
                Zone.objects.create(hromada=hromada, name=f"Зона {i}-{j}", boundary=districts[-1].boundary)
        departments = [Department.objects.create(hromada=hromada, name=f"Підрозділ {k}") for k in range(6)]
        categories = [
            Category.objects.create(
                hromada=hromada,
                code=f"c{k}",
                name=f"Категорія {k}",
                department=departments[k % 6],
                sla_days=5,
            )
            for k in range(12)
        ]
        now = timezone.now()
        statuses = ["new", "accepted", "in_progress", "fixed", "fixed", "fixed", "closed"]
        start = time.perf_counter()
        batch = []
        for _n in range(args.reports):
            status = rng.choice(statuses)
            submitted = now - dt.timedelta(days=rng.uniform(0, 720))
            category = rng.choice(categories)
            district = rng.choice(districts)
            ring = district.boundary["coordinates"][0]
            batch.append(
                Report(
                    hromada=hromada,
                    category=category,
                    department_id=category.department_id,
                    district=district,
                    lat=rng.uniform(ring[0][1], ring[2][1]),
                    lon=rng.uniform(ring[0][0], ring[1][0]),
                    description="Яма",
                    public_description="Яма",
                    status=status,
                    close_reason="no_further_action" if status == "closed" else "",
                    token=secrets.token_hex(16),
                    submitted_at=submitted,
                    due_at=submitted + dt.timedelta(days=7),
                    status_changed_at=submitted,
                    responded_at=submitted + dt.timedelta(hours=rng.uniform(1, 96))
                    if status != "new"
                    else None,
                    closed_at=submitted + dt.timedelta(days=rng.uniform(1, 14))
                    if status in ("fixed", "closed")
                    else None,
                )
            )
            if len(batch) == 5000:
                with transaction.atomic():
                    Report.objects.bulk_create(batch)
                batch = []
        if batch:
            Report.objects.bulk_create(batch)
        print(f"seeded in {time.perf_counter() - start:.0f} s", flush=True)
        # The rows were written straight, as history: the analytics' stored fields come from the fill step
        # (what `hromada opencity_analytics` and the migration run for reports filed before them).
        from hromada.opencity.actions.analytics import reports_analytics_fill

        start, cpu = time.perf_counter(), time.process_time()
        filled = reports_analytics_fill(hromada=hromada, batch_size=5000)
        print(
            f"analytics fields filled for {filled:,} reports in {time.perf_counter() - start:.1f} s "
            f"({time.process_time() - cpu:.1f} s CPU in this process)",
            flush=True,
        )
    # The fill step ends by rebuilding the analytics' summary; the rebuild alone (`hromada opencity_summary`):
    from hromada.opencity.actions.summary import report_summary_rebuild
    from hromada.opencity.models import ReportCount, ReportDays, ReportDistrictDays, ReportDue, ReportMapCell

    start, cpu = time.perf_counter(), time.process_time()
    report_summary_rebuild(hromada=hromada)
    print(
        f"summary rebuilt from {args.reports:,} reports in {time.perf_counter() - start:.1f} s "
        f"({time.process_time() - cpu:.1f} s CPU in this process): "
        f"{ReportCount.objects.count():,} count rows, "
        f"{ReportDays.objects.count():,} working-day rows "
        f"({ReportDistrictDays.objects.count():,} per district), "
        f"{ReportDue.objects.count():,} deadline rows, "
        f"{ReportMapCell.objects.count():,} map cells",
        flush=True,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    client = Client(HTTP_HOST="testserver")
    pages = {
        # The whole city (0.1° × 0.1°) as a 1,280 px wide map shows it: zoom 13, grid clusters.
        "map geojson (city bbox)": "/city/map/reports.geojson?bbox=30.0,50.0,30.1,50.1&zoom=13",
        # The open reports of one category.
        "map geojson (city bbox, filtered)": "/city/map/reports.geojson?bbox=30.0,50.0,30.1,50.1&zoom=13"
        f"&status=open&category={categories[0].code}",
        # No box: the whole hromada (at most zoom 10).
        "map geojson (hromada, zoom 10)": "/city/map/reports.geojson?zoom=10",
        # A few streets at zoom 16: the clusters grouped live from the reports in the box.
        "map geojson (streets, zoom 16)": "/city/map/reports.geojson?bbox=30.045,50.045,30.06,50.055&zoom=16",
        # A street at zoom 17: one marker per report (the densest block: ~60 reports).
        "map geojson (street, markers)": "/city/map/reports.geojson?bbox=30.05,50.05,30.056,50.053&zoom=17",
        "reports list": "/city/?status=open",
        "open311 requests.json": "/open311/v2/requests.json",
        "departments page": "/city/departments/",
        # The public dashboard over every report (no filter): counts, working-day medians, the heatmap.
        "analytics page": "/city/analytics/",
        # The same with the cache of the analytics' tables emptied before each request.
        "analytics page (cold)": "/city/analytics/",
        # Cold, one district: the medians from the per-district histograms (ReportDistrictDays).
        "analytics page (cold, district)": f"/city/analytics/?district={districts[0].pk}",
    }
    print(f"{'what':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'target':>8}")
    missed = []
    for name, path in pages.items():
        if args.only not in name:
            continue
        assert client.get(path).status_code == 200, path
        times, cpu_times = [], []
        for _ in range(args.repeat):
            if "cold" in name:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                t, cpu = time.perf_counter(), time.process_time()
                client.get(path)
                times.append((time.perf_counter() - t) * 1000)
                cpu_times.append((time.process_time() - cpu) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        if p95 > TARGET_MS[name]:
            missed.append(name)
        print(
            f"{name:32} {statistics.median(times):8.1f} {p95:8.1f} {len(queries):8d} {TARGET_MS[name]:8d}"
            f"  (CPU p50 {statistics.median(cpu_times):.1f} ms in this process)",
            flush=True,
        )
    # The analytics' per-category timing alone (in-process): the working-day medians' share of the page.
    times = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            selectors.analytics_timing(hromada=hromada, filters=selectors.AnalyticsFilters())
            times.append((time.perf_counter() - t) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    p50 = statistics.median(times)
    print(f"{'analytics timing (selector)':32} {p50:8.1f} {p95:8.1f} {len(queries):8d} {'—':>8}")
    # The medians alone with a district filter: from the per-district histograms (the page's way) and from
    # the district's reports (the way before they were kept), in the same run.
    one_district = selectors.AnalyticsFilters(district=districts[0].pk)
    for label, from_summary in (("summary", True), ("reports", False)):
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                t = time.perf_counter()
                selectors.analytics_medians(hromada=hromada, filters=one_district, from_summary=from_summary)
                times.append((time.perf_counter() - t) * 1000)
        p95, p50 = statistics.quantiles(times, n=20)[-1], statistics.median(times)
        name = f"district medians ({label})"
        print(f"{name:32} {p50:8.1f} {p95:8.1f} {len(queries):8d} {'—':>8}")
    times = []
    for _ in range(args.repeat * 10):
        district = rng.choice(districts)
        ring = district.boundary["coordinates"][0]
        lat, lon = rng.uniform(ring[0][1], ring[2][1]), rng.uniform(ring[0][0], ring[1][0])
        t = time.perf_counter()
        selectors.reports_nearby(hromada=hromada, category=rng.choice(categories), lat=lat, lon=lon)
        times.append((time.perf_counter() - t) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"{'duplicate lookup within 50 m':32} {statistics.median(times):8.2f} {p95:8.2f} {1:8d} {10:8d}")
    if p95 > 10:
        missed.append("duplicate lookup")
    if missed:
        print(f"missed the target: {', '.join(missed)}", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The insight index at installation scale (issue 19's targets): every indicator of 100 hromadas, each
with a year of demo-scale records (applications, queue tickets, problem reports, institutions), computed
as the hourly job does — the running quarter and the one before it, plus twelve months of headline
figures — in ≤ 60 s; and the officials' dashboard, read from the stored values, at p95 ≤ 100 ms.

    .venv/bin/python bench/insight.py [--hromadas 100] [--repeat 50]
    scripts/with-postgres .venv/bin/python bench/insight.py

Runs in a fresh temporary HROMADA_VAR_DIR (SQLite there unless DATABASE_URL names a throwaway database).
The records are bulk-inserted (not through the actions: the benchmark measures the reading side).
"""
# bench: Insight index — every indicator for 100 hromadas, the dashboard from stored values

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

COMPUTE_TARGET_S = 60.0
DASHBOARD_TARGET_MS = 100.0
# A year of one demo-scale hromada.
APPLICATIONS = 1_200
TICKETS = 2_400
REPORTS = 300


def fill(hromada, rng: random.Random, now: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    from hromada.cnapqueue.models import Office, Ticket
    from hromada.cnapqueue.models import Service as QueueService
    from hromada.opencity.models import Category, Report
    from hromada.services.models import Application, Definition, Service
    from hromada.territory.models import Institution

    year = [now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60)) for _ in range(APPLICATIONS)]
    service = Service.objects.create(hromada=hromada, code="cnap-038", title="Послуга", provider="ОМС")
    Service.objects.create(hromada=hromada, code="cnap-039", title="Ще послуга", provider="ОМС")
    definition = Definition.objects.create(hromada=hromada, service=service, version=1, spec={})
    Application.objects.bulk_create(
        Application(
            hromada=hromada, service=service, definition=definition, number=f"B-{n}", status="issued",
            channel=rng.choice(("online", "desk", "desk")), submitted_at=moment,
            decided_at=moment + dt.timedelta(days=rng.randrange(1, 12)),
            due_at=moment + dt.timedelta(days=7),
        )
        for n, moment in enumerate(year)
    )  # fmt: skip
    cnap = (
        Institution.objects.filter(hromada=hromada, kind="cnap").first()
        or Institution.objects.filter(hromada=hromada).first()
    )
    office = Office.objects.create(hromada=hromada, institution=cnap)
    queue_service = QueueService.objects.create(hromada=hromada, office=office, name="Паспорт")
    tickets = []
    for n in range(TICKETS):
        queued = now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        tickets.append(
            Ticket(
                hromada=hromada, office=office, service=queue_service, day=queued.date(), seq=n,
                number=f"А{n}", code=secrets.token_hex(8), category="general", channel="kiosk",
                status="done", queued_at=queued,
                called_at=queued + dt.timedelta(minutes=rng.randrange(0, 45)),
            )
        )  # fmt: skip
    Ticket.objects.bulk_create(tickets)
    category = Category.objects.create(hromada=hromada, code="pothole", name="Яма")
    reports = []
    for _n in range(REPORTS):
        submitted = now - dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
        fixed = rng.random() < 0.7
        reports.append(
            Report(
                hromada=hromada, category=category, lat=50.0, lon=30.0, location_precision="point",
                description="Яма", public_description="Яма", token=secrets.token_hex(16),
                submitted_at=submitted, due_at=submitted + dt.timedelta(days=10), status_changed_at=submitted,
                status="fixed" if fixed else "in_progress",
                closed_at=submitted + dt.timedelta(days=rng.randrange(1, 15)) if fixed else None,
            )
        )  # fmt: skip
    Report.objects.bulk_create(reports)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hromadas", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("HROMADA_VAR_DIR", tempfile.mkdtemp(prefix="bench-insight-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    import django

    django.setup()
    import importlib.util

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from hromada.core import clock
    from hromada.core.indicators import headlines, indicators
    from hromada.core.models import Hromada
    from hromada.insight.tasks import compute_all
    from tests.factories import login_with_totp, make_official

    spec = importlib.util.spec_from_file_location("bench_seed", ROOT / "bench" / "seed.py")
    assert spec is not None and spec.loader is not None
    seed_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(seed_module)

    call_command("migrate", verbosity=0)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}, "
        f"{connection.vendor}, {args.hromadas} hromadas × ({APPLICATIONS:,} applications, "
        f"{TICKETS:,} tickets, "
        f"{REPORTS} reports, 8 institutions); {len(indicators())} indicators, {len(headlines())} headlines",
        flush=True,
    )
    started = time.monotonic()
    seed_module.seed(hromadas=args.hromadas, institutions=8)
    rng = random.Random(19)
    now = clock.now()
    with transaction.atomic():
        for hromada in Hromada.objects.order_by("pk"):
            fill(hromada, rng, now)
    print(f"seeded in {time.monotonic() - started:.0f} s", flush=True)

    started = time.monotonic()
    stored = compute_all()
    compute_s = time.monotonic() - started
    print(
        f"compute_all, first run (two quarters × every indicator, 12 months × every headline): "
        f"{stored:,} values in {compute_s:.1f} s (target ≤ {COMPUTE_TARGET_S:.0f} s)",
        flush=True,
    )
    started = time.monotonic()
    again = compute_all()
    print(
        f"compute_all, the next hour (finished months kept): {again:,} values "
        f"in {time.monotonic() - started:.1f} s",
        flush=True,
    )

    hromada = Hromada.objects.get(is_default=True)
    client: Client = login_with_totp(make_official(hromada))
    assert client.get("/insight/dashboard/").status_code == 200  # warm
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        response = client.get("/insight/dashboard/")
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    times.sort()
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"dashboard: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p95 ≤ {DASHBOARD_TARGET_MS:.0f} ms)")
    missed = compute_s > COMPUTE_TARGET_S or p95 > DASHBOARD_TARGET_MS
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()

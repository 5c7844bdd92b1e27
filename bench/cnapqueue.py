"""The ЦНАП queue under load: one office, 50 desks, 200 kiosks, 60 s (issue 14's targets).

    scripts/with-postgres .venv/bin/python bench/cnapqueue.py [--seconds 60] [--desks 50] [--kiosks 200]
        [--ticket-rate 20] [--kiosk-threads 8] [--json out.json]

In a fresh temporary HROMADA_VAR_DIR (and the database DATABASE_URL names, which must be a throwaway one)
it migrates, creates one hromada with one ЦНАП office open all day, five services, `--desks` open desks
each serving every service with its own operator, and `--kiosks` kiosks. Then, in this process, for
`--seconds`:

- `--kiosk-threads` threads take tickets through ``ticket_take`` for the kiosks in turn (each ticket from
  the next kiosk, channel kiosk, an idempotency key), `--ticket-rate` tickets a second in all (200 kiosks
  at one ticket every 10 s is 20 a second: a very busy ЦНАП);
- one thread per desk calls the next ticket (``ticket_call_next``) and completes it at once, as fast as
  it can (an empty queue: it tries again after `--empty-pause`, 5 ms);
- one board thread reads ``board_state`` every 250 ms and notes, for each new call, how long after the
  call it first saw it (the board lag: the page polls every 2 s on top of this).

The actions are called directly (one database connection per thread), not over HTTP: this measures the
queue's own transactions and locks, which is where exactly-once calling lives; the HTTP layer's cost is
measured by the other benchmarks. Afterwards it checks: no ticket called twice (call events and ledger
entries per ticket), no ticket lost (every ticket taken is in the database, and waiting, called or done),
then `hromada ledger integrate` and `hromada ledger check`. The load generator and the database share the
machine: the report gives the load average before and after.

Targets: call-next p99 ≤ 50 ms, ticket p99 ≤ 50 ms, 0 called twice, 0 lost, board lag ≤ 2 s, ledger check
passes. Exits 1 when one is missed.
"""

# `make bench-<file name>` runs this file (`make bench` runs every file marked so; see the Makefile).
# bench: TsNAP queue on PostgreSQL (50 desks, 200 kiosks)
# bench-database: postgres
from __future__ import annotations

import os
import sys

# This file is named like the standard library's `queue` (the issue names it): drop its own folder from
# the import path before anything imports `queue` (concurrent.futures, asgiref, Django).
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

import argparse  # noqa: E402
import json  # noqa: E402
import secrets  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import bench_environment, hromada_command, run_hromada, table  # noqa: E402

P99_TARGET_MS = 50.0
BOARD_LAG_TARGET_S = 2.0
ALWAYS_OPEN = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def seed(args: argparse.Namespace) -> dict[str, Any]:
    """The hromada, the office, its services, desks with operators, and the kiosks."""
    from django.db import transaction

    from hromada.accounts.models import User
    from hromada.cnapqueue import actions
    from hromada.cnapqueue.models import Desk, Office, Service, StaffMember
    from hromada.core.models import Hromada
    from hromada.territory.models import Institution

    with transaction.atomic():
        hromada = Hromada.objects.create(
            name="Бенчмаркова громада", slug="bench", katottg="UA99000000000000001", is_default=True
        )
        institution = Institution.objects.create(
            hromada=hromada,
            kind=Institution.Kind.CNAP,
            name="ЦНАП (бенчмарк)",
            address="вул. Центральна, 1",
            lat=50.0,
            lon=30.0,
            opening_hours=ALWAYS_OPEN,
        )
        office = actions.office_save(office=Office(hromada=hromada, institution=institution))
        services = [
            actions.service_save(
                service=Service(office=office, name=f"Послуга {n}", prefix="АБВГД"[n], average_minutes=10)
            )
            for n in range(5)
        ]
        desks = []
        for n in range(1, args.desks + 1):
            operator = User.objects.create(
                email=f"operator{n}@bench.example", full_name=f"Оператор {n}", hromada=hromada
            )
            actions.staff_member_add(office=office, user=operator, role=StaffMember.Role.OPERATOR)
            desks.append(
                actions.desk_save(
                    desk=Desk(office=office, number=n, state=Desk.State.OPEN),
                    services=services,
                    operator=operator,
                ).pk
            )
        kiosks = [actions.kiosk_create(office=office, name=f"Кіоск {n}")[0].pk for n in range(args.kiosks)]
    return {"office": office.pk, "services": [s.pk for s in services], "desks": desks, "kiosks": kiosks}


def run_load(args: argparse.Namespace, info: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection

    from hromada.cnapqueue import actions, selectors
    from hromada.cnapqueue.models import Desk, Kiosk, Office, Service

    office = Office.objects.select_related("institution", "hromada").get(pk=info["office"])
    services = list(Service.objects.filter(pk__in=info["services"]).order_by("pk"))
    kiosks = list(Kiosk.objects.filter(pk__in=info["kiosks"]).order_by("pk"))
    stop = threading.Event()
    lock = threading.Lock()
    taken: list[int] = []
    take_ms: list[float] = []
    call_ms: list[float] = []
    complete_ms: list[float] = []
    errors: list[str] = []
    lags: list[float] = []
    empty_calls = [0]

    def kiosk_thread(index: int) -> None:
        interval = args.kiosk_threads / args.ticket_rate
        n = index
        next_at = time.perf_counter()
        try:
            while not stop.is_set():
                kiosk = kiosks[n % len(kiosks)]
                service = services[n % len(services)]
                started = time.perf_counter()
                try:
                    ticket = actions.ticket_take(
                        office=office,
                        service=service,
                        channel="kiosk",
                        kiosk=kiosk,
                        idempotency_key=secrets.token_urlsafe(12),
                    )
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        taken.append(ticket.pk)
                        take_ms.append(elapsed)
                except Exception as error:
                    with lock:
                        errors.append(f"take: {error!r}"[:200])
                n += args.kiosk_threads
                next_at += interval
                pause = next_at - time.perf_counter()
                if pause > 0:
                    stop.wait(pause)
        finally:
            connection.close()

    def desk_thread(desk_id: int) -> None:
        desk = Desk.objects.select_related("office__institution", "operator").get(pk=desk_id)
        operator = desk.operator
        try:
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    ticket = actions.ticket_call_next(desk=desk, actor=operator)
                except Exception as error:
                    with lock:
                        errors.append(f"call: {error!r}"[:200])
                    stop.wait(0.01)
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                if ticket is None:
                    with lock:
                        empty_calls[0] += 1
                        call_ms.append(elapsed)
                    stop.wait(args.empty_pause)
                    continue
                started = time.perf_counter()
                try:
                    actions.ticket_complete(desk=desk, ticket=ticket, actor=operator)
                except Exception as error:
                    with lock:
                        errors.append(f"complete: {error!r}"[:200])
                done = (time.perf_counter() - started) * 1000
                with lock:
                    call_ms.append(elapsed)
                    complete_ms.append(done)
        finally:
            connection.close()

    def board_thread() -> None:
        from django.utils import timezone

        seen = 0
        try:
            while not stop.is_set():
                state = selectors.board_state(office=office, language="uk")
                now = timezone.now()
                for call in state.calls:
                    if call.event_id > seen:
                        lags.append((now - call.at).total_seconds())
                seen = max([seen, *[c.event_id for c in state.calls]])
                stop.wait(0.25)
        finally:
            connection.close()

    threads = [threading.Thread(target=kiosk_thread, args=(i,)) for i in range(args.kiosk_threads)]
    threads += [threading.Thread(target=desk_thread, args=(d,)) for d in info["desks"]]
    threads.append(threading.Thread(target=board_thread))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    served_calls = len(complete_ms)

    def ms(values: list[float]) -> dict[str, float | None]:
        return {
            "n": len(values),
            "p50": round(percentile(values, 50) or 0, 1),
            "p95": round(percentile(values, 95) or 0, 1),
            "p99": round(percentile(values, 99) or 0, 1),
            "max": round(max(values), 1) if values else None,
        }

    return {
        "seconds": round(wall, 1),
        "tickets_taken": len(taken),
        "tickets_per_second": round(len(taken) / wall, 1),
        "calls_served": served_calls,
        "empty_calls": empty_calls[0],
        "take_ms": ms(take_ms),
        "call_next_ms": ms(call_ms),
        "complete_ms": ms(complete_ms),
        "board_lag_s": {
            "n": len(lags),
            "p50": round(percentile(lags, 50) or 0, 3),
            "max": round(max(lags), 3) if lags else None,
        },
        "errors": errors[:20],
        "error_count": len(errors),
        "taken_ids": taken,
    }


def verify(info: dict[str, Any], taken: list[int]) -> dict[str, Any]:
    from django.db.models import Count

    from hromada.cnapqueue.models import QueueEvent, Ticket
    from hromada.ledger.models import PendingEntry

    tickets = Ticket.objects.filter(office_id=info["office"])
    twice = (
        QueueEvent.objects.filter(office_id=info["office"], kind=QueueEvent.Kind.CALLED)
        .values("ticket_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    called = tickets.filter(called_at__isnull=False).count()
    ledger_calls = PendingEntry.objects.filter(kind="cnapqueue.ticket.called").count()
    present = set(tickets.filter(pk__in=taken).values_list("pk", flat=True))
    by_status = dict(tickets.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    lost = len(set(taken) - present) + sum(
        n for status, n in by_status.items() if status not in ("waiting", "called", "serving", "done")
    )
    return {
        "tickets": tickets.count(),
        "by_status": by_status,
        "called_twice": twice,
        "called": called,
        "ledger_call_entries_pending": ledger_calls,
        "lost": lost,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--ticket-rate", type=float, default=20.0, help="tickets a second from all kiosks")
    parser.add_argument("--kiosk-threads", type=int, default=8)
    parser.add_argument(
        "--empty-pause", type=float, default=0.005, help="seconds a desk waits after finding nobody waiting"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="hromada-bench-cnapqueue-"))
    env = bench_environment(var_dir)
    os.environ.update(env)
    if not env["DATABASE_URL"].startswith("postgres"):
        print("note: SQLite serialises every write; the targets are for PostgreSQL (scripts/with-postgres)")
    log = var_dir / "bench.log"
    results: dict[str, Any] = {
        "command": " ".join(["bench/cnapqueue.py", *sys.argv[1:]]),
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "cpus": os.cpu_count(),
        "load_before": load_average(),
    }
    run_hromada(env, "migrate", "--noinput", log=log)
    import django

    django.setup()
    info = seed(args)
    print(
        f"seeded: 1 office, {args.desks} desks, {args.kiosks} kiosks; load {results['load_before']}",
        flush=True,
    )
    load = run_load(args, info)
    taken = load.pop("taken_ids")
    results["load"] = load
    results["verify"] = verify(info, taken)
    results["load_after"] = load_average()
    started = time.perf_counter()
    run_hromada(env, "ledger", "integrate", log=log)
    results["ledger_integrate_seconds"] = round(time.perf_counter() - started, 1)
    check = subprocess.run(hromada_command("ledger", "check"), env=env, capture_output=True, text=True)
    results["ledger_check"] = {"status": check.returncode, "output": (check.stdout + check.stderr)[-1000:]}

    failures = []
    if (load["call_next_ms"]["p99"] or 0) > P99_TARGET_MS:
        failures.append(f"call-next p99 {load['call_next_ms']['p99']} ms > {P99_TARGET_MS:.0f}")
    if (load["take_ms"]["p99"] or 0) > P99_TARGET_MS:
        failures.append(f"ticket p99 {load['take_ms']['p99']} ms > {P99_TARGET_MS:.0f}")
    if results["verify"]["called_twice"]:
        failures.append(f"{results['verify']['called_twice']} tickets called twice")
    if results["verify"]["lost"]:
        failures.append(f"{results['verify']['lost']} tickets lost")
    if (load["board_lag_s"]["max"] or 0) > BOARD_LAG_TARGET_S:
        failures.append(f"board lag {load['board_lag_s']['max']} s > {BOARD_LAG_TARGET_S:.0f}")
    if load["error_count"]:
        failures.append(f"{load['error_count']} errors")
    if check.returncode != 0:
        failures.append("ledger check failed")
    results["failures"] = failures

    print(
        table(
            ["what", "n", "p50 ms", "p95 ms", "p99 ms", "max ms"],
            [
                ["take a ticket", *[load["take_ms"][k] for k in ("n", "p50", "p95", "p99", "max")]],
                ["call next", *[load["call_next_ms"][k] for k in ("n", "p50", "p95", "p99", "max")]],
                ["complete", *[load["complete_ms"][k] for k in ("n", "p50", "p95", "p99", "max")]],
            ],
        )
    )
    print(json.dumps({k: v for k, v in results.items() if k != "load"}, ensure_ascii=False, indent=1))
    print(
        f"tickets {load['tickets_taken']} ({load['tickets_per_second']}/s), served {load['calls_served']}, "
        f"empty calls {load['empty_calls']}, board lag max {load['board_lag_s']['max']} s; "
        f"load {results['load_before']} → {results['load_after']}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    for failure in failures:
        print(f"MISSED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The ЦНАП queue under load: one office, 50 desks, 200 kiosks, 60 s (issue 14's targets).

    scripts/with-postgres .venv/bin/python bench/cnapqueue.py [--seconds 60] [--desks 50] [--kiosks 200]
        [--ticket-rate 20] [--kiosk-threads 8] [--kiosk-procs 2] [--desk-procs 5] [--poll 2]
        [--handling-min 1] [--handling-max 3] [--json out.json]

In a fresh temporary HROMADA_VAR_DIR (and the database DATABASE_URL names, which must be a throwaway one)
it migrates, creates one hromada with one ЦНАП office open all day, five services, `--desks` open desks
each serving every service with its own operator, and `--kiosks` kiosks. Then, for `--seconds`, in
separate processes (forked after Django is set up; one database connection per thread), so that one
interpreter lock is not what is measured:

- `--kiosk-procs` processes with `--kiosk-threads` threads in all take tickets through ``ticket_take``
  for the kiosks in turn (channel kiosk, an idempotency key), open-loop at `--ticket-rate` tickets a
  second in all (200 kiosks at one ticket every 10 s is 20 a second: a very busy ЦНАП);
- `--desk-procs` processes hold one thread per desk, each behaving like an operator: call the next ticket
  (``ticket_call_next``); nobody waiting → the console polls again after `--poll` s (±50 %); a visitor →
  handle them for `--handling-min`…`--handling-max` s (uniform; mean 2 s gives 50 desks room for 25 a
  second, a little above the arrivals), ``ticket_complete``, and call the next at once;
- one board process reads ``board_state`` every 250 ms and notes, for each new call, how long after the
  call it first saw it (the board lag: the page polls every 2 s on top of this).

The actions are called directly, not over HTTP: this measures the queue's own transactions and locks,
which is where exactly-once calling lives; the HTTP layer's cost is measured by the other benchmarks.
Afterwards it checks: no ticket called twice (call events and ledger entries per ticket), no ticket lost
(every ticket taken is in the database, and waiting, called or done), then `hromada ledger integrate` and
`hromada ledger check`. The load generator and the database share the machine: the report gives the load
average before and after.

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
import multiprocessing  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    bench_environment,
    hromada_command,
    load_average,
    percentile,
    run_hromada,
    stats_ms,
    table,
)

P99_TARGET_MS = 50.0
BOARD_LAG_TARGET_S = 2.0
ALWAYS_OPEN = {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


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


def _profiled(name: str, args: argparse.Namespace, target: Any, *params: Any) -> None:
    """Run a client process's work; with `--profile DIR`, each of its threads under its own cProfile
    profiler (one profiler cannot follow several threads), merged into DIR/<name>.prof."""
    if args.profile is None:
        target(*params)
        return
    import cProfile
    import pstats

    profiles: list[cProfile.Profile] = []
    original = threading.Thread.run

    def run(self: threading.Thread) -> None:
        profile = cProfile.Profile()
        profiles.append(profile)
        profile.runcall(original, self)

    threading.Thread.run = run  # type: ignore[method-assign]
    try:
        target(*params)
    finally:
        threading.Thread.run = original  # type: ignore[method-assign]
        if profiles:
            args.profile.mkdir(parents=True, exist_ok=True)
            stats = pstats.Stats(profiles[0])
            for profile in profiles[1:]:
                stats.add(profile)
            stats.dump_stats(str(args.profile / f"{name}.prof"))


def _kiosk_process(
    args: argparse.Namespace,
    info: dict[str, Any],
    first: int,
    step: int,
    threads: int,
    go: Any,
    deadline: Any,
    out: Any,
) -> None:
    """`threads` threads taking tickets open-loop, each at its share of `--ticket-rate`; thread i of this
    process takes tickets first+i, first+i+step·threads, … (kiosk and service in turn)."""
    from django.db import connection

    from hromada.cnapqueue import actions
    from hromada.cnapqueue.models import Kiosk, Office, Service

    office = Office.objects.select_related("institution", "hromada").get(pk=info["office"])
    services = list(Service.objects.filter(pk__in=info["services"]).order_by("pk"))
    kiosks = list(Kiosk.objects.filter(pk__in=info["kiosks"]).order_by("pk"))
    connection.close()
    lock = threading.Lock()
    result: dict[str, Any] = {"taken": [], "take_ms": [], "errors": []}
    interval = args.kiosk_threads / args.ticket_rate

    def run(n: int) -> None:
        go.wait()
        next_at = time.perf_counter() + random.uniform(0, interval)
        try:
            while True:
                pause = next_at - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                if time.time() >= deadline.value:
                    break
                started = time.perf_counter()
                try:
                    ticket = actions.ticket_take(
                        office=office,
                        service=services[n % len(services)],
                        channel="kiosk",
                        kiosk=kiosks[n % len(kiosks)],
                        idempotency_key=secrets.token_urlsafe(12),
                    )
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        result["taken"].append(ticket.pk)
                        result["take_ms"].append(elapsed)
                except Exception as error:
                    with lock:
                        result["errors"].append(f"take: {error!r}"[:200])
                n += step * threads
                next_at += interval
        finally:
            connection.close()

    pool = [threading.Thread(target=run, args=(first + i * step,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    out.put(result)


def _desk_process(args: argparse.Namespace, desk_ids: list[int], go: Any, deadline: Any, out: Any) -> None:
    """One thread per desk, behaving like an operator at the console: call the next ticket; nobody
    waiting → the console polls again after `--poll` s (±50 %); a visitor → handle them for
    `--handling-min`…`--handling-max` s, complete, call the next at once."""
    from django.db import connection

    from hromada.cnapqueue import actions
    from hromada.cnapqueue.models import Desk

    desks = list(Desk.objects.select_related("office__institution", "operator").filter(pk__in=desk_ids))
    connection.close()
    lock = threading.Lock()
    result: dict[str, Any] = {
        "call_ms": [],
        "served_call_ms": [],
        "empty_call_ms": [],
        "complete_ms": [],
        "errors": [],
    }

    def run(desk: Any) -> None:
        operator = desk.operator
        go.wait()
        time.sleep(random.uniform(0, args.poll))  # the operators do not all press at the same instant
        try:
            while time.time() < deadline.value:
                started = time.perf_counter()
                try:
                    ticket = actions.ticket_call_next(desk=desk, actor=operator)
                except Exception as error:
                    with lock:
                        result["errors"].append(f"call: {error!r}"[:200])
                    time.sleep(args.poll)
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    result["call_ms"].append(elapsed)
                    result["served_call_ms" if ticket else "empty_call_ms"].append(elapsed)
                if ticket is None:
                    time.sleep(args.poll * random.uniform(0.5, 1.5))
                    continue
                time.sleep(random.uniform(args.handling_min, args.handling_max))
                started = time.perf_counter()
                try:
                    actions.ticket_complete(desk=desk, ticket=ticket, actor=operator)
                except Exception as error:
                    with lock:
                        result["errors"].append(f"complete: {error!r}"[:200])
                    continue
                with lock:
                    result["complete_ms"].append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()

    pool = [threading.Thread(target=run, args=(desk,)) for desk in desks]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    out.put(result)


def _board_process(args: argparse.Namespace, info: dict[str, Any], go: Any, deadline: Any, out: Any) -> None:
    """Reads ``board_state`` every 250 ms and notes, for each new call, how long after it it first shows."""
    from django.db import connection
    from django.utils import timezone

    from hromada.cnapqueue import selectors
    from hromada.cnapqueue.models import Office

    office = Office.objects.select_related("institution", "hromada").get(pk=info["office"])
    lags: list[float] = []
    board_ms: list[float] = []
    seen = 0
    go.wait()
    try:
        while time.time() < deadline.value:
            started = time.perf_counter()
            state = selectors.board_state(office=office, language="uk")
            board_ms.append((time.perf_counter() - started) * 1000)
            now = timezone.now()
            for call in state.calls:
                if call.event_id > seen:
                    lags.append((now - call.at).total_seconds())
            seen = max([seen, *[c.event_id for c in state.calls]])
            time.sleep(0.25)
    finally:
        connection.close()
    out.put({"lags": lags, "board_ms": board_ms})


def run_load(args: argparse.Namespace, info: dict[str, Any]) -> dict[str, Any]:
    """Kiosks, desks and the board in separate processes (forked after Django is set up, each thread its
    own connection), so that no one interpreter lock is what the figures measure."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    go = context.Event()
    deadline = context.Value("d", 0.0)
    out = context.Queue()
    procs = []
    kiosk_procs = max(1, min(args.kiosk_procs, args.kiosk_threads))
    for p in range(kiosk_procs):
        threads = args.kiosk_threads // kiosk_procs + (1 if p < args.kiosk_threads % kiosk_procs else 0)
        procs.append(
            context.Process(
                target=_profiled,
                args=(
                    f"kiosk{p}",
                    args,
                    _kiosk_process,
                    args,
                    info,
                    p,
                    kiosk_procs,
                    threads,
                    go,
                    deadline,
                    out,
                ),
            )
        )
    desk_procs = max(1, min(args.desk_procs, len(info["desks"])))
    for p in range(desk_procs):
        procs.append(
            context.Process(
                target=_profiled,
                args=(f"desk{p}", args, _desk_process, args, info["desks"][p::desk_procs], go, deadline, out),
            )
        )
    procs.append(context.Process(target=_board_process, args=(args, info, go, deadline, out)))
    for proc in procs:
        proc.start()
    time.sleep(2)  # let every process load its rows and start its threads
    started = time.perf_counter()
    deadline.value = time.time() + args.seconds
    go.set()
    merged: dict[str, list[Any]] = {}
    for _ in procs:
        part = out.get(timeout=args.seconds + 300)
        for key, values in part.items():
            merged.setdefault(key, []).extend(values)
    for proc in procs:
        proc.join()
    wall = time.perf_counter() - started
    taken = merged.get("taken", [])
    lags = merged.get("lags", [])
    errors = merged.get("errors", [])
    return {
        "seconds": round(wall, 1),
        "processes": {"kiosk": kiosk_procs, "desk": desk_procs, "board": 1},
        "tickets_taken": len(taken),
        "tickets_per_second": round(len(taken) / args.seconds, 1),
        "calls_served": len(merged.get("served_call_ms", [])),
        "empty_calls": len(merged.get("empty_call_ms", [])),
        "take_ms": stats_ms(merged.get("take_ms", [])),
        "call_next_ms": stats_ms(merged.get("call_ms", [])),
        "call_next_served_ms": stats_ms(merged.get("served_call_ms", [])),
        "complete_ms": stats_ms(merged.get("complete_ms", [])),
        "board_ms": stats_ms(merged.get("board_ms", [])),
        "board_lag_s": {
            "n": len(lags),
            "p50": round(percentile(lags, 50) or 0, 3),
            "max": round(max(lags), 3) if lags else None,
        },
        "errors": errors[:20],
        "error_count": len(errors),
        "taken_ids": taken,
    }


def target_misses(
    *,
    call_p99: float | None,
    take_p99: float | None,
    board_lag_max: float | None,
    verified: dict[str, Any],
    ledger_ok: bool,
) -> list[str]:
    """Issue 14's targets and checks this run missed, one line each (the HTTP bench shares them)."""
    failures = []
    if (call_p99 or 0) > P99_TARGET_MS:
        failures.append(f"call-next p99 {call_p99} ms > {P99_TARGET_MS:.0f}")
    if (take_p99 or 0) > P99_TARGET_MS:
        failures.append(f"ticket p99 {take_p99} ms > {P99_TARGET_MS:.0f}")
    if verified["called_twice"]:
        failures.append(f"{verified['called_twice']} tickets called twice")
    if verified["lost"]:
        failures.append(f"{verified['lost']} tickets lost")
    if (board_lag_max or 0) > BOARD_LAG_TARGET_S:
        failures.append(f"board lag {board_lag_max} s > {BOARD_LAG_TARGET_S:.0f}")
    if not ledger_ok:
        failures.append("ledger check failed")
    return failures


def finish(results: dict[str, Any], json_path: Path | None) -> int:
    """Write the results (``--json``), name every miss on stderr; the exit status (1 on a miss)."""
    if json_path:
        json_path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    for failure in results["failures"]:
        print(f"MISSED: {failure}", file=sys.stderr)
    return 1 if results["failures"] else 0


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
    parser.add_argument("--kiosk-procs", type=int, default=2, help="processes the kiosk threads spread over")
    parser.add_argument("--desk-procs", type=int, default=5, help="processes the desk threads spread over")
    parser.add_argument(
        "--poll",
        type=float,
        default=2.0,
        help="seconds (±50 %%) a console waits after finding nobody waiting",
    )
    parser.add_argument("--handling-min", type=float, default=1.0, help="shortest visit at a desk, seconds")
    parser.add_argument("--handling-max", type=float, default=3.0, help="longest visit at a desk, seconds")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--profile", type=Path, help="write a cProfile of each client process into this folder"
    )
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

    failures = target_misses(
        call_p99=load["call_next_ms"]["p99"],
        take_p99=load["take_ms"]["p99"],
        board_lag_max=load["board_lag_s"]["max"],
        verified=results["verify"],
        ledger_ok=check.returncode == 0,
    )
    if load["error_count"]:
        failures.append(f"{load['error_count']} errors")
    results["failures"] = failures

    print(
        table(
            ["what", "n", "p50 ms", "p95 ms", "p99 ms", "max ms"],
            [
                ["take a ticket", *[load["take_ms"][k] for k in ("n", "p50", "p95", "p99", "max")]],
                ["call next", *[load["call_next_ms"][k] for k in ("n", "p50", "p95", "p99", "max")]],
                [
                    "call next, served",
                    *[load["call_next_served_ms"][k] for k in ("n", "p50", "p95", "p99", "max")],
                ],
                ["complete", *[load["complete_ms"][k] for k in ("n", "p50", "p95", "p99", "max")]],
                ["board read", *[load["board_ms"][k] for k in ("n", "p50", "p95", "p99", "max")]],
            ],
        )
    )
    print(json.dumps({k: v for k, v in results.items() if k != "load"}, ensure_ascii=False, indent=1))
    print(
        f"tickets {load['tickets_taken']} ({load['tickets_per_second']}/s), served {load['calls_served']}, "
        f"empty calls {load['empty_calls']}, board lag max {load['board_lag_s']['max']} s; "
        f"load {results['load_before']} → {results['load_after']}"
    )
    return finish(results, args.json)


if __name__ == "__main__":
    sys.exit(main())

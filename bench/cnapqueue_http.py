"""The ЦНАП queue over HTTP: kiosks take tickets and desks call the next through the API of a live server,
while 50 display boards poll (issue 14: the HTTP endpoints under load, the board's cost at 50 boards).

    scripts/with-postgres .venv/bin/python bench/cnapqueue_http.py [--seconds 60] [--desks 50]
        [--kiosks 200] [--ticket-rate 20] [--kiosk-threads 8] [--boards 50] [--board-every 2]
        [--board-path fragment|api] [--workers 2] [--threads 8] [--procs 3] [--json out.json]

In a fresh temporary HROMADA_VAR_DIR (and the database DATABASE_URL names, which must be a throwaway one)
it migrates and seeds what ``bench/cnapqueue.py`` seeds (one office open all day, five services,
`--desks` desks each with its operator, every desk serving every service), plus `--kiosks` kiosks whose
device tokens it keeps and a personal API token per operator. It starts ``hromada serve`` (granian,
`--workers` × `--threads`) on a loopback port, then for `--seconds`, from `--procs` client processes
(keep-alive connections, one per thread; the threads of each kind spread over the processes):

- kiosk threads: ``POST /api/v1/queue/offices/{id}/tickets`` with a kiosk's token (``Bearer kq_…``) and an
  idempotency key, open-loop at `--ticket-rate` tickets a second in all;
- one thread per desk, like an operator: ``POST /api/v1/queue/desks/{id}/call-next`` with the operator's
  token; nobody waiting → poll again after `--poll` s (±50 %); a visitor → `--handling-min`…
  `--handling-max` s, then ``POST /api/v1/queue/tickets/{id}/complete``, and call the next at once;
- `--boards` board threads, each polling every `--board-every` s (±10 %) what a board page polls: the
  htmx fragment ``/queue/{id}/board/live/`` (`fragment`, the default) or ``GET …/offices/{id}/board``
  (`api`);
- one lag watcher reading the JSON board every 250 ms: for each new call, how long after the call it
  first saw it (the boards poll every 2 s on top of this).

It reports each endpoint's latency (p50/p95/p99/max) and status counts, the server's CPU time per
request of each kind (all its processes, measured over the run ÷ requests: the boards' share is
estimated with the fragment alone in a second, shorter phase, `--board-only-seconds`), then checks as
``bench/cnapqueue.py`` does: no ticket called twice, no ticket lost, the ledger integrates and checks.
The load generator, the server and the database share the machine: the report gives the load average
before and after.

Targets (issue 14): call-next p99 ≤ 50 ms, ticket p99 ≤ 50 ms, 0 called twice, 0 lost, board lag ≤ 2 s
(here measured over HTTP), every request answered 200/201. Exits 1 when one is missed.
"""

# `make bench-<file name>` runs this file (`make bench` runs every file marked so; see the Makefile).
# bench: TsNAP queue over HTTP on PostgreSQL (50 desks, 200 kiosks, 50 boards)
# bench-database: postgres
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing
import os
import random
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    bench_environment,
    hromada_command,
    load_average,
    percentile,
    run_hromada,
    serving,
    stats_ms,
    table,
    tree_cpu_seconds,
)

KINDS = ("take", "call", "complete", "board")


def seed(args: argparse.Namespace) -> dict[str, Any]:
    """What ``bench/cnapqueue.py`` seeds, with the kiosks' device tokens and the operators' API tokens."""
    from bench.cnapqueue import seed as seed_office
    from hromada.accounts.actions import api_token_create
    from hromada.cnapqueue import actions
    from hromada.cnapqueue.models import Desk, Office

    info = seed_office(argparse.Namespace(desks=args.desks, kiosks=0))
    office = Office.objects.get(pk=info["office"])
    info["kiosk_tokens"] = [
        actions.kiosk_create(office=office, name=f"Кіоск {n}")[1] for n in range(args.kiosks)
    ]
    info["desk_tokens"] = {}
    for desk in Desk.objects.filter(pk__in=info["desks"]).select_related("operator"):
        _token, secret = api_token_create(user=desk.operator, name="bench", second_factor_passed=True)
        info["desk_tokens"][desk.pk] = secret
    return info


class Client:
    """One keep-alive connection to the server; reconnects when it is closed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def send(
        self, method: str, path: str, *, token: str | None = None, body: dict[str, Any] | None = None
    ) -> tuple[int, bytes, float]:
        headers = {"Host": "127.0.0.1", "Accept-Language": "uk", "User-Agent": "hromada-bench"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return 0, b"", (time.perf_counter() - started) * 1000
        return response.status, content, (time.perf_counter() - started) * 1000

    def close(self) -> None:
        self.connection.close()


class Record:
    """What one client process saw: latencies and statuses per kind, tickets taken, board lags."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ms: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.statuses: dict[str, Counter[int]] = {kind: Counter() for kind in KINDS}
        self.taken: list[int] = []
        self.served = 0
        self.empty = 0
        self.lags: list[float] = []
        self.errors: list[str] = []

    def note(self, kind: str, status: int, elapsed: float) -> None:
        with self.lock:
            self.statuses[kind][status] += 1
            if status in (200, 201):
                self.ms[kind].append(elapsed)

    def dump(self) -> dict[str, Any]:
        return {
            "ms": self.ms,
            "statuses": {k: dict(v) for k, v in self.statuses.items()},
            "taken": self.taken,
            "served": self.served,
            "empty": self.empty,
            "lags": self.lags,
            "errors": self.errors[:20],
        }


def _kiosk(
    port: int,
    args: argparse.Namespace,
    info: dict[str, Any],
    n: int,
    every: float,
    stop: float,
    record: Record,
) -> None:
    client = Client(port)
    path = f"/api/v1/queue/offices/{info['office']}/tickets"
    tokens = info["kiosk_tokens"]
    next_at = time.perf_counter() + random.uniform(0, every)
    try:
        while True:
            pause = next_at - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            if time.time() >= stop:
                break
            body = {
                "service": info["services"][n % len(info["services"])],
                "idempotency_key": secrets.token_urlsafe(12),
            }
            status, content, elapsed = client.send("POST", path, token=tokens[n % len(tokens)], body=body)
            record.note("take", status, elapsed)
            if status == 201:
                with record.lock:
                    record.taken.append(json.loads(content)["id"])
            elif len(record.errors) < 20:
                record.errors.append(f"take {status}: {content[:160]!r}")
            n += args.kiosk_threads
            next_at += every
    finally:
        client.close()


def _desk(port: int, args: argparse.Namespace, desk: int, token: str, stop: float, record: Record) -> None:
    client = Client(port)
    time.sleep(random.uniform(0, args.poll))  # the operators do not all press at the same instant
    try:
        while time.time() < stop:
            status, content, elapsed = client.send(
                "POST", f"/api/v1/queue/desks/{desk}/call-next", token=token
            )
            record.note("call", status, elapsed)
            if status != 200:
                if len(record.errors) < 20:
                    record.errors.append(f"call {status}: {content[:160]!r}")
                time.sleep(args.poll)
                continue
            ticket = json.loads(content)["ticket"]
            if ticket is None:
                with record.lock:
                    record.empty += 1
                time.sleep(args.poll * random.uniform(0.5, 1.5))
                continue
            with record.lock:
                record.served += 1
            time.sleep(random.uniform(args.handling_min, args.handling_max))
            status, content, elapsed = client.send(
                "POST", f"/api/v1/queue/tickets/{ticket['id']}/complete", token=token
            )
            record.note("complete", status, elapsed)
            if status != 200 and len(record.errors) < 20:
                record.errors.append(f"complete {status}: {content[:160]!r}")
    finally:
        client.close()


def board_path(args: argparse.Namespace, office: int) -> str:
    if args.board_path == "api":
        return f"/api/v1/queue/offices/{office}/board"
    return f"/queue/{office}/board/live/"


def _board(port: int, args: argparse.Namespace, path: str, stop: float, record: Record) -> None:
    client = Client(port)
    time.sleep(random.uniform(0, args.board_every))  # boards were switched on at different moments
    try:
        while time.time() < stop:
            status, _content, elapsed = client.send("GET", path)
            record.note("board", status, elapsed)
            time.sleep(args.board_every * random.uniform(0.9, 1.1))
    finally:
        client.close()


def _lag_watcher(port: int, office: int, stop: float, record: Record) -> None:
    """Reads the JSON board every 250 ms; for each call it has not seen, how long after the call."""
    client = Client(port)
    seen: set[tuple[str, str]] = set()
    first = True
    try:
        while time.time() < stop:
            status, content, _elapsed = client.send("GET", f"/api/v1/queue/offices/{office}/board")
            if status == 200:
                now = dt.datetime.now(dt.UTC)
                for call in json.loads(content)["calls"]:
                    key = (call["number"], call["at"])
                    if key in seen:
                        continue
                    seen.add(key)
                    if not first:  # calls already on the board when watching began are no lag
                        at = dt.datetime.fromisoformat(call["at"].replace("Z", "+00:00"))
                        record.lags.append((now - at).total_seconds())
                first = False
            time.sleep(0.25)
    finally:
        client.close()


def _client_process(
    port: int,
    args: argparse.Namespace,
    info: dict[str, Any],
    index: int,
    go: Any,
    deadline: Any,
    phase: str,
    out: Any,
) -> None:
    """This process's share of every kind of client (every `--procs`-th one), as threads."""
    record = Record()
    procs = args.procs
    threads: list[threading.Thread] = []
    go.wait()
    stop = deadline.value
    path = board_path(args, info["office"])
    if phase == "load":
        every = args.kiosk_threads / args.ticket_rate
        for n in range(index, args.kiosk_threads, procs):
            threads.append(threading.Thread(target=_kiosk, args=(port, args, info, n, every, stop, record)))
        desks = sorted(info["desk_tokens"].items())
        for desk, token in desks[index::procs]:
            threads.append(threading.Thread(target=_desk, args=(port, args, desk, token, stop, record)))
        if index == 0:
            threads.append(threading.Thread(target=_lag_watcher, args=(port, info["office"], stop, record)))
    for _ in range(index, args.boards, procs):
        threads.append(threading.Thread(target=_board, args=(port, args, path, stop, record)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put(record.dump())


def run_phase(
    port: int, server_pid: int, args: argparse.Namespace, info: dict[str, Any], phase: str, seconds: float
) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    go = context.Event()
    deadline = context.Value("d", 0.0)
    out = context.Queue()
    procs = [
        context.Process(target=_client_process, args=(port, args, info, i, go, deadline, phase, out))
        for i in range(args.procs)
    ]
    for proc in procs:
        proc.start()
    time.sleep(1)
    cpu_before = tree_cpu_seconds(server_pid)
    started = time.perf_counter()
    deadline.value = time.time() + seconds
    go.set()
    parts = [out.get(timeout=seconds + 300) for _ in procs]
    for proc in procs:
        proc.join()
    wall = time.perf_counter() - started
    server_cpu = tree_cpu_seconds(server_pid) - cpu_before
    merged: dict[str, Any] = {
        "ms": {kind: [] for kind in KINDS},
        "statuses": {kind: Counter() for kind in KINDS},
        "taken": [],
        "served": 0,
        "empty": 0,
        "lags": [],
        "errors": [],
    }
    for part in parts:
        for kind in KINDS:
            merged["ms"][kind].extend(part["ms"][kind])
            merged["statuses"][kind].update({int(k): v for k, v in part["statuses"][kind].items()})
        for key in ("taken", "lags", "errors"):
            merged[key].extend(part[key])
        merged["served"] += part["served"]
        merged["empty"] += part["empty"]
    requests = sum(sum(c.values()) for c in merged["statuses"].values())
    return {
        "seconds": round(wall, 1),
        "requests": requests,
        "requests_per_second": round(requests / wall, 1) if wall else None,
        "server_cpu_seconds": round(server_cpu, 1),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / requests, 2) if requests else None,
        "server_cpu_share_of_one_core": round(server_cpu / wall, 2) if wall else None,
        "latency_ms": {kind: stats_ms(merged["ms"][kind]) for kind in KINDS},
        "statuses": {kind: dict(merged["statuses"][kind]) for kind in KINDS},
        "tickets_taken": len(merged["taken"]),
        "calls_served": merged["served"],
        "empty_calls": merged["empty"],
        "board_lag_s": {
            "n": len(merged["lags"]),
            "p50": round(percentile(merged["lags"], 50) or 0, 3),
            "max": round(max(merged["lags"]), 3) if merged["lags"] else None,
        },
        "errors": merged["errors"][:20],
        "taken_ids": merged["taken"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--board-only-seconds", type=float, default=20, help="0 skips the boards-only phase")
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--kiosks", type=int, default=200)
    parser.add_argument("--ticket-rate", type=float, default=20.0, help="tickets a second from all kiosks")
    parser.add_argument("--kiosk-threads", type=int, default=8)
    parser.add_argument("--boards", type=int, default=50)
    parser.add_argument("--board-every", type=float, default=2.0, help="seconds between a board's polls")
    parser.add_argument("--board-path", choices=("fragment", "api"), default="fragment")
    parser.add_argument("--poll", type=float, default=2.0, help="seconds (±50 %%) a console waits when idle")
    parser.add_argument("--handling-min", type=float, default=1.0)
    parser.add_argument("--handling-max", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--threads", type=int, default=8, help="request threads per worker")
    parser.add_argument("--procs", type=int, default=3, help="client processes")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="hromada-bench-cnapqueue-http-"))
    env = bench_environment(var_dir)
    os.environ.update(env)
    if not env["DATABASE_URL"].startswith("postgres"):
        print("note: SQLite serialises every write; the targets are for PostgreSQL (scripts/with-postgres)")
    log = var_dir / "bench.log"
    results: dict[str, Any] = {
        "command": " ".join(["bench/cnapqueue_http.py", *sys.argv[1:]]),
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "cpus": os.cpu_count(),
        "server": f"granian {args.workers} workers × {args.threads} threads",
        "load_before": load_average(),
    }
    run_hromada(env, "migrate", "--noinput", log=log)
    import django

    django.setup()
    from django.db import connections

    info = seed(args)
    connections.close_all()
    print(
        f"seeded: 1 office, {args.desks} desks, {args.kiosks} kiosks; load {results['load_before']}",
        flush=True,
    )
    with serving(env, "--workers", str(args.workers), "--threads", str(args.threads), log=log) as server:
        load = run_phase(server.port, server.process.pid, args, info, "load", args.seconds)
        boards = (
            run_phase(server.port, server.process.pid, args, info, "boards", args.board_only_seconds)
            if args.board_only_seconds > 0
            else None
        )
    taken = load.pop("taken_ids")
    results["load"] = load
    if boards is not None:
        boards.pop("taken_ids")
        results["boards_only"] = {
            k: boards[k]
            for k in (
                "seconds",
                "requests",
                "requests_per_second",
                "server_cpu_ms_per_request",
                "server_cpu_share_of_one_core",
            )
        } | {"latency_ms": boards["latency_ms"]["board"], "statuses": boards["statuses"]["board"]}
    from bench.cnapqueue import finish, target_misses, verify

    results["verify"] = verify(info, taken)
    results["load_after"] = load_average()
    run_hromada(env, "ledger", "integrate", log=log)
    check = subprocess.run(hromada_command("ledger", "check"), env=env, capture_output=True, text=True)
    results["ledger_check"] = {"status": check.returncode, "output": (check.stdout + check.stderr)[-600:]}

    lat = load["latency_ms"]
    failures = target_misses(
        call_p99=lat["call"]["p99"],
        take_p99=lat["take"]["p99"],
        board_lag_max=load["board_lag_s"]["max"],
        verified=results["verify"],
        ledger_ok=check.returncode == 0,
    )
    bad = {kind: {s: n for s, n in c.items() if s not in (200, 201)} for kind, c in load["statuses"].items()}
    if any(bad.values()):
        failures.append(f"answers other than 200/201: {bad}")
    results["failures"] = failures

    names = {
        "take": "POST …/tickets",
        "call": "POST …/call-next",
        "complete": "POST …/complete",
        "board": f"GET board ({args.board_path})",
    }
    rows = [[names[k], *[lat[k][f] for f in ("n", "p50", "p95", "p99", "max")]] for k in KINDS]
    if boards is not None:
        only = results["boards_only"]["latency_ms"]
        rows.append(["GET board, boards only", *[only[f] for f in ("n", "p50", "p95", "p99", "max")]])
    print(table(["what", "n", "p50 ms", "p95 ms", "p99 ms", "max ms"], rows))
    print(json.dumps({k: v for k, v in results.items() if k != "load"}, ensure_ascii=False, indent=1))
    print(
        f"{load['requests']} requests ({load['requests_per_second']}/s), server CPU "
        f"{load['server_cpu_ms_per_request']} ms a request "
        f"({load['server_cpu_share_of_one_core']} of a core); "
        f"tickets {load['tickets_taken']}, served {load['calls_served']}, empty calls {load['empty_calls']}, "
        f"board lag max {load['board_lag_s']['max']} s; load {results['load_before']} → "
        f"{results['load_after']}"
    )
    return finish(results, args.json)


if __name__ == "__main__":
    sys.exit(main())

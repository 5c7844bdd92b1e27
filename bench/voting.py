"""Public-budget voting under load: ballots cast through the HTTP API by verified residents at once.

    scripts/with-postgres .venv/bin/python bench/voting.py [--seconds 30] [--clients 48] [--json out.json]
    HROMADA_DB_POOL_MAX=16 scripts/with-postgres .venv/bin/python bench/voting.py    # with the pool

In a fresh temporary HROMADA_VAR_DIR (and the throw-away database DATABASE_URL names; SQLite in the var
dir without it) it:

1. migrates and seeds one hromada with `--voters` verified adult residents holding personal API tokens
   (the petitions benchmark's seed) and one public-budget cycle in its voting phase with `--projects`
   admitted projects (at most 2 choices a ballot, changing a ballot not allowed);
2. starts `hromada serve` (granian, `--workers` × `--threads`) and runs `--clients` client threads for
   `--seconds`: each POSTs `/api/v1/budget/cycles/{slug}/ballot` with a Bearer token over a keep-alive
   connection for a voter who has not voted yet (one or two projects), plus 1 % deliberate second ballots
   by a voter who has (expected 409 `already_voted`). Clients send `X-Forwarded-For` addresses from
   10.0.0.0/8 as a reverse proxy would (HROMADA_NUM_PROXIES=1): the per-address ballot limit sees many
   addresses, as on a real voting day;
3. checks afterwards: every 201 is exactly one ballot row, no voter has two, every deliberate repeat was
   refused, and after `hromada ledger integrate` every ballot is one `budget.ballot.cast` log entry and
   `hromada ledger check` passes.

The load generator and the server share the machine's cores: the report gives the server's and the
database's CPU time per ballot. There is no speed target (the petitions benchmark carries the platform's
write target); it exits 1 when a correctness check fails or a request failed otherwise than as expected.
"""

# `make bench-voting` runs this file (`make bench` runs every file marked so; see the Makefile).
# bench: public-budget voting on PostgreSQL
# bench-database: postgres
from __future__ import annotations

import argparse
import http.client
import json
import random
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
    load_summary,
    run_client_threads,
    run_hromada,
    serving,
    tree_cpu_seconds,
)
from bench.petitions import address, postgres_server_pid

HOST = "127.0.0.1"
REPEATS = 0.01  # share of requests that are a second ballot by someone who voted


# ------------------------------------------------------------------------- inside Django (`--worker`)


def _django() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    import django

    django.setup()


def seed(args: argparse.Namespace, out: Path) -> dict[str, Any]:
    from bench.petitions import seed_base
    from hromada.budget.tests.factories import make_cycle, make_project
    from hromada.core.models import Hromada

    info = seed_base(argparse.Namespace(hot=1, signers=args.voters), out)
    cycle = make_cycle(Hromada.objects.get(pk=info["hromada"]), max_choices=2)
    info["cycle"] = {
        "id": cycle.pk,
        "slug": cycle.slug,
        "projects": [make_project(cycle).pk for _ in range(args.projects)],
    }
    out.write_text(json.dumps(info))
    return info


def verify(info: dict[str, Any], voted: list[int]) -> dict[str, Any]:
    from django.db.models import Count

    from hromada.accounts.models import ApiToken
    from hromada.budget.models import Ballot
    from hromada.ledger.models import Entry, PendingEntry

    prefixes = [info["tokens"][number][:12] for number in voted]
    wanted = set(ApiToken.objects.filter(prefix__in=prefixes).values_list("user_id", flat=True))
    ballots = Ballot.objects.filter(cycle_id=info["cycle"]["id"])
    voters = set(ballots.values_list("voter_id", flat=True))
    kind = {"kind": "budget.ballot.cast", "hromada_id": info["hromada"]}
    return {
        "acknowledged": len(wanted),
        "rows": ballots.count(),
        "lost": len(wanted - voters),
        "unacknowledged": len(voters - wanted),
        "duplicates": ballots.values("voter_id").annotate(n=Count("pk")).filter(n__gt=1).count(),
        "log_entries": Entry.objects.filter(**kind).count(),
        "pending_entries": PendingEntry.objects.filter(**kind).count(),
    }


def worker_main(args: argparse.Namespace) -> None:
    _django()
    state = Path(args.state)
    if args.worker == "seed":
        seed(args, state)
        print("{}")
    elif args.worker == "verify":
        voted = json.loads(Path(args.voted).read_text())
        print(json.dumps(verify(json.loads(state.read_text()), voted)))


def run_worker(
    env: dict[str, str], args: argparse.Namespace, kind: str, state: Path, *extra: str
) -> dict[str, Any]:
    command = [
        sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--state", str(state),
        "--voters", str(args.voters), "--projects", str(args.projects), *extra,
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"worker {kind} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------- voting


def vote_load(port: int, info: dict[str, Any], *, seconds: float, clients: int, seed: int) -> dict[str, Any]:
    """`clients` threads casting ballots for `seconds`: each voter once, plus 1 % deliberate repeats."""
    tokens: list[str] = info["tokens"]
    cycle = info["cycle"]
    order = list(range(len(tokens)))
    random.Random(seed).shuffle(order)
    cursor = iter(order)
    lock = threading.Lock()
    voted: list[int] = []
    statuses: Counter[int] = Counter()
    repeats: Counter[int] = Counter()
    samples: list[float] = []
    per_second: Counter[int] = Counter()
    started_at = time.perf_counter()
    stop_at = started_at + seconds

    def client(number: int) -> None:
        local = random.Random(seed + number)
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine: list[float] = []
        seen: Counter[int] = Counter()
        again: Counter[int] = Counter()
        ticks: Counter[int] = Counter()
        try:
            while time.perf_counter() < stop_at:
                with lock:
                    repeat = bool(voted) and local.random() < REPEATS
                    person = voted[local.randrange(len(voted))] if repeat else next(cursor, None)
                if person is None:
                    break
                projects = local.sample(cycle["projects"], local.choice((1, 2)))
                body = json.dumps({"choices": [{"project_id": p} for p in projects]}).encode()
                headers = {
                    "Authorization": f"Bearer {tokens[person]}",
                    "Content-Type": "application/json",
                    "X-Forwarded-For": address(local),
                    "Host": HOST,
                }
                begun = time.perf_counter()
                try:
                    connection.request(
                        "POST", f"/api/v1/budget/cycles/{cycle['slug']}/ballot", body=body, headers=headers
                    )
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=60)
                    (again if repeat else seen)[0] += 1
                    continue
                now = time.perf_counter()
                if repeat:
                    again[response.status] += 1
                    continue
                mine.append((now - begun) * 1000)
                seen[response.status] += 1
                if response.status == 201:
                    ticks[int(now - started_at)] += 1
                    with lock:
                        voted.append(person)
        finally:
            connection.close()
            with lock:
                samples.extend(mine)
                statuses.update(seen)
                repeats.update(again)
                per_second.update(ticks)

    client_cpu = run_client_threads(client, clients=clients)
    wall = time.perf_counter() - started_at
    summary = load_summary(
        samples=samples, statuses=statuses, per_second=per_second, wall=wall, seconds=seconds,
        clients=clients, client_cpu=client_cpu,
    )  # fmt: skip
    return {
        **summary,
        "repeat_statuses": dict(repeats),
        "voted": voted,
        "ballots_per_second": round(statuses.get(201, 0) / wall, 1),
    }


# ---------------------------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the voting run (default 30)")
    parser.add_argument("--clients", type=int, default=48, help="client threads (default 48)")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=16, help="threads per granian worker (default 16)")
    parser.add_argument("--voters", type=int, default=20_000, help="residents with tokens (each votes once)")
    parser.add_argument("--projects", type=int, default=12, help="admitted projects in the cycle")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--state", help=argparse.SUPPRESS)
    parser.add_argument("--voted", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return 0

    results: dict[str, Any] = {
        "load_before": load_average(),
        "args": {k: str(v) for k, v in vars(args).items()},
    }
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hromada-bench-voting-") as tmp:
        var_dir = Path(tmp)
        env = bench_environment(var_dir)
        env["HROMADA_NUM_PROXIES"] = "1"
        results["pool"] = env.get("HROMADA_DB_POOL_MAX", "") or "none"
        log = var_dir / "bench.log"
        state = var_dir / "state.json"
        results["database"] = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
        print(
            f"database: {results['database']}, pool {results['pool']}; load average {results['load_before']}",
            flush=True,
        )
        run_hromada(env, "migrate", "--no-input", log=log)
        run_worker(env, args, "seed", state)
        info = json.loads(state.read_text())
        print(f"seeded {args.voters} voters and {args.projects} projects", flush=True)
        with serving(env, "--workers", str(args.workers), "--threads", str(args.threads), log=log) as server:
            print(
                f"server ready in {server.ready_after:.2f} s; voting for {args.seconds:.0f} s …", flush=True
            )
            database = postgres_server_pid(env["DATABASE_URL"])
            cpu_before = tree_cpu_seconds(server.process.pid)
            database_before = tree_cpu_seconds(database) if database else 0.0
            voting = vote_load(server.port, info, seconds=args.seconds, clients=args.clients, seed=11)
            voting["server_cpu_seconds"] = round(tree_cpu_seconds(server.process.pid) - cpu_before, 1)
            if database:
                voting["database_cpu_seconds"] = round(tree_cpu_seconds(database) - database_before, 1)
        voted = voting.pop("voted")
        if voting["created"]:
            voting["server_cpu_ms_per_ballot"] = round(
                voting["server_cpu_seconds"] * 1000 / voting["created"], 2
            )
            if "database_cpu_seconds" in voting:
                voting["database_cpu_ms_per_ballot"] = round(
                    voting["database_cpu_seconds"] * 1000 / voting["created"], 2
                )
        results["voting"] = voting
        print(f"voting: {voting}", flush=True)
        voted_file = var_dir / "voted.json"
        voted_file.write_text(json.dumps(voted))
        started = time.perf_counter()
        run_hromada(env, "ledger", "integrate", log=log)
        results["ledger_integrate_seconds"] = round(time.perf_counter() - started, 1)
        checked = run_worker(env, args, "verify", state, "--voted", str(voted_file))
        results["verify"] = checked
        check = subprocess.run(hromada_command("ledger", "check"), env=env, capture_output=True, text=True)
        results["ledger_check"] = {
            "status": check.returncode,
            "output": (check.stdout + check.stderr)[-2000:],
        }
    results["load_after"] = load_average()

    if not voting["created"]:
        failures.append("no ballot was acknowledged")
    if set(voting["statuses"]) - {201}:
        failures.append(f"first ballots answered otherwise than 201: {voting['statuses']}")
    if set(voting["repeat_statuses"]) - {409}:
        failures.append(f"second ballots answered otherwise than 409: {voting['repeat_statuses']}")
    if (
        checked["lost"]
        or checked["duplicates"]
        or checked["unacknowledged"]
        or checked["rows"] != voting["created"]
    ):
        failures.append(f"ballots: {checked} against {voting['created']} acknowledged")
    if checked["pending_entries"] or checked["log_entries"] != checked["rows"]:
        failures.append(
            f"log entries {checked['log_entries']} (+{checked['pending_entries']} pending) "
            f"≠ {checked['rows']} ballots"
        )
    if results["ledger_check"]["status"] != 0:
        failures.append("ledger check failed")
    results["failures"] = failures
    print(
        json.dumps(
            {k: results[k] for k in ("voting", "verify", "ledger_integrate_seconds", "load_after")}, indent=1
        )
    )
    print(
        "ledger check:", "ok" if results["ledger_check"]["status"] == 0 else results["ledger_check"]["output"]
    )
    print("FAILED: " + "; ".join(failures) if failures else "every check passed")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Hromada's resource budget, measured: `make bench` (or `python bench/run.py`).

(a) memory: resident set of `hromada serve --with-worker` (granian tree + task worker) after the demo is
    loaded and a few hundred requests were served — target ≤ 512 MB (sum of RSS);
(b) start-up: seconds from starting `hromada serve` to the first answered /healthz — target ≤ 5 s;
(c) latency: p50/p95 of `/` and `/api/v1/institutions.geojson`, and the SQL queries of one warm request —
    target p95 ≤ 50 ms (one client, keep-alive; a 4-client run is shown for throughput);
(d) many tenants: the same with 100 hromadas loaded vs 1, in a separate database.

`--ledger` runs the transparency-log benchmark (bench/ledger.py) instead, passing the other arguments on.

Everything happens in a fresh temporary HROMADA_VAR_DIR on SQLite, so the development database is never
touched; set DATABASE_URL to run on PostgreSQL (it must be a throwaway database, as `scripts/with-postgres`
gives: the demo is loaded into it and a second database is created beside it for (d)). Servers listen on
127.0.0.1 only; every loop is bounded and every process is stopped at the end.
"""

# `make bench-<file name>` runs this file (`make bench` runs every file marked so; see the Makefile).
# bench: resource budget on SQLite
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    ROOT,
    Memory,
    Timing,
    bench_environment,
    load_average,
    measure,
    run_hromada,
    serving,
    table,
    tree_memory,
)

HOME = "/"
GEOJSON = "/api/v1/institutions.geojson"
DEFAULT_HOST = "127.0.0.1"
TARGET_RSS_MIB = 512
TARGET_STARTUP_S = 5.0
TARGET_P95_MS = 50.0


def python_script(env: dict[str, str], script: str, *args: str) -> list[dict]:
    """Run one of the bench/ helper scripts in the benchmark's environment; returns its JSON lines."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise RuntimeError(f"bench/{script} failed with status {result.returncode}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def database_label(env: dict[str, str]) -> str:
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        return "SQLite (temporary file)"
    code = (
        "import django; django.setup(); from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('SHOW server_version'); print(cursor.fetchone()[0])"
    )
    version = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"PostgreSQL {version or '?'}"


def second_database(env: dict[str, str], var_dir: Path) -> tuple[dict[str, str], str | None]:
    """An environment on a fresh, separate database for (d); for PostgreSQL, the name to drop afterwards."""
    env2 = dict(env)
    env2["HROMADA_VAR_DIR"] = str(var_dir / "tenants")
    Path(env2["HROMADA_VAR_DIR"]).mkdir()
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        env2["DATABASE_URL"] = f"sqlite:///{var_dir / 'tenants' / 'bench-tenants.sqlite3'}"
        return env2, None
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'hromada'}_bench_tenants"
    _admin_sql(env, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    env2["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return env2, name


def _admin_sql(env: dict[str, str], *statements: str) -> None:
    code = (
        "import sys, django; django.setup(); from django.db import connection\n"
        "connection.ensure_connection(); connection.connection.autocommit = True\n"
        "for statement in sys.argv[1:]:\n    connection.cursor().execute(statement)"
    )
    subprocess.run([sys.executable, "-c", code, *statements], env=env, check=True, timeout=120)


def latency_row(label: str, hromadas: int | str, timing: Timing, queries: int | str) -> list[object]:
    status = "ok" if timing.ok else " ".join(f"{code}×{n}" for code, n in sorted(timing.statuses.items()))
    return [
        label,
        hromadas,
        timing.clients,
        len(timing.samples_ms),
        f"{timing.p50:.1f}",
        f"{timing.p95:.1f}",
        f"{max(timing.samples_ms, default=float('nan')):.1f}",
        f"{timing.throughput:.0f}",
        f"{timing.cpu_ms_per_request:.1f}",
        queries,
        status,
    ]


def verdict(ok: bool) -> str:
    return "within" if ok else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page (default: 200)")
    parser.add_argument("--clients", type=int, default=4, help="clients of the concurrent run (default: 4)")
    parser.add_argument("--startup-runs", type=int, default=3, help="start-up measurements (default: 3)")
    parser.add_argument("--hromadas", type=int, default=100, help="hromadas for (d) (default: 100)")
    parser.add_argument("--institutions", type=int, default=5, help="institutions per hromada in (d)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary var directory (logs, databases)"
    )
    parser.add_argument(
        "--ledger",
        action="store_true",
        help="run the transparency-log benchmark instead (bench/ledger.py), passing it the other arguments",
    )
    if "--ledger" in sys.argv[1:]:
        rest = [a for a in sys.argv[1:] if a != "--ledger"]
        return subprocess.call([sys.executable, str(ROOT / "bench" / "ledger.py"), *rest])
    args = parser.parse_args()
    if not 1 <= args.requests <= 5000 or not 1 <= args.clients <= 16 or not 1 <= args.startup_runs <= 10:
        parser.error("--requests 1..5000, --clients 1..16, --startup-runs 1..10")

    var_dir = Path(tempfile.mkdtemp(prefix="hromada-bench-"))
    env = bench_environment(var_dir)
    log = var_dir / "bench.log"
    results: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}",
        "python": platform.python_version(),
        "load_before": load_average(),
    }
    tenants_db: str | None = None
    try:
        results["database"] = database_label(env)
        print(f"Hromada benchmarks — {results['date']} — {results['machine']} — {results['database']}")
        print(f"(working in {var_dir})", flush=True)

        started = time.monotonic()
        run_hromada(env, "migrate", "--noinput", log=log)
        run_hromada(env, "demo", log=log)
        print(f"prepared: migrate + demo in {time.monotonic() - started:.1f} s", flush=True)

        # (b) start-up, without the task worker: the web server alone.
        startups = []
        for _ in range(args.startup_runs):
            with serving(env, log=var_dir / "serve-startup.log") as server:
                startups.append(server.ready_after)
        results["startup_s"] = startups
        print("start-up to first /healthz: " + ", ".join(f"{s:.2f} s" for s in startups), flush=True)

        # (a) + (c) one server with the task worker, as `make demo` runs it.
        counts = {row["path"]: row for row in python_script(env, "queries.py", DEFAULT_HOST, HOME, GEOJSON)}
        rows = []
        with serving(env, "--with-worker", log=var_dir / "serve.log") as server:
            idle = tree_memory(server.process.pid)
            home = measure(
                server.port, HOME, requests=args.requests, server_pid=server.process.pid, label="/"
            )
            geojson = measure(
                server.port, GEOJSON, requests=args.requests, server_pid=server.process.pid, label=GEOJSON
            )
            loaded = measure(
                server.port,
                HOME,
                requests=args.requests,
                clients=args.clients,
                server_pid=server.process.pid,
                label="/",
            )
            served = 3 * (args.requests + 10) + 2  # measured + warm-up requests, and two /healthz
            memory_after = tree_memory(server.process.pid)
        demo_hromadas = python_script(env, "seed.py", "--hromadas", "0")[0]["hromadas"]
        rows.append(latency_row("/", demo_hromadas, home, counts[HOME]["queries"]))
        rows.append(latency_row(GEOJSON, demo_hromadas, geojson, counts[GEOJSON]["queries"]))
        rows.append(latency_row("/", demo_hromadas, loaded, counts[HOME]["queries"]))
        results["memory"] = {"idle": asdict(idle), "after_requests": asdict(memory_after), "requests": served}
        results["latency"] = {
            "home": summary(home),
            "geojson": summary(geojson),
            "home_concurrent": summary(loaded),
        }
        results["queries"] = {"home": counts[HOME], "geojson": counts[GEOJSON]}
        print(f"served {served} requests; memory measured", flush=True)

        # (d) a separate database: 1 hromada, then 100.
        env2, tenants_db = second_database(env, var_dir)
        run_hromada(env2, "migrate", "--noinput", log=log)
        one = python_script(env2, "seed.py", "--hromadas", "1", "--institutions", str(args.institutions))[0]
        tenant_rows = []
        extra_host = f"bench-{max(2, args.hromadas // 2):03d}.localhost"
        with serving(env2, "--with-worker", log=var_dir / "serve-tenants.log") as server:
            q1 = {
                r["path"]: r["queries"]
                for r in python_script(env2, "queries.py", DEFAULT_HOST, HOME, GEOJSON)
            }
            for path in (HOME, GEOJSON):
                timing = measure(
                    server.port, path, requests=args.requests, server_pid=server.process.pid, label=path
                )
                tenant_rows.append(latency_row(path, one["hromadas"], timing, q1[path]))
            many = python_script(
                env2, "seed.py", "--hromadas", str(args.hromadas), "--institutions", str(args.institutions)
            )[0]
            print(f"seeded {many['created']} more hromadas in {many['seconds']} s", flush=True)
            qn = {
                r["path"]: r["queries"]
                for r in python_script(env2, "queries.py", DEFAULT_HOST, HOME, GEOJSON)
            }
            qx = {
                r["path"]: r["queries"] for r in python_script(env2, "queries.py", extra_host, HOME, GEOJSON)
            }
            for path in (HOME, GEOJSON):
                timing = measure(
                    server.port, path, requests=args.requests, server_pid=server.process.pid, label=path
                )
                tenant_rows.append(latency_row(path, many["hromadas"], timing, qn[path]))
            for path in (HOME, GEOJSON):
                timing = measure(
                    server.port,
                    path,
                    requests=args.requests,
                    host=extra_host,
                    server_pid=server.process.pid,
                    label=path,
                )
                tenant_rows.append(latency_row(f"{path} @ {extra_host}", many["hromadas"], timing, qx[path]))
            tenants_memory = tree_memory(server.process.pid)
        results["tenants"] = {"rows": tenant_rows, "memory": asdict(tenants_memory)}

        results["load_after"] = load_average()
        print_report(results, startups, idle, memory_after, served, rows, tenant_rows, tenants_memory)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        over = (
            memory_after.rss_mib > TARGET_RSS_MIB
            or sorted(startups)[len(startups) // 2] > TARGET_STARTUP_S
            or home.p95 > TARGET_P95_MS
            or geojson.p95 > TARGET_P95_MS
        )
        return 1 if over or not (home.ok and geojson.ok) else 0
    finally:
        if tenants_db:
            _admin_sql(env, f'DROP DATABASE IF EXISTS "{tenants_db}"')
        if args.keep:
            print(f"kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


def summary(timing: Timing) -> dict:
    return {
        "requests": len(timing.samples_ms),
        "clients": timing.clients,
        "p50_ms": round(timing.p50, 2),
        "p95_ms": round(timing.p95, 2),
        "max_ms": round(max(timing.samples_ms, default=0), 2),
        "per_second": round(timing.throughput, 1),
        "server_cpu_ms_per_request": round(timing.cpu_ms_per_request, 2),
        "statuses": dict(timing.statuses),
    }


def print_report(
    results: dict,
    startups: list[float],
    idle: Memory,
    after: Memory,
    served: int,
    rows: list[list[object]],
    tenant_rows: list[list[object]],
    tenants_memory: Memory,
) -> None:
    startup = sorted(startups)[len(startups) // 2]
    print()
    print(
        table(
            ["budget", "measured", "target", ""],
            [
                [
                    f"(a) memory after {served} requests, RSS sum of {after.processes} processes",
                    f"{after.rss_mib:.0f} MiB",
                    f"≤ {TARGET_RSS_MIB} MB",
                    verdict(after.rss_mib <= TARGET_RSS_MIB),
                ],
                ["    same, proportional (PSS)", f"{after.pss_mib:.0f} MiB", "", ""],
                ["    idle, just after start-up (RSS sum)", f"{idle.rss_mib:.0f} MiB", "", ""],
                [
                    f"(b) start → first /healthz, median of {len(startups)}",
                    f"{startup:.2f} s",
                    f"≤ {TARGET_STARTUP_S:.0f} s",
                    verdict(startup <= TARGET_STARTUP_S),
                ],
                [
                    "(c) p95 of / (one client)",
                    f"{float(rows[0][5]):.1f} ms",
                    f"≤ {TARGET_P95_MS:.0f} ms",
                    verdict(float(rows[0][5]) <= TARGET_P95_MS),
                ],
                [
                    f"(c) p95 of {GEOJSON} (one client)",
                    f"{float(rows[1][5]):.1f} ms",
                    f"≤ {TARGET_P95_MS:.0f} ms",
                    verdict(float(rows[1][5]) <= TARGET_P95_MS),
                ],
                [
                    f"(d) memory with {tenant_rows[-1][1]} hromadas (RSS sum)",
                    f"{tenants_memory.rss_mib:.0f} MiB",
                    "",
                    "",
                ],
            ],
        )
    )
    headers = ["page", "hromadas", "clients", "requests", "p50 ms", "p95 ms", "max ms", "req/s"]
    headers += ["cpu ms/req", "queries", "status"]
    print()
    print("(c) latency with the demo loaded")
    print(table(headers, rows))
    print()
    print("(d) latency with 1 hromada, then with many (separate database)")
    print(table(headers, tenant_rows))
    print()
    print(f"Load average before / after: {results['load_before']} / {results['load_after']}")
    print("Processes measured: " + "; ".join(command.split(" --")[0] for command in after.commands))


if __name__ == "__main__":
    sys.exit(main())

"""CPU per signature in one process: the signing benchmark's request through the WSGI application, for one
or more checkouts side by side (issue 11: "signing speed unchanged").

    .venv/bin/python bench/signing_cpu.py [--code DIR ...] [--requests 1500] [--rounds 6] [--profile DIR]
    scripts/with-postgres .venv/bin/python bench/signing_cpu.py --code /tmp/prekit     # on PostgreSQL

Each checkout (this one unless ``--code`` is given; ``--code`` may repeat, e.g. ``git archive 4e79bca | tar
-x -C /tmp/prekit``) gets its own throw-away database (SQLite in a temporary var dir, or with DATABASE_URL a
PostgreSQL database of its own beside it), migrated and seeded by that checkout's ``bench/petitions.py``
(one hromada, 40 collecting petitions, 4,000 verified signers with API tokens). Then, round after round and
checkout after checkout in rotating order, a fresh child process of that checkout (``hromada.wsgi``, the
environment of ``hromada serve`` under the benchmark: HROMADA_NUM_PROXIES=1, PROMETHEUS_MULTIPROC_DIR,
WARNING logs) sends ``--requests`` new signatures through the application — ``POST
/api/v1/petitions/{id}/signatures``, ``Authorization: Bearer …``, ``{"show_name": true}``, an
``X-Forwarded-For`` address in 10.0.0.0/8 — after 100 warm-up signatures, and reports its CPU time (user +
system, the process's own) per request. One thread, so each group-commit batch is one signature; what the
server spends in the database's own processes is not counted. ``--profile DIR`` writes each checkout's
cProfile of one extra round to DIR/<n>.prof (``python -m pstats``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
WARM = 100


def child_seed(state: Path) -> None:
    """Runs in the checkout measured: its own seeding of the signing benchmark."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    import django

    django.setup()
    from bench.petitions import seed_base  # the checkout's own (cwd first on sys.path)

    seed_base(argparse.Namespace(hot=40, signers=4000), state)


def child_measure(
    state: Path, *, offset: int, requests: int, threads: int, profile: str | None
) -> dict[str, Any]:
    """Runs in the checkout measured: WARM + ``requests`` signatures of new (signer, petition) pairs, sent
    by ``threads`` threads (more than one: the group commit gathers concurrent requests into batches, as
    under granian's request threads)."""
    import logging
    import threading

    from hromada.wsgi import application  # django.setup() as the server does

    info = json.loads(state.read_text())
    tokens: list[str] = info["tokens"]
    hot: list[int] = info["hot"]
    rng = random.Random(offset)
    body = b'{"show_name": true}'
    statuses: dict[str, int] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        statuses[status[:3]] = statuses.get(status[:3], 0) + 1

    def environ(number: int) -> dict[str, Any]:
        # Signer-major: one signer signs each hot petition in a different sweep, so the per-account limit
        # (30 a minute) is never reached while a round lasts.
        token, petition = tokens[number % len(tokens)], hot[(number // len(tokens)) % len(hot)]
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        return {
            "REQUEST_METHOD": "POST",
            "SCRIPT_NAME": "",
            "PATH_INFO": f"/api/v1/petitions/{petition}/signatures",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_AUTHORIZATION": f"Bearer {token}",
            "HTTP_X_FORWARDED_FOR": address,
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }

    lock = threading.Lock()
    profilers: list[Any] = []

    def run(numbers: range, profiled: bool = False) -> None:
        profiler = None
        if profiled:
            import cProfile

            # This thread's CPU time: neither waits on the database nor other threads' work count.
            profiler = cProfile.Profile(time.thread_time)
            profilers.append(profiler)
            profiler.enable()
        for number in numbers:
            with lock:
                environ_ = environ(number)
            response = application(environ_, start_response)
            for _chunk in response:
                pass
            close = getattr(response, "close", None)
            if close is not None:
                close()
        if profiler is not None:
            profiler.disable()

    def run_threads(first: int, count: int, profiled: bool = False) -> None:
        workers = [
            threading.Thread(target=run, args=(range(first + t, first + count, threads), profiled))
            for t in range(threads)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    logging.getLogger("django.request").setLevel(logging.ERROR)
    run_threads(offset, WARM)
    statuses.clear()
    before = _batches()
    started_cpu, started_wall = time.process_time(), time.perf_counter()
    run_threads(offset + WARM, requests, profiled=bool(profile))
    cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started_wall
    if profile:
        import pstats

        stats = pstats.Stats(profilers[0])
        for other in profilers[1:]:
            stats.add(other)
        stats.dump_stats(profile)
    return {
        "cpu_us": round(cpu / requests * 1e6, 1),
        "wall_us": round(wall / requests * 1e6, 1),
        "statuses": statuses,
        "batches": {key: value - before[key] for key, value in _batches().items()},
    }


def _batches() -> dict[str, int]:
    """The signing intake's batches and requests in this process (the group commit's counters)."""
    try:
        from hromada.petitions.actions.signing import _signing_intake
    except ImportError:  # before the actions became a package
        from hromada.petitions.actions import _signing_intake  # type: ignore[attr-defined,no-redef]
    return {"batches": _signing_intake.batches, "jobs": _signing_intake.jobs}


def database_url_for(base: str, number: int, *, var_dir: Path) -> str:
    """Checkout `number`'s own database: a PostgreSQL database beside DATABASE_URL's, else SQLite."""
    if not base.startswith("postgres"):
        return f"sqlite:///{var_dir / 'bench.sqlite3'}"
    import psycopg

    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}_signing_{number}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--code", type=Path, action="append", help="a checkout to measure (repeatable)")
    parser.add_argument("--requests", type=int, default=1500, help="measured signatures per child")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--threads", type=int, default=1, help="request threads in the child (default 1)")
    parser.add_argument("--profile", type=Path, help="also profile one round of each checkout into DIR")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--child", choices=("seed", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--state", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "seed":
        child_seed(args.state)
        return
    if args.child == "measure":
        result = child_measure(
            args.state,
            offset=args.offset,
            requests=args.requests,
            threads=args.threads,
            profile=args.profile_out,
        )
        print(json.dumps(result))
        return

    sys.path.insert(0, str(ROOT))
    from bench.harness import bench_environment, hromada_command

    codes = [code.resolve() for code in (args.code or [ROOT])]
    base_url = os.environ.get("DATABASE_URL", "")
    report: dict[str, Any] = {"load_before": load_average(), "database": base_url.split(":")[0] or "sqlite"}
    with tempfile.TemporaryDirectory(prefix="hromada-signing-cpu-") as tmp:
        setups = []
        for number, code in enumerate(codes):
            var_dir = Path(tmp) / str(number)
            var_dir.mkdir()
            env = bench_environment(var_dir)
            env["DATABASE_URL"] = database_url_for(base_url, number, var_dir=var_dir)
            env["HROMADA_NUM_PROXIES"] = "1"
            env["PYTHONPATH"] = str(code)
            metrics = var_dir / "metrics"  # as `hromada serve` sets it (an older checkout ignores it)
            metrics.mkdir()
            env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
            state = var_dir / "state.json"
            subprocess.run(hromada_command("migrate", "--no-input"), env=env, cwd=code, check=True,
                           capture_output=True)  # fmt: skip
            seed = [sys.executable, str(Path(__file__).resolve()), "--child", "seed", "--state", str(state)]
            subprocess.run(seed, env=env, cwd=code, check=True, capture_output=True)
            setups.append((code, env, state))
            print(f"{code}: migrated and seeded", flush=True)

        def measure(number: int, offset: int, profile: Path | None = None) -> dict[str, Any]:
            code, env, state = setups[number]
            command = [
                sys.executable, str(Path(__file__).resolve()), "--child", "measure", "--state", str(state),
                "--offset", str(offset), "--requests", str(args.requests), "--threads", str(args.threads),
            ]  # fmt: skip
            if profile is not None:
                command += ["--profile-out", str(profile)]
            done = subprocess.run(command, env=env, cwd=code, check=True, capture_output=True, text=True)
            return json.loads(done.stdout.strip().splitlines()[-1])

        per_code: dict[int, list[dict[str, Any]]] = {n: [] for n in range(len(codes))}
        for round_number in range(args.rounds):
            order = list(range(len(codes)))
            order = order[round_number % len(order) :] + order[: round_number % len(order)]
            for number in order:
                result = measure(number, offset=round_number * (args.requests + WARM))
                result["load"] = load_average()
                per_code[number].append(result)
                print(f"round {round_number + 1} {codes[number]}: {result}", flush=True)
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            for number in range(len(codes)):
                out = args.profile / f"{number}.prof"
                measure(number, offset=args.rounds * (args.requests + WARM), profile=out)
                print(f"profile of {codes[number]}: {out}", flush=True)
    report["load_after"] = load_average()
    report["codes"] = {
        str(codes[n]): {
            "median_cpu_us": statistics.median(r["cpu_us"] for r in results),
            "min_cpu_us": min(r["cpu_us"] for r in results),
            "rounds": results,
        }
        for n, results in per_code.items()
        if results
    }
    print(f"\nCPU µs per signature, {args.rounds} rounds × {args.requests} (load {report['load_before']} → "
          f"{report['load_after']}, {report['database']}):")  # fmt: skip
    for code, summary in report["codes"].items():
        cells = " ".join(f"{r['cpu_us']:.0f}" for r in summary["rounds"])
        print(f"  {code}: median {summary['median_cpu_us']:.0f}, min {summary['min_cpu_us']:.0f} ({cells})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

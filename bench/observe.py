"""What observing a request costs: the same API requests through the WSGI application with and without
``ObserveRequestMiddleware`` (request id, metrics, JSON line), in one process, back to back.

    .venv/bin/python bench/observe.py [--requests 2000] [--rounds 7] [--code DIR]

Migrates a throw-away SQLite database with one hromada (bench/seed.py), then measures in two child
processes: prometheus-client in one process's memory, and with PROMETHEUS_MULTIPROC_DIR (each value a write
to a memory-mapped file, as under `hromada serve`). Each round runs the requests through every variant in
turn (the order rotates); the report gives each variant's median CPU µs per request over the rounds.
``--code DIR`` measures another checkout (e.g. ``git archive 4e79bca | tar -x -C DIR``, the code before the
middleware: then only "without" runs, to set beside this checkout's).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OBSERVE = "hromada.core.metrics.ObserveRequestMiddleware"
# (label, path, bearer): the full chain (a cheap API list) and the token chain (a refused token: the
# signing surge's chain, without the database work of a signature).
REQUESTS = (
    ("full chain, GET /api/v1/petitions", "/api/v1/petitions", False),
    ("token chain, GET /api/v1/me (bad token)", "/api/v1/me", True),
)


def measure(*, requests: int, rounds: int) -> dict[str, dict[str, float]]:
    import django

    django.setup(set_prefix=False)
    from django.conf import settings
    from django.test import RequestFactory, override_settings

    from hromada.core.handlers import Application

    def application(*, observe: bool, log_format: str) -> Application:
        full = [m for m in settings.MIDDLEWARE if observe or m != OBSERVE]
        token = [m for m in settings.TOKEN_API_MIDDLEWARE if observe or m != OBSERVE]
        with override_settings(MIDDLEWARE=full, TOKEN_API_MIDDLEWARE=token, HROMADA_LOG_FORMAT=log_format):
            return Application()

    import logging

    # A refused token is a warning line: off, as in the benchmark's server (HROMADA_LOG_LEVEL=WARNING).
    logging.getLogger("django.request").setLevel(logging.ERROR)
    variants = {"without": application(observe=False, log_format="plain")}
    if OBSERVE in settings.MIDDLEWARE:  # not in code from before the middleware (--code)
        from hromada.core.logs import JsonFormatter

        variants["observed"] = application(observe=True, log_format="plain")
        variants["observed + JSON line"] = application(observe=True, log_format="json")
        # The JSON lines are formatted and written to /dev/null: their cost, not the terminal's.
        handler = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 - open for the whole run
        handler.setFormatter(JsonFormatter())
        logging.getLogger("hromada.request").handlers = [handler]
        logging.getLogger("hromada.request").propagate = False
    factory = RequestFactory()

    statuses: set[str] = set()

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        statuses.add(status.split()[0])

    results: dict[str, dict[str, list[float]]] = {}
    answered: dict[str, list[str]] = {}
    for label, path, bearer in REQUESTS:
        statuses.clear()
        extra = {"HTTP_AUTHORIZATION": "Bearer not-a-token"} if bearer else {}
        environ = factory.get(path, HTTP_HOST="localhost", **extra).environ
        for app in variants.values():  # warm: caches, labelled series, first-request imports
            for _ in range(50):
                list(app(dict(environ), start_response))
        names = list(variants)
        for round_number in range(rounds):
            order = names[round_number % len(names) :] + names[: round_number % len(names)]
            for name in order:
                app = variants[name]
                started = time.process_time()
                for _ in range(requests):
                    list(app(dict(environ), start_response))
                elapsed = time.process_time() - started
                results.setdefault(label, {}).setdefault(name, []).append(elapsed / requests * 1e6)
        answered[label] = sorted(statuses)
    return {
        f"{label} → {'/'.join(answered[label])}": {
            name: round(statistics.median(values), 1) for name, values in by_variant.items()
        }
        for label, by_variant in results.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="requests per variant per round")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--code",
        type=Path,
        default=ROOT,
        help="the checkout to measure (default this one), e.g. an older commit's",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(requests=args.requests, rounds=args.rounds)))
        return

    sys.path.insert(0, str(ROOT))
    from bench.harness import bench_environment, run_hromada

    code = args.code.resolve()
    os.chdir(code)  # `python -m hromada` imports the package from the working directory first

    with tempfile.TemporaryDirectory(prefix="hromada-observe-") as tmp:
        env = bench_environment(Path(tmp))
        env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env["PYTHONPATH"] = str(code)
        run_hromada(env, "migrate", "--no-input")
        seed = [sys.executable, str(code / "bench/seed.py"), "--hromadas", "1"]
        subprocess.run(seed, env=env, check=True, capture_output=True)
        child = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            "--requests",
            str(args.requests),
            "--rounds",
            str(args.rounds),
        ]
        report = {}
        for mode in ("one process", "PROMETHEUS_MULTIPROC_DIR"):
            child_env = dict(env)
            if mode != "one process":
                multiproc = Path(tmp) / "prometheus"
                multiproc.mkdir()
                child_env["PROMETHEUS_MULTIPROC_DIR"] = str(multiproc)
            out = subprocess.run(child, env=child_env, check=True, capture_output=True, text=True).stdout
            report[mode] = json.loads(out.strip().splitlines()[-1])
    print(f"{args.code}: CPU µs per request, median of {args.rounds} rounds × {args.requests} requests each")
    for mode, by_label in report.items():
        for label, by_variant in by_label.items():
            base = by_variant["without"]
            cells = ", ".join(
                f"{name} {value:.0f} (+{value - base:.0f})" for name, value in by_variant.items()
            )
            print(f"{mode:26} {label:48} {cells}")


if __name__ == "__main__":
    main()

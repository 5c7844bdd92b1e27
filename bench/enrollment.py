"""Deferred acceptance at city scale, beside the `matching` package (issue 15's targets).

    .venv/bin/python bench/enrollment.py [--matching]

Instances: 20,000 applicants × 300 institutions × 3 choices and 100,000 × 1,000 × 5, priority classes 1–4 on a
fifth of the choices, distinct lotteries, capacities so that about 80 % of applicants can be placed. Prints
in-process times (median of 3, wall clock and CPU time), the command line end to end on the first instance
(start-up included), and with `--matching` the `matching` package's resident-optimal solution on the first
instance (it needs minutes there): equal or not, and the ratio of times. Exits 1 when a wall-clock target
is missed.
"""

# bench: enrollment allocation at city scale (deferred acceptance)

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hromada.enrollment.allocation import Applicant, Place, deferred_acceptance  # noqa: E402


def instance(applicants: int, places: int, choices: int, seed: int) -> dict:
    rnd = random.Random(seed)
    ids = [f"i{k}" for k in range(places)]
    total = int(applicants * 0.8)
    capacity = [max(1, total // places + rnd.randint(-3, 3)) for _ in ids]
    lotteries = rnd.sample(range(1, applicants * 10), applicants)
    people = []
    for n in range(applicants):
        picked = rnd.sample(ids, choices)
        people.append(
            {
                "id": f"a{n}",
                "choices": picked,
                "lottery": lotteries[n],
                "priority": {p: rnd.randint(1, 4) for p in picked if rnd.random() < 0.2},
            }
        )
    return {
        "institutions": [{"id": i, "capacity": c} for i, c in zip(ids, capacity, strict=True)],
        "applicants": people,
    }


def typed(raw: dict) -> tuple[list[Place], list[Applicant]]:
    return (
        [Place(p["id"], p["capacity"]) for p in raw["institutions"]],
        [Applicant(a["id"], tuple(a["choices"]), a["lottery"], a["priority"]) for a in raw["applicants"]],
    )


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    seconds, _cpu, result = timed_cpu(fn, repeat)
    return seconds, result


def _cpu_now() -> float:
    """CPU seconds of this process and its finished children (the command line runs as a child)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_cpu(fn, repeat: int = 3) -> tuple[float, float, object]:
    """Median wall-clock and median CPU seconds. On a shared machine the wall clock includes the time
    other processes held the cores; the CPU time is what the work itself cost."""
    times, cpu = [], []
    result = None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), _cpu_now()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(_cpu_now() - start_cpu)
    return statistics.median(times), statistics.median(cpu), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--matching", action="store_true", help="also solve instance 1 with `matching`")
    args = parser.parse_args()
    missed = []
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}", flush=True)
    for n, m, k, target in ((20_000, 300, 3, 0.1), (100_000, 1_000, 5, 1.0)):
        raw = instance(n, m, k, seed=n)
        places, applicants = typed(raw)
        seconds, cpu, ours = timed_cpu(
            lambda places=places, applicants=applicants: deferred_acceptance(places, applicants)
        )
        line = (
            f"{n:>7,} × {m:>5,} × {k}: in-process {seconds * 1000:8.1f} ms wall, {cpu * 1000:8.1f} ms CPU "
            f"(target ≤ {target * 1000:.0f} ms)"
        )
        if seconds > target:
            missed.append(f"{n:,} in process: {seconds * 1000:.0f} ms > {target * 1000:.0f} ms")
        if args.matching and n == 20_000:  # matching needs minutes here; hours at 100,000
            from hromada.enrollment.reference import matching_assignments

            their_seconds, theirs = timed(
                lambda places=places, applicants=applicants: matching_assignments(places, applicants),
                repeat=1,
            )
            same = theirs == ours
            ratio = their_seconds / seconds
            line += f"; matching {their_seconds * 1000:9.1f} ms, identical: {same}, ×{ratio:.0f}"
        print(line, flush=True)
        if n == 20_000:
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
                json.dump(raw, handle)
            cli = [str(ROOT / ".venv/bin/hromada"), "enrollment", "allocate", handle.name, "--json"]
            seconds, cpu, _ = timed_cpu(lambda cli=cli: subprocess.run(cli, check=True, capture_output=True))
            print(
                f"{'':>7}   command line end to end (start-up included): {seconds * 1000:.0f} ms wall, "
                f"{cpu * 1000:.0f} ms CPU (≤ 1 s)"
            )
            os.unlink(handle.name)
            if seconds > 1.0:
                missed.append(f"command line: {seconds * 1000:.0f} ms > 1000 ms")
    for miss in missed:
        print(f"FAILED: {miss}", flush=True)
    EXIT_STATUS.append(1 if missed else 0)


EXIT_STATUS: list[int] = []


if __name__ == "__main__":
    # `matching` deep-copies its linked players: deep recursion at these sizes needs a big stack.
    import threading

    sys.setrecursionlimit(10_000_000)
    threading.stack_size(1 << 29)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
    raise SystemExit(EXIT_STATUS[0] if EXIT_STATUS else 1)

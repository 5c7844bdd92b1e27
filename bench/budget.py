"""Public-budget counting benchmark: `.venv/bin/python bench/budget.py [--json out.json] [--quick] [--full]`.

On real Pabulib files from ../shared/data/pabulib (or $HROMADA_SHARED_DATA/pabulib), for each rule:

  1. Hromada's `tally()` in process: the first call on a freshly parsed election (identical ballots merged,
     arrays built — "first") and the count alone on the same election object ("count": median and best of
     repeated calls, the preparation being cached per Election object);
  2. pabutools on the same file in the same run (`parse_pabulib`, then the rule once): its time, the ratio,
     and whether the winners are identical (as sets; pabutools returns an unordered allocation);
  3. memory: the peak of Python/numpy allocations during a first call (tracemalloc) and the process's
     maximum resident set;
  4. end to end: `hromada budget tally FILE --rule mes-add1 --json` in fresh processes (start-up included).

pabutools' MES + Add1 takes minutes on Warszawa 2021 Bielany: it runs only with `--full`; otherwise the
report compares with the figure measured earlier on this machine and declared in the issue (170-200 s),
labelled as such. `--quick`: Bielany only, fewer repetitions, pabutools MES only (and MES + Add1 with
--full). Exits 1 when a target of the issue is missed on Bielany: count MES <= 1 ms, count MES + Add1
<= 50 ms, end to end <= 1 s. See docs/performance.md ("Public budget counting").
"""

# `make bench-<file name>` runs this file (`make bench` runs every file marked so; see the Makefile).
# bench: public budget counting
from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hromada.budget import pabulib  # noqa: E402
from hromada.budget.rules import Election, tally  # noqa: E402

TARGET_MES_MS = 1.0
TARGET_ADD1_MS = 50.0
TARGET_CLI_S = 1.0
DECLARED_PABUTOOLS_ADD1_S = (170.0, 200.0)
"""pabutools' MES + Add1 on Warszawa 2021 Bielany on this machine, as measured and declared in the issue."""

BIELANY = "Poland_Warszawa_2021_Bielany.pb"
FILES = [
    BIELANY,
    "US_Stanford_Dataset_South_Lake_Tahoe_2021_Quadrant_3_vote_knapsacks.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Netherlands_Amsterdam_643.pb",
]
RULES = ["greedy", "greedy-no-skip", "mes", "mes-add1", "phragmen"]


def shared_pabulib() -> Path:
    env = os.environ.get("HROMADA_SHARED_DATA")
    base = Path(env) if env else ROOT.parent / "shared" / "data"
    return base / "pabulib"


def find(name: str) -> Path | None:
    for folder in ("instances", "more-instances"):
        path = shared_pabulib() / folder / name
        if path.exists():
            return path
    return None


def clear_caches() -> None:
    from hromada.budget.rules import _fast, engine

    engine._PREPARED.clear()
    _fast._ENGINES.clear()


def timed(fn: Callable[[], Any], repeat: int, cpu: list[float] | None = None) -> tuple[list[float], Any]:
    """Wall-clock seconds of each call (and, into ``cpu``, the process's CPU seconds of each call: on a
    shared machine CPU time hardly moves with the load, wall-clock time does)."""
    times = []
    result = None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - started_cpu)
    return times, result


def pabutools_run(path: Path, rule: str) -> tuple[float, list[str]] | None:
    """pabutools' time for one rule on one file (parsing excluded), and its winners."""
    try:
        from pabutools.election import Cost_Sat
        from pabutools.election.pabulib import parse_pabulib
        from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen
    except ImportError:
        return None
    instance, profile = parse_pabulib(str(path))
    calls: dict[str, Callable[[], Any]] = {
        "greedy": lambda: greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat),
        "mes": lambda: method_of_equal_shares(instance, profile, sat_class=Cost_Sat),
        "mes-add1": lambda: method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
        ),
        "phragmen": lambda: sequential_phragmen(instance, profile),
    }
    if rule not in calls:
        return None
    started = time.perf_counter()
    allocation = calls[rule]()
    return time.perf_counter() - started, sorted(p.name for p in allocation)


def memory_of_first_call(election_path: Path, rule: str) -> int:
    election = pabulib.to_election(pabulib.read(election_path))
    clear_caches()
    tracemalloc.start()
    tally(election, rule=rule)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def cli_runs(path: Path, runs: int) -> dict[str, Any]:
    command = [
        str(ROOT / ".venv" / "bin" / "hromada"),
        "budget",
        "tally",
        str(path),
        "--rule",
        "mes-add1",
        "--json",
    ]
    if not Path(command[0]).exists():
        command = [sys.executable, "-c", "from hromada.cli import main; main()", *command[1:]]
    times = []
    output = ""
    rss_kib = 0
    gnu_time = Path("/usr/bin/time")
    for _ in range(runs):
        measured = command
        if gnu_time.exists():
            measured = [str(gnu_time), "-f", "%M", "-o", "/dev/stderr", *command]
        started = time.perf_counter()
        done = subprocess.run(measured, capture_output=True, text=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
        output = done.stdout
        last = done.stderr.strip().splitlines()[-1:] if done.stderr.strip() else []
        if last and last[0].isdigit():
            rss_kib = max(rss_kib, int(last[0]))
    record = json.loads(output.splitlines()[0])
    return {
        "command": " ".join(["hromada", *command[1:]])
        if command[0].endswith("hromada")
        else " ".join(command),
        "seconds": times,
        "median_s": statistics.median(times),
        "max_s": max(times),
        "max_rss_mib": round(rss_kib / 1024, 1) if rss_kib else None,
        "winners": len(record["winners"]),
        "total_cost": record["total_cost"],
        "add1_increments": record.get("add1_increments"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--quick", action="store_true", help="Bielany only, fewer repetitions")
    parser.add_argument("--full", action="store_true", help="also pabutools' MES + Add1 (minutes per file)")
    parser.add_argument("--cli-runs", type=int, default=5)
    args = parser.parse_args()

    from hromada.budget.rules import _fast

    kernel = _fast._kernel_function(True)
    kernel_kind = "none (exact arithmetic only)"
    if kernel is not None:
        aot = getattr(kernel[0][0], "__module__", "") or ""
        kernel_kind = (
            "numba jit (on-disk cache)" if hasattr(kernel[0][0], "py_func") else "ahead-of-time extension"
        )
        del aot
    names = [BIELANY] if args.quick else FILES
    repeat = 5 if args.quick else 20
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
        "kernel": kernel_kind,
        "files": [],
    }
    print(f"MES kernel: {kernel_kind}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    failures = []
    for name in names:
        path = find(name)
        if path is None:
            print(f"{name}: not found in {shared_pabulib()}, skipped")
            continue
        started = time.perf_counter()
        election: Election = pabulib.to_election(pabulib.read(path))
        parse_s = time.perf_counter() - started
        entry: dict[str, Any] = {
            "file": name,
            "projects": len(election.projects),
            "voters": len(election.ballots),
            "parse_s": parse_s,
            "rules": {},
        }
        print(
            f"\n{name}: {len(election.projects)} projects, {len(election.ballots)} voters, "
            f"parsed in {parse_s:.3f} s"
        )
        print(
            f"  {'rule':<15}{'first ms':>10}{'count ms':>10}{'best ms':>10}{'cpu ms':>10}"
            f"{'pabutools s':>13}{'ratio':>10}  same"
        )
        for rule in RULES:
            if args.quick and rule in ("greedy-no-skip",):
                continue
            clear_caches()
            count = functools.partial(tally, election, rule=rule)
            first_times, _ = timed(count, 1)
            reps = repeat if rule != "mes-add1" else max(3, repeat // 4)
            cpu: list[float] = []
            times, outcome = timed(count, reps, cpu)
            median = statistics.median(times)
            row: dict[str, Any] = {
                "first_s": first_times[0],
                "count_median_s": median,
                "count_best_s": min(times),
                "count_cpu_median_s": statistics.median(cpu),
                "winners": list(outcome.winners),
                "total_cost": int(outcome.total_cost),
                "add1_increments": outcome.add1_increments,
                "ties": len(outcome.ties),
            }
            pab: tuple[float, list[str]] | None = None
            run_pabutools = (
                rule != "greedy-no-skip"
                and (rule != "mes-add1" or args.full)
                and (not args.quick or rule in ("mes", "mes-add1"))
            )
            if run_pabutools:
                pab = pabutools_run(path, rule)
            if pab is not None:
                row["pabutools_s"] = pab[0]
                row["ratio"] = pab[0] / median
                row["identical_winners"] = pab[1] == sorted(outcome.winners)
                if not row["identical_winners"]:
                    failures.append(f"{name} {rule}: winners differ from pabutools")
            elif rule == "mes-add1" and name == BIELANY:
                low, high = DECLARED_PABUTOOLS_ADD1_S
                row["pabutools_declared_s"] = [low, high]
                row["ratio_to_declared"] = [low / median, high / median]
            entry["rules"][rule] = row
            pab_text = f"{pab[0]:>13.2f}{pab[0] / median:>10.0f}  {row['identical_winners']}" if pab else ""
            if not pab and "pabutools_declared_s" in row:
                low, high = DECLARED_PABUTOOLS_ADD1_S
                pab_text = f"{'170-200 *':>13}{low / median:>10.0f}  (declared)"
            print(
                f"  {rule:<15}{first_times[0] * 1000:>10.1f}{median * 1000:>10.2f}{min(times) * 1000:>10.2f}"
                f"{statistics.median(cpu) * 1000:>10.2f}"
                f"{pab_text}"
            )
            if name == BIELANY and rule == "mes" and median * 1000 > TARGET_MES_MS:
                failures.append(f"Bielany MES count {median * 1000:.2f} ms > {TARGET_MES_MS} ms")
            if name == BIELANY and rule == "mes-add1" and median * 1000 > TARGET_ADD1_MS:
                failures.append(f"Bielany MES + Add1 count {median * 1000:.1f} ms > {TARGET_ADD1_MS} ms")
        if name == BIELANY:
            entry["memory_peak_mib"] = {
                rule: round(memory_of_first_call(path, rule) / 2**20, 1) for rule in ("mes", "mes-add1")
            }
            print(f"  memory (tracemalloc peak of a first call): {entry['memory_peak_mib']} MiB")
            cli = cli_runs(path, args.cli_runs)
            entry["cli"] = cli
            print(
                f"  end to end `{cli['command']}`: median {cli['median_s']:.3f} s, max {cli['max_s']:.3f} s, "
                f"max RSS {cli['max_rss_mib']} MiB"
            )
            if cli["median_s"] > TARGET_CLI_S:
                failures.append(f"end to end {cli['median_s']:.2f} s > {TARGET_CLI_S} s")
        report["files"].append(entry)
    report["process_max_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    report["load_average_at_end"] = os.getloadavg()
    report["missed_targets"] = failures
    print(
        f"\nprocess max RSS {report['process_max_rss_mib']} MiB; load average at end {os.getloadavg()[0]:.2f}"
    )
    if not any("pabutools_s" in r for f in report["files"] for r in f["rules"].values()):
        print("(pabutools not installed: no side-by-side comparison)")
    if not args.full:
        print("* declared: pabutools' MES + Add1 on Bielany measured earlier on this machine (the issue);")
        print("  --full measures it")
    for failure in failures:
        print(f"MISSED: {failure}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

# bench: streets: the district of a typed address over a city's street lists; checking a district's list
"""The district of an address from the districts' street lists (issue 13), at a large city's size.

    .venv/bin/python bench/streets.py [--streets 3000] [--repeat 200]

Targets: finding the district of one address among ``--streets`` listed ranges (a tenth of them split
between two districts by house number) p95 ≤ 10 ms; checking a district's list of 300 lines against the
other districts' lists (the back office's save) p95 ≤ 100 ms. Both pure (``territory/streets.py``): the
selector adds one query reading the ranges with their stored folded names, which is what is timed here
(``StreetRange.stored``). Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import load_average  # noqa: E402
from hromada.core.streets import street_name  # noqa: E402
from hromada.territory.streets import StreetRange, clashes, find_district  # noqa: E402

FIND_TARGET_MS = 10.0
CHECK_TARGET_MS = 100.0
NAMES = ("Шевченка", "Лесі Українки", "Соборна", "Героїв", "Незалежності", "Садова", "Лісова", "Миру")
LETTERS = "абвгдежзиклмнопрстуфхцчшщюя"


def _word(n: int) -> str:
    """A distinct made-up word for every ``n`` (street names carry no digits: a trailing number is a
    house number)."""
    word = ""
    while True:
        n, rest = divmod(n, len(LETTERS))
        word += LETTERS[rest]
        if not n:
            return word.capitalize() + "ська"


def _name(n: int) -> str:
    return f"вул. {NAMES[n % len(NAMES)]} {_word(n)}"


def _stored(name: str, number_from: int = 1, number_to: int | None = None) -> StreetRange:
    folded = street_name(name)
    return StreetRange.stored(
        name=name,
        key=folded.key,
        kind=folded.kind,
        number_from=number_from,
        number_to=number_to,
        parity="all",
    )


def lists(count: int) -> list[tuple[int, StreetRange]]:
    """``count`` streets over 12 districts; every tenth split at house 50 between two districts."""
    ranges: list[tuple[int, StreetRange]] = []
    for n in range(count):
        name = _name(n)
        if n % 10 == 0:
            ranges += [(n % 12, _stored(name, 1, 49)), ((n + 1) % 12, _stored(name, 50))]
        else:
            ranges.append((n % 12, _stored(name)))
    return ranges


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streets", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args, _others = parser.parse_known_args()  # `make bench BENCH_ARGS=…` passes every benchmark's options
    listed = lists(args.streets)
    rng = random.Random(13)
    finds: list[float] = []
    for _ in range(args.repeat):
        n = rng.randrange(args.streets)
        address = f"м. Світлогірськ, {_name(n)}, {rng.randint(1, 120)}, кв. 5"
        started = time.perf_counter()
        found = find_district(address, listed)
        finds.append((time.perf_counter() - started) * 1000)
        assert found.status == "found", (address, found)
    checks: list[float] = []
    for _ in range(max(args.repeat // 20, 3)):
        new = [StreetRange(f"вул. Нова {_word(rng.randrange(10**6))}") for _line in range(300)]
        started = time.perf_counter()
        clashes(new, listed)
        checks.append((time.perf_counter() - started) * 1000)
    find_p95, check_p95 = _p95(finds), _p95(checks)
    print(f"load average {load_average()}; {len(listed)} listed ranges")
    print(f"find the district of an address: p50 {statistics.median(finds):.2f} ms, p95 {find_p95:.2f} ms "
          f"(target ≤ {FIND_TARGET_MS:.0f})")  # fmt: skip
    print(f"check a 300-line list:          p50 {statistics.median(checks):.2f} ms, p95 {check_p95:.2f} ms "
          f"(target ≤ {CHECK_TARGET_MS:.0f})")  # fmt: skip
    if args.json:
        args.json.write_text(
            json.dumps({"streets": len(listed), "find_p95_ms": find_p95, "check_p95_ms": check_p95}, indent=2)
        )
    return 0 if find_p95 <= FIND_TARGET_MS and check_p95 <= CHECK_TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())

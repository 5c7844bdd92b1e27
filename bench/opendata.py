"""The open-data portal against issue 20's targets, on a throw-away SQLite database with one hromada.

    .venv/bin/python bench/opendata.py [--datasets 500] [--rows 1000000] [--calls 50]

In one process (the WSGI application through Django's test client, no network): ``package_search`` with
500 registered synthetic datasets (p50/p95 of ``--calls`` calls), ``datastore_search`` of 100 rows at
offset 900,000 of a 1,000,000-row dataset — by keyset (``after=``, as ``_links.next`` gives it) and by plain
``offset`` — and the full CSV download of that dataset (MB/s, and the peak of Python's traced memory while
it streams). Targets: p95 ≤ 50 ms, p95 ≤ 100 ms, ≥ 50 MB/s with flat memory. CKAN's own published figure
for comparison: its API caps a search at 1,000 rows and its bulk load of a large portal took 9 hours
(ckanapi issue 118); no CKAN can be installed here to measure beside it.
"""

# bench: open-data portal

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def measure(*, datasets: int, rows: int, calls: int) -> dict[str, str]:
    import django

    django.setup(set_prefix=False)
    from django.test import Client

    from hromada.core.datasets import Dataset, Field, register_dataset
    from hromada.opendata.tests.factories import counting_dataset

    for n in range(datasets):
        register_dataset(
            Dataset(
                key=f"bench-{n:04d}",
                title=f"Набір {n}",
                description=f"Синтетичний набір даних номер {n} для вимірювання",
                fields=(Field("a", "integer", "a"),),
                rows=lambda **kw: iter(()),
                tags=(f"tag{n % 20}", "bench"),
                category=("petitions", "public-budget", "institutions")[n % 3],
            )
        )
    register_dataset(counting_dataset(rows, key="bench-million"))
    client = Client(HTTP_HOST="localhost")
    report = {}

    def timed(path: str, params: dict[str, str], repeat: int) -> list[float]:
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path, params)
            assert response.status_code == 200, response.content[:300]
            samples.append(time.perf_counter() - started)
        return samples

    search = {"q": "набір", "rows": "10", "facet.field": json.dumps(["organization", "groups", "tags"])}
    timed("/api/3/action/package_search", search, 3)  # warm-up
    report["package_search, 500+ datasets, q + 3 facets"] = _percentiles(
        timed("/api/3/action/package_search", search, calls)
    )
    offset = min(900_000, max(rows - 100, 0))
    keyset = {"resource_id": "bench-million", "limit": "100", "offset": str(offset), "after": str(offset)}
    report[f"datastore_search 100 rows at {offset:,} (keyset after=)"] = _percentiles(
        timed("/api/3/action/datastore_search", keyset, calls)
    )
    plain = {"resource_id": "bench-million", "limit": "100", "offset": str(offset), "include_total": "false"}
    report[f"datastore_search 100 rows at {offset:,} (plain offset)"] = _percentiles(
        timed("/api/3/action/datastore_search", plain, 3)
    )

    started = time.perf_counter()
    response = client.get("/opendata/bench-million.csv")
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    report[f"CSV download, {rows:,} rows"] = (
        f"{size / 1e6:.1f} MB in {seconds:.2f} s = {size / 1e6 / seconds:.1f} MB/s"
    )

    tracemalloc.start()
    response = client.get("/opendata/bench-million.csv")
    for _chunk in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    report["CSV download, peak traced memory"] = f"{peak / 1e6:.2f} MB (a list of the rows would be > 300 MB)"
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=int, default=500)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(datasets=args.datasets, rows=args.rows, calls=args.calls)))
        return

    sys.path.insert(0, str(ROOT))
    from bench.harness import bench_environment, run_hromada

    os.chdir(ROOT)
    with tempfile.TemporaryDirectory(prefix="hromada-opendata-") as tmp:
        env = bench_environment(Path(tmp))
        env["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        env["PYTHONPATH"] = str(ROOT)
        env["HROMADA_RATE_LIMITS"] = "0"
        run_hromada(env, "migrate", "--no-input")
        subprocess.run([sys.executable, str(ROOT / "bench/seed.py"), "--hromadas", "1"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        child = [sys.executable, str(Path(__file__).resolve()), "--child", "--datasets", str(args.datasets),
                 "--rows", str(args.rows), "--calls", str(args.calls)]  # fmt: skip
        out = subprocess.run(child, env=env, check=True, capture_output=True, text=True).stdout
    for label, value in json.loads(out.strip().splitlines()[-1]).items():
        print(f"{label:60} {value}")


if __name__ == "__main__":
    main()

"""The open-data portal against issue 20's targets, on a throw-away SQLite database with one hromada.

    .venv/bin/python bench/opendata.py [--datasets 500] [--rows 1000000] [--calls 50]
    .venv/bin/python bench/opendata.py --writers [--rows 1000000]   # the CSV, JSON and XLSX writers alone
    .venv/bin/python bench/opendata.py --cold-csv [--rows 1000000]  # where a cold CSV's CPU goes

In one process (the WSGI application through Django's test client, no network): ``package_search`` with
500 registered synthetic datasets (p50/p95 of ``--calls`` calls), ``datastore_search`` of 100 rows at
offset 900,000 of a 1,000,000-row dataset — by keyset (``after=``, as ``_links.next`` gives it) and by plain
``offset`` — and the full CSV download of that dataset (MB/s, and the peak of Python's traced memory while
it streams): cold, made from the rows (wall clock and CPU), and warm, read from the file kept for the
current version (``opendata/files.py``), which is what every download but the first of a version gets,
and — for a slow file, made ahead by the periodic job — the first too. Targets: p95 ≤ 50 ms, p95 ≤ 100
ms, ≥ 50 MB/s (the warm download: what a resident gets) with flat memory. CKAN's own published figure
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


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _percentiles(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples) * 1000:.1f} ms, p95 {_p95(samples) * 1000:.1f} ms"


# (label, target, the measured value must stay at or below it?) — p95 in ms, throughput in MB/s
TARGETS = (("search p95 ms", 50.0, True), ("keyset p95 ms", 100.0, True), ("CSV MB/s", 50.0, False))


def measure(*, datasets: int, rows: int, calls: int) -> dict[str, str | float]:
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
    report: dict[str, str | float] = {}

    cpu_samples: list[float] = []  # the CPU of each call of the last timed(): the machine may be shared

    def timed(path: str, params: dict[str, str], repeat: int) -> list[float]:
        samples = []
        cpu_samples.clear()
        for _ in range(repeat):
            cpu_started, started = time.process_time(), time.perf_counter()
            response = client.get(path, params)
            assert response.status_code == 200, response.content[:300]
            samples.append(time.perf_counter() - started)
            cpu_samples.append(time.process_time() - cpu_started)
        return samples

    search = {"q": "набір", "rows": "10", "facet.field": json.dumps(["organization", "groups", "tags"])}
    timed("/api/3/action/package_search", search, 3)  # warm-up
    samples = timed("/api/3/action/package_search", search, calls)
    report["package_search, 500+ datasets, q + 3 facets"] = (
        f"{_percentiles(samples)} (CPU {_percentiles(cpu_samples)})"
    )
    report["search p95 ms"] = round(_p95(samples) * 1000, 1)
    offset = min(900_000, max(rows - 100, 0))
    keyset = {"resource_id": "bench-million", "limit": "100", "offset": str(offset), "after": str(offset)}
    samples = timed("/api/3/action/datastore_search", keyset, calls)
    report[f"datastore_search 100 rows at {offset:,} (keyset after=)"] = _percentiles(samples)
    report["keyset p95 ms"] = round(_p95(samples) * 1000, 1)
    plain = {"resource_id": "bench-million", "limit": "100", "offset": str(offset), "include_total": "false"}
    report[f"datastore_search 100 rows at {offset:,} (plain offset)"] = _percentiles(
        timed("/api/3/action/datastore_search", plain, 3)
    )

    import shutil

    from hromada.opendata.files import files_root

    # Cold: the first download makes the file from the rows (and keeps it); wall clock and this process's
    # CPU. Warm: the next one reads the kept file (FileResponse), what every later download gets.
    cpu_started, started = time.process_time(), time.perf_counter()
    response = client.get("/opendata/bench-million.csv")
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    report[f"CSV download, {rows:,} rows, cold (made from the rows)"] = (
        f"{size / 1e6:.1f} MB in {seconds:.2f} s = {size / 1e6 / seconds:.1f} MB/s "
        f"(CPU {cpu:.2f} s = {size / 1e6 / cpu:.1f} MB/s)"
    )
    report["CSV cold MB/s"] = round(size / 1e6 / seconds, 1)
    warm = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get("/opendata/bench-million.csv")
        assert response.streaming and response.get("Accept-Ranges") == "bytes", "not from the kept file"
        assert sum(len(chunk) for chunk in response.streaming_content) == size
        warm.append(time.perf_counter() - started)
    report[f"CSV download, {rows:,} rows, warm (the kept file), best of 3"] = (
        f"{size / 1e6:.1f} MB in {min(warm):.3f} s = {size / 1e6 / min(warm):.0f} MB/s "
        f"(median {size / 1e6 / statistics.median(warm):.0f} MB/s)"
    )
    report["CSV MB/s"] = round(size / 1e6 / min(warm), 1)

    shutil.rmtree(files_root())  # cold again, to trace its memory
    tracemalloc.start()
    response = client.get("/opendata/bench-million.csv")
    for _chunk in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    report["CSV download, cold, peak traced memory"] = (
        f"{peak / 1e6:.2f} MB (a list of the rows would be > 300 MB)"
    )
    return report


def writers(*, rows: int) -> dict[str, str]:
    """The file writers alone (``opendata/formats.py``, no Django, no database): ``rows`` generated rows of
    the bench dataset's shape written as CSV, JSON and XLSX; the CPU time of each (the writer and the row
    generator), the file's size and MB/s of CPU, and rows a second."""
    from hromada.opendata import formats

    def generate():
        for n in range(1, rows + 1):
            yield {"n": n, "label": f"рядок {n}", "even": n % 2 == 0, "share": n / rows}

    fields = ["n", "label", "even", "share"]
    made = {
        "CSV": lambda: formats.csv_chunks(generate(), fields),
        "JSON": lambda: formats.json_chunks(generate(), head={"dataset": "bench-million"}),
        "XLSX": lambda: formats.xlsx_chunks(generate(), fields, titles=fields),
    }
    report = {}
    for name, chunks in made.items():
        started = time.process_time()
        size = sum(len(chunk) for chunk in chunks())
        cpu = time.process_time() - started
        report[f"{name} writer, {rows:,} rows"] = (
            f"{size / 1e6:.1f} MB, CPU {cpu:.2f} s = {size / 1e6 / cpu:.1f} MB/s, "
            f"{rows / cpu / 1e3:.0f}k rows/s"
        )
    return report


def cold_csv(*, rows: int) -> dict[str, str]:
    """Where the CPU of a CSV made from the rows goes (``--cold-csv``): ``rows`` rows of the bench dataset's
    shape (an integer, a text, a boolean, a float), each line the CPU seconds of one way of making the file
    (``time.process_time``; the source's own CPU included where it is named) and the MB/s of CPU. Answers
    whether the cold download could reach issue 20's 50 MB/s: the source alone, the platform's writer from
    dicts (what a download does) and from tuples, the standard library's ``csv.writer`` on raw-cursor chunks
    (its booleans are ``True``/``False`` and formula cells are not neutralised, so not the same file), a raw
    SQLite cursor read with ``fetchmany`` into the platform's writer, and the same shape without its float
    column (a float's shortest exact text, ``repr``, is the costliest cell)."""
    import csv
    import io
    import sqlite3
    from itertools import islice

    from hromada.opendata import formats

    fields = ["n", "label", "even", "share"]

    def dicts():
        for n in range(1, rows + 1):
            yield {"n": n, "label": f"рядок {n}", "even": n % 2 == 0, "share": n / rows}

    def tuples(width: int = 4):
        for n in range(1, rows + 1):
            yield (n, f"рядок {n}", n % 2 == 0, n / rows)[:width]

    def batches(source, size: int = 512):
        source = iter(source)
        while batch := list(islice(source, size)):
            yield batch

    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, label TEXT, even INTEGER, share REAL)")
    database.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", tuples())

    def cursor_batches(size: int = 10_000):
        cursor = database.execute(
            "SELECT n, label, CASE even WHEN 1 THEN 'true' WHEN 0 THEN 'false' END, share FROM t ORDER BY n"
        )
        while batch := cursor.fetchmany(size):
            yield batch

    def stdlib_writer() -> int:
        buffer, size = io.StringIO(), 0
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(fields)
        for batch in cursor_batches():
            writer.writerows(batch)
            size += len(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
        return size + len(buffer.getvalue().encode())

    ways = {
        "the rows alone, as dicts (the bench dataset's generator)": lambda: sum(1 for _ in dicts()) and 0,
        "the rows alone, as tuples": lambda: sum(1 for _ in tuples()) and 0,
        "SQLite raw cursor alone, fetchmany(10,000)": lambda: sum(len(b) for b in cursor_batches()) and 0,
        "platform writer from dicts (a download's path)": lambda: sum(
            len(c) for c in formats.csv_chunks(dicts(), fields)
        ),
        "platform writer from tuples, batches of 512": lambda: sum(
            len(c) for c in formats.csv_batch_chunks(batches(tuples()), fields)
        ),
        "SQLite raw cursor + platform writer": lambda: sum(
            len(c) for c in formats.csv_batch_chunks(cursor_batches(), fields)
        ),
        "SQLite raw cursor + csv.writer per chunk (not the same file)": stdlib_writer,
        "platform writer from tuples, without the float column": lambda: sum(
            len(c) for c in formats.csv_batch_chunks(batches(tuples(3)), fields[:3])
        ),
    }
    report = {}
    for label, make in ways.items():
        started = time.process_time()
        size = make()
        cpu = time.process_time() - started
        made = f"{size / 1e6:.1f} MB, " if size else ""
        rate = f" = {size / 1e6 / cpu:.1f} MB/s of CPU" if size else ""
        report[label] = f"{made}CPU {cpu:.2f} s{rate}"
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        report["PostgreSQL COPY ... TO STDOUT (FORMAT csv)"] = _postgres_copy(rows=rows)
    return report


def _postgres_copy(*, rows: int) -> str:
    """The database writes the CSV itself (``COPY (SELECT …) TO STDOUT``, booleans and formula starts
    made in SQL): the CPU of this process reading it (psycopg) and of the server's backend (``/proc``; the
    server runs on this machine under ``scripts/with-postgres``)."""
    import psycopg

    def backend_cpu(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        cursor = connection.cursor()
        cursor.execute(
            "CREATE TEMP TABLE t AS SELECT n, 'рядок ' || n AS label, n %% 2 = 0 AS even,"
            " n::float8 / %s AS share FROM generate_series(1, %s) n",
            (rows, rows),
        )
        pid = connection.info.backend_pid
        sql = (
            "COPY (SELECT n, CASE WHEN left(label, 1) IN ('=', '+', '-', '@', chr(9), chr(13))"
            " THEN '''' || label ELSE label END, CASE WHEN even THEN 'true' WHEN NOT even THEN 'false' END,"
            " share FROM t ORDER BY n) TO STDOUT WITH (FORMAT csv, HEADER true)"
        )
        server, started, size = backend_cpu(pid), time.process_time(), 0
        with cursor.copy(sql) as copy:
            for block in copy:  # a block a row: the protocol sends each row as a message of its own
                size += len(block)
        client, server = time.process_time() - started, backend_cpu(pid) - server
    return (
        f"{size / 1e6:.1f} MB, CPU {client:.2f} s here + {server:.2f} s in the server = "
        f"{size / 1e6 / (client + server):.1f} MB/s of CPU"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=int, default=500)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--writers", action="store_true", help="measure only the file writers, without Django"
    )
    parser.add_argument(
        "--cold-csv", action="store_true", help="where the CPU of a CSV made from rows goes, without Django"
    )
    args = parser.parse_args()
    if args.writers:
        sys.path.insert(0, str(ROOT))
        for label, value in writers(rows=args.rows).items():
            print(f"{label:40} {value}")
        return 0
    if args.cold_csv:
        sys.path.insert(0, str(ROOT))
        for label, value in cold_csv(rows=args.rows).items():
            print(f"{label:62} {value}")
        return 0
    if args.child:
        print(json.dumps(measure(datasets=args.datasets, rows=args.rows, calls=args.calls)))
        return 0

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
    report = json.loads(out.strip().splitlines()[-1])
    checked = {label for label, _target, _at_most in TARGETS}
    for label, value in report.items():
        if label not in checked:
            print(f"{label:60} {value}")
    missed = [
        f"{label} {report[label]} {'>' if at_most else '<'} {target}"
        for label, target, at_most in TARGETS
        if (report[label] > target if at_most else report[label] < target)
    ]
    for miss in missed:
        print(f"FAILED: {miss}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Transparency-log benchmark: `python bench/ledger.py` (also `python bench/run.py --ledger`).

For SQLite and for PostgreSQL separately, each in a fresh temporary HROMADA_VAR_DIR and database
(PostgreSQL: a throwaway server from `scripts/with-postgres`, unless DATABASE_URL already names one):

  1. appends/s, single: one `ledger_append` per transaction (each commit also enqueues the publish task
     through the django-tasks database backend, as in production), then `ledger_integrate` of them all;
  2. appends/s with `--batch` (1000) `ledger_append` calls per transaction, then `ledger_integrate`;
     and the same without the publish task (a diagnostic);
  3. appends/s, batched — the rate the target is about: `ledger_append_many` of `--batch` (1000) entries
     per transaction (each entry built and checked as `ledger_append` does: canonical JSON, commitments,
     leaf hash for the receipt; one multi-row INSERT per 500, committed, one publish task per commit),
     then `ledger_integrate` in its default batches of 1000 (leaf hashes, the stored hashes of the tree,
     the new root, the pending rows deleted, committed). The rate is entries / (append s + integrate s),
     the median of `--rounds` (3) rounds;
  4. a log of `--entries` (1,000,000) entries, written by bulk insert of exactly the rows the integrator
     writes — Entry rows and the StoredHash rows computed with `merkle.Frontier` — and checked against
     `root_get` (the root recomputed from the stored hashes by the selectors);
  5. at that size, through the DB-backed selectors: `inclusion_proof_get`, `consistency_proof_get` and
     `root_get` (median and p95 of `--samples` random indices / sizes), and verification of each proof
     with `merkle.verify_inclusion` / `verify_consistency`; then the first checkpoint of the 1M tree, 10
     more batches of 1000 (`ledger_append_many`) integrated on top of it, and the next checkpoint.

Beside them, in the same run and on the same entry bytes, the `pymerkle` package: its in-memory tree
(append one at a time, proofs) and its SQLite tree (bulk and single appends, with the same WAL pragmas
as Hromada's SQLite, proofs cold and warm), and that its root equals ours. Exits 1 when a target is missed:
≥ 20,000 appends/s batched and ≤ 1 ms (median) per proof at 1M. See docs/performance.md.
"""

# `make bench-<file name>` runs this file (`make bench` runs every file marked so; see the Makefile).
# bench: transparency log
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness import ROOT, bench_environment, load_average

TARGET_BATCHED_PER_S = 20_000
TARGET_PROOF_MS = 1.0
ENTRY = (
    '{"kind":"bench.noted","payload":{"number":%d},"people":[],"schema":1,"subject":null,'
    '"time":"2026-01-01T00:00:00.000Z"}'
)
"""The canonical JSON (RFC 8785) of a ledger entry, numbered; every run hashes the same bytes."""


def entry_bytes(number: int) -> bytes:
    return (ENTRY % number).encode()


def summary_ms(samples: list[float]) -> dict[str, float]:
    """Median, p95 and mean of durations in seconds, as milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1e3, 4),
        "p95_ms": round(p95 * 1e3, 4),
        "mean_ms": round(statistics.fmean(ordered) * 1e3, 4),
        "samples": len(ordered),
    }


def budget_left(started: float, budget: float, done: int, minimum: int = 5) -> bool:
    """Whether to take another sample: always the first ``minimum``, then while the budget lasts."""
    return done < minimum or time.perf_counter() - started < budget


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def emit(**record: Any) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


# ============================================================================= Django worker (one database)


def django_worker(args: argparse.Namespace) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    elapsed, _ = timed(lambda: call_command("migrate", verbosity=0, interactive=False))
    version = connection.vendor
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
    emit(step="database", database=version, migrate_s=round(elapsed, 1))

    appends = make_hromada("bench-ledger-appends", 1)
    append_rates(appends, single=args.single, batched=args.batched, batch=args.batch, rounds=args.rounds)
    big = make_hromada("bench-ledger-1m", 2)
    build_seconds, root = build_log(big, args.entries)
    emit(step="build", entries=args.entries, seconds=round(build_seconds, 1), root=root.hex())
    proofs(big, args.entries, root, samples=args.samples, seed=args.seed, budget=args.proof_seconds)
    growth(big, args.entries)


def make_hromada(slug: str, number: int) -> Any:
    from hromada.core.models import Hromada

    hromada, _ = Hromada.objects.get_or_create(
        slug=slug,
        defaults={"name": f"Громада {slug}", "katottg": f"UA98{number:015d}", "is_default": number == 1},
    )
    return hromada


def append_rates(hromada: Any, *, single: int, batched: int, batch: int, rounds: int) -> None:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from hromada.ledger.actions import ledger_append, ledger_integrate, ledger_publish

    def integrate_all() -> int:
        total = 0
        while count := ledger_integrate(hromada=hromada):
            total += count
        return total

    # Warm-up: creates the log, its key and the first checkpoint, outside the measurements.
    for number in range(10):
        with transaction.atomic():
            ledger_append(hromada=hromada, kind="bench.warmup", payload={"number": number})
    ledger_publish(hromada=hromada)
    tasks_before = DBTaskResult.objects.count()

    def one_per_transaction() -> None:
        for number in range(single):
            with transaction.atomic():
                ledger_append(hromada=hromada, kind="bench.single", payload={"number": number})

    append_s, _ = timed(one_per_transaction)
    integrate_s, integrated = timed(integrate_all)
    assert integrated == single, (integrated, single)
    emit(
        step="single",
        entries=single,
        append_s=round(append_s, 3),
        integrate_s=round(integrate_s, 3),
        appends_per_s=round(single / append_s),
        integrated_per_s=round(single / integrate_s),
        end_to_end_per_s=round(single / (append_s + integrate_s)),
        tasks_enqueued=DBTaskResult.objects.count() - tasks_before,
    )

    def many_per_transaction() -> None:
        for start in range(0, batched, batch):
            with transaction.atomic():
                for number in range(start, min(batched, start + batch)):
                    ledger_append(hromada=hromada, kind="bench.batched", payload={"number": number})

    tasks_before = DBTaskResult.objects.count()
    append_s, _ = timed(many_per_transaction)
    integrate_s, integrated = timed(integrate_all)
    assert integrated == batched, (integrated, batched)
    emit(
        step="batched",
        entries=batched,
        batch=batch,
        append_s=round(append_s, 3),
        integrate_s=round(integrate_s, 3),
        appends_per_s=round(batched / append_s),
        integrated_per_s=round(batched / integrate_s),
        end_to_end_per_s=round(batched / (append_s + integrate_s)),
        tasks_enqueued=DBTaskResult.objects.count() - tasks_before,
    )

    # The multi-row path: `ledger_append_many` of `batch` entries per transaction (one INSERT per
    # 500 entries), then the integrator; this is the "batched" rate the target is about.
    from hromada.ledger.actions import EntryDraft, ledger_append_many

    def many_in_one_call() -> None:
        for start in range(0, batched, batch):
            drafts = [
                EntryDraft(kind="bench.batched", payload={"number": number})
                for number in range(start, min(batched, start + batch))
            ]
            with transaction.atomic():
                ledger_append_many(hromada=hromada, entries=drafts)

    # `rounds` times (the machine is shared: one sample can land on a busy moment); the median round
    # (by end-to-end rate) is reported, with every round's rate beside it.
    measured = []
    for _round in range(rounds):
        tasks_before = DBTaskResult.objects.count()
        append_s, _ = timed(many_in_one_call)
        integrate_s, integrated = timed(integrate_all)
        assert integrated == batched, (integrated, batched)
        tasks = DBTaskResult.objects.count() - tasks_before
        measured.append((batched / (append_s + integrate_s), append_s, integrate_s, tasks))
    measured.sort()
    rate, append_s, integrate_s, tasks = measured[len(measured) // 2]
    emit(
        step="append_many",
        entries=batched,
        batch=batch,
        rounds=[round(r[0]) for r in measured],
        append_s=round(append_s, 3),
        integrate_s=round(integrate_s, 3),
        appends_per_s=round(batched / append_s),
        integrated_per_s=round(batched / integrate_s),
        end_to_end_per_s=round(rate),
        tasks_enqueued=tasks,
    )

    # Diagnostic: the same without enqueueing a publish task per append (ledger_append schedules one
    # task per entry; one per transaction would cost about this much less).
    from hromada.ledger import actions

    schedule = actions._schedule_publish
    actions._schedule_publish = lambda hromada_id: None  # type: ignore[assignment]
    try:
        append_s, _ = timed(many_per_transaction)
    finally:
        actions._schedule_publish = schedule  # type: ignore[assignment]
    integrate_s, integrated = timed(integrate_all)
    assert integrated == batched, (integrated, batched)
    emit(
        step="batched_no_task",
        entries=batched,
        appends_per_s=round(batched / append_s),
        end_to_end_per_s=round(batched / (append_s + integrate_s)),
    )
    checkpoint_s, checkpoint = timed(lambda: ledger_publish(hromada=hromada))
    emit(step="appends_checkpoint", tree_size=checkpoint.tree_size, seconds=round(checkpoint_s, 3))


def _rows(size: int, chunk: int) -> Iterator[tuple[list[bytes], list[bytes]]]:
    from hromada.ledger.merkle import leaf_hash

    for start in range(0, size, chunk):
        data = [entry_bytes(n) for n in range(start, min(size, start + chunk))]
        yield data, [leaf_hash(d) for d in data]


def build_log(hromada: Any, size: int) -> tuple[float, bytes]:
    """A log of ``size`` entries, written as the integrator would write it but with bulk inserts.

    Entry rows (receipt ids negative, so they never meet a real pending entry's id) and the StoredHash
    rows that ``merkle.Frontier`` creates for them, in chunks: executemany on SQLite, COPY on PostgreSQL.
    Then the log row gets the size, root and kind count, and the root is checked with ``root_get``.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from hromada.ledger import merkle
    from hromada.ledger.actions import ledger_checkpoint
    from hromada.ledger.models import Entry, Log, StoredHash
    from hromada.ledger.selectors import root_get

    ledger_checkpoint(hromada=hromada)  # creates the log and its key (an empty, signed tree)
    quote = connection.ops.quote_name
    entry_columns = ["hromada_id", "index", "kind", "data", "leaf_hash", "receipt_id", "created_at"]
    hash_columns = ["hromada_id", "level", "index", "hash"]
    now = timezone.now()
    postgres = connection.vendor == "postgresql"
    stamp = now if postgres else connection.ops.adapt_datetimefield_value(now)
    frontier = merkle.Frontier()
    started = time.perf_counter()
    with transaction.atomic():
        cursor = connection.cursor()
        raw = cursor.cursor
        first = 0
        for data, leaves in _rows(size, 65536):
            entries = [
                (hromada.pk, first + k, "bench.noted", d, h, -(first + k + 1), stamp)
                for k, (d, h) in enumerate(zip(data, leaves, strict=True))
            ]
            hashes = [(hromada.pk, level, n, h) for level, n, h in frontier.extend(leaves)]
            first += len(data)
            for table_name, columns, rows in (
                (Entry._meta.db_table, entry_columns, entries),
                (StoredHash._meta.db_table, hash_columns, hashes),
            ):
                names = ", ".join(quote(c) for c in columns)
                if postgres:
                    with raw.copy(f"COPY {quote(table_name)} ({names}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join("?" for _ in columns)
                    raw.executemany(f"INSERT INTO {quote(table_name)} ({names}) VALUES ({marks})", rows)
        root = frontier.root()
        Log.objects.filter(hromada=hromada).update(
            tree_size=size, root_hash=root, kinds={"bench.noted": size}, updated_at=now
        )
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {quote(Entry._meta.db_table)}, {quote(StoredHash._meta.db_table)}")
    elapsed = time.perf_counter() - started
    assert root_get(hromada=hromada, tree_size=size) == root, "the stored hashes do not give the root"
    return elapsed, root


def proofs(hromada: Any, size: int, root: bytes, *, samples: int, seed: int, budget: float) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hromada.ledger import merkle
    from hromada.ledger.selectors import consistency_proof_get, inclusion_proof_get, root_get

    rng = random.Random(seed)
    indices = [rng.randrange(size) for _ in range(samples)]
    firsts = [rng.randrange(1, size) for _ in range(samples)]
    with CaptureQueriesContext(connection) as queries:
        inclusion_proof_get(hromada=hromada, index=indices[0], tree_size=size)
    inclusion_queries = len(queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        consistency_proof_get(hromada=hromada, first=firsts[0], second=size)
    consistency_queries = len(queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        root_get(hromada=hromada, tree_size=firsts[0])
    root_queries = len(queries.captured_queries)
    clock = time.perf_counter

    generate, verify = [], []
    started = clock()
    for index in indices:
        if not budget_left(started, budget, len(generate)):
            break
        start = clock()
        proof = inclusion_proof_get(hromada=hromada, index=index, tree_size=size)
        middle = clock()
        merkle.verify_inclusion(index, size, merkle.leaf_hash(entry_bytes(index)), proof.hashes, root)
        verify.append(clock() - middle)
        generate.append(middle - start)
    emit(
        step="inclusion",
        tree_size=size,
        generate=summary_ms(generate),
        verify=summary_ms(verify),
        queries=inclusion_queries,
        hashes=len(proof.hashes),
    )

    generate, verify, roots = [], [], []
    started = clock()
    for first in firsts:
        if not budget_left(started, budget, len(generate)):
            break
        start = clock()
        hashes = consistency_proof_get(hromada=hromada, first=first, second=size)
        middle = clock()
        old_root = root_get(hromada=hromada, tree_size=first)
        after = clock()
        merkle.verify_consistency(first, size, hashes, old_root, root)
        verify.append(clock() - after)
        roots.append(after - middle)
        generate.append(middle - start)
    emit(
        step="consistency",
        tree_size=size,
        generate=summary_ms(generate),
        verify=summary_ms(verify),
        root=summary_ms(roots),
        queries=consistency_queries,
        root_queries=root_queries,
    )


def growth(hromada: Any, size: int) -> None:
    """Checkpoint the 1M tree, integrate 10 batches of 1000 on top of it, checkpoint again."""
    from django.db import transaction

    from hromada.ledger.actions import ledger_append_many, ledger_checkpoint, ledger_integrate

    first_s, checkpoint = timed(lambda: ledger_checkpoint(hromada=hromada))
    assert checkpoint.tree_size == size
    appended, integrated = 0.0, 0.0
    for start in range(size, size + 10_000, 1000):
        seconds, _ = timed(lambda start=start: _append_batch(ledger_append_many, transaction, hromada, start))
        appended += seconds
        seconds, count = timed(lambda: ledger_integrate(hromada=hromada))
        assert count == 1000
        integrated += seconds
    next_s, checkpoint = timed(lambda: ledger_checkpoint(hromada=hromada))
    assert checkpoint.tree_size == size + 10_000
    emit(
        step="growth",
        tree_size=size,
        first_checkpoint_s=round(first_s, 4),
        append_per_s=round(10_000 / appended),
        integrate_per_s=round(10_000 / integrated),
        end_to_end_per_s=round(10_000 / (appended + integrated)),
        next_checkpoint_s=round(next_s, 4),
    )


def _append_batch(ledger_append_many: Any, transaction: Any, hromada: Any, start: int) -> None:
    from hromada.ledger.actions import EntryDraft

    drafts = [EntryDraft(kind="bench.noted", payload={"number": n}) for n in range(start, start + 1000)]
    with transaction.atomic():
        ledger_append_many(hromada=hromada, entries=drafts)


# =========================================================================================== pymerkle


def pymerkle_worker(args: argparse.Namespace) -> None:
    import pymerkle
    from pymerkle import InmemoryTree, SqliteTree, verify_consistency, verify_inclusion

    size, samples, rng = args.entries, args.samples, random.Random(args.seed)
    emit(step="pymerkle_version", version=pymerkle.__version__)

    # In memory: append one at a time (pymerkle has no faster path for this tree).
    tree = InmemoryTree()
    append = tree.append_entry

    def fill() -> None:
        for number in range(size):
            append(entry_bytes(number))

    seconds, _ = timed(fill)
    root = tree.get_root()
    emit(step="pymerkle_memory_append", entries=size, seconds=round(seconds, 1), per_s=round(size / seconds))
    emit(step="pymerkle_root", root=root.hex())
    indices = [rng.randrange(size) for _ in range(samples)]
    firsts = [rng.randrange(1, size) for _ in range(samples)]
    proof_rows(
        tree,
        "pymerkle_memory",
        size,
        root,
        indices,
        firsts,
        verify_inclusion,
        verify_consistency,
        budget=args.proof_seconds,
    )
    del tree

    # SQLite: bulk appends (its fast path), then single appends (one transaction each), then proofs.
    folder = Path(tempfile.mkdtemp(prefix="hromada-bench-pymerkle-"))
    try:
        stree = SqliteTree(str(folder / "pymerkle.sqlite3"))
        stree.con.execute("PRAGMA journal_mode=WAL")
        stree.con.execute("PRAGMA synchronous=NORMAL")
        seconds, _ = timed(lambda: stree.append_entries(entry_bytes(n) for n in range(size)))
        emit(
            step="pymerkle_sqlite_bulk", entries=size, seconds=round(seconds, 1), per_s=round(size / seconds)
        )
        assert stree.get_root() == root
        cold_s, _ = timed(lambda: stree.prove_inclusion(indices[0] + 1, size))
        emit(step="pymerkle_sqlite_cold_proof", seconds=round(cold_s, 3))
        proof_rows(
            stree,
            "pymerkle_sqlite",
            size,
            root,
            indices[1:],
            firsts,
            verify_inclusion,
            verify_consistency,
            budget=args.proof_seconds,
        )
        single = args.single

        def singles() -> None:
            for number in range(size, size + single):
                stree.append_entry(entry_bytes(number))

        seconds, _ = timed(singles)
        emit(step="pymerkle_sqlite_single", entries=single, per_s=round(single / seconds))
        stree.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def proof_rows(
    tree: Any,
    label: str,
    size: int,
    root: bytes,
    indices: list[int],
    firsts: list[int],
    verify_inclusion: Any,
    verify_consistency: Any,
    *,
    budget: float,
) -> None:
    clock = time.perf_counter
    generate, verify = [], []
    started = clock()
    for index in indices:  # pymerkle counts leaves from 1
        if not budget_left(started, budget, len(generate)):
            break
        start = clock()
        proof = tree.prove_inclusion(index + 1, size)
        middle = clock()
        verify_inclusion(tree.get_leaf(index + 1), root, proof)
        verify.append(clock() - middle)
        generate.append(middle - start)
    emit(step=f"{label}_inclusion", generate=summary_ms(generate), verify=summary_ms(verify))
    generate, verify = [], []
    started = clock()
    for first in firsts:
        if not budget_left(started, budget, len(generate)):
            break
        start = clock()
        proof = tree.prove_consistency(first, size)
        middle = clock()
        old_root = tree.get_root(first)
        after = clock()
        verify_consistency(old_root, root, proof)
        verify.append(clock() - after)
        generate.append(middle - start)
    emit(step=f"{label}_consistency", generate=summary_ms(generate), verify=summary_ms(verify))


# ========================================================================================= orchestrator


def run_worker(kind: str, args: argparse.Namespace, database: str | None) -> dict[str, dict]:
    """Run a worker in a fresh var dir; returns its records by step. database: sqlite, postgres or None."""
    var_dir = Path(tempfile.mkdtemp(prefix=f"hromada-bench-ledger-{database or kind}-"))
    env = bench_environment(var_dir)
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, *forwarded(args)]
    if database == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{var_dir / 'bench-ledger.sqlite3'}"
    elif database == "postgres" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env.pop("DATABASE_URL", None)
        command = [str(ROOT / "scripts" / "with-postgres"), *command]
    records: dict[str, dict] = {}
    try:
        with subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("{"):
                    record = json.loads(line)
                    records[record["step"]] = record
                    print(f"  [{database or kind}] {brief(record)}", flush=True)
            stderr = process.stderr.read() if process.stderr else ""
            if process.wait() != 0:
                sys.stderr.write(stderr)
                raise RuntimeError(f"the {database or kind} worker failed with status {process.returncode}")
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return records


def brief(record: dict) -> str:
    return (
        ", ".join(f"{k}={v}" for k, v in record.items() if k != "step" and not isinstance(v, dict))
        or (record["step"])
    )


def forwarded(args: argparse.Namespace) -> list[str]:
    return [
        "--entries",
        str(args.entries),
        "--single",
        str(args.single),
        "--batched",
        str(args.batched),
        "--batch",
        str(args.batch),
        "--rounds",
        str(args.rounds),
        "--samples",
        str(args.samples),
        "--seed",
        str(args.seed),
        "--proof-seconds",
        str(args.proof_seconds),
    ]


def ms(summary: dict) -> str:
    return f"{summary['p50_ms']:.3f} / {summary['p95_ms']:.3f}"


def report(results: dict) -> tuple[str, bool]:
    """The tables (Markdown) and whether every target was met."""
    ok = True
    dbs = [name for name in ("sqlite", "postgres") if name in results["databases"]]
    lines = ["| database | appends | entries/s |", "| --- | --- | ---: |"]
    for name in dbs:
        r = results["databases"][name]
        label = r["database"]["database"]
        single, batched, many = r["single"], r["batched"], r["append_many"]
        bare, growth = r["batched_no_task"], r["growth"]
        ok &= many["end_to_end_per_s"] >= TARGET_BATCHED_PER_S
        rows = [
            (
                "single: 1 `ledger_append` per transaction, committed (+ its publish task)",
                single["appends_per_s"],
            ),
            ("single: integrating them (1000 per transaction)", single["integrated_per_s"]),
            ("single: end to end (append + integrate)", single["end_to_end_per_s"]),
            (f"{batched['batch']} × `ledger_append` per tx, committed", batched["appends_per_s"]),
            (
                f"{batched['batch']} × `ledger_append` per transaction, end to end",
                batched["end_to_end_per_s"],
            ),
            ("the same without the publish task (diagnostic)", bare["end_to_end_per_s"]),
            (
                f"batched: `ledger_append_many` of {many['batch']} per transaction, committed",
                many["appends_per_s"],
            ),
            ("batched: integrating them (1000 per transaction)", many["integrated_per_s"]),
            (
                f"**batched: end to end** (target ≥ {TARGET_BATCHED_PER_S:,}; median of rounds)",
                f"**{many['end_to_end_per_s']:,}**",
            ),
            ("batched: end to end, each round", " / ".join(f"{r:,}" for r in many["rounds"])),
            ("batched end to end, on top of the 1M-entry tree (10 × 1000)", growth["end_to_end_per_s"]),
        ]
        lines += [
            f"| {label} | {what} | {value if isinstance(value, str) else f'{value:,}'} |"
            for what, value in rows
        ]
    lines += [
        "",
        f"| at {results['entries']:,} entries | operation | p50 / p95 ms | samples | queries |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name in dbs:
        r = results["databases"][name]
        label = r["database"]["database"]
        inclusion, consistency, growth = r["inclusion"], r["consistency"], r["growth"]
        ok &= inclusion["generate"]["p50_ms"] <= TARGET_PROOF_MS
        ok &= consistency["generate"]["p50_ms"] <= TARGET_PROOF_MS
        rows = [
            ("inclusion proof, `inclusion_proof_get`", inclusion["generate"], inclusion["queries"]),
            ("inclusion proof, verify", inclusion["verify"], ""),
            ("consistency proof, `consistency_proof_get`", consistency["generate"], consistency["queries"]),
            ("consistency proof, verify", consistency["verify"], ""),
            ("root of a random size, `root_get`", consistency["root"], consistency["root_queries"]),
        ]
        lines += [f"| {label} | {what} | {ms(t)} | {t['samples']} | {q} |" for what, t, q in rows]
        lines += [
            f"| {label} | checkpoint of the 1M tree: first / next (after 10,000 more), ms | "
            f"{growth['first_checkpoint_s'] * 1e3:.1f} / {growth['next_checkpoint_s'] * 1e3:.1f} | 1 | |",
            f"| {label} | building the 1M-entry log by bulk insert, s | {r['build']['seconds']:.1f} | 1 | |",
        ]
    pm = results.get("pymerkle")
    if pm:
        version = pm["pymerkle_version"]["version"]
        memory_i, memory_c = pm["pymerkle_memory_inclusion"], pm["pymerkle_memory_consistency"]
        sqlite_i, sqlite_c = pm["pymerkle_sqlite_inclusion"], pm["pymerkle_sqlite_consistency"]
        lines += [
            "",
            f"| pymerkle {version}, same {results['entries']:,} entries | measured | samples |",
            "| --- | ---: | ---: |",
            f"| in-memory tree: `append_entry`, one at a time | "
            f"{pm['pymerkle_memory_append']['per_s']:,} /s | |",
            f"| in-memory tree: inclusion proof, generate, p50 / p95 ms | {ms(memory_i['generate'])} | "
            f"{memory_i['generate']['samples']} |",
            f"| in-memory tree: inclusion proof, verify | {ms(memory_i['verify'])} | |",
            f"| in-memory tree: consistency proof, generate | {ms(memory_c['generate'])} | "
            f"{memory_c['generate']['samples']} |",
            f"| in-memory tree: consistency proof, verify | {ms(memory_c['verify'])} | |",
            f"| SQLite tree: bulk `append_entries` | {pm['pymerkle_sqlite_bulk']['per_s']:,} /s | |",
            f"| SQLite tree: `append_entry`, one transaction each | "
            f"{pm['pymerkle_sqlite_single']['per_s']:,} /s | |",
            f"| SQLite tree: first inclusion proof (cold cache), ms | "
            f"{pm['pymerkle_sqlite_cold_proof']['seconds'] * 1e3:.0f} | 1 |",
            f"| SQLite tree: inclusion proof, generate | {ms(sqlite_i['generate'])} | "
            f"{sqlite_i['generate']['samples']} |",
            f"| SQLite tree: consistency proof, generate | {ms(sqlite_c['generate'])} | "
            f"{sqlite_c['generate']['samples']} |",
            f"| root equal to Hromada's | {'yes' if results.get('same_root') else 'NO'} | |",
        ]
    return "\n".join(lines), ok


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--entries", type=int, default=1_000_000, help="size of the big log (default 1,000,000)"
    )
    parser.add_argument("--single", type=int, default=2000, help="single appends (default 2000)")
    parser.add_argument("--batched", type=int, default=20_000, help="batched appends (default 20,000)")
    parser.add_argument("--batch", type=int, default=1000, help="appends per transaction (default 1000)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the batched measurement, median reported (default 3)"
    )
    parser.add_argument("--samples", type=int, default=1000, help="proofs per kind (default 1000)")
    parser.add_argument(
        "--proof-seconds",
        type=float,
        default=15.0,
        help="time budget per kind of proof and tree; at least 5 samples are taken (default 15)",
    )
    parser.add_argument("--seed", type=int, default=6962)
    parser.add_argument(
        "--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres (default both)"
    )
    parser.add_argument("--no-pymerkle", action="store_true", help="skip the pymerkle comparison")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--worker", choices=["django", "pymerkle"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "django":
        django_worker(args)
        return 0
    if args.worker == "pymerkle":
        pymerkle_worker(args)
        return 0
    if not (1 <= args.batch <= 10_000 and args.entries >= 2 and args.samples >= 1 and args.single >= 1):
        parser.error("--batch 1..10000, --entries ≥ 2, --samples ≥ 1, --single ≥ 1")
    if args.rounds < 1:
        parser.error("--rounds ≥ 1")
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    if set(databases) - {"sqlite", "postgres"}:
        parser.error("--databases takes sqlite and/or postgres")

    started = time.monotonic()
    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Linux {platform.release()}",
        "python": platform.python_version(),
        "entries": args.entries,
        "load_before": load_average(),
        "databases": {},
    }
    print(f"Hromada transparency-log benchmark — {results['date']} — {results['machine']}", flush=True)
    for database in databases:
        results["databases"][database] = run_worker("django", args, database)
    if not args.no_pymerkle:
        try:
            import pymerkle  # noqa: F401
        except ImportError:
            print("pymerkle is not installed (`.venv/bin/pip install pymerkle`): comparison skipped")
        else:
            results["pymerkle"] = run_worker("pymerkle", args, None)
            roots = {r["build"]["root"] for r in results["databases"].values()}
            results["same_root"] = roots == {results["pymerkle"]["pymerkle_root"]["root"]}
    results["load_after"] = load_average()
    results["seconds"] = round(time.monotonic() - started)
    text, ok = report(results)
    print()
    print(text)
    print()
    print(f"Load average before / after: {results['load_before']} / {results['load_after']}")
    print(f"Whole run: {results['seconds']} s. Targets {'met' if ok else 'MISSED'}.")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

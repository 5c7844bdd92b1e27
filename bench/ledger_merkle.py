"""Micro-benchmark of the ledger's pure Merkle core (hromada.ledger.merkle and .tiles), no database.

    python bench/ledger_merkle.py [--size 1000000] [--samples 2000] [--batch 1000] [--json out.json]

Measures, on one tree of --size entries kept in a MemoryHashStore:
  * appends/s, one entry at a time (leaf hash + stored parents, as MemoryHashStore.append does);
  * appends/s of the batched integrator path: per batch, one read of the frontier, then the stored hashes
    of the whole batch computed (hashes_to_store_batch; writing them is the database's job, not timed);
  * median µs to generate and to verify an inclusion proof and a consistency proof at full size, and to
    compute a root (one batch read each), from stored hashes and from tiles (what an outside verifier does).

The later Django-backed log targets ≥20,000 appends/s batched and proofs ≤1 ms at 1,000,000 entries; this
shows how much of that budget the pure core uses. Deterministic (--seed); memory ~0.5 GB at 1M.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hromada.ledger.merkle import (
    MemoryHashStore,
    consistency_proof,
    hashes_to_store_batch,
    inclusion_proof,
    leaf_hash,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)
from hromada.ledger.tiles import TileRef, read_hashes_from_tiles, tile_hash_range, tiles_for_size


def entry(i: int) -> bytes:
    """An entry shaped like a real one: canonical JSON of about 150 bytes."""
    return (
        f'{{"kind":"enrollment.applied","payload":{{"institution":"ZDO-{i % 97:03d}","position":{i}}},'
        f'"person":"{i * 2654435761 % 2**64:016x}","time":"2026-05-01T08:{i % 60:02d}:00Z","v":1}}'
    ).encode()


def median_us(fn: Callable[..., object], calls: Iterable[tuple[object, ...]]) -> float:
    """The median time of ``fn(*args)`` over ``calls``, in microseconds."""
    clock = time.perf_counter
    times: list[float] = []
    for call in calls:
        start = clock()
        fn(*call)
        times.append(clock() - start)
    return statistics.median(times) * 1e6


def tiles_inclusion_proof(tiles: dict[TileRef, bytes], index: int, size: int) -> list[bytes]:
    return inclusion_proof(index, size, read_hashes_from_tiles(tiles.__getitem__, size))


def tiles_consistency_proof(tiles: dict[TileRef, bytes], first: int, size: int) -> list[bytes]:
    return consistency_proof(first, size, read_hashes_from_tiles(tiles.__getitem__, size))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=6962)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    size, samples, rng = args.size, args.samples, random.Random(args.seed)
    rows: list[tuple[str, float, str]] = []

    entries = [entry(i) for i in range(size)]

    store = MemoryHashStore()
    append = store.append
    start = time.perf_counter()
    for data in entries:
        append(data)
    elapsed = time.perf_counter() - start
    rows.append(("append, one at a time (MemoryHashStore)", size / elapsed, "appends/s"))

    # The integrator path: read the frontier once per batch, compute the batch's stored hashes.
    batch = args.batch
    starts = list(range(0, size - batch + 1, batch))
    chosen = [rng.choice(starts) for _ in range(min(200, len(starts)))]
    start = time.perf_counter()
    for first in chosen:
        hashes_to_store_batch(first, [leaf_hash(d) for d in entries[first : first + batch]], store)
    elapsed = time.perf_counter() - start
    rows.append(
        (f"append, batched by {batch} (frontier read + hashes)", len(chosen) * batch / elapsed, "appends/s")
    )
    del entries

    root = store.root()
    indices = [rng.randrange(size) for _ in range(samples)]
    firsts = [rng.randrange(1, size) for _ in range(samples)]
    leaves = {i: store.read([(0, i)])[0] for i in indices}
    inclusion = [inclusion_proof(i, size, store) for i in indices]
    first_roots = {m: tree_hash(m, store) for m in firsts}
    consistency = [consistency_proof(m, size, store) for m in firsts]

    rows += [
        ("tree_hash (root of the full tree)", median_us(tree_hash, [(size, store)] * 200), "µs median"),
        (
            "inclusion proof, generate",
            median_us(inclusion_proof, [(i, size, store) for i in indices]),
            "µs median",
        ),
        (
            "inclusion proof, verify",
            median_us(
                verify_inclusion,
                [(i, size, leaves[i], p, root) for i, p in zip(indices, inclusion, strict=True)],
            ),
            "µs median",
        ),
        (
            "consistency proof, generate",
            median_us(consistency_proof, [(m, size, store) for m in firsts]),
            "µs median",
        ),
        (
            "consistency proof, verify",
            median_us(
                verify_consistency,
                [(m, size, p, first_roots[m], root) for m, p in zip(firsts, consistency, strict=True)],
            ),
            "µs median",
        ),
    ]

    # An outside verifier: every tile of the tree in memory, a fresh (cold-cache) reader per proof.
    tiles: dict[TileRef, bytes] = {}
    for ref in tiles_for_size(size):
        level, first, count = tile_hash_range(ref)
        tiles[ref] = b"".join(store.read([(level, first + k) for k in range(count)]))
    rows += [
        (
            "inclusion proof from tiles (cold reader)",
            median_us(tiles_inclusion_proof, [(tiles, i, size) for i in indices]),
            "µs median",
        ),
        (
            "consistency proof from tiles (cold reader)",
            median_us(tiles_consistency_proof, [(tiles, m, size) for m in firsts]),
            "µs median",
        ),
    ]

    print(f"hromada.ledger Merkle core — tree of {size:,} entries, {samples:,} proof samples")
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    width = max(len(name) for name, _, _ in rows)
    for name, value, unit in rows:
        print(f"  {name:<{width}}  {value:>12,.1f}  {unit}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "size": size,
                    "samples": samples,
                    "python": platform.python_version(),
                    "results": [{"name": n, "value": round(v, 1), "unit": u} for n, v, u in rows],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

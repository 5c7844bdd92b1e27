"""Real concurrent clients for tests: each call runs in its own thread on its own database connection.

On PostgreSQL the calls really race (row locks, unique constraints); SQLite serialises writers, so a test
that needs a true race calls :func:`postgres_only` first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import pytest
from django.db import connection, connections


def race(calls: Sequence[Callable[[], object]], *, timeout: float = 180) -> list[object]:
    """Start every call at the same moment (a barrier); returns each call's result or raised exception,
    in the order of ``calls``."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=60)
            outcomes[index] = call()
        except BaseException as exc:  # collected and asserted by the test
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a racing call did not finish"
    return outcomes


def run_concurrently(count: int, work: Callable[[int], object]) -> list[object]:
    """``race`` of ``work(0)`` … ``work(count - 1)``."""
    return race([lambda n=n: work(n) for n in range(count)])


def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (run with scripts/with-postgres)")

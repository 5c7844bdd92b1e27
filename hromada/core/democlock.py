"""The demo's clock: replay a past event through the ordinary actions, as if it happened then.

`hromada demo` tells a history (a petition published in August, signed over weeks, answered in
October; a budget cycle voted on last year). Actions read the time from `core.clock.now()` and models'
automatic timestamps from `timezone.now()`, so inside `demo_clock(at)` both return `at` plus the real
time elapsed since the block began:
the actions check their rules (phases, deadlines, working days) against the past moment, and the rows
and ledger entries they write carry it. Only for `hromada demo` and its tests: it replaces a function of
Django's module for the duration of the block and is not thread-safe.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from hromada.core import clock


@contextmanager
def demo_clock(at: dt.datetime) -> Iterator[None]:
    """Within the block, `core.clock.now()` and `django.utils.timezone.now()` start at the aware `at`."""
    if timezone.is_naive(at):
        raise ValueError("demo_clock needs an aware datetime")
    real_now = timezone.now
    started = time.monotonic()

    def now() -> dt.datetime:
        return at + dt.timedelta(seconds=time.monotonic() - started)

    timezone.now = now
    try:
        with clock.use(now):
            yield
    finally:
        timezone.now = real_now

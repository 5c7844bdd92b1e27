"""The one clock of actions and selectors: ``clock.now()`` instead of ``timezone.now()``.

Actions and selectors ask this module for the time, so a test can move the whole platform to a chosen
moment (a holiday, the last minute of a collection period) without patching private names. Production
code never sets it; tests use the ``clock`` fixture (``conftest.py``), which installs a
:class:`FixedClock` for the test and removes it afterwards::

    def test_a_petition_not_answered_in_time_is_overdue(clock, world):
        clock.set(dt.datetime(2027, 4, 26, 10, 0, tzinfo=KYIV))
        ...
        clock.advance(dt.timedelta(days=20))

Outside a test ``now()`` is :func:`django.utils.timezone.now` (aware, UTC) with one extra call.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils import timezone

_source: Callable[[], dt.datetime] = timezone.now


def now() -> dt.datetime:
    """The current moment, aware."""
    return _source()


def today() -> dt.date:
    """Today's date in the current time zone (Kyiv by default) at :func:`now`."""
    return timezone.localdate(_source())


def sleep(seconds: float) -> None:
    """Wait ``seconds``: really, or on a :class:`FixedClock` by moving it on (a test never waits)."""
    if isinstance(_source, FixedClock):
        _source.advance(dt.timedelta(seconds=seconds))
    else:
        time.sleep(seconds)


def written(moment: dt.datetime) -> str:
    """A moment as pages, refusals and messages write it, in local time and the active language.

    "10 грудня 2026, 18:00" in Ukrainian, "10 December 2026, 18:00" in English.
    """
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j E Y, H:i")


class FixedClock:
    """A clock that stands still until it is set or advanced (for tests)."""

    def __init__(self, moment: dt.datetime) -> None:
        self.set(moment)

    def __call__(self) -> dt.datetime:
        return self.moment

    def set(self, moment: dt.datetime) -> None:
        if timezone.is_naive(moment):
            raise ValueError("The clock keeps aware datetimes only.")
        self.moment = moment

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        self.moment += delta
        return self.moment


@contextmanager
def use(source: Callable[[], dt.datetime]) -> Iterator[Callable[[], dt.datetime]]:
    """Make ``source`` the clock inside the block (e.g. a :class:`FixedClock`); restores the previous one."""
    global _source
    previous, _source = _source, source
    try:
        yield source
    finally:
        _source = previous

"""The platform's clock: real time by default, a fixed moment for a test, never a patched private name."""

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hromada.core import clock as core_clock

KYIV = ZoneInfo("Europe/Kyiv")


def test_without_an_override_the_clock_is_the_real_time():
    before = timezone.now()
    now = core_clock.now()

    assert before <= now <= timezone.now()
    assert now.tzinfo is not None


def test_use_sets_the_time_inside_the_block_and_restores_it_after():
    moment = dt.datetime(2027, 4, 30, 23, 30, tzinfo=dt.UTC)

    with core_clock.use(core_clock.FixedClock(moment)) as fixed:
        assert core_clock.now() == moment
        assert core_clock.today() == dt.date(2027, 5, 1)  # 02:30 in Kyiv
        fixed.advance(dt.timedelta(hours=1))
        assert core_clock.now() == moment + dt.timedelta(hours=1)

    assert abs(core_clock.now() - timezone.now()) < dt.timedelta(seconds=5)


def test_a_fixed_clock_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        core_clock.FixedClock(dt.datetime(2027, 1, 1, 12, 0))


def test_the_clock_fixture_moves_what_the_platform_takes_for_now(clock):
    clock.set(dt.datetime(2027, 5, 3, 9, 0, tzinfo=KYIV))

    assert core_clock.now() == dt.datetime(2027, 5, 3, 9, 0, tzinfo=KYIV)
    assert clock.advance(dt.timedelta(days=1)) == core_clock.now()
    assert core_clock.today() == dt.date(2027, 5, 4)


def test_sleeping_on_a_stopped_clock_moves_it_on_without_waiting(clock):
    before = core_clock.now()
    started = time.monotonic()

    core_clock.sleep(30)

    assert core_clock.now() - before == dt.timedelta(seconds=30)
    assert time.monotonic() - started < 5


def test_sleeping_on_the_real_clock_waits():
    started = time.monotonic()

    core_clock.sleep(0.2)

    assert time.monotonic() - started >= 0.2

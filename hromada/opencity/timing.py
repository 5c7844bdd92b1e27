"""What the analytics keep on a report, as a pure core (no Django): the Kyiv month of filing and the working
days from filing to an answer or a fix, counted as deadlines are (``core.workdays``), and the median of a
histogram of such counts.

A count of working days is the number of working days after the Kyiv date of filing up to and including
the Kyiv date of the answer (or fix): 0 means on the day of filing, or over the days off that followed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hromada.core.workdays import KYIV, WorkingCalendar


def month_of(moment: datetime, *, tz: ZoneInfo = KYIV) -> date:
    """The first day of the local month of the aware ``moment`` (of filing, of a deadline, of now)."""
    return moment.astimezone(tz).date().replace(day=1)


class WorkingDayCounter:
    """Counts working days between dates with a running count over the dates seen so far (each date's
    working-day check is made once), so filling many reports costs a dictionary lookup each."""

    def __init__(self, calendar: WorkingCalendar, *, tz: ZoneInfo = KYIV) -> None:
        self.calendar = calendar
        self.tz = tz
        self._first: date | None = None
        self._running: list[int] = []  # _running[i]: working days in (first, first + i]

    def _extend(self, day: date) -> None:
        if self._first is None:
            self._first, self._running = day, [0]
            return
        if day < self._first:
            # Re-anchor earlier: the count up to the old first day shifts everything after it.
            prefix, d, worked = [0], day, 0
            while d < self._first:
                d += timedelta(days=1)
                worked += self.calendar.is_working_day(d)
                prefix.append(worked)
            self._running = prefix[:-1] + [worked + n for n in self._running]
            self._first = day
            return
        last = self._first + timedelta(days=len(self._running) - 1)
        worked = self._running[-1]
        while last < day:
            last += timedelta(days=1)
            worked += self.calendar.is_working_day(last)
            self._running.append(worked)

    def _at(self, day: date) -> int:
        self._extend(day)
        assert self._first is not None
        return self._running[(day - self._first).days]

    def between_dates(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; 0 when ``end`` is not after it."""
        if end <= start:
            return 0
        self._extend(start)  # first: extending to an earlier day shifts the later days' counts
        self._extend(end)
        return self._at(end) - self._at(start)

    def between(self, start: datetime, end: datetime) -> int:
        """Working days from the local date of the aware ``start`` to that of the aware ``end``."""
        return self.between_dates(start.astimezone(self.tz).date(), end.astimezone(self.tz).date())


def histogram_median(values: Iterable[tuple[int, int]]) -> float | None:
    """The median of ``count`` copies of each ``value`` in ``[(value, count), …]`` (the mean of the middle
    two for an even total); None when there are none. Exact, and its memory is the number of distinct
    values, not of reports."""
    ordered = sorted((v, n) for v, n in values if n > 0)
    total = sum(n for _v, n in ordered)
    if total == 0:
        return None
    low_rank, high_rank = (total + 1) // 2, (total + 2) // 2  # 1-based ranks of the middle one or two
    low = high = None
    seen = 0
    for value, n in ordered:
        seen += n
        if low is None and seen >= low_rank:
            low = value
        if seen >= high_rank:
            high = value
            break
    assert low is not None and high is not None
    return (low + high) / 2

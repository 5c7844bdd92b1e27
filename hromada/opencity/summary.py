"""The analytics' summary as a pure core (no Django): what one report adds to the summary tables, and the
difference between two such contributions (what an action adds or takes away in the same transaction as
the report's change).

Five tables (``models.ReportCount``, ``ReportDays``, ``ReportDistrictDays``, ``ReportDue``,
``ReportMapCell``), each a key and counts:

- ``count``: (category, district, channel, month of filing) → reports, closed, on time, fixed, closed not
  fixed, reopened at least once, closed as a duplicate;
- ``days``: (category, month of filing, measure, working days) → reports (the histograms the medians are
  read from: ``RESPONSE`` days to the first response, ``FIX`` days to the current fix);
- ``district_days``: (category, district, month of filing, measure, working days) → reports (the same
  histograms per district, for a page filtered by district; a report without a district adds none);
- ``due``: (category, district, month of filing, Kyiv month of the deadline) → open reports (the overdue
  heatmap: every month before the current one is past; the current one is counted live);
- ``map``: (zoom, cell column, cell row, category, state) → reports, the sums of their longitudes and
  latitudes (``mapgrid.COORDINATE_UNITS``) and of their ids (a cell of one report names it): the city map's
  clusters at every ``mapgrid.STORED_ZOOMS`` zoom (``mapgrid.pixel_cell``).

``NO_DISTRICT`` (0) and ``NO_MONTH`` stand for an empty district and month (a unique key cannot hold NULLs
that compare equal on both databases).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from hromada.core.workdays import KYIV

from . import mapgrid
from .timing import month_of

NO_DISTRICT = 0
NO_MONTH = date(1, 1, 1)
RESPONSE, FIX = 1, 2

COUNT, DAYS, DISTRICT_DAYS, DUE, MAP = "count", "days", "district_days", "due", "map"
COUNT_COLUMNS = ("reports", "closed", "on_time", "fixed", "closed_not_fixed", "reopened", "duplicates")
MAP_COLUMNS = ("reports", "sum_lon", "sum_lat", "sum_id")

FIXED, CLOSED, DUPLICATE = "fixed", "closed", "duplicate"
FINAL = frozenset({FIXED, CLOSED})

Key = tuple[str, tuple[object, ...]]  # (table, key columns' values)
Delta = dict[Key, tuple[int, ...]]


@dataclass(frozen=True)
class Facts:
    """What the summary reads of a report."""

    category: int
    district: int | None
    channel: str
    month: date | None
    status: str
    close_reason: str
    closed_at: datetime | None
    due_at: datetime
    reopen_count: int
    response_days: int | None
    fix_days: int | None
    lon: float
    lat: float
    report: int


def contribution(facts: Facts | None, *, tz: ZoneInfo = KYIV, cells: bool = True) -> Delta:
    """The rows one report adds to (``facts``; ``None`` for no report); ``cells=False`` leaves out the
    map's."""
    if facts is None:
        return {}
    district = facts.district if facts.district is not None else NO_DISTRICT
    month = facts.month or NO_MONTH
    final = facts.status in FINAL
    counts = (
        1,
        int(final),
        int(final and facts.closed_at is not None and facts.closed_at <= facts.due_at),
        int(facts.status == FIXED),
        int(facts.status == CLOSED),
        int(facts.reopen_count > 0),
        int(facts.status == CLOSED and facts.close_reason == DUPLICATE),
    )
    rows: Delta = {(COUNT, (facts.category, district, facts.channel, month)): counts}
    for measure, days in ((RESPONSE, facts.response_days), (FIX, facts.fix_days)):
        if days is None:
            continue
        rows[(DAYS, (facts.category, month, measure, days))] = (1,)
        if facts.district is not None:
            rows[(DISTRICT_DAYS, (facts.category, facts.district, month, measure, days))] = (1,)
    if not final:
        rows[(DUE, (facts.category, district, month, month_of(facts.due_at, tz=tz)))] = (1,)
    if cells:
        units = mapgrid.COORDINATE_UNITS
        sums = (1, round(facts.lon * units), round(facts.lat * units), facts.report)
        for zoom in mapgrid.STORED_ZOOMS:
            x, y = mapgrid.pixel_cell(facts.lon, facts.lat, zoom)
            rows[(MAP, (zoom, x, y, facts.category, facts.status))] = sums
    return rows


def difference(before: Facts | None, after: Facts | None, *, tz: ZoneInfo = KYIV) -> Delta:
    """What changes in the summary when a report goes from ``before`` to ``after`` (rows with no change
    left out)."""
    old, new = contribution(before, tz=tz), contribution(after, tz=tz)
    delta: Delta = {}
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        width = len(a or b or ())
        change = tuple((b[i] if b else 0) - (a[i] if a else 0) for i in range(width))
        if any(change):
            delta[key] = change
    return delta


def add(total: dict[Key, list[int]], delta: Mapping[Key, Iterable[int]]) -> None:
    """Add ``delta`` to ``total`` in place (the rebuild's running sums)."""
    for key, change in delta.items():
        values = list(change)
        row = total.setdefault(key, [0] * len(values))
        for i, n in enumerate(values):
            row[i] += n

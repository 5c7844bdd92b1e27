"""Statistics of services rendered, per service and month. Pure Python, no Django import.

Applications are counted in the month (Kyiv time) they were filed, by channel; decisions in the month they
were made: on time (at or before the deadline, or without one) or late, refusals by their coded ground,
and the median and the 90th percentile of the working days from filing to decision (the filing day is not
counted, a decision on the day of filing is 0; time spent with the applicant for corrections is included).
The 90th percentile is the nearest rank: the smallest number of days within which at least 90 % of the
month's decisions were made (always a whole number of days that some decision took). The selector
collects the rows; this module only counts, so the same numbers serve the officials' page and the public
one.
"""

from __future__ import annotations

import math
import statistics as stdstats
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from hromada.core.workdays import KYIV, WorkingCalendar

CHANNELS = ("online", "desk", "api")


@dataclass(frozen=True)
class Filed:
    service_id: int
    channel: str
    submitted_at: datetime


@dataclass(frozen=True)
class Decided:
    service_id: int
    submitted_at: datetime
    decided_at: datetime
    due_at: datetime | None
    refused: bool
    refusal_code: str


@dataclass
class MonthRow:
    """One service in one month."""

    service_id: int
    month: date  # the first day of the month
    received: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANNELS, 0))
    decided: int = 0
    on_time: int = 0
    late: int = 0
    refused: int = 0
    refusals: Counter[str] = field(default_factory=Counter)
    median_days: float | None = None
    p90_days: int | None = None

    @property
    def received_total(self) -> int:
        return sum(self.received.values())

    @property
    def on_time_share(self) -> float | None:
        """The share of decisions made on time, 0–1; None without decisions."""
        return self.on_time / self.decided if self.decided else None


def month_of(moment: datetime, tz: ZoneInfo = KYIV) -> date:
    local = moment.astimezone(tz)
    return date(local.year, local.month, 1)


def working_days_to_decision(
    calendar: WorkingCalendar, *, submitted: datetime, decided: datetime, tz: ZoneInfo = KYIV
) -> int:
    """Working days after the filing date up to and including the decision date (0 on the same day)."""
    return max(
        0, calendar.working_days_between(submitted.astimezone(tz).date(), decided.astimezone(tz).date())
    )


def is_on_time(decision: Decided) -> bool:
    """Decided at or before its deadline, or without one."""
    return decision.due_at is None or decision.decided_at <= decision.due_at


def median_working_days(
    calendar: WorkingCalendar, decided: Iterable[Decided], tz: ZoneInfo = KYIV
) -> float | None:
    """The median working days from filing to decision of ``decided``; None without decisions."""
    days = [
        working_days_to_decision(calendar, submitted=d.submitted_at, decided=d.decided_at, tz=tz)
        for d in decided
    ]
    return float(stdstats.median(days)) if days else None


def percentile_days(days: Iterable[int], share: float = 0.9) -> int | None:
    """The nearest-rank percentile of ``days`` (``share`` 0–1): the smallest value that at least ``share``
    of them do not exceed; None for none."""
    ordered = sorted(days)
    if not ordered:
        return None
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def summarise(
    calendar: WorkingCalendar,
    *,
    filed: Iterable[Filed],
    decided: Iterable[Decided],
    tz: ZoneInfo = KYIV,
) -> list[MonthRow]:
    """Rows per (service, month), newest month first, then by service id."""
    rows: dict[tuple[int, date], MonthRow] = {}
    decisions: defaultdict[tuple[int, date], list[Decided]] = defaultdict(list)

    def row(service_id: int, month: date) -> MonthRow:
        key = (service_id, month)
        if key not in rows:
            rows[key] = MonthRow(service_id=service_id, month=month)
        return rows[key]

    for one in filed:
        target = row(one.service_id, month_of(one.submitted_at, tz))
        channel = one.channel if one.channel in CHANNELS else CHANNELS[0]
        target.received[channel] += 1
    for decision in decided:
        month = month_of(decision.decided_at, tz)
        target = row(decision.service_id, month)
        target.decided += 1
        if is_on_time(decision):
            target.on_time += 1
        else:
            target.late += 1
        if decision.refused:
            target.refused += 1
            target.refusals[decision.refusal_code or "—"] += 1
        decisions[(decision.service_id, month)].append(decision)
    for key, group in decisions.items():
        days = [
            working_days_to_decision(calendar, submitted=d.submitted_at, decided=d.decided_at, tz=tz)
            for d in group
        ]
        rows[key].median_days = float(stdstats.median(days))
        rows[key].p90_days = percentile_days(days)
    return sorted(rows.values(), key=lambda r: (-r.month.toordinal(), r.service_id))

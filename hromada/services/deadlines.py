"""When an application is due: the service's term over the hromada's working-day calendar.
Pure Python, no Django import.

Terms are counted from the moment the application was registered (its local date in Kyiv):

- ``same_day``: the end of the filing day, or of the next working day when it was filed on a day off;
- ``hours``: that many clock hours after registration;
- ``working_days``: the end of the n-th working day after the filing date (the filing day is not counted),
  holidays and martial-law rules as in :mod:`hromada.core.workdays`;
- ``calendar_days``: the end of the n-th day after the filing date; a term ending on a day off moves to the
  next working day (Civil Code art. 254 part 5).

A term stopped for correction restarts from the date the corrected application comes back, counting the
days already used (``used_working_days``) — see :func:`resume_due`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hromada.core.workdays import KYIV, WorkingCalendar

SAME_DAY = "same_day"
HOURS = "hours"
WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
UNITS = (SAME_DAY, HOURS, WORKING_DAYS, CALENDAR_DAYS)


def _end_of(day: object, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.max, tzinfo=tz)  # type: ignore[arg-type]


def due_at(
    calendar: WorkingCalendar, *, filed: datetime, value: int, unit: str, tz: ZoneInfo = KYIV
) -> datetime:
    """The moment the decision is due; ``filed`` must be aware. Raises ValueError on a bad unit or value."""
    if filed.tzinfo is None or filed.utcoffset() is None:
        raise ValueError("Deadlines need an aware datetime.")
    if value < 0:
        raise ValueError("A term cannot be negative.")
    local = filed.astimezone(tz)
    if unit == SAME_DAY:
        return _end_of(calendar.add_working_days(local.date(), 0), tz)
    if unit == HOURS:
        return local + timedelta(hours=value)
    if unit == WORKING_DAYS:
        return calendar.deadline_after(filed, value, tz=tz)
    if unit == CALENDAR_DAYS:
        end = local.date() + timedelta(days=value)
        return _end_of(calendar.add_working_days(end, 0), tz)
    raise ValueError(f"Unknown term unit: {unit}")


def working_days_left(calendar: WorkingCalendar, *, now: datetime, due: datetime, tz: ZoneInfo = KYIV) -> int:
    """Working days from today to the due date (0 on the due day; negative once overdue)."""
    return calendar.working_days_between(now.astimezone(tz).date(), due.astimezone(tz).date())


def is_overdue(*, now: datetime, due: datetime | None) -> bool:
    return due is not None and now > due


def resume_due(
    calendar: WorkingCalendar,
    *,
    returned: datetime,
    stopped: datetime,
    due: datetime,
    tz: ZoneInfo = KYIV,
) -> datetime:
    """The new due moment when an application stopped for correction on ``stopped`` comes back on
    ``returned``: the working days that were left on ``stopped`` are counted again from ``returned``."""
    left = max(0, calendar.working_days_between(stopped.astimezone(tz).date(), due.astimezone(tz).date()))
    return calendar.deadline_after(returned, left, tz=tz)

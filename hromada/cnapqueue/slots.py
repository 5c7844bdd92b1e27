"""Booking slots of one day from opening hours. Pure Python, no Django import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def day_slots(
    *,
    day: date,
    hours: dict[str, Sequence[Sequence[str]]],
    minutes: int,
    zone: tzinfo,
    not_before: datetime,
) -> list[tuple[datetime, datetime]]:
    """Slots of ``minutes`` inside the day's opening spans that start at ``not_before`` or later; a slot
    never runs past the end of its span."""
    slots = []
    for opens, closes in hours.get(WEEKDAYS[day.weekday()], []):
        start = datetime.combine(day, time.fromisoformat(opens), zone)
        end = datetime.combine(day, time.fromisoformat(closes), zone)
        step = timedelta(minutes=minutes)
        while start + step <= end:
            if start >= not_before:
                slots.append((start, start + step))
            start += step
    return slots

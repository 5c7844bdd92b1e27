"""Opening hours as data: {"mon": [["08:00", "17:00"]], …}. Pure Python, no Django import."""

from __future__ import annotations

import re
from datetime import datetime

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def validate_hours(hours: object) -> list[str]:
    """Problems with an opening-hours value, as short English sentences; empty when it is valid."""
    if not isinstance(hours, dict):
        return ["Opening hours must be an object keyed by weekday."]
    problems = []
    for day, spans in hours.items():
        if day not in WEEKDAYS:
            problems.append(f"Unknown weekday {day!r}; use one of {', '.join(WEEKDAYS)}.")
            continue
        if not isinstance(spans, list):
            problems.append(f"{day}: expected a list of [open, close] pairs.")
            continue
        for span in spans:
            if not (
                isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(t, str) for t in span)
            ):
                problems.append(f'{day}: each span is a pair like ["08:00", "17:00"].')
            elif not (_TIME.match(span[0]) and _TIME.match(span[1])):
                problems.append(f"{day}: times are HH:MM (24-hour).")
            elif span[0] >= span[1]:
                problems.append(f"{day}: {span[0]}–{span[1]} closes before it opens.")
    return problems


def is_open(hours: dict[str, list[list[str]]], at: datetime) -> bool:
    """Whether the place is open at local time `at`."""
    spans = hours.get(WEEKDAYS[at.weekday()], [])
    now = at.strftime("%H:%M")
    return any(open_ <= now < close for open_, close in spans)

"""Opening hours as data: {"mon": [["08:00", "17:00"]], …}. Pure Python, no Django import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


NOT_A_MAPPING = "not_a_mapping"
UNKNOWN_DAY = "unknown_day"
NOT_A_LIST = "not_a_list"
NOT_A_PAIR = "not_a_pair"
BAD_TIME = "bad_time"
CLOSES_BEFORE_OPENING = "closes_before_opening"


@dataclass(frozen=True)
class HoursProblem:
    """One thing wrong with opening hours: a code above, the day it is about (as given) and, for
    ``CLOSES_BEFORE_OPENING``, the span."""

    code: str
    day: str = ""
    opens: str = ""
    closes: str = ""


def validate_hours(hours: object) -> list[HoursProblem]:
    """Problems with an opening-hours value, as codes; empty when it is valid. The caller words them in
    the user's language (``territory/problems.py``)."""
    if not isinstance(hours, dict):
        return [HoursProblem(NOT_A_MAPPING)]
    problems = []
    for day, spans in hours.items():
        if day not in WEEKDAYS:
            problems.append(HoursProblem(UNKNOWN_DAY, day=str(day)))
            continue
        if not isinstance(spans, list):
            problems.append(HoursProblem(NOT_A_LIST, day=day))
            continue
        for span in spans:
            if not (
                isinstance(span, list | tuple) and len(span) == 2 and all(isinstance(t, str) for t in span)
            ):
                problems.append(HoursProblem(NOT_A_PAIR, day=day))
            elif not (_TIME.match(span[0]) and _TIME.match(span[1])):
                problems.append(HoursProblem(BAD_TIME, day=day))
            elif span[0] >= span[1]:
                problems.append(HoursProblem(CLOSES_BEFORE_OPENING, day=day, opens=span[0], closes=span[1]))
    return problems


def is_open(hours: dict[str, list[list[str]]], at: datetime) -> bool:
    """Whether the place is open at local time `at`."""
    spans = hours.get(WEEKDAYS[at.weekday()], [])
    now = at.strftime("%H:%M")
    return any(open_ <= now < close for open_, close in spans)

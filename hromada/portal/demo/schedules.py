"""Opening hours of demo institutions in the territory.hours format: {"mon": [["08:00", "17:00"]], …}."""

from __future__ import annotations

from hromada.territory.hours import WEEKDAYS

Hours = dict[str, list[list[str]]]


def week(**days: list[tuple[str, str]]) -> Hours:
    """Every weekday present; days not given are closed."""
    return {day: [list(span) for span in days.get(day, [])] for day in WEEKDAYS}


def _same(days: str, *spans: tuple[str, str]) -> dict[str, list[tuple[str, str]]]:
    return {day: list(spans) for day in days.split()}


WORKDAYS = "mon tue wed thu fri"

COUNCIL = week(
    **_same("mon tue wed thu", ("08:00", "12:00"), ("13:00", "17:15")),
    fri=[("08:00", "12:00"), ("13:00", "16:00")],
)
CNAP = week(
    mon=[("08:00", "17:00")],
    tue=[("08:00", "20:00")],
    wed=[("08:00", "17:00")],
    thu=[("08:00", "20:00")],
    fri=[("08:00", "16:00")],
    sat=[("08:00", "15:00")],
)
CNAP_REMOTE = week(**_same(WORKDAYS, ("08:30", "12:00"), ("12:45", "16:00")))
KINDERGARTEN = week(**_same(WORKDAYS, ("07:00", "19:00")))
SCHOOL = week(**_same(WORKDAYS, ("08:00", "17:00")))
CLUB = week(**_same(WORKDAYS, ("09:00", "19:00")), sat=[("10:00", "16:00")])
CLINIC = week(**_same(WORKDAYS, ("08:00", "18:00")), sat=[("09:00", "13:00")])
HOSPITAL = week(**_same(" ".join(WEEKDAYS), ("00:00", "23:59")))
LIBRARY = week(**_same("tue wed thu fri", ("09:00", "18:00")), sat=[("10:00", "17:00")])
CULTURE = week(**_same("tue wed thu fri sat sun", ("10:00", "18:00")))
SPORT = week(**_same(" ".join(WEEKDAYS), ("07:00", "22:00")))

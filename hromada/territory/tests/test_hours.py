"""Opening hours as data: what is valid, and whether a place is open at a local time.

territory/hours.py is being changed to report problems as codes instead of sentences, so these tests only
rely on "no problems" (empty) versus "some problems" (non-empty) and on is_open.
"""

from datetime import datetime

import pytest

from hromada.territory.hours import is_open, validate_hours

HOURS = {
    "mon": [["08:00", "17:00"]],
    "tue": [["08:00", "12:00"], ["13:00", "17:00"]],
    "sat": [["10:00", "14:00"]],
    "sun": [],
}
MONDAY, TUESDAY, SATURDAY, SUNDAY = (datetime(2026, 3, day) for day in (2, 3, 7, 8))


@pytest.mark.parametrize(
    "hours",
    [{}, HOURS, {day: [["00:00", "23:59"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}],
)
def test_valid_hours_have_no_problems(hours):
    assert list(validate_hours(hours)) == []


@pytest.mark.parametrize(
    "hours",
    [
        None,
        [["08:00", "17:00"]],
        {"Mon": [["08:00", "17:00"]]},
        {"mon": ["08:00", "17:00"]},
        {"mon": [["08:00", "17:00", "18:00"]]},
        {"mon": [[8, 17]]},
        {"mon": [["8:00", "17:00"]]},
        {"mon": [["08:60", "17:00"]]},
        {"mon": [["12:00", "12:00"]]},
        {"mon": [["18:00", "09:00"]]},
    ],
)
def test_invalid_hours_are_reported(hours):
    assert validate_hours(hours)


def test_each_bad_day_is_reported_and_good_days_are_not():
    problems = validate_hours({"mon": [["08:00", "17:00"]], "tue": [["17:00", "08:00"]], "xyz": []})

    assert len(problems) == 2


def test_open_inside_a_span_and_closed_at_closing_time():
    assert is_open(HOURS, MONDAY.replace(hour=8))
    assert is_open(HOURS, MONDAY.replace(hour=16, minute=59))
    assert not is_open(HOURS, MONDAY.replace(hour=17))
    assert not is_open(HOURS, MONDAY.replace(hour=7, minute=59))


def test_closed_in_a_lunch_break_between_two_spans():
    assert is_open(HOURS, TUESDAY.replace(hour=11, minute=30))
    assert not is_open(HOURS, TUESDAY.replace(hour=12, minute=30))
    assert is_open(HOURS, TUESDAY.replace(hour=13))


def test_closed_on_a_day_off_and_on_a_day_not_listed():
    assert is_open(HOURS, SATURDAY.replace(hour=11))
    assert not is_open(HOURS, SUNDAY.replace(hour=11))
    assert not is_open(HOURS, datetime(2026, 3, 4, 11))  # a Wednesday, absent from HOURS

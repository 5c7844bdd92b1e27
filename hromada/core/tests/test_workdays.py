from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hromada.core.workdays import (
    KYIV,
    WorkingCalendar,
    orthodox_easter,
    ukrainian_public_holidays,
)

PEACETIME = WorkingCalendar(martial_law=False)
MARTIAL_LAW = WorkingCalendar()


@pytest.mark.parametrize(
    "year, easter",
    [
        (2019, date(2019, 4, 28)),
        (2020, date(2020, 4, 19)),
        (2021, date(2021, 5, 2)),
        (2023, date(2023, 4, 16)),
        (2024, date(2024, 5, 5)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 12)),
        (2027, date(2027, 5, 2)),
    ],
)
def test_orthodox_easter_matches_the_church_calendar(year, easter):
    assert orthodox_easter(year) == easter
    assert easter.weekday() == 6


def test_current_holiday_list():
    holidays = ukrainian_public_holidays(2025)

    assert sorted(holidays) == [
        date(2025, 1, 1),
        date(2025, 3, 8),
        date(2025, 4, 20),  # Easter
        date(2025, 5, 1),
        date(2025, 5, 8),
        date(2025, 6, 8),  # Trinity = Easter + 49 days
        date(2025, 6, 28),
        date(2025, 7, 15),
        date(2025, 8, 24),
        date(2025, 10, 1),
        date(2025, 12, 25),
    ]
    assert holidays[date(2025, 6, 8)] == "Trinity"


@pytest.mark.parametrize(
    "day, listed",
    [
        (date(2022, 1, 7), True),
        (date(2023, 1, 7), True),  # the July 2023 amendment came after 7 January 2023
        (date(2024, 1, 7), False),
        (date(2022, 5, 9), True),
        (date(2024, 5, 9), False),
        (date(2024, 5, 8), True),
        (date(2021, 7, 28), False),  # Statehood Day became a public holiday in 2022
        (date(2022, 7, 28), True),
        (date(2024, 7, 28), False),
        (date(2024, 7, 15), True),
        (date(2022, 10, 14), True),
        (date(2023, 10, 14), False),
        (date(2023, 10, 1), True),
        (date(2018, 12, 25), True),
        (date(2018, 5, 2), False),
    ],
)
def test_historical_holiday_lists(day, listed):
    assert (day in ukrainian_public_holidays(day.year)) is listed


def test_holidays_before_2018_are_not_guessed():
    with pytest.raises(ValueError):
        ukrainian_public_holidays(2017)


def test_weekends_are_days_off_and_weekdays_work():
    assert MARTIAL_LAW.is_working_day(date(2025, 3, 14))  # Friday
    assert not MARTIAL_LAW.is_working_day(date(2025, 3, 15))  # Saturday
    assert not MARTIAL_LAW.is_working_day(date(2025, 3, 16))  # Sunday


def test_under_martial_law_holidays_are_working_days_but_still_listed():
    new_year = date(2025, 1, 1)  # a Wednesday

    assert MARTIAL_LAW.is_working_day(new_year)
    assert MARTIAL_LAW.holiday_name(new_year) == "New Year's Day"
    assert not PEACETIME.is_working_day(new_year)


def test_martial_law_suspends_the_transfer_of_weekend_holidays():
    # 24 August 2025 is a Sunday.
    assert MARTIAL_LAW.is_working_day(date(2025, 8, 25))
    assert not PEACETIME.is_working_day(date(2025, 8, 25))


def test_weekend_holidays_move_the_day_off_to_the_next_free_working_day():
    # 2021: Labour Day on Saturday 1 May and Easter on Sunday 2 May gave 3 and 4 May off.
    assert PEACETIME.days_off(date(2021, 4, 30), date(2021, 5, 5)) == [
        date(2021, 5, 1),
        date(2021, 5, 2),
        date(2021, 5, 3),
        date(2021, 5, 4),
    ]
    # 2020: Victory Day on Saturday 9 May gave Monday 11 May off.
    assert not PEACETIME.is_working_day(date(2020, 5, 11))
    # Easter Sunday always gives Monday off in peacetime.
    assert not PEACETIME.is_working_day(orthodox_easter(2026) + timedelta(days=1))


def test_dates_before_martial_law_follow_peacetime_rules_by_default():
    assert not MARTIAL_LAW.is_working_day(date(2021, 5, 3))
    assert not MARTIAL_LAW.is_working_day(date(2022, 1, 3))  # New Year 2022 fell on a Saturday
    assert MARTIAL_LAW.is_working_day(date(2022, 5, 2))  # Labour Day 2022 fell on a Sunday


def test_a_day_off_in_lieu_can_cross_into_january():
    calendar = WorkingCalendar(martial_law=False, added_holidays={date(2021, 12, 31): "Local feast"})

    # Friday 31 December 2021 is now a holiday; 25 December 2021 (Saturday) already took Monday 27th.
    assert not calendar.is_working_day(date(2021, 12, 31))
    assert calendar.is_working_day(date(2022, 1, 4))


def test_extra_days_off_and_extra_working_days_win_over_the_rules():
    calendar = WorkingCalendar(
        extra_days_off=frozenset({date(2025, 3, 10)}),  # a Monday
        extra_working_days=frozenset({date(2025, 3, 15)}),  # a Saturday
    )

    assert not calendar.is_working_day(date(2025, 3, 10))
    assert calendar.is_working_day(date(2025, 3, 15))


def test_a_date_cannot_be_both_an_extra_day_off_and_an_extra_working_day():
    with pytest.raises(ValueError):
        WorkingCalendar(
            extra_days_off=frozenset({date(2025, 3, 10)}), extra_working_days=frozenset({date(2025, 3, 10)})
        )


def test_holiday_list_can_be_corrected():
    calendar = WorkingCalendar(
        martial_law=False,
        added_holidays={date(2026, 11, 20): "New holiday"},
        removed_holidays=frozenset({date(2026, 3, 8)}),
    )

    assert calendar.holiday_name(date(2026, 11, 20)) == "New holiday"
    assert not calendar.is_working_day(date(2026, 11, 20))
    assert date(2026, 3, 8) not in calendar.holidays(2026)
    assert calendar.is_working_day(date(2026, 3, 9))  # 8 March 2026 is a Sunday: no transfer any more


def test_add_working_days_skips_the_weekend():
    friday = date(2025, 3, 14)

    assert MARTIAL_LAW.add_working_days(friday, 1) == date(2025, 3, 17)
    assert MARTIAL_LAW.add_working_days(friday, 5) == date(2025, 3, 21)


def test_zero_working_days_is_the_start_or_the_next_working_day():
    assert MARTIAL_LAW.add_working_days(date(2025, 3, 14), 0) == date(2025, 3, 14)
    assert MARTIAL_LAW.add_working_days(date(2025, 3, 15), 0) == date(2025, 3, 17)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        MARTIAL_LAW.add_working_days(date(2025, 3, 14), -1)


def test_ten_working_day_answer_deadline_across_a_holiday():
    # A request received on Thursday 20 August 2026; Independence Day is Monday 24 August.
    received = date(2026, 8, 20)

    assert PEACETIME.add_working_days(received, 10) == date(2026, 9, 4)
    assert MARTIAL_LAW.add_working_days(received, 10) == date(2026, 9, 3)


def test_ten_working_day_deadline_across_a_weekend_holiday():
    # Independence Day 2025 is a Sunday: in peacetime Monday 25 August is the day off instead.
    received = date(2025, 8, 20)

    assert PEACETIME.add_working_days(received, 10) == date(2025, 9, 4)
    assert MARTIAL_LAW.add_working_days(received, 10) == date(2025, 9, 3)


def test_working_days_between_counts_after_a_up_to_b():
    assert MARTIAL_LAW.working_days_between(date(2025, 3, 14), date(2025, 3, 17)) == 1
    assert MARTIAL_LAW.working_days_between(date(2025, 3, 17), date(2025, 3, 14)) == -1
    assert MARTIAL_LAW.working_days_between(date(2025, 3, 14), date(2025, 3, 14)) == 0
    assert PEACETIME.working_days_between(date(2025, 1, 1), date(2025, 12, 31)) == 250


def test_next_working_day_is_strictly_later():
    assert MARTIAL_LAW.next_working_day(date(2025, 3, 14)) == date(2025, 3, 17)
    assert MARTIAL_LAW.next_working_day(date(2025, 3, 17)) == date(2025, 3, 18)


def test_deadline_after_ends_at_midnight_in_kyiv():
    filed = datetime(2025, 3, 14, 10, 0, tzinfo=KYIV)  # Friday

    deadline = MARTIAL_LAW.deadline_after(filed, 1)

    assert deadline == datetime.combine(date(2025, 3, 17), time.max, tzinfo=KYIV)
    assert deadline.utcoffset() == timedelta(hours=2)


def test_deadline_counts_from_the_kyiv_date_not_the_utc_date():
    # 21:30 UTC on Friday 13 June 2025 is 00:30 on Saturday in Kyiv (summer time).
    filed = datetime(2025, 6, 13, 21, 30, tzinfo=UTC)

    assert MARTIAL_LAW.deadline_after(filed, 1).date() == date(2025, 6, 16)
    assert MARTIAL_LAW.deadline_after(filed, 2).date() == date(2025, 6, 17)


def test_deadline_across_the_change_to_summer_time():
    filed = datetime(2025, 3, 28, 12, 0, tzinfo=ZoneInfo("UTC"))  # Friday; clocks go forward on Sunday 30th

    deadline = MARTIAL_LAW.deadline_after(filed, 1)

    assert deadline.date() == date(2025, 3, 31)
    assert deadline.utcoffset() == timedelta(hours=3)


def test_deadline_needs_an_aware_datetime():
    with pytest.raises(ValueError):
        MARTIAL_LAW.deadline_after(datetime(2025, 3, 14, 10, 0), 1)


# Properties ------------------------------------------------------------------------------------------

days = st.dates(min_value=date(2018, 1, 1), max_value=date(2035, 12, 31))
calendars = st.builds(
    lambda martial_law, off, extra: WorkingCalendar(
        martial_law=martial_law, extra_days_off=frozenset(off), extra_working_days=frozenset(extra - off)
    ),
    st.booleans(),
    st.sets(days, max_size=20),
    st.sets(days, max_size=20),
)


@given(calendars, days, st.integers(min_value=0, max_value=60))
def test_add_working_days_always_lands_on_a_working_day(calendar, start, n):
    assert calendar.is_working_day(calendar.add_working_days(start, n))


@given(calendars, days, st.integers(min_value=0, max_value=60))
def test_add_working_days_grows_with_n(calendar, start, n):
    earlier, later = calendar.add_working_days(start, n), calendar.add_working_days(start, n + 1)

    assert earlier < later if n >= 1 or calendar.is_working_day(start) else earlier == later


@given(calendars, days, st.integers(min_value=1, max_value=60))
def test_working_days_between_inverts_add_working_days(calendar, start, n):
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


@given(calendars, days)
def test_next_working_day_skips_only_days_off(calendar, day):
    following = calendar.next_working_day(day)

    assert following > day
    assert calendar.is_working_day(following)
    assert calendar.days_off(day + timedelta(days=1), following - timedelta(days=1)) == [
        day + timedelta(days=i) for i in range(1, (following - day).days)
    ]


@given(st.integers(min_value=2018, max_value=2099))
def test_every_year_has_its_holidays_on_distinct_well_known_dates(year):
    holidays = ukrainian_public_holidays(year)
    easter = orthodox_easter(year)

    assert easter.weekday() == 6
    assert date(year, 4, 4) <= easter <= date(year, 5, 8)
    assert holidays[easter + timedelta(days=49)].endswith("Trinity")
    assert 10 <= len(holidays) <= 12

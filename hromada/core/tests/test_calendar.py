from datetime import date, datetime, time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from hromada.core import calendar
from hromada.core.models import CalendarOverride
from hromada.core.workdays import KYIV

MONDAY = date(2025, 3, 10)
SATURDAY = date(2025, 3, 15)


@pytest.fixture
def national_day_off(db):
    return CalendarOverride.objects.create(
        hromada=None, date=MONDAY, is_day_off=True, reason="Day of mourning"
    )


def test_national_exceptions_apply_to_every_hromada(hromada, other_hromada, national_day_off):
    assert not calendar.is_working_day(hromada=hromada, day=MONDAY)
    assert not calendar.is_working_day(hromada=other_hromada, day=MONDAY)
    assert not calendar.is_working_day(hromada=None, day=MONDAY)


def test_a_hromada_row_overrides_the_national_row_for_that_hromada_only(
    hromada, other_hromada, national_day_off
):
    CalendarOverride.objects.create(hromada=hromada, date=MONDAY, is_day_off=False, reason="Works as usual")

    assert calendar.is_working_day(hromada=hromada, day=MONDAY)
    assert not calendar.is_working_day(hromada=other_hromada, day=MONDAY)


def test_a_hromada_exception_does_not_leak_to_other_hromadas(hromada, other_hromada):
    CalendarOverride.objects.create(
        hromada=hromada, date=SATURDAY, is_day_off=False, reason="Worked Saturday"
    )

    assert calendar.is_working_day(hromada=hromada, day=SATURDAY)
    assert not calendar.is_working_day(hromada=other_hromada, day=SATURDAY)
    assert not calendar.is_working_day(hromada=None, day=SATURDAY)


def test_calendar_reads_the_exceptions_in_one_query(hromada, national_day_off, django_assert_num_queries):
    CalendarOverride.objects.create(
        hromada=hromada, date=SATURDAY, is_day_off=False, reason="Worked Saturday"
    )

    with django_assert_num_queries(1):
        working = calendar.calendar_for(hromada=hromada)

    assert working.extra_days_off == {MONDAY}
    assert working.extra_working_days == {SATURDAY}


def test_add_working_days_counts_the_hromada_exceptions(hromada):
    CalendarOverride.objects.create(hromada=hromada, date=MONDAY, is_day_off=True, reason="Local feast")

    # Friday 7 March 2025 + 1 working day skips the weekend and the local feast.
    assert calendar.add_working_days(hromada=hromada, start=date(2025, 3, 7), days=1) == date(2025, 3, 11)


def test_martial_law_is_the_default(hromada):
    assert calendar.is_working_day(hromada=hromada, day=date(2025, 1, 1))


def test_a_community_can_count_holidays_as_days_off(settings, hromada, other_hromada):
    settings.HROMADA_WORKING_CALENDAR = {"MARTIAL_LAW_BY_HROMADA": {hromada.slug: False}}

    assert not calendar.is_working_day(hromada=hromada, day=date(2025, 1, 1))
    assert calendar.is_working_day(hromada=other_hromada, day=date(2025, 1, 1))


def test_settings_are_read_at_call_time(settings, hromada):
    settings.HROMADA_WORKING_CALENDAR = {"MARTIAL_LAW": False}
    assert not calendar.is_working_day(hromada=hromada, day=date(2025, 1, 1))

    settings.HROMADA_WORKING_CALENDAR = {"MARTIAL_LAW": True}
    assert calendar.is_working_day(hromada=hromada, day=date(2025, 1, 1))


def test_settings_correct_the_holiday_list(settings, hromada):
    settings.HROMADA_WORKING_CALENDAR = {
        "MARTIAL_LAW": False,
        "ADDED_HOLIDAYS": {"2026-11-20": "New holiday"},
        "REMOVED_HOLIDAYS": [date(2026, 3, 8)],
    }

    holidays = calendar.public_holidays(hromada=hromada, year=2026)

    assert holidays[date(2026, 11, 20)] == "New holiday"
    assert date(2026, 3, 8) not in holidays
    assert not calendar.is_working_day(hromada=hromada, day=date(2026, 11, 20))


def test_a_bad_date_in_settings_is_a_configuration_error(settings, hromada):
    settings.HROMADA_WORKING_CALENDAR = {"REMOVED_HOLIDAYS": ["8 March"]}

    with pytest.raises(ImproperlyConfigured):
        calendar.calendar_for(hromada=hromada)


def test_public_holidays_are_listed_in_the_active_language_even_under_martial_law(hromada):
    with translation.override("en"):
        holidays = calendar.public_holidays(hromada=hromada, year=2025)

    assert holidays[date(2025, 8, 24)] == "Independence Day"
    assert calendar.is_working_day(hromada=hromada, day=date(2025, 8, 25))


def test_deadline_after_is_the_end_of_the_working_day_in_kyiv(hromada, national_day_off):
    filed = datetime(2025, 3, 7, 15, 0, tzinfo=KYIV)  # Friday; Monday 10th is a national day off

    deadline = calendar.deadline_after(hromada=hromada, moment=filed, days=1)

    assert deadline == datetime.combine(date(2025, 3, 11), time.max, tzinfo=KYIV)

"""The working-day calendar of a hromada: national rules, settings, and calendar exceptions in the database.

The rules live in `hromada.core.workdays` (pure Python); this module only gathers the data:

- `CalendarOverride` rows: national rows (hromada empty) apply everywhere, a hromada's own row for the same
  date replaces the national one.
- `settings.HROMADA_WORKING_CALENDAR` (read on every call; every key optional)::

      HROMADA_WORKING_CALENDAR = {
          "MARTIAL_LAW": True,                          # holidays are working days (Law 2136-IX)
          "MARTIAL_LAW_BY_HROMADA": {"verbivka": False},  # a community's own choice, by slug
          "ADDED_HOLIDAYS": {"2026-11-20": "New holiday"},  # corrections to Labour Code art. 73
          "REMOVED_HOLIDAYS": ["2026-03-08"],
      }

Each call reads the exceptions once; code that computes many deadlines should call `calendar_for` once and
use the calendar's own methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils.translation import gettext

from .models import CalendarOverride, Hromada
from .workdays import WorkingCalendar


def calendar_for(*, hromada: Hromada | None) -> WorkingCalendar:
    """The calendar `hromada` counts deadlines by; None gives the installation-wide calendar."""
    config = _config()
    scope = Q(hromada__isnull=True)
    if hromada is not None:
        scope |= Q(hromada=hromada)
    rows = CalendarOverride.objects.filter(scope).values_list("date", "is_day_off", "hromada_id")
    national: dict[date, bool] = {}
    own: dict[date, bool] = {}
    for day, day_off, owner in rows:
        (national if owner is None else own)[day] = day_off
    is_day_off = national | own
    martial_law = config.get("MARTIAL_LAW", True)
    if hromada is not None:
        martial_law = _mapping(config, "MARTIAL_LAW_BY_HROMADA").get(hromada.slug, martial_law)
    return WorkingCalendar(
        martial_law=bool(martial_law),
        extra_days_off=frozenset(d for d, off in is_day_off.items() if off),
        extra_working_days=frozenset(d for d, off in is_day_off.items() if not off),
        added_holidays={_date(d): str(name) for d, name in _mapping(config, "ADDED_HOLIDAYS").items()},
        removed_holidays=frozenset(_date(d) for d in _iterable(config, "REMOVED_HOLIDAYS")),
    )


def is_working_day(*, hromada: Hromada | None, day: date) -> bool:
    return calendar_for(hromada=hromada).is_working_day(day)


def add_working_days(*, hromada: Hromada | None, start: date, days: int) -> date:
    """The `days`-th working day after `start` (which itself is not counted)."""
    return calendar_for(hromada=hromada).add_working_days(start, days)


def deadline_after(*, hromada: Hromada | None, moment: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after the Kyiv date of the aware `moment`, e.g. an answer due."""
    return calendar_for(hromada=hromada).deadline_after(moment, days)


def public_holidays(*, hromada: Hromada | None, year: int) -> dict[date, str]:
    """The year's public holidays with translated names, listed even when martial law makes them work days."""
    holidays = calendar_for(hromada=hromada).holidays(year)
    return {day: "; ".join(gettext(part) for part in name.split("; ")) for day, name in holidays.items()}


def _config() -> Mapping[str, Any]:
    config = getattr(settings, "HROMADA_WORKING_CALENDAR", None) or {}
    if not isinstance(config, Mapping):
        raise ImproperlyConfigured("HROMADA_WORKING_CALENDAR must be a dictionary.")
    return config


def _mapping(config: Mapping[str, Any], key: str) -> Mapping[Any, Any]:
    value = config.get(key) or {}
    if not isinstance(value, Mapping):
        raise ImproperlyConfigured(f"HROMADA_WORKING_CALENDAR[{key!r}] must be a dictionary.")
    return value


def _iterable(config: Mapping[str, Any], key: str) -> Iterable[Any]:
    value = config.get(key) or ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ImproperlyConfigured(f"HROMADA_WORKING_CALENDAR[{key!r}] must be a list of dates.")
    return value


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ImproperlyConfigured(
            f"HROMADA_WORKING_CALENDAR: {value!r} is not a date (YYYY-MM-DD)."
        ) from None

"""The Ukrainian working-day calendar. Pure Python, no Django import.

Deadlines for petitions, appeals and administrative services are counted in working days. A day is a
working day unless it is a Saturday or Sunday, a public holiday that is a day off, a day off given in lieu
of a holiday that fell on a weekend, or an extra day off; an extra working day (a Saturday worked in
exchange for a bridge day) is always a working day.

Public holidays (Labour Code art. 73) and the transfer rule (art. 67: a holiday that falls on a Saturday or
Sunday moves the day off to the next working day) are built in. Under martial law, in force since
24 February 2022, art. 73 holidays are ordinary working days (Law 2136-IX, art. 6): holidays stay known and
listed, but they and their transfers are not days off. A community can switch that off (`martial_law=False`)
once martial law ends; dates before `martial_law_since` always follow the peacetime rules.

The Django side (hromada.core.calendar) builds a `WorkingCalendar` from settings and the calendar-exception
rows; everything here is plain dates and sets, so it is easy to test and reuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

KYIV = ZoneInfo("Europe/Kyiv")
MARTIAL_LAW_SINCE = date(2022, 2, 24)
FIRST_YEAR = 2018  # the first year whose holiday list is built in

# The 2023 amendments of art. 73 took effect in the middle of 2023 (see ukrainian_public_holidays).
_NEW_LIST_FROM = 2024
_SATURDAY = 5


def _(message: str) -> str:
    """Marks holiday names for translation (the Django side translates them) without importing Django."""
    return message


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday as a Gregorian date (Meeus's Julian algorithm, converted to Gregorian)."""
    a = year % 4
    b = year % 7
    c = year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian_to_gregorian = year // 100 - year // 400 - 2  # 13 days from 1900 to 2099
    return date(year, month, day + 1) + timedelta(days=julian_to_gregorian)


def ukrainian_public_holidays(year: int) -> dict[date, str]:
    """Public holidays of Labour Code art. 73 for `year` (2018 onwards): date → English name.

    From 2024 the current list applies: 1 Jan, 8 Mar, Easter, 1 May, 8 May, Trinity, 28 Jun, 15 Jul,
    24 Aug, 1 Oct, 25 Dec. Earlier years follow the list that was in force at the time:

    - 2018–2023: Christmas on both 7 January and 25 December (25 December was added in late 2017; the law
      that removed 7 January was signed on 28 July 2023, so 7 January 2023 was still in the list).
    - to 2023: Victory Day on 9 May. The move to 8 May (Day of Remembrance and Victory over Nazism) was
      adopted at the end of May 2023, after 9 May 2023 had passed; we therefore list 9 May for 2023.
      Not entirely certain — correct it through the holiday overrides if a legal opinion says otherwise.
    - 2022–2023: Day of Ukrainian Statehood on 28 July (not a public holiday before 2022; the move to
      15 July was signed on 28 July 2023 and applies from 2024).
    - to 2022: Defenders Day on 14 October; 1 October from 2023 (the July 2023 law was in force by then).
    - since 2018 Labour Day is 1 May only (2 May was removed at the end of 2017).

    Two holidays on one date (Easter on 1 May, as in 2005) are listed once, with both names.
    Under martial law none of these is a day off; see `WorkingCalendar`.
    """
    if year < FIRST_YEAR:
        raise ValueError(f"Public holidays are only known from {FIRST_YEAR} onwards.")
    easter = orthodox_easter(year)
    entries: list[tuple[date, str]] = [
        (date(year, 1, 1), _("New Year's Day")),
        (date(year, 3, 8), _("International Women's Day")),
        (easter, _("Easter")),
        (easter + timedelta(days=49), _("Trinity")),
        (date(year, 5, 1), _("Labour Day")),
        (date(year, 6, 28), _("Constitution Day")),
        (date(year, 8, 24), _("Independence Day")),
        (date(year, 12, 25), _("Christmas")),
    ]
    if year < _NEW_LIST_FROM:
        entries.append((date(year, 1, 7), _("Christmas (Julian calendar)")))
    if year <= 2023:  # see the docstring about 2023
        entries.append((date(year, 5, 9), _("Victory Day over Nazism in World War II")))
    else:
        entries.append((date(year, 5, 8), _("Day of Remembrance and Victory over Nazism in World War II")))
    if year in (2022, 2023):
        entries.append((date(year, 7, 28), _("Day of Ukrainian Statehood")))
    elif year >= _NEW_LIST_FROM:
        entries.append((date(year, 7, 15), _("Day of Ukrainian Statehood")))
    if year <= 2022:
        entries.append((date(year, 10, 14), _("Day of Defenders of Ukraine")))
    else:
        entries.append((date(year, 10, 1), _("Day of Defenders of Ukraine")))
    holidays: dict[date, str] = {}
    for day, name in sorted(entries):
        holidays[day] = f"{holidays[day]}; {name}" if day in holidays else name
    return holidays


def _is_weekend(day: date) -> bool:
    return day.weekday() >= _SATURDAY


@dataclass(frozen=True)
class WorkingCalendar:
    """Which dates are working days, and deadline arithmetic over them.

    - `martial_law`: art. 73 holidays (and their art. 67 transfers) on or after `martial_law_since` are
      working days. Default True, as in force today.
    - `extra_days_off` / `extra_working_days`: explicit decisions (a Cabinet recommendation to move a working
      day, a local day of mourning); they win over every rule and must not overlap.
    - `added_holidays` / `removed_holidays`: corrections to the built-in holiday list (a new law before the
      code is updated). Added holidays behave like art. 73 holidays, including under martial law.
    """

    martial_law: bool = True
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    added_holidays: Mapping[date, str] = field(default_factory=dict, hash=False)
    removed_holidays: frozenset[date] = frozenset()
    martial_law_since: date = MARTIAL_LAW_SINCE
    _by_year: dict[int, tuple[Mapping[date, str], frozenset[date]]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        for name in ("extra_days_off", "extra_working_days", "removed_holidays"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        object.__setattr__(self, "added_holidays", MappingProxyType(dict(self.added_holidays)))
        both = self.extra_days_off & self.extra_working_days
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"Dates cannot be both an extra day off and an extra working day: {listed}.")

    # Holidays -----------------------------------------------------------------------------------------

    def holidays(self, year: int) -> Mapping[date, str]:
        """Every public holiday of `year` with its name, whether or not it is a day off this year."""
        return self._year(year)[0]

    def holiday_name(self, day: date) -> str | None:
        return self.holidays(day.year).get(day)

    def under_martial_law(self, day: date) -> bool:
        return self.martial_law and day >= self.martial_law_since

    def _year(self, year: int) -> tuple[Mapping[date, str], frozenset[date]]:
        """(holidays of the year, days off given in lieu of its weekend holidays), computed once."""
        cached = self._by_year.get(year)
        if cached is not None:
            return cached
        holidays = {
            d: n for d, n in ukrainian_public_holidays(year).items() if d not in self.removed_holidays
        }
        for day, name in self.added_holidays.items():
            if day.year == year:
                holidays[day] = name
        holidays = dict(sorted(holidays.items()))
        in_lieu: set[date] = set()
        for day in holidays:
            if not _is_weekend(day) or self.under_martial_law(day):
                continue
            candidate = day + timedelta(days=1)
            while _is_weekend(candidate) or candidate in holidays or candidate in in_lieu:
                candidate += timedelta(days=1)
            in_lieu.add(candidate)
        result = (MappingProxyType(holidays), frozenset(in_lieu))
        self._by_year[year] = result
        return result

    # Working days -------------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or _is_weekend(day):
            return False
        if self.under_martial_law(day):
            return True
        holidays, in_lieu = self._year(day.year)
        if day in holidays or day in in_lieu:
            return False
        # A day off in lieu of a holiday late in December may fall into January.
        return not (day.month == 1 and day.year > FIRST_YEAR and day in self._year(day.year - 1)[1])

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        candidate = day + timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate += timedelta(days=1)
        return candidate

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself is not counted).

        n = 0 gives `start` when it is a working day, else the next working day, so the result is always a
        working day and grows with n.
        """
        if n < 0:
            raise ValueError("The number of working days cannot be negative.")
        if n == 0:
            return start if self.is_working_day(start) else self.next_working_day(start)
        day = start
        for _i in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days lie after `a` up to and including `b`; negative when `b` is before `a`.

        The inverse of `add_working_days`: working_days_between(d, add_working_days(d, n)) == n for n ≥ 1.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(
            1 for offset in range(1, (b - a).days + 1) if self.is_working_day(a + timedelta(days=offset))
        )

    def deadline_after(self, moment: datetime, n: int, *, tz: ZoneInfo = KYIV) -> datetime:
        """The end (23:59:59.999999) of the n-th working day after the local date of `moment` in `tz`.

        `moment` must be aware; the answer is aware in `tz` (Europe/Kyiv by default). The local date is what
        counts: a request stored as 21:30 UTC on a summer Friday was filed at 00:30 on Saturday in Kyiv.
        """
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("Deadlines need an aware datetime, not a naive one.")
        local_date = moment.astimezone(tz).date()
        return datetime.combine(self.add_working_days(local_date, n), time.max, tzinfo=tz)

    def days_off(self, start: date, end: date) -> list[date]:
        """The non-working dates from `start` to `end` inclusive (for calendars shown to staff)."""
        return [
            start + timedelta(days=i)
            for i in range((end - start).days + 1)
            if not self.is_working_day(start + timedelta(days=i))
        ]

"""Street lists of a hromada's districts: the lines officials write, the ranges they cannot overlap, and the
district of a typed address. Pure Python, no Django import.

A district lists its streets one a line: the street's name, and where a street is split between districts,
after a colon, the house numbers that are in this district — a range (``1-79``; ``81+`` for 81 to the end)
and/or a side (``odd``/``even``, in Ukrainian ``непарні``/``парні``)::

    вул. Шевченка
    просп. Незалежності: 1-58
    вул. Степова: непарні
    вул. Європейська: 60+ парні

An address is matched by its street (folded by :mod:`hromada.core.streets`), then by its house number when
the street is in more than one district. A house number is its leading digits ("12а", "12/2" → 12).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from hromada.core.streets import StreetName, address_parts, fold, street_name

D = TypeVar("D", bound=Hashable)

ALL, ODD, EVEN = "all", "odd", "even"
_PARITY_WORDS = {"odd": ODD, "непарні": ODD, "непарна": ODD, "even": EVEN, "парні": EVEN, "парна": EVEN}
_NUMBERS = re.compile(r"^(?:(\d{1,5})\s*(?:-\s*(\d{1,5})|(\+|-))?)?\s*([^\W\d_]+)?$")

# Problems in a line (codes; territory.problems words them).
NO_NAME = "no_name"
BAD_NUMBERS = "bad_numbers"
REVERSED = "reversed"
EMPTY = "empty"  # a side with no number in the range ("4 odd")


@dataclass(frozen=True)
class StreetRange:
    """A street, or the part of it in one district: house numbers from ``number_from`` up to ``number_to``
    (None: to the end) on one side (``parity``) or both."""

    name: str
    number_from: int = 1
    number_to: int | None = None
    parity: str = ALL

    @cached_property
    def street(self) -> StreetName:
        return street_name(self.name)

    @classmethod
    def stored(
        cls, *, name: str, key: str, kind: str, number_from: int, number_to: int | None, parity: str
    ) -> StreetRange:
        """A range read back with its folded name as stored (``key``, ``kind``): not folded again, which
        is most of the time finding an address takes over a city's list."""
        street = cls(name=name, number_from=number_from, number_to=number_to, parity=parity)
        street.__dict__["street"] = StreetName(kind=kind, words=tuple(key.split()))
        return street

    @property
    def whole(self) -> bool:
        return self.number_from == 1 and self.number_to is None and self.parity == ALL

    def holds(self, number: int) -> bool:
        if number < self.number_from or (self.number_to is not None and number > self.number_to):
            return False
        return self.parity == ALL or (number % 2 == 1) == (self.parity == ODD)


def parse_line(line: str) -> StreetRange | str:
    """One line of a district's list as a range, or the code of its problem."""
    name, _colon, numbers = line.partition(":")
    name = " ".join(name.split())
    if not street_name(name).words:
        return NO_NAME
    found = _NUMBERS.match(fold(numbers).strip().replace("–", "-").replace("—", "-"))
    if not found:
        return BAD_NUMBERS
    first, last, open_end, side = found.groups()
    if side is not None and side not in _PARITY_WORDS:
        return BAD_NUMBERS
    number_from = int(first) if first else 1
    number_to = int(last) if last else (None if open_end or not first else int(first))
    if number_from < 1:
        return BAD_NUMBERS
    if number_to is not None and number_to < number_from:
        return REVERSED
    street = StreetRange(
        name=name, number_from=number_from, number_to=number_to, parity=_PARITY_WORDS.get(side or "", ALL)
    )
    if not overlap(street, street):
        return EMPTY
    return street


SIDE_WORDS = {"uk": ("непарні", "парні"), "en": ("odd", "even")}


def format_line(street: StreetRange, language: str = "uk") -> str:
    """``street`` as a line :func:`parse_line` reads back, the sides in ``language`` (uk or en)."""
    odd, even = SIDE_WORDS.get(language[:2], SIDE_WORDS["uk"])
    numbers = ""
    if street.number_to is not None:
        numbers = (
            str(street.number_from)
            if street.number_to == street.number_from
            else (f"{street.number_from}-{street.number_to}")
        )
    elif street.number_from > 1:
        numbers = f"{street.number_from}+"
    side = {ODD: odd, EVEN: even}.get(street.parity, "")
    tail = " ".join(part for part in (numbers, side) if part)
    return f"{street.name}: {tail}" if tail else street.name


def _same_street(a: StreetName, b: StreetName) -> bool:
    return a.key == b.key and (not a.kind or not b.kind or a.kind == b.kind)


def overlap(a: StreetRange, b: StreetRange) -> bool:
    """Whether a house could be on both: the same street (a type left out matches any), numbers that meet,
    on a side they share."""
    if not _same_street(a.street, b.street):
        return False
    low = max(a.number_from, b.number_from)
    ends = [end for end in (a.number_to, b.number_to) if end is not None]
    high = min(ends) if ends else None
    if high is not None and low > high:
        return False
    if ALL not in (a.parity, b.parity) and a.parity != b.parity:
        return False
    side = a.parity if a.parity != ALL else b.parity
    if side == ALL or high is None:
        return True
    first = low if (low % 2 == 1) == (side == ODD) else low + 1
    return first <= high


def clashes(
    new: Sequence[StreetRange], others: Iterable[tuple[D, StreetRange]]
) -> list[tuple[int, D | None, StreetRange]]:
    """Each line of ``new`` (by its index) that overlaps an earlier line of ``new`` (district None) or a
    range of another district, with what it overlaps; one clash per line."""
    by_key: dict[str, list[tuple[D | None, StreetRange]]] = {}
    for district, street in others:
        by_key.setdefault(street.street.key, []).append((district, street))
    earlier: dict[str, list[tuple[D | None, StreetRange]]] = {}
    found: list[tuple[int, D | None, StreetRange]] = []
    for index, street in enumerate(new):
        key = street.street.key
        candidates = [*earlier.get(key, []), *by_key.get(key, [])]
        clash = next(((d, s) for d, s in candidates if overlap(street, s)), None)
        if clash is not None:
            found.append((index, clash[0], clash[1]))
        earlier.setdefault(key, []).append((None, street))
    return found


# How an address was matched.
FOUND = "found"  # one district
SPLIT = "split"  # the street is in more than one district and the house number (if any) does not decide
UNKNOWN_STREET = "unknown_street"  # no listed street is named in the address
UNKNOWN_NUMBER = "unknown_number"  # the street is listed, but not the house number


@dataclass(frozen=True)
class Match(Generic[D]):
    status: str
    districts: tuple[D, ...] = ()  # the one found, or those the street runs through

    @property
    def district(self) -> D | None:
        return self.districts[0] if self.status == FOUND else None


def _candidates(
    name: StreetName, listed: Sequence[tuple[D, StreetRange, StreetName]]
) -> list[tuple[D, StreetRange]]:
    exact = [(d, r) for d, r, s in listed if _same_street(name, s)]
    if exact:
        return exact
    # "вул. Грушевського" for "вул. Михайла Грушевського": every typed word is in the listed name.
    words = set(name.words)
    return [
        (d, r)
        for d, r, s in listed
        if words < set(s.words) and (not name.kind or not s.kind or name.kind == s.kind)
    ]


def _districts(found: Iterable[tuple[D, StreetRange]]) -> tuple[D, ...]:
    return tuple(dict.fromkeys(d for d, _r in found))


def find_district(address: str, listed: Iterable[tuple[D, StreetRange]]) -> Match[D]:
    """The district of ``address`` by the street lists (``listed``: (district, range) pairs). The first
    part of the address that names a listed street counts (a part with a street-type word first)."""
    prepared = [(d, r, r.street) for d, r in listed]
    for part in address_parts(address):
        candidates = _candidates(part.street, prepared)
        if not candidates:
            continue
        if part.number is not None:
            holding = [(d, r) for d, r in candidates if r.holds(part.number)]
            if not holding:
                return Match(UNKNOWN_NUMBER, _districts(candidates))
            candidates = holding
        districts = _districts(candidates)
        return Match(FOUND if len(districts) == 1 else SPLIT, districts)
    return Match(UNKNOWN_STREET)

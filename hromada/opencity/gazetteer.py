"""Placing a report that came with an address but no coordinates (Open311 allows `address_string` alone).

No geocoding service is reachable from a hromada's server, so the hromada's own places are the gazetteer:
the addresses of its institutions and of earlier reports that had a point, and its districts. An address
is matched to the same building, else to its street (the middle of the known points on it), else to a
district named in it, else to the hromada's centre; the precision says which, and a report placed less
exactly than its building goes to triage so that an official sets the point. Pure: no Django import.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

# Precision of a report's point, from the most exact.
POINT = "point"  # coordinates were given
BUILDING = "building"
STREET = "street"
DISTRICT = "district"
HROMADA = "hromada"
APPROXIMATE = (STREET, DISTRICT, HROMADA)


# Street-type words in Ukrainian, Russian and English as written in addresses; a part of an address with one
# of them names a street.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STREET_TYPES = _words(
    "вул вулиця вулиці ул улица просп проспект пр пров провулок пер переулок пл площа площадь бульв бульвар "
    "бр шосе шоссе узвіз спуск наб набережна набережная майдан тупик проїзд проезд алея тракт "
    "st street str rd road ave avenue blvd boulevard lane ln sq square"
)
# Settlement, district and building words: never part of a street's name.
IGNORED_WORDS = STREET_TYPES | _words(
    "м місто город г смт селище с село сел буд будинок дом д кв квартира корп корпус район р н мкр "
    "мікрорайон city district"
)
# A "street" shared by more than this share of many known places is the settlement's name (in addresses
# written without a street-type word, where nothing else tells them apart).
SETTLEMENT_SHARE = 0.5
SETTLEMENT_MIN_PLACES = 10
FUZZY_RATIO = 0.84
_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\b(\d+)\s*[-–]?\s*([а-яіїєґa-z])?(?![\w])", re.IGNORECASE | re.UNICODE)


@dataclass(frozen=True)
class Place:
    """A known point with its address (an institution, or an earlier report with a point)."""

    address: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Area:
    """A district: its names and a point inside it."""

    names: tuple[str, ...]
    lat: float
    lon: float


@dataclass(frozen=True)
class Placement:
    lat: float
    lon: float
    precision: str
    matched: str  # what the address was matched to ("" for the hromada's centre)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return text.replace("’", "'").replace("ʼ", "'").replace("`", "'")


def street_words(part: str) -> tuple[str, ...]:
    """The words of one comma-separated part of an address that name a street (no type word, no number)."""
    words = [word.replace("'", "") for word in _WORD.findall(_fold(part))]
    return tuple(word for word in words if word not in IGNORED_WORDS and len(word) > 1)


def house_number(part: str) -> str:
    """The house number in an address part ("12", "12а"), or ""."""
    found = _NUMBER.search(_fold(part))
    return (found.group(1) + (found.group(2) or "")) if found else ""


@dataclass(frozen=True)
class _Parsed:
    streets: tuple[tuple[str, ...], ...]  # candidate street names, one per part of the address
    number: str


def _typed(part: str) -> bool:
    return any(word in STREET_TYPES for word in _WORD.findall(_fold(part).replace(".", " ")))


def parse(address: str) -> _Parsed:
    parts = [part for part in re.split(r"[,;\n]+", address) if part.strip()]
    named = [part for part in parts if _typed(part)] or parts
    streets = tuple(words for words in (street_words(part) for part in named) if words)
    number = ""
    for part in parts:
        if street_words(part) and house_number(part):
            number = house_number(part)
            break
    else:
        numbers = [house_number(part) for part in parts if house_number(part)]
        number = numbers[-1] if numbers else ""
    return _Parsed(streets=streets, number=number)


def _stem(word: str) -> str:
    # Street names decline ("Соборна", "Соборної", "Соборній"; "Шевченка", "Шевченко"): compare stems.
    return word[:-2] if len(word) > 5 else word[:-1] if len(word) > 4 else word


def _same_street(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    a, b = tuple(map(_stem, a)), tuple(map(_stem, b))
    if a == b:
        return True
    # "Тараса Шевченка" and "Шевченка": the shorter is the end of the longer.
    shorter, longer = sorted((a, b), key=len)
    if shorter and longer[-len(shorter) :] == shorter:
        return True
    # Case endings and typing slips: "Шевченка" / "Шевченко", "Соборна" / "Соборної".
    joined_a, joined_b = " ".join(a), " ".join(b)
    return difflib.SequenceMatcher(None, joined_a, joined_b).ratio() >= FUZZY_RATIO


def _middle(points: Sequence[Place]) -> tuple[float, float]:
    # The median, not the mean: one misplaced point on a long street does not drag the result away.
    return median(p.lat for p in points), median(p.lon for p in points)


def locate(
    address: str,
    *,
    places: Iterable[Place],
    areas: Iterable[Area],
    centre: tuple[float, float],
) -> Placement:
    """Where ``address`` most likely is, and how exactly (see the module's docstring)."""
    parsed = parse(address)
    known = [(parse(place.address), place) for place in places]
    for street in parsed.streets:
        on_street = [(p, place) for p, place in known if any(_same_street(street, s) for s in p.streets)]
        if not on_street or (
            len(known) >= SETTLEMENT_MIN_PLACES and len(on_street) > SETTLEMENT_SHARE * len(known)
        ):
            continue
        if parsed.number:
            same_building = [place for p, place in on_street if p.number == parsed.number]
            if same_building:
                lat, lon = _middle(same_building)
                return Placement(lat, lon, BUILDING, same_building[0].address)
        lat, lon = _middle([place for _p, place in on_street])
        return Placement(lat, lon, STREET, " ".join(street))
    folded = _fold(address)
    for area in areas:
        for name in area.names:
            stems = [_stem(word) for word in street_words(name)]
            if stems and all(re.search(rf"\b{re.escape(stem)}", folded) for stem in stems):
                return Placement(area.lat, area.lon, DISTRICT, name)
    return Placement(centre[0], centre[1], HROMADA, "")

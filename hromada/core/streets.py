"""Street names and addresses folded for matching. Pure Python, no Django import.

One street is written many ways: "вул. Шевченка", "вулиця Шевченка", "Шевченка вул", "ВУЛ.ШЕВЧЕНКА",
"вул. Т. Шевченка"; "Кобзарів’ська", "Кобзарів'ська", "Кобзарівʼська"; and with a Latin letter that looks
Cyrillic ("Шевченкa" with a Latin "a", "Лiсова" with a Latin "i"). :func:`street_name` folds every one of
them to the same words (case-folded, апостроф dropped, Latin look-alikes made Cyrillic inside a Cyrillic
word, initials dropped) and keeps the street's type ("вулиця", "провулок", …) apart, because
"вул. Шевченка" and "пров. Шевченка" are two streets. :func:`address_parts` reads a whole address
("м. Світлогірськ, вул. Шевченка, 18, кв. 42") into the parts that may name its street, each with the house
number that follows it.

The street lists of districts (``hromada.territory.streets``) use it; the older
``enrollment.facts.street_key`` and ``opencity.gazetteer.street_words`` keep their own folding because their
results are stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

# Street-type words as written (without the dot) → the type they name.
_TYPES = {
    "вулиця": ("вул", "вулиця", "вулиці", "вулица", "ул", "улица", "street", "st", "str"),
    "проспект": ("просп", "проспект", "пр", "пр-т", "prospekt", "avenue", "ave"),
    "провулок": ("пров", "провулок", "пер", "переулок", "lane"),
    "площа": ("пл", "площа", "площадь", "square", "sq"),
    "бульвар": ("бульв", "бульвар", "бул", "б-р", "бр", "boulevard", "blvd"),
    "узвіз": ("узвіз",),
    "спуск": ("спуск",),
    "шосе": ("шосе", "шоссе"),
    "набережна": ("наб", "набережна", "набережная"),
    "майдан": ("майдан",),
    "тупик": ("тупик",),
    "проїзд": ("проїзд", "проезд"),
    "алея": ("алея",),
    "тракт": ("тракт",),
}
STREET_TYPES = {word: kind for kind, words in _TYPES.items() for word in words}

# The first word of an address part that is not a street: a settlement, a region, a flat, a building.
_REGION = frozenset(["обл", "область", "р-н", "район", "громада"])
_SETTLEMENT = _REGION | {"м", "місто", "г", "город", "смт", "селище", "сел", "с", "село", "пос", "україна"}
_FLAT = frozenset("кв квартира оф офіс під'їзд підїзд корп корпус секція поверх".replace("'", "").split())
_BUILDING = frozenset(["буд", "будинок", "б", "д", "дом", "building"])

_APOSTROPHES = re.compile(r"['’ʼ`‘ʹ′]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
# A word: letters and digits, with inner hyphens ("пр-т", "б-р", "Квітки-Основ'яненка").
_WORD = re.compile(r"\w+(?:-\w+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Latin letters that look like Cyrillic ones, in both cases (a capital "B" looks like "В", a small "b"
# does not).
_LOOK_ALIKES = str.maketrans(
    {
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О",
        "P": "Р", "T": "Т", "X": "Х", "Y": "У",
        "a": "а", "c": "с", "e": "е", "i": "і", "k": "к", "o": "о", "p": "р", "x": "х", "y": "у",
    }
)  # fmt: skip
# A house number: perhaps "буд." or "№" (NFKC makes it "No"), digits, then perhaps a letter ("12а", "12 А",
# "12-а") and a fraction, a corpus or a second number ("12/2", "12-14").
_HOUSE = re.compile(
    r"^(?:(?:буд|будинок|б|д|дом|building|no)\b\.?\s*)?"
    r"(\d{1,5})(?:\s*-?\s*[^\W\d_](?!\w))?(?:\s*[-/]\s*\d+\w*)?$"
)


@dataclass(frozen=True)
class StreetName:
    """A street name folded for matching: its type ("вулиця", "провулок", … or "" when not written) and
    its words (in the order written)."""

    kind: str
    words: tuple[str, ...]

    @cached_property
    def key(self) -> str:
        """The words sorted, one string: "Шевченка вулиця" and "вул. Шевченка" have the same key."""
        return " ".join(sorted(self.words))


def fold(text: str) -> str:
    """NFKC, Latin look-alikes made Cyrillic in words that have a Cyrillic letter, case-folded, апостроф
    dropped, dashes made hyphens."""
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", text))
    text = re.sub(r"\w+", lambda m: m[0].translate(_LOOK_ALIKES) if _CYRILLIC.search(m[0]) else m[0], text)
    return _APOSTROPHES.sub("", text.casefold())


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("_", " "))


def street_name(text: str) -> StreetName:
    """The street's type and name words; type words are dropped wherever they stand, and so are one-letter
    words (initials: "вул. Т. Шевченка"), except a digit ("вул. 8 Березня")."""
    kind = ""
    words: list[str] = []
    for word in _words(text):
        if word in STREET_TYPES:
            kind = kind or STREET_TYPES[word]
            continue
        # "Квітки-Основ'яненка" is also written "Квітки Основ'яненка".
        words.extend(w for w in word.split("-") if len(w) > 1 or w.isdigit())
    return StreetName(kind=kind, words=tuple(words))


def street_key(text: str) -> str:
    """:attr:`StreetName.key` of ``text``."""
    return street_name(text).key


def house_number(text: str) -> int | None:
    """The number of a house as written ("12", "12а", "12 А", "12/2", "12-14", "буд. 12", "№ 12") → 12;
    None when ``text`` is not a house number."""
    found = _HOUSE.match(fold(text).strip())
    return int(found[1]) if found else None


@dataclass(frozen=True)
class AddressPart:
    """A part of an address that may name its street, and the house number that came with it."""

    street: StreetName
    number: int | None


_FLAT_TAIL = re.compile(r"[\s,]+(?:кв|квартира|оф|офіс)\b\.?\s*\d+\w*.*$", re.IGNORECASE)
_BUILDING_TAIL = re.compile(r"[\s,]+(?:буд|будинок|б|д)\b\.?\s*(\d.*)$", re.IGNORECASE)
_TRAILING_NUMBER = re.compile(r"[\s,]+(\d{1,5}(?:\s*-?\s*[^\W\d_])?(?:\s*/\s*\d+\w*)?)\s*$")


def address_parts(address: str) -> list[AddressPart]:
    """The parts of ``address`` (split at commas, semicolons and new lines) that may name a street, in the
    order written, those with a street-type word first; settlements ("м. …", "с. …"), regions, flats and
    bare numbers are left out. Each carries the house number written after the street: at its end
    ("вул. Шевченка 12", "вул. Шевченка, буд. 12") or as the next part ("вул. Шевченка, 12")."""
    parts = [p.strip() for p in re.split(r"[,;\n]+", fold(address)) if p.strip()]
    found: list[tuple[bool, AddressPart]] = []
    for index, part in enumerate(parts):
        words = _WORD.findall(part)
        if not words or words[0] in _SETTLEMENT or words[0] in _FLAT or house_number(part) is not None:
            continue
        if words[0] in _BUILDING or _REGION.intersection(words) or re.fullmatch(r"\d{5}", part):
            continue
        part = _FLAT_TAIL.sub("", part)
        number = None
        tail = _BUILDING_TAIL.search(part) or _TRAILING_NUMBER.search(part)
        if tail and street_name(part[: tail.start()]).words:
            number = house_number(tail[1])
            part = part[: tail.start()]
        if number is None:
            for following in parts[index + 1 :]:
                if _WORD.findall(following) and _WORD.findall(following)[0] in _FLAT:
                    break
                number = house_number(following)
                if number is not None or street_name(following).words:
                    break
        name = street_name(part)
        if name.words:
            found.append((bool(name.kind), AddressPart(street=name, number=number)))
    return [part for typed, part in found if typed] + [part for typed, part in found if not typed]

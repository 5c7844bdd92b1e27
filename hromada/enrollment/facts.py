"""Facts about a child and an address, as the rules need them. Pure Python, no Django.

- a Ukrainian birth certificate is a series (a Roman numeral and two Cyrillic letters, ``І-БК``) and six
  digits; :func:`certificate_normalise` returns one canonical text or None;
- :func:`child_hash` is the salted hash that identifies a child in a round without storing the number;
- :func:`age_months` is the age on a day (1 September of the school year for the bands);
- :func:`street_key` folds a street name so that "вул. Шевченка" and "Шевченка вулиця" match.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

_LATIN_TO_CYRILLIC = str.maketrans({"I": "І", "V": "V", "X": "Х"})
_CERTIFICATE = re.compile(r"^([IІVХX]{1,4})-?([А-ЯЄІЇҐ]{2})(\d{6})$")


def certificate_normalise(text: str) -> str | None:
    """``"i-бк 123456"`` → ``"І-БК123456"``; None when it is not a birth certificate's series and number."""
    compact = re.sub(r"[\s\u2010-\u2015]+", "", text.upper()).replace("—", "-")
    match = _CERTIFICATE.match(compact)
    if not match:
        return None
    series = match.group(1).translate(_LATIN_TO_CYRILLIC)
    return f"{series}-{match.group(2)}{match.group(3)}"


def child_hash(certificate: str, *, pepper: str) -> str:
    """HMAC-SHA256 of the normalised certificate with the installation's pepper (hex)."""
    return hmac.new(pepper.encode(), f"enrollment-child:{certificate}".encode(), hashlib.sha256).hexdigest()


def age_months(birth: dt.date, on: dt.date) -> int:
    """Whole months of age on ``on`` (0 before the first month is complete)."""
    months = (on.year - birth.year) * 12 + (on.month - birth.month)
    if on.day < birth.day:
        months -= 1
    return months


def band_day(school_year: int) -> dt.date:
    """The day the age bands are counted on: 1 September of the school year."""
    return dt.date(school_year, 9, 1)


_STREET_WORDS = {
    "вул",
    "вулиця",
    "вулицi",
    "пр",
    "просп",
    "проспект",
    "пров",
    "провулок",
    "пл",
    "площа",
    "бульв",
    "бульвар",
    "бул",
    "узвіз",
    "шосе",
    "тупик",
    "майдан",
    "street",
    "st",
    "avenue",
    "ave",
}


def street_key(text: str) -> str:
    """A street name folded for matching: case-folded, апостроф unified, street-type words dropped, words
    sorted. The house number is not part of it."""
    folded = text.casefold().replace("’", "'").replace("ʼ", "'").replace("`", "'")
    words = [w for w in re.split(r"[^\w']+", folded) if w and w not in _STREET_WORDS and not w.isdigit()]
    return " ".join(sorted(words))

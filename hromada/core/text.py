"""Text normalisation for search. Pure Python, no Django import."""

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "ʹ": "'"})
_SPACES = re.compile(r"\s+")


def search_key(*parts: str) -> str:
    """Case-folded, NFC-normalised, apostrophe-unified text; used on both the stored side and the query."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).casefold()
    return _SPACES.sub(" ", text).strip()


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
"""A Cyrillic letter: what marks a text shown as written (a resident's, a name) as Ukrainian."""


def has_cyrillic(text: str) -> bool:
    return CYRILLIC.search(text) is not None


_MARKUP = re.compile(r"[#*_>`\[\]]+")


def snippet(text: str, limit: int = 200) -> str:
    """The start of a text as one plain line for result lists, cut at a word boundary with an ellipsis."""
    line = _SPACES.sub(" ", _MARKUP.sub(" ", text)).strip()
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0] or line[:limit]
    return cut.rstrip(" ,.;:—-") + "…"


def short_name(full_name: str) -> str:
    """How a person signs a public comment: the first word of the name and the initial of the second
    ("Олена Коваленко" → "Олена К."), never the whole name."""
    words = full_name.split()
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{words[0]} {words[1][0]}."


# Code points put Є, І, Ї before А and Ґ after Я; lists of names follow the alphabet instead.
_UKRAINIAN_ALPHABET = {letter: n for n, letter in enumerate("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя")}


def alphabetical_key(name: str) -> tuple[tuple[int, int], ...]:
    """Sort key of a name in Ukrainian alphabetical order (other letters after, by code point; the
    apostrophe and the hyphen ignored)."""
    return tuple(
        (0, _UKRAINIAN_ALPHABET[c]) if c in _UKRAINIAN_ALPHABET else (1, ord(c))
        for c in name.casefold()
        if c not in "'’ʼ-"
    )

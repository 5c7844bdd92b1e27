"""Simple Ukrainian search: normalised text and crude stems. Pure Python, no Django import.

Every module searches this way (petitions, budget projects, institutions, news, help, the site search). The
stored side is :func:`hromada.core.text.search_key` of the title and text; a query becomes up to
eight stems (:func:`query_stems`), and a petition matches when its text contains every stem. Stemming
only strips the commonest inflectional endings of Ukrainian (and English) words, keeping at least four
letters, so "дороги", "дорогу" and "дорога" all find "дорога". It is deliberately small and predictable:
the same code runs on SQLite and PostgreSQL (where a trigram index serves the substring matches).
"""

from __future__ import annotations

import re

from hromada.core.text import search_key

MAX_TERMS = 8
MIN_STEM = 4

_WORD = re.compile(r"[\w']+", re.UNICODE)
# Longest first; Ukrainian noun/adjective/verb endings, and a few English ones.
_ENDINGS = sorted(
    {
        "ями",
        "ами",
        "ого",
        "ому",
        "ими",
        "іми",
        "ій",
        "ий",
        "ої",
        "ою",
        "ей",
        "ів",
        "їв",
        "ах",
        "ях",
        "ам",
        "ям",
        "ом",
        "ем",
        "єм",
        "их",
        "іх",
        "ти",
        "ть",
        "ся",
        "сь",
        "а",
        "я",
        "о",
        "е",
        "є",
        "и",
        "і",
        "ї",
        "у",
        "ю",
        "ь",
        "ing",
        "es",
        "ed",
        "s",
    },
    key=len,
    reverse=True,
)
STOP_WORDS = frozenset(
    {
        "і",
        "й",
        "та",
        "в",
        "у",
        "на",
        "з",
        "із",
        "зі",
        "до",
        "для",
        "по",
        "про",
        "від",
        "що",
        "це",
        "як",
        "не",
        "чи",
        "або",
        "а",
        "але",
        "при",
        "за",
        "під",
        "над",
        "без",
        "щодо",
        "the",
        "and",
        "of",
        "to",
        "in",
        "for",
        "a",
        "on",
    }
)


def stem(word: str) -> str:
    """The word without its commonest ending, never shorter than four letters (short words stay)."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def words(text: str) -> list[str]:
    return [w.strip("'") for w in _WORD.findall(search_key(text)) if w.strip("'")]


def query_stems(query: str, *, limit: int = MAX_TERMS) -> list[str]:
    """The distinct stems of a query's words (stop words dropped), in order, at most ``limit``."""
    stems: list[str] = []
    for word in words(query):
        if word in STOP_WORDS:
            continue
        s = stem(word)
        if s not in stems:
            stems.append(s)
        if len(stems) >= limit:
            break
    return stems


def significant_stems(text: str, *, limit: int = 6) -> list[str]:
    """The longest distinct stems of a text (for "similar petitions"): long words carry the topic."""
    candidates = {stem(w) for w in words(text) if w not in STOP_WORDS and len(w) >= 5}
    return sorted(candidates, key=lambda s: (-len(s), s))[:limit]


def similarity(stems: list[str], text_key: str) -> float:
    """The share of ``stems`` found in the normalised text."""
    if not stems:
        return 0.0
    return sum(1 for s in stems if s in text_key) / len(stems)

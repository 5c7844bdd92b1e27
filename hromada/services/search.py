"""Finding services by what people call them. Pure Python, no Django import.

- Synonyms: people say "прописка" for residence registration, "ФОП" for a sole proprietor, "садочок" for a
  kindergarten. :func:`expand_query` adds the catalogue's words for them before the query is stemmed.
- Typos: :func:`fuzzy_score` compares letter trigrams of each query word with the words of a service, so
  "реєстрацыя" or "будвельний" still finds the service. The same code runs on SQLite and PostgreSQL.
  Its cost is bounded: at most ``MAX_TERMS`` query words count (as for the strict search), and each
  distinct word's trigrams are computed once per call, so it stays linear in the size of the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable

from hromada.core.textsearch import MAX_TERMS, STOP_WORDS, words

SYNONYMS: dict[str, str] = {
    "прописка": "реєстрація місця проживання",
    "прописати": "реєстрація місця проживання",
    "прописатися": "реєстрація місця проживання",
    "прописки": "реєстрація місця проживання",
    "виписка": "зняття з реєстрації місця проживання",
    "виписатися": "зняття з реєстрації місця проживання",
    "фоп": "фізичної особи-підприємця",
    "спд": "фізичної особи-підприємця",
    "підприємець": "підприємницької фоп",
    "тов": "юридичної особи",
    "садочок": "здо дошкільної",
    "садок": "здо дошкільної",
    "дитсадок": "здо дошкільної",
    "переселенець": "впо переміщеної",
    "переселенці": "впо переміщеної",
    "закордонний": "паспорт для виїзду за кордон",
    "загранпаспорт": "паспорт для виїзду за кордон",
    "айді": "id-картки",
    "id": "id-картки",
    "декретні": "допомога при народженні дитини",
    "шлюб": "шлюбу",
    "розлучення": "розірвання шлюбу",
    "кадастр": "дзк земельну",
    "ділянка": "земельну ділянку",
    "ипн": "рнокпп",
    "іпн": "рнокпп",
    "код": "рнокпп",
    "реклама": "зовнішньої реклами",
    "дерева": "зелених насаджень",
    "субсидія": "субсидія",
    "черга на житло": "квартирний облік",
}

_SHORT = 3


def expand_query(query: str) -> str:
    """The query with the catalogue's words for the everyday ones it contains."""
    found = list(words(query))
    extra = [SYNONYMS[w] for w in found if w in SYNONYMS]
    joined = " ".join(found)
    extra += [v for k, v in SYNONYMS.items() if " " in k and k in joined]
    if not extra:
        return query
    kept = [w for w in found if w not in SYNONYMS]
    return " ".join([*kept, *extra])


def _trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _jaccard(ta: frozenset[str], tb: frozenset[str]) -> float:
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def word_similarity(a: str, b: str) -> float:
    return _jaccard(_trigrams(a), _trigrams(b))


def _query_trigrams(query: str) -> list[frozenset[str]]:
    """The trigrams of the query's first ``MAX_TERMS`` distinct significant words."""
    kept: list[str] = []
    for w in words(query):
        if w not in STOP_WORDS and len(w) >= _SHORT and w not in kept:
            kept.append(w)
            if len(kept) >= MAX_TERMS:
                break
    return [_trigrams(w) for w in kept]


def _score(query_grams: list[frozenset[str]], text: str, grams_of: dict[str, frozenset[str]]) -> float:
    if not query_grams:
        return 0.0
    text_grams = []
    for w in set(words(text)):
        if w not in grams_of:
            grams_of[w] = _trigrams(w)
        text_grams.append(grams_of[w])
    return sum(max((_jaccard(q, t) for t in text_grams), default=0.0) for q in query_grams) / len(query_grams)


def fuzzy_score(query: str, text: str) -> float:
    """How well the words of ``query`` (the first ``MAX_TERMS`` significant ones) match some word of
    ``text`` (0–1): the mean over query words of the best trigram similarity."""
    return _score(_query_trigrams(query), text, {})


def best_matches(
    query: str, rows: Iterable[tuple[int, str]], *, threshold: float = 0.45, limit: int = 50
) -> list[int]:
    """Ids of the rows whose text matches ``query`` best, at least ``threshold``, best first."""
    query_grams = _query_trigrams(query)
    grams_of: dict[str, frozenset[str]] = {}
    scored = [(_score(query_grams, text, grams_of), pk) for pk, text in rows]
    return [pk for score, pk in sorted(scored, key=lambda s: (-s[0], s[1])) if score >= threshold][:limit]

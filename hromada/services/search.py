"""Finding services by what people call them. Pure Python, no Django import.

- Synonyms: people say "прописка" for residence registration, "ФОП" for a sole proprietor, "садочок" for a
  kindergarten. :func:`expand_query` adds the catalogue's words for them before the query is stemmed.
- Typos: :func:`fuzzy_score` compares letter trigrams of each query word with the words of a service, so
  "реєстрацыя" or "будвельний" still finds the service. The same code runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable

from hromada.core.textsearch import STOP_WORDS, words

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


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def word_similarity(a: str, b: str) -> float:
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def fuzzy_score(query: str, text: str) -> float:
    """How well the words of ``query`` match some word of ``text`` (0–1): the mean over query words of the
    best trigram similarity."""
    query_words = [w for w in words(query) if w not in STOP_WORDS and len(w) >= _SHORT]
    if not query_words:
        return 0.0
    text_words = set(words(text))
    return sum(max((word_similarity(q, t) for t in text_words), default=0.0) for q in query_words) / len(
        query_words
    )


def best_matches(
    query: str, rows: Iterable[tuple[int, str]], *, threshold: float = 0.45, limit: int = 50
) -> list[int]:
    """Ids of the rows whose text matches ``query`` best, at least ``threshold``, best first."""
    scored = [(fuzzy_score(query, text), pk) for pk, text in rows]
    return [pk for score, pk in sorted(scored, key=lambda s: (-s[0], s[1])) if score >= threshold][:limit]

"""The pure core of shipped help articles: read one Markdown file with its header (no Django import).

A shipped article is ``hromada/<app>/help/<language>/<name>.md``::

    ---
    title: Як підписати петицію
    audience: residents
    order: 20
    ---
    Markdown text…

``audience`` is ``residents`` or ``officials``; ``order`` (default 100) sorts the app's articles. Problems
are raised as codes (``"header_missing"``, ``"title_missing"``, ``"audience_unknown"``,
``"order_not_a_number"``, ``"name_invalid"``); the caller words them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("uk", "en")
AUDIENCES = ("residents", "officials")
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HEADER = re.compile(r"\A---\n(?P<header>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)


class ArticleProblem(ValueError):
    """A shipped file that is no article; ``code`` says why."""

    def __init__(self, code: str, path: Path) -> None:
        super().__init__(f"{path}: {code}")
        self.code = code
        self.path = path


@dataclass(frozen=True)
class ShippedText:
    """One language of one shipped article."""

    title: str
    audience: str
    order: int
    body: str


@dataclass(frozen=True)
class ShippedArticle:
    """A shipped article in every language it has: ``texts`` maps the language code to its text."""

    app: str
    name: str
    texts: dict[str, ShippedText]

    @property
    def key(self) -> str:
        """``<app>/<name>``: how pages and ``{% help_link %}`` name the article."""
        return f"{self.app}/{self.name}"

    @property
    def audience(self) -> str:
        return self.texts[LANGUAGES[0]].audience if LANGUAGES[0] in self.texts else "residents"

    @property
    def order(self) -> int:
        return min(text.order for text in self.texts.values())

    def digest(self) -> str:
        """A fingerprint of the shipped text in every language (what a hromada's copy was loaded from)."""
        h = hashlib.sha256()
        for language in sorted(self.texts):
            text = self.texts[language]
            h.update(f"{language}\0{text.title}\0{text.audience}\0{text.order}\0{text.body}\0".encode())
        return h.hexdigest()


def parse(source: str, *, path: Path) -> ShippedText:
    """One article file's text; raises :class:`ArticleProblem` with a code."""
    match = _HEADER.match(source.replace("\r\n", "\n"))
    if match is None:
        raise ArticleProblem("header_missing", path)
    fields: dict[str, str] = {}
    for line in match["header"].splitlines():
        key, separator, value = line.partition(":")
        if separator:
            fields[key.strip()] = value.strip()
    title = fields.get("title", "")
    if not title:
        raise ArticleProblem("title_missing", path)
    audience = fields.get("audience", "")
    if audience not in AUDIENCES:
        raise ArticleProblem("audience_unknown", path)
    order_text = fields.get("order", "100")
    if not order_text.isdigit():
        raise ArticleProblem("order_not_a_number", path)
    return ShippedText(
        title=title, audience=audience, order=int(order_text), body=match["body"].strip() + "\n"
    )


def read_folder(app: str, folder: Path) -> list[ShippedArticle]:
    """Every article in ``folder/<language>/*.md``, by name; raises :class:`ArticleProblem`."""
    texts: dict[str, dict[str, ShippedText]] = {}
    for language in LANGUAGES:
        for path in sorted((folder / language).glob("*.md")):
            if not NAME.fullmatch(path.stem):
                raise ArticleProblem("name_invalid", path)
            texts.setdefault(path.stem, {})[language] = parse(path.read_text(encoding="utf-8"), path=path)
    return [ShippedArticle(app=app, name=name, texts=texts[name]) for name in sorted(texts)]

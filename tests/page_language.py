"""What a page says, checked for its language: raw codes, untranslated interface strings, unmarked Ukrainian.

`problems(html, language, catalogue)` reads a rendered page and returns one line per problem:

- **code** — visible text that looks like a program's code (``petition.signed``, ``status_code``) instead
  of words. URLs, e-mail addresses, host and file names are not codes; text inside ``<code>``, ``<pre>``,
  ``<kbd>`` and ``<samp>`` is shown to auditors and developers on purpose (e.g. an entry's kind beside its
  label) and is not read.
- **untranslated** (Ukrainian text: a page, or an element, in Ukrainian) — a text equal to an English
  message of our catalogues whose Ukrainian translation differs: the template or code showed the message
  without translating it.
- **unmarked** (English pages) — Cyrillic text outside an element marked ``lang="uk"``: an interface string
  without its translation, or Ukrainian content (a petition, a name, a news item without its English
  version) not marked as Ukrainian for screen readers and translators (WCAG 3.1.2). The one exemption is the
  document's ``<title>``, which holds no markup; people's names written in Cyrillic are Ukrainian text too
  and are marked.

Visible text is every text node outside ``<script>``, ``<style>``, ``<template>`` and ``<textarea>`` (what
a person typed in a form is theirs, as they wrote it), plus the ``alt``,
``title``, ``aria-label`` and ``placeholder`` attributes (read by screen readers or shown on hover).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = re.compile(
    r"(?<![\w@/.:-])(?:[a-z][a-z0-9]*_[a-z0-9_]+|[a-z][a-z0-9_]+(?:\.[a-z][a-z0-9_]*)+)(?![\w@/-])"
)
NOT_CODES = re.compile(
    r"\.(?:example|localhost|ua|com|org|net|gov|json|csv|pb|txt|pdf|png|jpe?g|svg|geojson|js|css|html|xml)$"
)
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
SKIPPED = {"script", "style", "template", "textarea"}
FOR_AUDITORS = {"code", "pre", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")


@dataclass(frozen=True)
class Text:
    text: str
    lang: str
    for_auditors: bool
    where: str


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, lang attribute)
        self.texts: list[Text] = []

    def _lang(self) -> str:
        for _tag, lang in reversed(self.stack):
            if lang is not None:
                return lang
        return ""

    def _where(self) -> str:
        return ">".join(tag for tag, _lang in self.stack[-3:])

    def _skipped(self) -> bool:
        return any(tag in SKIPPED for tag, _lang in self.stack)

    def _auditors(self) -> bool:
        return any(tag in FOR_AUDITORS for tag, _lang in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in VOID:
            self.stack.append((tag, values.get("lang")))
        if self._skipped():
            return
        lang = values.get("lang") or self._lang()
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.texts.append(Text(values[name] or "", lang, False, f"{self._where()}[{name}]"))
        if tag == "meta" and values.get("name") == "description" and values.get("content"):
            self.texts.append(Text(values["content"] or "", lang, False, "meta[description]"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                return

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skipped():
            self.texts.append(Text(text, self._lang(), self._auditors(), self._where()))


def visible_texts(html: str) -> list[Text]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.texts


@dataclass
class Catalogue:
    """English messages of our catalogues whose Ukrainian translation differs (exact texts and patterns)."""

    exact: set[str]
    patterns: list[re.Pattern[str]]

    def untranslated(self, text: str) -> bool:
        return text in self.exact or any(p.fullmatch(text) for p in self.patterns)


def load_catalogue() -> Catalogue:
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in sorted(ROOT.glob("hromada/**/locale/uk/LC_MESSAGES/django.po")):
        for msgid, msgstr in _entries(path.read_text(encoding="utf-8")):
            msgid = " ".join(msgid.split())
            if not re.search(r"[A-Za-z]{2}", msgid) or msgstr == msgid or not msgstr:
                continue
            if PLACEHOLDER.search(msgid):
                literal = PLACEHOLDER.sub("", msgid)
                if len(re.findall(r"[A-Za-z]{3,}", literal)) >= 2:  # enough words not to match by chance
                    pieces = [re.escape(p) for p in PLACEHOLDER.split(msgid)]
                    patterns.append(re.compile(".+?".join(pieces)))
            else:
                exact.add(msgid)
    return Catalogue(exact, patterns)


def _entries(text: str) -> Iterator[tuple[str, str]]:
    """(msgid, first msgstr) of every entry of a .po file (simple parse: our files are msgmerge output)."""
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr|msgstr\[0\]|msgctxt) "(.*)"$', line)
            if match:
                current = match[1]
                fields[current] = _unquote(match[2])
            elif line.startswith('"') and current:
                fields[current] += _unquote(line[1:-1])
            elif line.startswith("msgstr["):
                current = ""
        if fields.get("msgid"):
            yield fields["msgid"], fields.get("msgstr", fields.get("msgstr[0]", ""))
            if fields.get("msgid_plural"):
                yield fields["msgid_plural"], fields.get("msgstr[0]", "")


def _unquote(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def problems(html: str, language: str, catalogue: Catalogue) -> list[str]:
    """One line per problem of the page (see the module's docstring)."""
    found: list[str] = []
    for item in visible_texts(html):
        if item.for_auditors:
            continue
        for code in CODE.findall(item.text):
            if not NOT_CODES.search(code):
                found.append(f"code {code!r} in {item.where}: {item.text[:80]!r}")
        if item.lang.startswith("uk") and catalogue.untranslated(item.text):
            found.append(f"untranslated {item.text[:80]!r} in {item.where}")
        if item.where.endswith("title") and item.where.startswith("html>head"):
            continue  # the document's title holds no markup: content in it cannot be marked
        if language != "uk" and CYRILLIC.search(item.text) and not item.lang.startswith("uk"):
            found.append(f"unmarked Ukrainian {item.text[:80]!r} in {item.where}")
    return found

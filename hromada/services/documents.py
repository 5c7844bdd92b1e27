"""The result document: a template of the service's definition filled with the application's values.
Pure Python, no Django import.

A template is text with placeholders in braces: ``{number}`` (the application's number, which is also the
document's), ``{date}`` (the day of issue), ``{service}``, ``{hromada}``, ``{result}`` (what the official
wrote on issuing) and ``{<field>}`` for any answer of the form (``{full_name}``, ``{address}``). A brace
that is not a known placeholder is refused when the definition is published (``unknown_placeholder``), so
an issued document never shows a raw ``{…}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
BUILT_IN = ("number", "date", "service", "hromada", "result")
DEFAULT_TEMPLATE = {
    "uk": "{hromada}\n\nДокумент № {number} від {date}\n\n{service}\n\n{result}",
    "en": "{hromada}\n\nDocument No. {number} of {date}\n\n{service}\n\n{result}",
}
TEMPLATE_MAX = 10_000


def placeholders(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))


def template_problems(template: Any, field_names: Iterable[str]) -> list[str]:
    """Codes of what is wrong with a ``result_template`` ({"uk": …, "en": …}): ``not_a_template`` (no
    Ukrainian text, or not text), ``too_long``, ``unknown_placeholder``, ``stray_brace``."""
    if (
        not isinstance(template, Mapping)
        or not isinstance(template.get("uk"), str)
        or not template["uk"].strip()
    ):
        return ["not_a_template"]
    known = set(BUILT_IN) | set(field_names)
    problems: list[str] = []
    for text in template.values():
        if not isinstance(text, str):
            return ["not_a_template"]
        if len(text) > TEMPLATE_MAX:
            problems.append("too_long")
        if placeholders(text) - known:
            problems.append("unknown_placeholder")
        if "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text):
            problems.append("stray_brace")
    return sorted(set(problems))


def render(template: str, values: Mapping[str, Any]) -> str:
    """The template with every placeholder replaced (a value missing from ``values`` becomes "—")."""

    def value(match: re.Match[str]) -> str:
        found = values.get(match.group(1))
        if found is None or found == "":
            return "—"
        return str(found)

    return PLACEHOLDER.sub(value, template)

"""Redaction of contact details and identifiers in residents' free text. Pure Python, no Django import.

Every match is replaced — not only the first (a reporter writes "call 067 123 45 67 or 050-111-22-33"):
e-mail addresses, telephone numbers (Ukrainian national and international forms, with spaces, dashes,
dots or brackets between the digit groups) and РНОКПП-like numbers (any run of 10 digits, which also
covers taxpayer numbers written without spaces). The public view shows ``MARK`` in their place; the
responsible department sees the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARK = "[…]"

EMAIL = "email"
PHONE = "phone"
TAX_NUMBER = "tax_number"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Digits possibly separated by one space, dash, dot or bracket each; at least 9 digits in all for a phone
# (local numbers with the operator code), an optional leading "+".
_DIGIT_RUN = re.compile(r"(?<![\w+])\+?\(?\d(?:[\s\-.()]{0,2}\d){5,15}(?!\w)")
_TAX = re.compile(r"^\d{10}$")


@dataclass(frozen=True)
class Redaction:
    """The public text and what was hidden in it (codes, one per match, in order)."""

    text: str
    found: tuple[str, ...]


def _classify(match: str) -> str | None:
    digits = re.sub(r"\D", "", match)
    if _TAX.match(match.strip()):
        return TAX_NUMBER
    if len(digits) >= 9 or (match.startswith("+") and len(digits) >= 7):
        return PHONE
    if len(digits) == 7 and re.search(r"[\s\-.]", match):
        return PHONE  # a local landline number: 123-45-67
    return None


def redact(text: str) -> Redaction:
    """Hide every e-mail address, phone number and 10-digit identifier in ``text``."""
    found: list[str] = []

    def email(match: re.Match[str]) -> str:
        found.append(EMAIL)
        return MARK

    text = _EMAIL.sub(email, text)

    def digits(match: re.Match[str]) -> str:
        code = _classify(match.group(0))
        if code is None:
            return match.group(0)
        found.append(code)
        return MARK

    return Redaction(text=_DIGIT_RUN.sub(digits, text), found=tuple(found))

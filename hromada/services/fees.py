"""Fees of administrative services as formulas over the year's base values. Pure Python, no Django import.

A fee formula is a sum of terms, each a decimal number optionally multiplied by a base: ``0.015*PM``
(1.5 % of the subsistence minimum), ``0.05*NMDG`` (the tax-free minimum for state duty), ``558`` (a fixed
amount in hryvnias), ``0`` (free). ``PM`` is the subsistence minimum for able-bodied persons on 1 January
of the filing year, ``NMDG`` is 17 UAH, ``MZP`` the minimum wage. The amount is computed for the filing
date, in kopiyky, and rounded by the service's rule (``rounding`` in kopiyky: 1 = to the kopiyka, 1000 =
to the nearest 10 UAH, half up).

Refusals are codes (:class:`FormulaError`), worded by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

BASES = ("PM", "NMDG", "MZP")

# Built-in values (UAH) in force from the given date; rows of FeeBaseValue override and extend them.
DEFAULT_BASE_VALUES: Mapping[str, tuple[tuple[date, Decimal], ...]] = {
    "PM": (
        (date(2024, 1, 1), Decimal("3028")),
        (date(2025, 1, 1), Decimal("3028")),
        (date(2026, 1, 1), Decimal("3328")),
    ),
    "NMDG": ((date(1994, 1, 1), Decimal("17")),),
    "MZP": (
        (date(2024, 1, 1), Decimal("7100")),
        (date(2025, 1, 1), Decimal("8000")),
    ),
}

_TERM = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:\*\s*([A-Z]+))?\s*$")
_MAX_TERMS = 8


class FormulaError(ValueError):
    """A formula that cannot be computed; ``code`` says why (``syntax``, ``unknown_base``, ``no_value``)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Term:
    factor: Decimal
    base: str | None  # None: a fixed amount in UAH


def parse_formula(formula: str) -> tuple[Term, ...]:
    """The terms of ``formula``; raises FormulaError("syntax" | "unknown_base")."""
    text = formula.strip()
    if not text:
        raise FormulaError("syntax", "empty")
    parts = text.split("+")
    if len(parts) > _MAX_TERMS:
        raise FormulaError("syntax", "too many terms")
    terms = []
    for part in parts:
        match = _TERM.match(part)
        if match is None:
            raise FormulaError("syntax", part.strip())
        try:
            factor = Decimal(match.group(1).replace(",", "."))
        except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
            raise FormulaError("syntax", part.strip()) from error
        base = match.group(2)
        if base is not None and base not in BASES:
            raise FormulaError("unknown_base", base)
        terms.append(Term(factor=factor, base=base))
    return tuple(terms)


def is_free(formula: str) -> bool:
    return all(t.factor == 0 for t in parse_formula(formula))


def base_value(base: str, on: date, table: Mapping[str, tuple[tuple[date, Decimal], ...]]) -> Decimal:
    """The value of ``base`` in force on ``on`` (the latest row dated on or before it)."""
    rows = sorted(table.get(base, ()))
    found: Decimal | None = None
    for since, value in rows:
        if since <= on:
            found = value
    if found is None:
        raise FormulaError("no_value", f"{base} on {on.isoformat()}")
    return found


def fee_kop(
    formula: str,
    *,
    on: date,
    rounding: int = 1,
    table: Mapping[str, tuple[tuple[date, Decimal], ...]] = DEFAULT_BASE_VALUES,
) -> int:
    """The fee in kopiyky of a filing on ``on``, rounded half up to a multiple of ``rounding``."""
    if rounding < 1:
        raise FormulaError("syntax", "rounding must be at least 1 kopiyka")
    total = Decimal(0)
    for term in parse_formula(formula):
        value = Decimal(1) if term.base is None else base_value(term.base, on, table)
        total += term.factor * value * 100
    steps = (total / rounding).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * rounding


def merged_table(
    rows: list[tuple[str, date, Decimal]],
    defaults: Mapping[str, tuple[tuple[date, Decimal], ...]] = DEFAULT_BASE_VALUES,
) -> dict[str, tuple[tuple[date, Decimal], ...]]:
    """The built-in values with ``rows`` (base, valid from, UAH) replacing those of the same date."""
    merged: dict[str, dict[date, Decimal]] = {b: dict(v) for b, v in defaults.items()}
    for base, since, value in rows:
        merged.setdefault(base, {})[since] = value
    return {b: tuple(sorted(v.items())) for b, v in merged.items()}

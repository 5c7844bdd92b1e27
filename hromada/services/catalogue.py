"""The seed catalogue of ЦНАП services: reading the table of ``shared/data/cnap-services/README.md`` into
service cards. Pure Python, no Django import.

The table's columns are: number, name, registry (РАП) identifier, provider, legal basis, term, fee,
sources. Terms and fees are free text written for people; :func:`parse_term` and :func:`parse_fee` turn
the forms they take into structured values (term value and unit for the regular and urgent variant, fee
formulas over ПМ/НМДГ) and return None where the text says no more than "(mem)" or something no rule
covers. Every value marked "(mem)" in the source, or not parsed, is listed in ``unverified`` so the card
can flag it instead of presenting it as fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .deadlines import CALENDAR_DAYS, HOURS, SAME_DAY, WORKING_DAYS

SEED_COUNT = 57
REAL_ESTATE_ROUNDING = 1000  # kopiyky: state-registration fees of real estate round to the nearest 10 UAH
_REAL_ESTATE_ROWS = frozenset({25, 26, 27, 28})

CATEGORIES = {
    "residence": (1, 2, 3, 4, 5),
    "documents": (6, 7, 8, 9, 52, 53, 54),
    "civil_status": (10, 11, 12, 13, 14, 15, 16),
    "business": (17, 18, 19, 20, 21, 22, 23, 24),
    "real_estate": (25, 26, 27, 28),
    "land": (29, 30, 31, 32, 33, 34),
    "construction": (35, 36, 37, 38, 39, 40, 41),
    "improvement": (42, 43, 44),
    "social": (45, 46, 47, 48, 49, 50, 51, 55),
    "education": (56, 57),
}
LIFE_SITUATIONS = {
    "birth": (6, 10, 45, 46, 50, 51),
    "moving": (1, 2, 3, 4, 5, 38, 48),
    "business": (17, 18, 19, 20, 21, 22, 23, 24, 43),
    "land": (29, 30, 31, 32, 33, 34),
    "construction": (35, 36, 37, 38, 39, 40, 41, 42, 44),
    "social_support": (45, 47, 48, 49, 50, 51, 55),
    "family": (11, 13, 14, 15, 16),
    "death": (12, 15),
    "documents": (6, 7, 8, 9, 52, 53, 54),
    "children": (9, 46, 56, 57),
}


@dataclass(frozen=True)
class Term:
    value: int | None  # None with SAME_DAY
    unit: str


@dataclass(frozen=True)
class SeedService:
    number: int
    title: str
    rap_id: str
    provider: str
    legal_basis: tuple[tuple[str, str], ...]  # (tier, act)
    term_text: str
    fee_text: str
    sources: str
    regular_term: Term | None
    urgent_term: Term | None
    regular_fee: str | None  # a formula for hromada.services.fees
    urgent_fee: str | None
    rounding: int
    categories: tuple[str, ...]
    life_situations: tuple[str, ...]
    unverified: tuple[str, ...] = field(default=())

    @property
    def code(self) -> str:
        return f"cnap-{self.number:03d}"


class SeedFormatError(ValueError):
    """The file has no table of the expected shape (``code``: ``no_table``, ``bad_row``)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


_MEM = "(mem)"
_SAME_AS_ABOVE = "те саме"
_PAREN = re.compile(r"\([^()]*\)")
_TERM = re.compile(r"^(?:≤|до|рішення\s*≤)?\s*(\d+)\s*(р\.д\.?|к\.д\.?|год\.?|міс\.?|тижн\S*)?")
_FEE = re.compile(r"(\d[\d ]*(?:,\d+)?)\s*(%)?\s*(ПМ|НМДГ|грн)?")
_SAME = re.compile(r"\b(?:в|у)\s+день\b")
_LIKE = re.compile(r"як\s*№\s*(\d+)")


def _variants(text: str) -> list[str]:
    plain = _PAREN.sub(" ", text)
    return [p.strip() for p in re.split(r"[/;]", plain) if p.strip()]


def parse_term(text: str) -> tuple[Term | None, Term | None]:
    """(regular, urgent) terms of a term cell; None where the text gives no term."""
    if _SAME.search(text):
        return Term(None, SAME_DAY), None
    parsed: list[tuple[int, str | None]] = []
    for part in _variants(text):
        match = _TERM.match(part)
        if match is None:
            break
        parsed.append((int(match.group(1)), match.group(2)))
    if not parsed:
        return None, None
    terms: list[Term] = []
    for i, (value, unit) in enumerate(parsed):
        # "20 / 7 р.д.": a number without a unit takes the unit of the next variant that has one.
        unit = unit or next((u for _v, u in parsed[i + 1 :] if u), None)
        if unit is None:
            terms.append(Term(value, CALENDAR_DAYS))
        elif unit.startswith("р"):
            terms.append(Term(value, WORKING_DAYS))
        elif unit.startswith("к"):
            terms.append(Term(value, CALENDAR_DAYS))
        elif unit.startswith("год"):
            terms.append(Term(value, HOURS))
        elif unit.startswith("міс"):
            terms.append(Term(value * 30, CALENDAR_DAYS))
        else:
            terms.append(Term(value * 7, CALENDAR_DAYS))
    return terms[0], (terms[1] if len(terms) > 1 else None)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(" ", "").replace(",", "."))


def _formula(value: Decimal, percent: bool, unit: str) -> str:
    if percent:
        value = value / 100
    amount = format(value.normalize(), "f")
    return {"ПМ": f"{amount}*PM", "НМДГ": f"{amount}*NMDG"}.get(unit, amount)


def parse_fee(text: str) -> tuple[str | None, str | None]:
    """(regular, urgent) fee formulas of a fee cell; None where the text gives no amount."""
    stripped = text.strip().lower()
    if stripped.startswith(("безоплатно", "безкоштовно")):
        return "0", None
    parsed: list[tuple[Decimal, bool, str | None]] = []
    for part in _variants(text):
        match = _FEE.search(part)
        if match is None:
            break
        parsed.append((_number(match.group(1)), bool(match.group(2)), match.group(3)))
    if not parsed:
        return None, None
    formulas: list[str | None] = []
    for i, (value, percent, unit) in enumerate(parsed):
        unit = unit or next((u for _v, _p, u in parsed[i + 1 :] if u), None)
        formulas.append(None if unit is None else _formula(value, percent, unit))
    return formulas[0], (formulas[1] if len(formulas) > 1 else None)


def _tier(act: str) -> str:
    lowered = act.lower()
    if lowered.startswith(("пкму", "положення", "декрет", "(mem) пкму")) or "кму" in lowered:
        return "cabinet"
    if lowered.startswith("наказ"):
        return "ministry"
    if lowered.startswith(("закон", "зк", "ск", "жк", "пку")):
        return "law"
    return "other"


def _legal_basis(text: str) -> tuple[tuple[str, str], ...]:
    acts = [a.replace(_MEM, "").strip() for a in text.split(";")]
    return tuple((_tier(a), a) for a in acts if a and a != "—")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def parse_seed(text: str) -> list[SeedService]:
    """Every row of the seed table in ``text`` (the README's markdown); raises SeedFormatError."""
    rows: list[list[str]] = []
    in_table = False
    for line in text.splitlines():
        if line.startswith("| # | Послуга"):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                break
            if line.startswith("|---"):
                continue
            rows.append(_cells(line))
    if not rows:
        raise SeedFormatError("no_table")
    services: list[SeedService] = []
    by_number: dict[int, SeedService] = {}
    for cells in rows:
        if len(cells) != 8 or not cells[0].isdigit():
            raise SeedFormatError("bad_row", " | ".join(cells)[:80])
        number = int(cells[0])
        title, rap, provider, basis, term_text, fee_text, sources = cells[1:]
        regular_term, urgent_term = parse_term(term_text)
        previous = services[-1] if services else None
        legal_basis = _legal_basis(basis)
        if basis.strip() == _SAME_AS_ABOVE and previous is not None:
            legal_basis = previous.legal_basis
        if provider.strip() == _SAME_AS_ABOVE and previous is not None:
            provider = previous.provider
        like = _LIKE.search(fee_text)
        if like and int(like.group(1)) in by_number:
            source = by_number[int(like.group(1))]
            regular_fee, urgent_fee = source.regular_fee, source.urgent_fee
        else:
            regular_fee, urgent_fee = parse_fee(fee_text)
        if urgent_term is None:
            urgent_fee = None  # a second amount without an urgent term is a late or repeated filing
        unverified = []
        if _MEM in term_text or regular_term is None:
            unverified.append("term")
        if _MEM in fee_text or regular_fee is None:
            unverified.append("fee")
        if _MEM in basis or not basis.strip("— "):
            unverified.append("legal_basis")
        if _MEM in provider:
            unverified.append("provider")
        if sources.strip() == "mem":
            unverified.append("sources")
        service = SeedService(
            number=number,
            title=title.strip(),
            rap_id=rap if re.fullmatch(r"\d{5}", rap) else "",
            provider=provider.replace(_MEM, "").strip(),
            legal_basis=legal_basis,
            term_text=term_text,
            fee_text=fee_text,
            sources=sources,
            regular_term=regular_term,
            urgent_term=urgent_term,
            regular_fee=regular_fee,
            urgent_fee=urgent_fee,
            rounding=REAL_ESTATE_ROUNDING if number in _REAL_ESTATE_ROWS else 1,
            categories=tuple(k for k, rows_ in CATEGORIES.items() if number in rows_),
            life_situations=tuple(k for k, rows_ in LIFE_SITUATIONS.items() if number in rows_),
            unverified=tuple(unverified),
        )
        by_number[number] = service
        services.append(service)
    return services


def seed_path(starts: Iterable[Path]) -> Path | None:
    """``shared/data/cnap-services/README.md`` beside one of ``starts`` or their parents, if there is one."""
    for start in starts:
        for folder in (start, *start.parents):
            candidate = folder / "shared" / "data" / "cnap-services" / "README.md"
            if candidate.is_file():
                return candidate
    return None

"""Who may create or sign a petition under a rules version. Pure Python, no Django import.

Eligibility is decided from facts about the person (verification level, birth date, home hromada) and
the rules frozen on the petition; the answer is the list of reasons a person is *not* eligible, so the
interface can say exactly what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEVEL = "verification_level"
AGE = "age"
AGE_UNKNOWN = "age_unknown"
RESIDENCY = "residency"


@dataclass(frozen=True)
class Person:
    verification_level: int
    birth_date: date | None
    home_hromada_id: int | None


@dataclass(frozen=True)
class Requirements:
    level: int
    min_age: int
    residency_required: bool
    hromada_id: int


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def problems(person: Person, requirements: Requirements, *, today: date) -> list[str]:
    """Reasons (codes above) why ``person`` does not meet ``requirements``; empty when eligible."""
    found: list[str] = []
    if person.verification_level < requirements.level:
        found.append(LEVEL)
    if requirements.min_age > 0:
        if person.birth_date is None:
            found.append(AGE_UNKNOWN)
        elif age_on(person.birth_date, today) < requirements.min_age:
            found.append(AGE)
    if requirements.residency_required and person.home_hromada_id != requirements.hromada_id:
        found.append(RESIDENCY)
    return found

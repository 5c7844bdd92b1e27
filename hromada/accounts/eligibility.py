"""Who may take part in a process of a hromada (sign or create a petition, submit a budget project, vote).
Pure Python, no Django import; used by petitions, budget and every new module.

Eligibility is decided from facts about the person (verification level, birth date, home hromada, an
accepted proof of ties) and the rules frozen on the process; the answer is the list of reasons (codes
below, in this order) why a person is *not* eligible, so the action can say exactly what is missing in
its own words (it translates the codes; this module has no sentences).
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
    """The hromada of registered residence, when it counts as residency (None: it does not)."""
    has_tie_proof: bool = False
    """An official accepted another proof of ties to the hromada (work, study, property)."""


@dataclass(frozen=True)
class Requirements:
    level: int
    min_age: int
    residency_required: bool
    hromada_id: int
    birth_date_required: bool = False
    """The birth date must be known even when there is no minimum age."""


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
    if requirements.min_age > 0 or requirements.birth_date_required:
        if person.birth_date is None:
            found.append(AGE_UNKNOWN)
        elif age_on(person.birth_date, today) < requirements.min_age:
            found.append(AGE)
    if (
        requirements.residency_required
        and person.home_hromada_id != requirements.hromada_id
        and not person.has_tie_proof
    ):
        found.append(RESIDENCY)
    return found

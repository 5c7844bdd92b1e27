"""Who may take part in a consultation. Pure Python, no Django import.

The audience is frozen with the consultation's rules when it is published. Taking part always needs an
account (one answer per person), so "anyone" means any account, from any hromada. The platform's rule
(``accounts/eligibility.py``) decides level, age and residency; the district is this module's own check.
Returns codes; the action words them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from hromada.accounts import eligibility as platform

DISTRICT = "district"


class Audience(enum.StrEnum):
    ANYONE = "anyone"  # any account
    REGISTERED = "registered"  # a confirmed e-mail or phone
    RESIDENTS = "residents"  # a confirmed contact and the hromada as home
    DISTRICT = "district"  # as residents, and living in one district


# The verification level each audience needs (accounts.models.VerificationLevel values).
LEVELS = {Audience.ANYONE: 0, Audience.REGISTERED: 1, Audience.RESIDENTS: 1, Audience.DISTRICT: 1}


@dataclass(frozen=True)
class Person:
    verification_level: int
    birth_date: date | None
    home_hromada_id: int | None
    district_id: int | None


@dataclass(frozen=True)
class Rules:
    audience: Audience
    min_age: int
    hromada_id: int
    district_id: int | None = None


def problems(person: Person, rules: Rules, *, today: date) -> list[str]:
    """Reasons (codes of ``accounts.eligibility`` and :data:`DISTRICT`) why ``person`` may not take part."""
    local = rules.audience in (Audience.RESIDENTS, Audience.DISTRICT)
    found = platform.problems(
        platform.Person(
            verification_level=person.verification_level,
            birth_date=person.birth_date,
            home_hromada_id=person.home_hromada_id,
        ),
        platform.Requirements(
            level=LEVELS[rules.audience],
            min_age=rules.min_age,
            residency_required=local,
            hromada_id=rules.hromada_id,
        ),
        today=today,
    )
    if (
        rules.audience == Audience.DISTRICT
        and platform.RESIDENCY not in found
        and (person.district_id is None or person.district_id != rules.district_id)
    ):
        found.append(DISTRICT)
    return found

"""The frameworks the index answers and their parts, with what the platform covers of each.

The Мінцифри index of digital transformation (Дія.Цифрова громада) has four modules; its weights and the
numbering of its questions are not published, so parts are named, not numbered. TI Ukraine's Transparent
Cities spheres are named as the ranking groups its criteria; criterion numbers change between editions, so
an indicator names its sphere and a number only where it is known. The Open Data Charter's six principles
are numbered as the Charter numbers them. A part no registered indicator answers is "not covered". The
parts' keys are `core.indicators.FRAMEWORK_PARTS`, which a criterion is checked against; titles here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import MINTSYFRA, ODC, TRANSPARENT_CITIES


@dataclass(frozen=True)
class Part:
    framework: str
    key: str
    title: str | Promise


FRAMEWORK_TITLES = {
    MINTSYFRA: _("Digital transformation index (Ministry of Digital Transformation)"),
    TRANSPARENT_CITIES: _("Transparent Cities (TI Ukraine)"),
    ODC: _("International Open Data Charter"),
}

# What raising an indicator takes (``Indicator.effort``): how "what would raise the score most" is grouped.
EFFORT_TITLES = {
    1: _("A setting or a habit"),
    2: _("Work of a department"),
    3: _("A project"),
}

PARTS = (
    Part(MINTSYFRA, "economy", _("Digital economy")),
    Part(MINTSYFRA, "skills", _("Digital skills")),
    Part(MINTSYFRA, "infrastructure", _("Digital infrastructure")),
    Part(MINTSYFRA, "services", _("Public services")),
    Part(TRANSPARENT_CITIES, "access to information", _("Access to information")),
    Part(TRANSPARENT_CITIES, "public participation", _("Public participation")),
    Part(TRANSPARENT_CITIES, "administrative services", _("Administrative services")),
    Part(TRANSPARENT_CITIES, "e-services", _("E-services ecosystem")),
    Part(TRANSPARENT_CITIES, "open data", _("Open data")),
    Part(TRANSPARENT_CITIES, "housing and utilities", _("Housing and utilities")),
    Part(TRANSPARENT_CITIES, "strategic planning", _("Strategic planning")),
    Part(TRANSPARENT_CITIES, "budget process", _("Budget process")),
    Part(TRANSPARENT_CITIES, "public procurement", _("Public procurement")),
    Part(TRANSPARENT_CITIES, "land and property", _("Land and property")),
    Part(TRANSPARENT_CITIES, "human resources", _("Human resources")),
    Part(ODC, "open by default", _("1. Open by default")),
    Part(ODC, "timely and comprehensive", _("2. Timely and comprehensive")),
    Part(ODC, "accessible and usable", _("3. Accessible and usable")),
    Part(ODC, "comparable and interoperable", _("4. Comparable and interoperable")),
    Part(ODC, "improved governance", _("5. For improved governance and citizen engagement")),
    Part(ODC, "inclusive development", _("6. For inclusive development and innovation")),
)

MINTSYFRA_MODULES = tuple(p for p in PARTS if p.framework == MINTSYFRA)


@dataclass(frozen=True)
class Source:
    """A published edition of a framework's criteria that a criterion number is taken from."""

    title: str | Promise
    published: str | Promise  # when it was published, as a reader says it (some give the month only)
    url: str
    criteria: int  # how many criteria the edition has


# The editions of TI Ukraine's Transparent Cities criteria consulted for the criterion numbers (checked
# 2026-12-06). Since 2025 the programme no longer ranks the 100 largest cities; it assesses cities'
# readiness for EU integration in three blocks (openness, the e-services ecosystem, open data), 40 criteria
# per block, 100 points each. These two are the blocks the platform's indicators can answer.
TRANSPARENT_CITIES_SOURCES = (
    Source(
        _("Transparent Cities: the e-services ecosystem of 11 cities (TI Ukraine's announcement)"),
        _("December 2025"),
        "http://www.gweek.com.ua/2025/12/blog-post_43.html",  # a republication: the stored copy found
        40,
    ),
    Source(
        _("Transparent Cities: Open data — research methodology"),
        _("18 February 2026"),
        "https://www.transparentcities.in.ua/articles/vidkryti-dani-metodolohiia-doslidzhennia",
        40,
    ),
)

# Criterion numbers taken from an edition above: {indicator key: (number, index of the source)}. An
# indicator's ``Criterion(TRANSPARENT_CITIES, …, number)`` must match its entry here, and one without an
# entry has no number (tests/test_declarations.py). Empty: the consulted copies of both editions give the
# number of criteria and examples of what is checked, but not the numbered list, so no number is cited and
# none is guessed — every indicator's Transparent Cities criterion is "not mapped".
TRANSPARENT_CITIES_NUMBERS: dict[str, tuple[str, int]] = {}

NOT_MAPPED_REASON = _(
    "Criterion numbers are not mapped: the editions above were not available with their numbered list of "
    "criteria, and a number is never guessed. The sphere the indicator answers is named instead."
)


def part_title(framework: str, key: str) -> str:
    for part in PARTS:
        if part.framework == framework and part.key == key:
            return str(part.title)
    return key

"""The life of a consultation. Pure Python, no Django import (as petitions/lifecycle.py):

    draft → announcement → open → analysis → report

A draft is prepared by officials and seen by nobody else. Once published, the phase follows the dates
frozen at publication: announced until ``opens_at``, open until ``closes_at``, then analysed until the
department publishes its report. The phase types (``phases.py``) say what each phase switches on; actions
ask the phase, never its name (docs/adr/0002-phases-and-features.md).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta


class Phase(enum.StrEnum):
    DRAFT = "draft"
    ANNOUNCEMENT = "announcement"
    OPEN = "open"
    ANALYSIS = "analysis"
    REPORT = "report"


# The order the phases come in (for the timeline on the page).
ORDER: tuple[Phase, ...] = (Phase.ANNOUNCEMENT, Phase.OPEN, Phase.ANALYSIS, Phase.REPORT)
# The phases in which the draft text can still get a new version (until the consultation closes).
DRAFT_PHASES: frozenset[Phase] = frozenset({Phase.DRAFT, Phase.ANNOUNCEMENT, Phase.OPEN})
# The phases in which a version's paragraph split can still be edited: before anyone could comment on it.
SPLIT_PHASES: frozenset[Phase] = frozenset({Phase.DRAFT, Phase.ANNOUNCEMENT})


@dataclass(frozen=True)
class Dates:
    published_at: datetime | None
    opens_at: datetime
    closes_at: datetime
    report_published_at: datetime | None = None


def phase_at(dates: Dates, at: datetime) -> Phase:
    """The phase of a consultation with ``dates`` at the moment ``at``."""
    if dates.published_at is None or at < dates.published_at:
        return Phase.DRAFT
    if dates.report_published_at is not None and at >= dates.report_published_at:
        return Phase.REPORT
    if at < dates.opens_at:
        return Phase.ANNOUNCEMENT
    if at < dates.closes_at:
        return Phase.OPEN
    return Phase.ANALYSIS


def dates_problem(*, opens_at: datetime, closes_at: datetime, published_at: datetime) -> str | None:
    """None when the dates make a consultation; otherwise a code: ``closes_before_opens`` or
    ``opens_in_past`` (it cannot open before it is announced)."""
    if closes_at <= opens_at:
        return "closes_before_opens"
    if opens_at < published_at - timedelta(minutes=1):
        return "opens_in_past"
    return None


def report_due(closes_at: datetime, term_days: int) -> datetime:
    """When the report is due: ``term_days`` after the close."""
    return closes_at + timedelta(days=term_days)

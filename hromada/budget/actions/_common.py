"""Helpers shared by the budget's actions (not part of the public API)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hromada.accounts.actions import audit_actor
from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.models import Hromada
from hromada.core.phases import Feature
from hromada.core.text import search_key
from hromada.ledger.audit import audit_record

from ..models import BudgetCycle, Project


def _actor_audit(user: User, hromada: Hromada, verb: str, subject: Any, changes: Any, people: Sequence = ()):
    return audit_record(
        hromada=hromada,
        actor=audit_actor(user=user, hromada=hromada),
        verb=verb,
        subject=subject,
        changes=changes,
        people=list(people),
    )


def _allows(cycle: BudgetCycle, feature: Feature) -> bool:
    """Whether the cycle's running phase switches ``feature`` on now (``budget/phases.py``)."""
    return cycle.allows(feature, clock.now())


def _search_text(project: Project) -> str:
    """What searches match a project against, normalised as queries are (``core.text.search_key``)."""
    return search_key(
        str(project.number),
        project.title,
        project.summary,
        project.address,
        project.title_en,
        project.summary_en,
    )

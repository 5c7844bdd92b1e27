"""Who may do what in consultations. ``runs_consultations`` and ``moderates_consultations`` take the
hromada as their object (as budget/permissions.py); ``prepares_consultation`` takes the consultation."""

from __future__ import annotations

from typing import Any

from hromada.accounts.permissions import can_moderate, department_ids_of, works_for_hromada
from hromada.core.permissions import is_authenticated, manages_hromada, predicate

# Prepare, announce a consultation, answer proposals and publish the report: the hromada's officials,
# moderators and administrators.
runs_consultations = works_for_hromada

# Hide a comment, proposal or statement that breaks the rules.
moderates_consultations = can_moderate


# `obj` is the consultation.
@predicate
def moderates_consultation(user: Any, consultation: Any) -> bool:
    """Moderate a consultation's comments, proposals and statements (the queue, approve, reject, hide):
    the hromada's moderators of its responsible department, moderators who belong to no department of the
    hromada (they moderate every consultation), and its administrators."""
    hromada = consultation.hromada
    if not is_authenticated(user) or not moderates_consultations(user, hromada):
        return False
    if manages_hromada(user, hromada) or consultation.department_id is None:
        return True
    departments = department_ids_of(user, hromada)
    return not departments or consultation.department_id in departments


# `obj` is the consultation.
@predicate
def prepares_consultation(user: Any, consultation: Any) -> bool:
    """Change a consultation's settings, survey, draft and hearings, announce it, publish a hearing's
    minutes: the responsible department's staff and the hromada's administrators; while no department is
    responsible, any of the hromada's officials."""
    hromada = consultation.hromada
    if not is_authenticated(user) or not runs_consultations(user, hromada):
        return False
    if manages_hromada(user, hromada) or consultation.department_id is None:
        return True
    return consultation.department_id in department_ids_of(user, hromada)


__all__ = [
    "moderates_consultation",
    "moderates_consultations",
    "prepares_consultation",
    "runs_consultations",
]

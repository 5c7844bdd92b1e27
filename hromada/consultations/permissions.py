"""Who may do what in consultations; every predicate takes the hromada as its object (as
budget/permissions.py)."""

from __future__ import annotations

from hromada.accounts.permissions import can_moderate, works_for_hromada

# Prepare, announce a consultation, answer proposals and publish the report: the hromada's officials,
# moderators and administrators.
runs_consultations = works_for_hromada

# Hide a comment, proposal or statement that breaks the rules.
moderates_consultations = can_moderate

__all__ = ["moderates_consultations", "runs_consultations"]

"""Who may do what in the public budget; every predicate takes the hromada as its object."""

from __future__ import annotations

from hromada.accounts.permissions import can_verify_in_person, manages_hromada, works_for_hromada

# Create cycles, set and change rules (before voting), compute and publish results.
manages_budget = manages_hromada
# Review projects, admit or reject them, decide appeals, record implementation milestones.
reviews_projects = works_for_hromada
# Enter paper and ЦНАП ballots after checking the voter's identity; check eligibility proofs.
enters_ballots = can_verify_in_person

__all__ = ["enters_ballots", "manages_budget", "reviews_projects"]

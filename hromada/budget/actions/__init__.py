"""Every write of the public budget: typed, keyword-only, one transaction, permissions checked, logged.

One module per entity — :mod:`.cycle` (cycles and their rules), :mod:`.project`, :mod:`.review`,
:mod:`.appeal`, :mod:`.proof` (eligibility proofs), :mod:`.support`, :mod:`.ballot`, :mod:`.results`,
:mod:`.milestone` — and this package re-exports their public names, so callers import
``hromada.budget.actions.<name>``. Inputs are the dataclasses of :mod:`hromada.budget.inputs` (re-exported
here too); reads (rules in force, eligibility, the ballot's projects and problems) are in
:mod:`hromada.budget.selectors` and :mod:`hromada.budget.ballots`.

Officials' decisions are recorded with :func:`~hromada.ledger.audit.audit_record` (``audit.budget_*``);
ballots with :func:`~hromada.ledger.actions.ledger_append` (kind ``budget.ballot.cast`` /
``budget.ballot.changed``), naming the voter only as a salted commitment, and the voter keeps the receipt
(:func:`~hromada.ledger.receipts.receipt_keep`). Notifications are sent after commit
(:func:`hromada.core.actions.notify_on_commit`); the time is :func:`hromada.core.clock.now`. Money is in
kopiyky.
"""

from __future__ import annotations

from ..inputs import CategoryIn, ChoiceIn, CostLineIn, MilestoneIn, ProjectIn, RulesIn, Schedule
from .appeal import appeal_decide, project_appeal
from .ballot import BallotReceipt, ballot_cast, ballot_cast_by_official, ballot_change
from .cycle import admitted_publish, cycle_create, cycle_freeze, cycle_update, cycles_freeze_due, rules_update
from .milestone import milestone_add, milestone_update
from .project import project_photo_add, project_submit, project_translate, project_update, project_withdraw
from .proof import eligibility_proof_check, eligibility_proof_declare
from .results import results_compute, results_publish, results_ties_acknowledge
from .review import project_admit, project_reject, review_record
from .support import support_add

__all__ = [
    "BallotReceipt",
    "CategoryIn",
    "ChoiceIn",
    "CostLineIn",
    "MilestoneIn",
    "ProjectIn",
    "RulesIn",
    "Schedule",
    "admitted_publish",
    "appeal_decide",
    "ballot_cast",
    "ballot_cast_by_official",
    "ballot_change",
    "cycle_create",
    "cycle_freeze",
    "cycle_update",
    "cycles_freeze_due",
    "eligibility_proof_check",
    "eligibility_proof_declare",
    "milestone_add",
    "milestone_update",
    "project_admit",
    "project_appeal",
    "project_photo_add",
    "project_reject",
    "project_submit",
    "project_translate",
    "project_update",
    "project_withdraw",
    "results_compute",
    "results_publish",
    "results_ties_acknowledge",
    "review_record",
    "rules_update",
    "support_add",
]

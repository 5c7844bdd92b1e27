"""Labels of the public budget's log entries (``hromada/ledger/kinds.py``), registered by the ledger."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "budget.project.submitted": _("Budget project submitted"),
    "budget.project.revised": _("Budget project revised"),
    "budget.project.withdrawn": _("Budget project withdrawn"),
    "budget.project.supported": _("Budget project supported"),
    "budget.project.appealed": _("Appeal against a project decision"),
    "budget.ballot.cast": _("Budget ballot cast"),
    "budget.ballot.changed": _("Budget ballot changed"),
    "budget.rules.frozen": _("Budget rules frozen for voting"),
    "audit.budget_cycle.created": _("Budget cycle created"),
    "audit.budget_cycle.changed": _("Budget cycle changed"),
    "audit.budget_cycle.admitted_published": _("List of admitted projects published"),
    "audit.budget_rules.changed": _("Budget rules changed"),
    "audit.budget_review.recorded": _("Project review recorded"),
    "audit.budget_project.admitted": _("Budget project admitted to voting"),
    "audit.budget_project.rejected": _("Budget project refused"),
    "audit.budget_proof.checked": _("Proof of residence checked"),
    "audit.budget_milestone.added": _("Implementation milestone added"),
    "audit.budget_milestone.changed": _("Implementation milestone changed"),
    "audit.budget_results.computed": _("Voting results counted"),
    "audit.budget_results.ties_acknowledged": _("Ties in the results acknowledged"),
    "audit.budget_results.published": _("Voting results published"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

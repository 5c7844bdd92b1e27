"""Labels of enrollment's log entries (``hromada/ledger/kinds.py``); the ledger registers them at start."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "enrollment.territory_published": _("Service territory published"),
    "enrollment.round_opened": _("Enrollment round opened"),
    "enrollment.round_closed": _("Enrollment round closed"),
    "enrollment.registered": _("Application for a place registered"),
    "enrollment.choices_changed": _("Choices of an application changed"),
    "enrollment.change_refused": _("Change of an application refused"),
    "enrollment.withdrawn": _("Application for a place withdrawn"),
    "enrollment.proof_added": _("Proof of a priority added"),
    "enrollment.priority_granted": _("Priority granted"),
    "enrollment.priority_refused": _("Priority refused"),
    "enrollment.priority_expired": _("Priority expired"),
    "enrollment.allocated": _("Places allocated"),
    "enrollment.offer": _("Place offered"),
    "enrollment.moved_up": _("Child moved up to a preferred place"),
    "enrollment.accepted": _("Offered place accepted"),
    "enrollment.declined": _("Offered place declined"),
    "enrollment.expired": _("Offer of a place expired"),
    "enrollment.enrolled": _("Child enrolled"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

"""Labels of the accounts' log entries (``hromada/ledger/kinds.py``); the ledger registers them at start."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "audit.person.verified": _("Identity verified in person"),
    "audit.person.changed": _("Account changed by an administrator"),
    "audit.person.deactivated": _("Account deactivated"),
    "audit.person.reactivated": _("Account reactivated"),
    "audit.role.granted": _("Role granted"),
    "audit.official.appointed": _("Official appointed to a department"),
    "audit.official.changed": _("Official's department changed"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

"""Labels of the debates' log entries (``hromada/ledger/kinds.py``); the ledger registers them at start."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "audit.comment.hidden": _("Comment hidden by a moderator"),
    "audit.comment.restored": _("Comment restored by a moderator"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

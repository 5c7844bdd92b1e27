"""Labels of the open city's log entries (``hromada/ledger/kinds.py``); the ledger registers them at start."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "opencity.report_filed": _("Problem report filed"),
    "opencity.report_routed": _("Problem report routed"),
    "opencity.report_relocated": _("Problem report's place set by an official"),
    "opencity.report_recategorised": _("Problem report's category changed by an official"),
    "opencity.report_status": _("Problem report status changed"),
    "opencity.report_verdict": _("Reporter confirmed or disputed a fix"),
    "opencity.fix_check_sent": _("Four-week fix check sent"),
    "opencity.fix_check_answer": _("Fix check answered"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

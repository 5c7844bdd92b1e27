""" "Is it fixed?": the buttons of the push sent to a linked reporter when their report is marked fixed
(``actions/watches.py``). The answer goes through the open city's own action, ``report_verdict``: a
confirmed fix is recorded, a disputed one reopens the report — as the report's page does."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.core.errors import NotFoundError
from hromada.opencity.actions import report_verdict
from hromada.opencity.selectors import report_get

from .engine import BUTTONS, Conversation


def on_verdict(conv: Conversation) -> None:
    _prefix, number, answer = [*conv.incoming.data.split(":"), "", ""][:3]
    if not number.isdigit() or answer not in ("y", "n"):
        conv.say(_("This button is no longer active."))
        return
    if conv.person is None:
        conv.needs_account(_("Answering whether a report is fixed"))
        return
    try:
        report = report_get(hromada=conv.hromada, pk=int(number))
    except NotFoundError:
        conv.say(_("This button is no longer active."))
        return
    report_verdict(report=report, person=conv.person, fixed=answer == "y")
    if answer == "y":
        conv.ack = _("Thank you!")
        conv.say(_("Thank you! Report #%(number)s is confirmed fixed.") % {"number": report.pk})
    else:
        conv.say(
            _("Report #%(number)s is reopened; the department is told. I will tell you what happens next.")
            % {"number": report.pk}
        )
        conv.watches.append(("report", report.pk, "reopened"))


BUTTONS["x"] = on_verdict

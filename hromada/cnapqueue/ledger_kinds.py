"""Labels of the queue's log entries (``hromada/ledger/kinds.py``); the ledger registers them at start."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "cnapqueue.ticket.taken": _("Queue ticket taken"),
    "cnapqueue.ticket.called": _("Queue ticket called to a desk"),
    "cnapqueue.ticket.recalled": _("Queue ticket called again"),
    "cnapqueue.ticket.no_show": _("Queue ticket: the visitor did not come"),
    "cnapqueue.ticket.started": _("Queue ticket: service started"),
    "cnapqueue.ticket.done": _("Queue ticket: service completed"),
    "cnapqueue.ticket.transferred": _("Queue ticket transferred to another service"),
    "cnapqueue.ticket.returned": _("Queue ticket returned to the queue"),
    "cnapqueue.ticket.desk": _("Queue ticket moved to another desk"),
    "cnapqueue.booking.confirmed": _("Visit booked"),
    "cnapqueue.home_visit.done": _("Home visit made"),
    "cnapqueue.home_visit.failed": _("Home visit failed"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

"""What the queue's actions share: refusal wording, codes and the event/ledger record of a change."""

from __future__ import annotations

import datetime as dt
import secrets

from django.utils.translation import gettext as _

from hromada.core.errors import ConflictError
from hromada.ledger.actions import ledger_append

from .. import selectors
from ..models import Desk, Office, QueueEvent, Ticket

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def _new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _closed_message(reason: str) -> str:
    return {
        selectors.CLOSED_INACTIVE: _("This office does not take visitors through the queue now."),
        selectors.CLOSED_CLOSURE: _("The office is closed today."),
        selectors.CLOSED_HOLIDAY: _("The office is closed on this holiday."),
        selectors.CLOSED_HOURS: _("The office is closed at this hour."),
    }[reason]


def _require_open(office: Office, at: dt.datetime) -> None:
    reason = selectors.office_closed_reason(office=office, at=at)
    if reason is not None:
        raise ConflictError(_closed_message(reason), code=f"office_closed_{reason}")


def record(
    *,
    office: Office,
    kind: str,
    at: dt.datetime,
    ticket: Ticket | None = None,
    desk: Desk | None = None,
    reason: str = "",
    log: bool = True,
) -> None:
    """Append the change to the office's event stream (boards read it) and, for calls and completions,
    to the public ledger: ticket number, service, desk and time; never who the visitor is."""
    QueueEvent.objects.create(
        hromada=office.hromada, office=office, kind=kind, ticket=ticket, desk=desk, at=at
    )
    if not log or ticket is None:
        return
    payload: dict[str, str | int | None] = {
        "office": office.pk,
        "ticket": ticket.number,
        "day": ticket.day.isoformat(),
        "service": ticket.service_id,
        "category": ticket.category,
        "desk": desk.number if desk else None,
        "queued_at": ticket.queued_at.isoformat(),
    }
    if reason:
        payload["reason"] = reason
    ledger_append(hromada=office.hromada, kind=f"cnapqueue.ticket.{kind}", subject=ticket, payload=payload)

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hromada.ledger.actions import ledger_append
from hromada.ledger.receipts import receipt_keep

from ..models import Application


def log_application_event(
    *, application: Application, kind: str, payload: dict[str, Any], keep: bool = True
) -> int:
    """Append one event about an application: the child only as a salted commitment, the parent keeps the
    receipt (with the salt). Returns the receipt id."""
    receipt = ledger_append(
        hromada=application.hromada,
        kind=kind,
        subject=application.round,
        people=[application.reference],
        payload={"round": application.round.slug, "application": application.public_id, **payload},
    )
    if keep:
        receipt_keep(
            user=application.parent,
            receipt=receipt,
            reference=application.reference,
            title=_("Application %(number)s: %(event)s")
            % {"number": application.public_id, "event": EVENT_TITLES.get(kind, kind)},
        )
    return receipt.receipt_id


EVENT_TITLES: dict[str, Any] = {}


def _titles() -> None:
    from django.utils.translation import gettext_lazy as lazy

    EVENT_TITLES.update(
        {
            "enrollment.registered": lazy("registered"),
            "enrollment.choices_changed": lazy("choices changed"),
            "enrollment.change_refused": lazy("change refused after the deadline"),
            "enrollment.priority_granted": lazy("priority granted"),
            "enrollment.priority_refused": lazy("priority refused"),
            "enrollment.priority_expired": lazy("priority proof expired"),
            "enrollment.offer": lazy("place offered"),
            "enrollment.accepted": lazy("offer accepted"),
            "enrollment.declined": lazy("offer declined"),
            "enrollment.expired": lazy("offer not answered in time"),
            "enrollment.enrolled": lazy("enrolled"),
            "enrollment.withdrawn": lazy("withdrawn"),
        }
    )


_titles()

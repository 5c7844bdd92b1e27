from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from hromada.ledger.actions import ledger_append
from hromada.ledger.receipts import receipt_keep

from ..models import Application, Round


def _lock_rounds(round_ids: Iterable[int]) -> None:
    """Lock the rounds' rows (and nothing else), in id order. Every write that can free or fill a place —
    answering an offer, withdrawing, expiring, the erasure — takes its round's row first, before any other
    row: such writes in one round run one after the other, and every transaction locks in one order (round,
    group, application, offer), so two places freed at the same moment cannot deadlock. The other locks of
    these actions take only their own table's rows (``of=("self",)``), never the hromada's or a person's."""
    ids = sorted(set(round_ids))
    if ids:
        list(Round.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _log_application_event(
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
    from django.utils.translation import gettext_lazy

    EVENT_TITLES.update(
        {
            "enrollment.registered": gettext_lazy("registered"),
            "enrollment.choices_changed": gettext_lazy("choices changed"),
            "enrollment.change_refused": gettext_lazy("change refused after the deadline"),
            "enrollment.proof_added": gettext_lazy("proof of priority added"),
            "enrollment.priority_granted": gettext_lazy("priority granted"),
            "enrollment.priority_refused": gettext_lazy("priority refused"),
            "enrollment.priority_expired": gettext_lazy("priority proof expired"),
            "enrollment.offer": gettext_lazy("place offered"),
            "enrollment.moved_up": gettext_lazy("moved up to a preferred place"),
            "enrollment.accepted": gettext_lazy("offer accepted"),
            "enrollment.declined": gettext_lazy("offer declined"),
            "enrollment.expired": gettext_lazy("offer not answered in time"),
            "enrollment.enrolled": gettext_lazy("enrolled"),
            "enrollment.withdrawn": gettext_lazy("withdrawn"),
        }
    )


_titles()

"""The ledger's part of a person's data: their personal receipts (receipt ids and the salts of their
commitments).

Erasure deletes the receipts and with them the salts: the entries in the log keep their salted
commitments (nothing in the log is ever rewritten, so ``hromada ledger check`` and every checkpoint stay
valid), but nobody — the server included — can open them any more, so they no longer point to the person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .models import PersonalReceipt

if TYPE_CHECKING:
    from hromada.accounts.models import User


def personal_receipts_of(*, user: User) -> list[PersonalReceipt]:
    """All of a person's receipts, of every hromada's log, oldest first."""
    return list(
        PersonalReceipt.objects.filter(user=user).select_related("hromada").order_by("created_at", "id")
    )


def personal_receipts_forget(*, user: User) -> int:
    """Delete a person's receipts (their salts go with them); the log's entries stay as they are."""
    deleted, _per_model = PersonalReceipt.objects.filter(user=user).delete()
    return deleted


def _export(person: User) -> list[dict[str, Any]]:
    return [
        {
            "hromada": r.hromada.name,
            "receipt_id": r.receipt_id,
            "kind": r.kind,
            "title": r.title,
            "reference": r.reference,
            # The salt opens the person's commitment in the entry: with it they can prove it names them.
            "salt": bytes(r.salt).hex(),
            "at": iso(r.created_at),
        }
        for r in personal_receipts_of(user=person)
    ]


def _erase(person: User) -> None:
    personal_receipts_forget(user=person)


def register() -> None:
    """Called from ``LedgerConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="ledger",
            title=_("Receipts of the transparency log"),
            export=_export,
            erase=_erase,
            covers=(PersonalReceipt.user,),
            order=30,
        )
    )

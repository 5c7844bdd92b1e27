"""Moderators hide contributions that break the rules, citing the same prohibited-content grounds as
petitions and debates (``core/moderation.py``); the hiding is logged and the author told."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.actions import notify_on_commit
from hromada.core.errors import ensure
from hromada.core.moderation import ProhibitedContent
from hromada.core.permissions import require
from hromada.ledger.actions import ledger_append

from ..models import Contribution, Statement, Visibility
from ..permissions import moderates_consultations

if TYPE_CHECKING:
    from hromada.accounts.models import User


def _hide(row: Contribution | Statement, *, by: User, reason: str, what: str) -> None:
    consultation = row.consultation
    require(moderates_consultations, by, consultation.hromada, _("Only moderators hide contributions."))
    ensure(reason in ProhibitedContent.values, _("Choose the ground for hiding."), field="reason")
    ensure(row.status == Visibility.VISIBLE, _("This is already hidden."), code="hidden")
    row.status = Visibility.HIDDEN
    row.hidden_reason = reason
    row.save(update_fields=["status", "hidden_reason"])
    ledger_append(
        hromada=consultation.hromada,
        kind="consultation.hidden",
        subject=consultation,
        payload={"what": what, "id": row.pk, "reason": reason},
    )
    notify_on_commit(
        hromada=consultation.hromada,
        recipients=[row.author],
        kind="consultations.contribution_hidden",
        params={"text": row.text[:200]},
        url=consultation.get_absolute_url(),
    )


@transaction.atomic
def contribution_hide(*, contribution: Contribution, by: User, reason: str) -> Contribution:
    """Hide a comment or proposal that breaks the rules (a hidden proposal needs no answer)."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    _hide(contribution, by=by, reason=reason, what="contribution")
    return contribution


@transaction.atomic
def statement_hide(*, statement: Statement, by: User, reason: str) -> Statement:
    """Hide a statement of the opinion map that breaks the rules; its votes no longer count."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    _hide(statement, by=by, reason=reason, what="statement")
    return statement

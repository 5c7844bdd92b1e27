"""Moderators hide contributions that break the rules, citing the same prohibited-content grounds as
petitions and debates (``core/moderation.py``); the hiding is logged and the author told. Statements of
the opinion map also wait in a queue until a moderator has looked at them: approved (with pre-moderation,
only then shown for voting) or rejected with a ground. The moderators of a consultation are those of its
department (``permissions.moderates_consultation``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ConflictError, ensure
from hromada.core.moderation import ProhibitedContent
from hromada.core.permissions import require
from hromada.ledger.actions import ledger_append

from ..models import Consultation, Contribution, Statement, StatementStatus, Visibility
from ..permissions import moderates_consultation

if TYPE_CHECKING:
    from hromada.accounts.models import User
    from hromada.core.models import Hromada

BULK_LIMIT = 200  # statements handled by one bulk decision (a page of the queue is 50)


def _require_moderator(by: User, consultation: Consultation) -> None:
    require(
        moderates_consultation,
        by,
        consultation,
        _("Only the moderators of the consultation's department moderate its contributions."),
    )


def _hide(row: Contribution | Statement, *, by: User, reason: str, what: str) -> None:
    consultation = row.consultation
    _require_moderator(by, consultation)
    ensure(reason in ProhibitedContent.values, _("Choose the ground for hiding."), field="reason")
    ensure(row.status != Visibility.HIDDEN, _("This is already hidden."), code="hidden")
    pending = row.status == StatementStatus.PENDING
    row.status = Visibility.HIDDEN
    row.hidden_reason = reason
    fields = ["status", "hidden_reason"]
    if isinstance(row, Statement):
        row.moderated_at = clock.now()
        fields.append("moderated_at")
    row.save(update_fields=fields)
    payload: dict[str, str | int | bool] = {"what": what, "id": row.pk, "reason": reason}
    if pending:
        payload["pending"] = True  # rejected before it was ever shown
    ledger_append(
        hromada=consultation.hromada, kind="consultation.hidden", subject=consultation, payload=payload
    )
    notify_on_commit(
        hromada=consultation.hromada,
        recipients=[row.author],
        kind="consultations.statement_rejected" if pending else "consultations.contribution_hidden",
        params={"text": row.text[:200], "reason": reason},
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
    """Hide (reject) a statement of the opinion map that breaks the rules, shown or still awaiting
    moderation; its votes no longer count. The author is told, the decision logged."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    _hide(statement, by=by, reason=reason, what="statement")
    return statement


def _approve(statement: Statement, *, by: User) -> None:
    consultation = statement.consultation
    _require_moderator(by, consultation)
    if statement.status == StatementStatus.HIDDEN:
        raise ConflictError(_("This is already hidden."), code="hidden")
    if statement.moderated_at is not None:
        raise ConflictError(_("This statement has already been moderated."), code="moderated")
    pending = statement.status == StatementStatus.PENDING
    statement.status = StatementStatus.VISIBLE
    statement.moderated_at = clock.now()
    statement.save(update_fields=["status", "moderated_at"])
    ledger_append(
        hromada=consultation.hromada,
        kind="consultation.statement_approved",
        subject=consultation,
        payload={"id": statement.pk, "pending": pending},
    )
    if pending:  # shown for voting only now: the author is told (a statement already shown changes nothing)
        notify_on_commit(
            hromada=consultation.hromada,
            recipients=[statement.author],
            kind="consultations.statement_approved",
            params={"text": statement.text[:200]},
            url=consultation.get_absolute_url() + "#map",
        )


@transaction.atomic
def statement_approve(*, statement: Statement, by: User) -> Statement:
    """A moderator of the consultation's department approves a statement not yet moderated: with
    pre-moderation it is shown for voting from now on (and the author told); otherwise it only leaves the
    queue. Logged; ``409 moderated`` when already approved, ``409 hidden`` when rejected."""
    statement = (
        Statement.objects.select_for_update(of=("self",)).select_related("consultation").get(pk=statement.pk)
    )
    _approve(statement, by=by)
    return statement


class Moderated(NamedTuple):
    done: list[int]  # the statements decided now
    skipped: list[int]  # already decided (by another moderator meanwhile), or not found


@transaction.atomic
def statements_moderate(
    *, hromada: Hromada, statement_ids: Collection[int], by: User, approve: bool, reason: str = ""
) -> Moderated:
    """Approve, or reject with one ground, several statements of the queue at once (at most
    ``BULK_LIMIT``), each as ``statement_approve`` / ``statement_hide`` would: its log entry, its author
    told. All or nothing on permission: a statement of a consultation ``by`` does not moderate refuses the
    whole decision. A statement already decided (another moderator was quicker) or unknown is skipped."""
    ids = sorted(set(statement_ids))
    ensure(ids, _("Choose the statements first."), code="none_chosen")
    ensure(
        len(ids) <= BULK_LIMIT, _("Choose at most %(max)d statements.") % {"max": BULK_LIMIT}, code="too_many"
    )
    if not approve:
        ensure(reason in ProhibitedContent.values, _("Choose the ground for hiding."), field="reason")
    rows = list(
        Statement.objects.select_for_update(of=("self",))
        .filter(consultation__hromada=hromada, pk__in=ids)
        .select_related("consultation__hromada", "author")
        .order_by("pk")
    )
    for consultation in {row.consultation_id: row.consultation for row in rows}.values():
        _require_moderator(by, consultation)
    done: list[int] = []
    for row in rows:
        if row.moderated_at is not None or row.status == StatementStatus.HIDDEN:
            continue
        if approve:
            _approve(row, by=by)
        else:
            _hide(row, by=by, reason=reason, what="statement")
        done.append(row.pk)
    return Moderated(done=done, skipped=[pk for pk in ids if pk not in set(done)])

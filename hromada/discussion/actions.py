"""Writes of the debates under petitions and budget projects."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User, VerificationLevel
from hromada.accounts.permissions import can_moderate, roles_in
from hromada.core.actions import notification_send
from hromada.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ensure
from hromada.core.models import Hromada
from hromada.core.moderation import ProhibitedContent
from hromada.core.permissions import is_authenticated, require
from hromada.ledger.audit import AuditActor, audit_record

from .models import MAX_LENGTH, Comment, CommentReport
from .selectors import debate_target
from .targets import TARGETS

# The same text twice in a thread within this time is a double submission, not a second opinion.
REPEAT_WINDOW = dt.timedelta(minutes=10)


@transaction.atomic
def comment_post(*, hromada: Hromada, author: User, target: str, target_id: int, body: str) -> Comment:
    """Add a comment to the debate under a public petition or project; the author needs a confirmed
    e-mail or phone (one person behind each voice)."""
    require(is_authenticated, author, hromada, _("Log in to take part in debates."))
    if author.verification_level < VerificationLevel.EMAIL:
        raise PermissionDeniedError(
            _("Confirm your e-mail or phone number to take part in debates."), code="not_verified"
        )
    if debate_target(hromada=hromada, target=target, target_id=target_id) is None:
        raise NotFoundError(_("There is nothing to debate here."), code="no_target")
    text = body.strip()
    ensure(text, _("Write your comment."), field="body", code="empty")
    ensure(
        len(text) <= MAX_LENGTH,
        _("A comment can be at most %(limit)d characters long.") % {"limit": MAX_LENGTH},
        field="body",
        code="too_long",
    )
    repeated = Comment.objects.filter(
        hromada=hromada,
        target=target,
        target_id=target_id,
        author=author,
        body=text,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).exists()
    if repeated:
        raise ConflictError(_("You have just posted this comment."), code="repeated")
    return Comment.objects.create(
        hromada=hromada, target=target, target_id=target_id, author=author, body=text
    )


@transaction.atomic
def comment_report(*, hromada: Hromada, reporter: User, comment_id: int, reason: str) -> CommentReport:
    """Tell the moderators that a comment breaks the rules (once per person and comment)."""
    require(is_authenticated, reporter, hromada, _("Log in to report a comment."))
    ensure(reason in ProhibitedContent.values, _("Choose what is wrong with the comment."), field="reason")
    comment = Comment.objects.filter(hromada=hromada, pk=comment_id, status=Comment.Status.VISIBLE).first()
    if comment is None:
        raise NotFoundError(_("No such comment."), code="no_comment")
    ensure(comment.author_id != reporter.pk, _("You cannot report your own comment."), code="own_comment")
    try:
        with transaction.atomic():
            return CommentReport.objects.create(
                hromada=hromada, comment=comment, reporter=reporter, reason=reason
            )
    except IntegrityError:
        raise ConflictError(_("You have already reported this comment."), code="already_reported") from None


def _moderated(hromada: Hromada, moderator: User, comment_id: int) -> Comment:
    require(can_moderate, moderator, hromada, _("Only moderators of this hromada moderate debates."))
    comment = Comment.objects.select_for_update().filter(hromada=hromada, pk=comment_id).first()
    if comment is None:
        raise NotFoundError(_("No such comment."), code="no_comment")
    return comment


@transaction.atomic
def comment_hide(*, hromada: Hromada, moderator: User, comment_id: int, reason: str) -> Comment:
    """Hide a comment that breaks the rules, citing the ground; the author is told, the decision logged.
    A placeholder with the ground stays in the debate, so hiding is never silent."""
    comment = _moderated(hromada, moderator, comment_id)
    ensure(reason in ProhibitedContent.values, _("Choose the ground for hiding."), field="reason")
    ensure(comment.status == Comment.Status.VISIBLE, _("This comment is already hidden."), code="hidden")
    comment.status = Comment.Status.HIDDEN
    comment.hidden_reason = reason
    comment.hidden_by = moderator
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["status", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
    _log(hromada, moderator, comment, "comment.hidden", {"reason": reason})
    if comment.author is not None:
        notification_send(
            hromada=hromada,
            recipient=comment.author,
            kind="discussion.comment_hidden",
            params={"reason": reason, "text": comment.body[:200]},
            url=_thread_url(hromada, comment),
        )
    return comment


@transaction.atomic
def comment_restore(*, hromada: Hromada, moderator: User, comment_id: int) -> Comment:
    """Show a hidden comment again (a moderator's mistake or a successful appeal); logged."""
    comment = _moderated(hromada, moderator, comment_id)
    ensure(comment.status == Comment.Status.HIDDEN, _("This comment is not hidden."), code="visible")
    comment.status = Comment.Status.VISIBLE
    comment.hidden_reason = ""
    comment.hidden_by = None
    comment.hidden_at = None
    comment.save(update_fields=["status", "hidden_reason", "hidden_by", "hidden_at", "updated_at"])
    _log(hromada, moderator, comment, "comment.restored", {})
    return comment


def _log(hromada: Hromada, moderator: User, comment: Comment, verb: str, changes: dict[str, str]) -> None:
    audit_record(
        hromada=hromada,
        actor=AuditActor(person=moderator, roles=tuple(roles_in(moderator, hromada))),
        verb=verb,
        subject=f"discussion.comment:{comment.pk}",
        changes={"target": comment.target, "target_id": str(comment.target_id), **changes},
    )


def _thread_url(hromada: Hromada, comment: Comment) -> str:
    target = debate_target(hromada=hromada, target=comment.target, target_id=comment.target_id)
    return f"{TARGETS[comment.target].url(target)}#comment-{comment.pk}" if target is not None else ""


@transaction.atomic
def comments_of_person_erase(*, person: User) -> int:
    """Erasure of an account: the person's comments and reports go (a comment is their own words, which can
    identify them even unsigned); comments they hid as a moderator stay hidden, pointing at the emptied
    account. Returns how many comments were deleted."""
    CommentReport.objects.filter(reporter=person).delete()
    _total, by_model = Comment.objects.filter(author=person).delete()
    return int(by_model.get("discussion.Comment", 0))

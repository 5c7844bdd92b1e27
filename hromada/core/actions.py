"""Writes of the shared kernel: notifications and the working-day calendar."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from .batchsql import insert_rows
from .errors import NotFoundError
from .models import Hromada, Notification

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def notification_send(
    *,
    hromada: Hromada,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> Notification:
    """Put a message in the recipient's inbox and, after commit, queue its e-mail.

    The e-mail goes at once only to people who chose "each message" (the default); those who chose the
    daily digest get it in :func:`notification_digests_send`, those who chose "off" only in the inbox.
    """
    draft = NotificationDraft(recipient=recipient, title=title, body=body, url=url)
    return notifications_send_many(hromada=hromada, kind=kind, drafts=[draft], email=email)[0]


@dataclass(frozen=True)
class NotificationDraft:
    """One message of :func:`notifications_send_many`."""

    recipient: User
    title: str
    body: str = ""
    url: str = ""


NOTIFICATIONS_PER_INSERT = 500


def notifications_send_many(
    *, hromada: Hromada, kind: str, drafts: Sequence[NotificationDraft], email: bool = True
) -> list[Notification]:
    """:func:`notification_send` for many recipients (e.g. every signer of an answered petition): one
    multi-row INSERT per 500 messages; the e-mails of those who chose "each message" queued after commit."""
    rows = [
        Notification(
            hromada=hromada, recipient=d.recipient, kind=kind, title=d.title[:200], body=d.body, url=d.url
        )
        for d in drafts
    ]
    for start in range(0, len(rows), NOTIFICATIONS_PER_INSERT):
        insert_rows(rows[start : start + NOTIFICATIONS_PER_INSERT])
    if email:
        mailed = [
            row.pk
            for row, d in zip(rows, drafts, strict=True)
            if d.recipient.email and d.recipient.notification_email == "each"
        ]
        if mailed:
            from .tasks import email_notification

            def enqueue() -> None:
                for notification_id in mailed:
                    email_notification.enqueue(notification_id=notification_id)

            transaction.on_commit(enqueue)
    return rows


def notify_on_commit(
    *,
    hromada: Hromada,
    recipients: Iterable[User | None],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
) -> None:
    """Put a message in each recipient's inbox once the current transaction commits (``None`` skipped).

    Every action that tells people something uses this: the message is never sent for a write that rolled
    back, and a failure to send it is logged, never turned into an error of the write that already
    committed (``robust``).
    """
    people = [r for r in recipients if r is not None]
    if not people:
        return

    def send() -> None:
        notifications_send_many(
            hromada=hromada,
            kind=kind,
            drafts=[NotificationDraft(recipient=p, title=title, body=body, url=url) for p in people],
        )

    transaction.on_commit(send, robust=True)


def enqueue_on_commit(task: Any, /, **kwargs: Any) -> None:
    """Queue ``task`` (a django-tasks task) with ``kwargs`` once the current transaction commits; a failure
    to queue is logged, never an error of the write that already committed."""
    transaction.on_commit(lambda: task.enqueue(**kwargs), robust=True)


DIGEST_INTERVAL = dt.timedelta(hours=24)
DIGEST_MAX_ITEMS = 50


def notification_digests_send(*, now: dt.datetime | None = None) -> int:
    """E-mail each person who chose the daily digest their notifications not e-mailed yet, at most once
    per 24 hours; returns how many digests went out.

    Each person's rows are claimed under a row lock and marked e-mailed in the transaction that sends the
    message, so two workers never send the same digest and a failed send is retried at the next run.
    """
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            recipient__notification_email="daily",
            recipient__email__isnull=False,
            recipient__is_active=True,
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(waiting):
        mine = Notification.objects.filter(recipient_id=recipient_id)
        last = mine.aggregate(last=Max("emailed_at"))["last"]
        if last is not None and now - last < DIGEST_INTERVAL:
            continue
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update()
                .select_related("recipient")
                .filter(recipient_id=recipient_id, emailed_at__isnull=True)
                .order_by("created_at", "id")[:DIGEST_MAX_ITEMS]
            )
            if not items:
                continue
            recipient = items[0].recipient
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
            with translation.override(recipient.preferred_language or "uk"):
                subject = ngettext(
                    "Hromada: %(count)d new notification",
                    "Hromada: %(count)d new notifications",
                    len(items),
                ) % {"count": len(items)}
                lines = [gettext("Your notifications since the last digest:"), ""]
                for item in items:
                    lines.append(f"• {item.title}")
                    if item.body:
                        lines.append(f"  {item.body}")
                    if item.url:
                        lines.append(f"  {item.url}")
            try:
                send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [str(recipient.email)])
            except OSError:  # the mail server is away: undo the claim, try again at the next run
                logger.warning("digest to person %s failed; retried later", recipient_id, exc_info=True)
                transaction.set_rollback(True)
                continue
            sent += 1
    return sent


def notification_mark_read(*, recipient: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of the recipient read; returns how many."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
        if (
            not unread.exists()
            and not Notification.objects.filter(recipient=recipient, pk=notification_id).exists()
        ):
            raise NotFoundError("No such notification.")
    return unread.update(read_at=timezone.now())

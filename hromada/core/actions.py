"""Writes of the shared kernel: notifications and the working-day calendar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from .errors import NotFoundError
from .models import Hromada, Notification

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
    """Put a message in the recipient's inbox and, after commit, queue its e-mail."""
    notification = Notification.objects.create(
        hromada=hromada, recipient=recipient, kind=kind, title=title[:200], body=body, url=url
    )
    if email and recipient.email:
        from .tasks import email_notification

        transaction.on_commit(lambda: email_notification.enqueue(notification_id=notification.pk))
    return notification


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

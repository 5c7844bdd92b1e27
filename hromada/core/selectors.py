from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Hromada, Notification

if TYPE_CHECKING:
    from hromada.accounts.models import User


def notifications_for(*, recipient: User, hromada: Hromada | None = None) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=recipient)
    return qs.filter(hromada=hromada) if hromada is not None else qs


def unread_notification_count(*, recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()

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


def secret_fingerprints_differing() -> list[str] | None:
    """Names of the installation secrets whose fingerprint differs from the one the database recorded;
    None before any was recorded (no node has started on this database yet)."""
    from django.conf import settings

    from .fingerprints import SECRETS, fingerprint
    from .models import SecretFingerprint

    recorded = dict(SecretFingerprint.objects.values_list("name", "fingerprint"))
    if not recorded:
        return None
    return [
        secret.name
        for secret in SECRETS
        if secret.name in recorded
        and recorded[secret.name] != fingerprint(getattr(settings, secret.setting), secret.name)
    ]

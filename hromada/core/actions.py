"""Writes of the shared kernel: notifications and the working-day calendar."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from .batchsql import insert_rows
from .errors import NotFoundError
from .fingerprints import SECRETS, SecretMismatchError, fingerprint
from .models import Hromada, Notification, PeriodicLease, SecretFingerprint
from .notifications import Params, notification_channels, notification_kind, notification_render, site_url

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def notification_send(
    *,
    hromada: Hromada,
    recipient: User,
    kind: str,
    params: Params | None = None,
    url: str = "",
    email: bool = True,
) -> Notification:
    """Put a message of a registered ``kind`` in the recipient's inbox and, after commit, queue its e-mail.

    Its words come from the kind's texts (:mod:`hromada.core.notifications`) filled with ``params``, in
    the recipient's language; ``url`` is a path on the hromada's site (e-mails make it absolute). The
    e-mail goes at once to people who chose "each message" (the default) and for ``immediate`` kinds;
    those who chose the daily digest get it in :func:`notification_digests_send`, those who chose "off"
    only in the inbox.
    """
    draft = NotificationDraft(recipient=recipient, params=params or {}, url=url)
    return notifications_send_many(hromada=hromada, kind=kind, drafts=[draft], email=email)[0]


@dataclass(frozen=True)
class NotificationDraft:
    """One message of :func:`notifications_send_many`."""

    recipient: User
    params: Params = field(default_factory=dict)
    url: str = ""


NOTIFICATIONS_PER_INSERT = 500


def notifications_send_many(
    *, hromada: Hromada, kind: str, drafts: Sequence[NotificationDraft], email: bool = True
) -> list[Notification]:
    """:func:`notification_send` for many recipients (e.g. every signer of an answered petition): one
    multi-row INSERT per 500 messages; the e-mails of those who chose "each message" queued after commit."""
    definition = notification_kind(kind)
    rows = []
    for d in drafts:
        params = dict(d.params)
        text = notification_render(
            kind=kind, params=params, language=d.recipient.preferred_language or settings.LANGUAGE_CODE
        )
        rows.append(
            Notification(
                hromada=hromada,
                recipient=d.recipient,
                kind=kind,
                params=params,
                title=text.subject,
                body=text.body,
                url=d.url,
            )
        )
    for start in range(0, len(rows), NOTIFICATIONS_PER_INSERT):
        insert_rows(rows[start : start + NOTIFICATIONS_PER_INSERT])
    if email:
        mailed = [
            row.pk
            for row, d in zip(rows, drafts, strict=True)
            if d.recipient.email and (definition.immediate or d.recipient.notification_email == "each")
        ]
        if mailed:
            from .tasks import email_notification

            def enqueue() -> None:
                for notification_id in mailed:
                    email_notification.enqueue(notification_id=notification_id)

            transaction.on_commit(enqueue)
    channels = notification_channels()
    if channels and rows:

        def push() -> None:
            for channel in channels:
                try:
                    channel(hromada, rows)
                except Exception:
                    logger.exception("notification channel %r failed", channel)

        transaction.on_commit(push, robust=True)
    return rows


def notify_on_commit(
    *,
    hromada: Hromada,
    recipients: Iterable[User | None],
    kind: str,
    params: Params | None = None,
    url: str = "",
) -> None:
    """Put a message of a registered ``kind`` (its texts: the module's ``notifications.py``) in each
    recipient's inbox once the current transaction commits (``None`` skipped).

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
            drafts=[NotificationDraft(recipient=p, params=dict(params or {}), url=url) for p in people],
        )

    transaction.on_commit(send, robust=True)


def enqueue_on_commit(*, task: Any, **kwargs: Any) -> None:
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
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient", "hromada")
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
                    lines += [
                        f"• {line}" if i == 0 else f"  {line}" for i, line in enumerate(_digest_lines(item))
                    ]
            try:
                send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [str(recipient.email)])
            except OSError:  # the mail server is away: undo the claim, try again at the next run
                logger.warning("digest to person %s failed; retried later", recipient_id, exc_info=True)
                transaction.set_rollback(True)
                continue
            sent += 1
    return sent


def _digest_lines(item: Notification) -> list[str]:
    """One notification in a digest: its subject, body and absolute link, in the active language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        text = notification_render(kind=item.kind, params=item.params, language=language)
        subject, body = text.subject, text.body
    except LookupError:
        subject, body = item.title, item.body
    lines = [subject] + ([body] if body else [])
    if item.url:
        lines.append(site_url(item.hromada, item.url, language=language))
    return lines


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


def secret_fingerprints_ensure() -> list[str]:
    """Record the fingerprint of each installation secret the database has none of yet (the first node or
    worker to start sets the installation up), then compare every one with this process's secrets.

    Returns the names recorded now; raises :class:`SecretMismatchError` naming each secret that differs
    from the recorded one. Two processes starting at once on a fresh database both insert; the primary
    key keeps the first, and the second compares with it."""
    current = {secret.name: fingerprint(getattr(settings, secret.setting), secret.name) for secret in SECRETS}
    recorded = dict(SecretFingerprint.objects.values_list("name", "fingerprint"))
    missing = [name for name in current if name not in recorded]
    if missing:
        SecretFingerprint.objects.bulk_create(
            [SecretFingerprint(name=name, fingerprint=current[name]) for name in missing],
            ignore_conflicts=True,
        )
        recorded = dict(SecretFingerprint.objects.values_list("name", "fingerprint"))
    differ = [name for name, value in current.items() if recorded.get(name) != value]
    if differ:
        raise SecretMismatchError(differ)
    return missing


@transaction.atomic
def secret_fingerprints_accept(*, names: Sequence[str]) -> None:
    """After a deliberate rotation: record this process's value of the named secrets as the installation's
    (every node and worker must be stopped and given the new value first; docs/operations.md)."""
    known = {secret.name: secret for secret in SECRETS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"Unknown secret(s): {', '.join(unknown)}; known: {', '.join(known)}.")
    for name in names:
        value = fingerprint(getattr(settings, known[name].setting), name)
        SecretFingerprint.objects.update_or_create(name=name, defaults={"fingerprint": value})
        logger.warning("The fingerprint of %s was replaced (a deliberate rotation).", known[name].variable)


def periodic_claim(*, key: str, period: int, holder: str) -> bool:
    """Claim period ``period`` of the periodic job ``key`` for this worker: True for exactly one caller
    per period, however many workers on however many servers ask (core/periodic.py).

    One conditional UPDATE in autocommit: on PostgreSQL a second worker's UPDATE waits for the first's row
    lock, then finds the period already taken and changes nothing; SQLite serialises the writers."""
    fields = {"period": period, "claimed_at": timezone.now(), "claimed_by": holder[:100]}
    if PeriodicLease.objects.filter(key=key, period__lt=period).update(**fields):
        return True
    if PeriodicLease.objects.filter(key=key).exists():
        return False
    # The job's first period on this database: create its row, then claim like everyone else.
    PeriodicLease.objects.bulk_create([PeriodicLease(key=key)], ignore_conflicts=True)
    return PeriodicLease.objects.filter(key=key, period__lt=period).update(**fields) == 1

"""Pruning: what the bot received and sent is kept for a retention period, then deleted (docs/bot.md,
"Privacy"). The exactly-once record of an update must outlive Telegram's retry window (Telegram keeps an
undelivered update and retries it for at most 24 hours), so the retention is a week; an update still
pending is never pruned, nor is a message still waiting to be sent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from hromada.core import clock

from ..models import InboundUpdate, Outgoing

RETENTION = timedelta(days=7)
TELEGRAM_RETRY_WINDOW = timedelta(hours=24)
CHUNK = 5000  # rows per DELETE, so no statement holds its locks for long


def _delete_in_chunks(queryset: QuerySet[Any]) -> int:
    total = 0
    while True:
        with transaction.atomic():
            pks = list(queryset.values_list("pk", flat=True)[:CHUNK])
            if not pks:
                return total
            total += queryset.model.objects.filter(pk__in=pks).delete()[0]
        if len(pks) < CHUNK:
            return total


def bot_rows_prune(*, retention: timedelta = RETENTION) -> tuple[int, int]:
    """Delete received updates processed more than ``retention`` ago and sent (or failed, or held)
    messages due more than ``retention`` ago; returns (updates, messages) deleted."""
    if retention < TELEGRAM_RETRY_WINDOW:
        raise ValueError("the retention must cover Telegram's retry window (exactly once)")
    cutoff = clock.now() - retention
    updates = _delete_in_chunks(
        InboundUpdate.objects.filter(processed_at__lt=cutoff).exclude(outcome=InboundUpdate.Outcome.PENDING)
    )
    messages = _delete_in_chunks(
        Outgoing.objects.filter(not_before__lt=cutoff).exclude(status=Outgoing.Status.PENDING)
    )
    return updates, messages

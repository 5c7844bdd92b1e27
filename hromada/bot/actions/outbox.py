"""The outgoing queue: Bot API calls sent within Telegram's limits (``throttle.plan``: ~30 messages a
second per bot, one a second per chat), ``retry_after`` honoured, blocked chats dropped.

One sender at a time per bot plans and claims a batch in a short transaction (the bot's row is locked
while it plans, so two workers never both spend the same second's allowance); the HTTP calls are made
after that commit, and failures are written back in a second short transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F

from hromada.core import clock

from .. import throttle, tokens
from ..models import BotConfig, Broadcast, Chat, Outgoing
from ..telegram import Client, TelegramError

logger = logging.getLogger("hromada.bot")

MAX_ATTEMPTS = 5
NOT_MESSAGES = ("answerCallbackQuery", "getFile")  # calls that are no message in the chat


@dataclass(frozen=True)
class SendResult:
    sent: int
    failed: int
    wake_in: float | None  # seconds until more could go; None when nothing waits


def _claim(bot: BotConfig) -> tuple[list[Outgoing], float | None, bool]:
    now = clock.now()
    epoch = now.timestamp()
    with transaction.atomic():
        locked = BotConfig.objects.select_for_update().filter(pk=bot.pk).first()
        if locked is None:
            return [], None, False
        if not locked.sending_enabled:
            Outgoing.objects.filter(bot=bot, status=Outgoing.Status.PENDING).update(
                status=Outgoing.Status.HELD
            )
            return [], None, False
        rows = list(
            Outgoing.objects.filter(bot=bot, status=Outgoing.Status.PENDING)
            .order_by("not_before", "pk")
            .values("pk", "chat_id", "not_before", "method")[:1000]
        )
        if not rows:
            return [], None, True
        window_start = now - timedelta(seconds=throttle.WINDOW)
        recent = [
            t.timestamp()
            for t in Outgoing.objects.filter(bot=bot, sent_at__gt=window_start)
            .exclude(method__in=NOT_MESSAGES)
            .values_list("sent_at", flat=True)
            if t is not None
        ]
        chat_ids = {r["chat_id"] for r in rows}
        last = {
            pk: at.timestamp()
            for pk, at in Chat.objects.filter(pk__in=chat_ids, last_sent_at__isnull=False).values_list(
                "pk", "last_sent_at"
            )
            if at is not None
        }
        # Calls that are no message (a pressed button's answer) go at once and count for neither limit.
        free = [r["pk"] for r in rows if r["method"] in NOT_MESSAGES and r["not_before"] <= now]
        pending = [
            throttle.Pending(r["pk"], r["chat_id"], r["not_before"].timestamp())
            for r in rows
            if r["method"] not in NOT_MESSAGES
        ]
        plan = throttle.plan(pending, now=epoch, sent_recently=recent, chat_last_sent=last)
        chosen = [*free, *plan.send]
        if not chosen:
            return [], None if plan.wake_at is None else max(0.0, plan.wake_at - epoch), True
        Outgoing.objects.filter(pk__in=chosen, status=Outgoing.Status.PENDING).update(
            status=Outgoing.Status.SENT, sent_at=now, attempts=F("attempts") + 1
        )
        message_chats = {r["chat_id"] for r in rows if r["pk"] in set(plan.send)}
        Chat.objects.filter(pk__in=message_chats).update(last_sent_at=now)
        claimed = list(Outgoing.objects.filter(pk__in=chosen).select_related("chat").order_by("pk"))
        wake = None if plan.wake_at is None else max(0.0, plan.wake_at - epoch)
        return claimed, wake, True


def outgoing_send_due(*, bot: BotConfig, client: Client | None = None) -> SendResult:
    """Send what may go now (one batch within the limits); returns what happened and when to look again."""
    claimed, wake, _active = _claim(bot)
    if not claimed:
        return SendResult(0, 0, wake)
    if client is None:
        token = tokens.token_for(slug=bot.hromada.slug, stored=bot.token_encrypted)
        if not token:
            Outgoing.objects.filter(pk__in=[m.pk for m in claimed]).update(
                status=Outgoing.Status.PENDING, sent_at=None, error="no token"
            )
            return SendResult(0, 0, None)
        client = Client(token)
    retry: list[tuple[Outgoing, TelegramError]] = []
    failed: list[tuple[Outgoing, TelegramError]] = []
    blocked: set[int] = set()
    sent_broadcast: dict[int, int] = {}
    for message in claimed:
        if message.chat_id in blocked:
            failed.append((message, TelegramError(403, "blocked")))
            continue
        try:
            client.call(message.method, dict(message.payload))
        except TelegramError as error:
            if error.blocked:
                blocked.add(message.chat_id)
                failed.append((message, error))
            elif error.retry_after is not None or error.code in (0, 429) or error.code >= 500:
                retry.append((message, error))
            else:
                failed.append((message, error))
            continue
        if message.broadcast_id:
            sent_broadcast[message.broadcast_id] = sent_broadcast.get(message.broadcast_id, 0) + 1
    if retry or failed or sent_broadcast or blocked:
        _settle(bot, retry, failed, blocked, sent_broadcast)
    if any(e.retry_after for _m, e in retry):
        wake = max(float(e.retry_after or 0) for _m, e in retry)
    return SendResult(len(claimed) - len(retry) - len(failed), len(failed), wake if wake is not None else 0.0)


@transaction.atomic
def _settle(
    bot: BotConfig,
    retry: list[tuple[Outgoing, TelegramError]],
    failed: list[tuple[Outgoing, TelegramError]],
    blocked: set[int],
    sent_broadcast: dict[int, int],
) -> None:
    now = clock.now()
    failed_broadcast: dict[int, int] = {}
    for message, error in retry:
        if message.attempts >= MAX_ATTEMPTS:
            failed.append((message, error))
            continue
        delay = error.retry_after if error.retry_after is not None else 2**message.attempts
        Outgoing.objects.filter(pk=message.pk).update(
            status=Outgoing.Status.PENDING,
            sent_at=None,
            not_before=now + timedelta(seconds=delay),
            error=str(error)[:300],
        )
    for message, error in failed:
        Outgoing.objects.filter(pk=message.pk).update(status=Outgoing.Status.FAILED, error=str(error)[:300])
        if message.broadcast_id:
            failed_broadcast[message.broadcast_id] = failed_broadcast.get(message.broadcast_id, 0) + 1
    if blocked:
        # The resident blocked the bot: no more messages, no more announcements, nothing pending.
        Chat.objects.filter(pk__in=blocked).update(is_blocked=True, district_id_subscribed=None, topics=[])
        for row in Outgoing.objects.filter(chat_id__in=blocked, status=Outgoing.Status.PENDING).values(
            "pk", "broadcast_id"
        ):
            if row["broadcast_id"]:
                failed_broadcast[row["broadcast_id"]] = failed_broadcast.get(row["broadcast_id"], 0) + 1
        Outgoing.objects.filter(chat_id__in=blocked, status=Outgoing.Status.PENDING).update(
            status=Outgoing.Status.FAILED, error="blocked"
        )
    for broadcast_id in {*sent_broadcast, *failed_broadcast}:
        Broadcast.objects.filter(pk=broadcast_id).update(
            sent=F("sent") + sent_broadcast.get(broadcast_id, 0),
            failed=F("failed") + failed_broadcast.get(broadcast_id, 0),
        )
        Broadcast.objects.filter(pk=broadcast_id, total__lte=F("sent") + F("failed")).update(
            status=Broadcast.Status.DONE
        )


def outbox_drain(*, bot: BotConfig, seconds: float, client: Client | None = None) -> int:
    """Send for up to ``seconds`` (real time), sleeping between batches as the limits require; returns how
    many calls were sent. Run by the worker's task and by ``hromada bot poll``."""
    # On the platform's clock, as the limits are: under a test's stopped clock the wait moves it on.
    deadline = clock.now() + timedelta(seconds=seconds)
    total = 0
    while clock.now() < deadline:
        result = outgoing_send_due(bot=bot, client=client)
        total += result.sent
        if result.wake_in is None:
            break
        left = (deadline - clock.now()).total_seconds()
        clock.sleep(min(max(result.wake_in, 0.01), max(0.0, left), 1.0))
    return total

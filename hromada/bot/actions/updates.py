"""Receiving and processing updates, exactly once.

``update_receive`` (the webhook, ``hromada bot poll``) records the update: the unique ``(bot, update_id)``
makes a retried delivery a no-op, and a task is queued after commit. ``update_process`` claims a pending
update with a conditional ``UPDATE … WHERE outcome = 'pending'`` (so two workers never both process it),
locks the chat, runs the dialogue and queues the replies — all in one transaction, so a failure leaves the
update pending and nothing half-done. Sending is the outgoing queue's job (``actions/outbox.py``)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import translation

from hromada.core import clock
from hromada.core.actions import enqueue_on_commit

from .. import tokens
from ..adapters import Incoming
from ..dialogues.engine import Conversation, handle
from ..models import BotConfig, Chat, InboundUpdate, Outgoing, Watch
from ..telegram import ADAPTERS, Client, TelegramError

logger = logging.getLogger("hromada.bot")

FLOOD_WINDOW = timedelta(seconds=10)
FLOOD_LIMIT = 20  # updates from one chat per window; more are recorded and not answered
BATCH = 200
CHUNK = 50  # updates per transaction under a burst


def _language(code: str) -> str:
    return "en" if code.startswith("en") else "uk"


@transaction.atomic
def update_receive(*, bot: BotConfig, body: object) -> InboundUpdate | None:
    """Record one update (raises ``InvalidUpdate`` when ``body`` is not one); None when this update was
    already received. Processing follows in a task."""
    incoming = ADAPTERS[bot.platform].parse(body)
    try:
        with transaction.atomic():
            row = InboundUpdate.objects.create(
                hromada_id=bot.hromada_id, bot=bot, update_id=incoming.key, payload=body
            )
    except IntegrityError:
        return None
    _wake_worker(bot)
    return row


_last_wake: dict[int, float] = {}
WAKE_EVERY = 0.5  # seconds: under a burst one queued task per bot and process is enough


def _wake_worker(bot: BotConfig) -> None:
    """Queue the processing task after commit, at most every ``WAKE_EVERY`` seconds per bot from this
    process: a task processes every pending update, and the ``bot.tick`` periodic job catches any that
    arrived after the last task ran."""
    import time

    from ..tasks import bot_process_updates

    moment = time.monotonic()
    if moment - _last_wake.get(bot.pk, -1e9) < WAKE_EVERY:
        return
    _last_wake[bot.pk] = moment
    enqueue_on_commit(task=bot_process_updates, bot_id=bot.pk)


def _flooding(chat: Chat, now: Any) -> bool:
    if chat.flood_started_at is None or now - chat.flood_started_at > FLOOD_WINDOW:
        chat.flood_started_at = now
        chat.flood_count = 1
    else:
        chat.flood_count += 1
    return chat.flood_count > FLOOD_LIMIT


def _fetcher(bot: BotConfig) -> Any:
    def fetch(file_id: str, limit: int) -> bytes:
        token = tokens.token_for(slug=bot.hromada.slug, stored=bot.token_encrypted)
        if not token:
            raise TelegramError(401, "no token")
        return Client(token).download(file_id, limit=limit)

    return fetch


def _chat_for(bot: BotConfig, incoming: Incoming, now: Any) -> Chat:
    chat = (
        Chat.objects.select_for_update(of=("self",))
        .filter(bot=bot, external_id=incoming.chat)
        .select_related("person")
        .first()
    )
    if chat is None:
        try:
            with transaction.atomic():
                chat = Chat.objects.create(
                    hromada_id=bot.hromada_id,
                    bot=bot,
                    external_id=incoming.chat,
                    language=_language(incoming.language),
                    last_seen_at=now,
                )
        except IntegrityError:  # created by another worker a moment ago
            chat = Chat.objects.select_for_update(of=("self",)).get(bot=bot, external_id=incoming.chat)
    return chat


def queue_calls(
    *, bot: BotConfig, chat: Chat, calls: list[Any], now: Any, broadcast_id: int | None = None
) -> None:
    """Put messenger calls for ``chat`` in the outgoing queue (sent later within the limits); refuses
    nothing: the caller's transaction decides whether they are queued at all."""
    Outgoing.objects.bulk_create(
        [
            Outgoing(
                hromada_id=bot.hromada_id,
                bot=bot,
                chat=chat,
                method=call.method,
                payload=dict(call.payload),
                not_before=now,
                broadcast_id=broadcast_id,
            )
            for call in calls
        ]
    )


@transaction.atomic
def update_process(*, update_pk: int) -> str:
    """Process one received update once: the dialogue's answer is queued and the chat's state saved.
    Returns the outcome (``done``, ``ignored``, ``limited``, or ``skipped`` when already processed)."""
    now = clock.now()
    claimed = InboundUpdate.objects.filter(pk=update_pk, outcome=InboundUpdate.Outcome.PENDING).update(
        outcome=InboundUpdate.Outcome.DONE, processed_at=now
    )
    if not claimed:
        return "skipped"
    update = InboundUpdate.objects.select_related("bot__hromada").get(pk=update_pk)
    bot = update.bot
    adapter = ADAPTERS[bot.platform]
    incoming = adapter.parse(update.payload)
    if not incoming.chat or not bot.is_enabled:
        InboundUpdate.objects.filter(pk=update_pk).update(outcome=InboundUpdate.Outcome.IGNORED)
        return InboundUpdate.Outcome.IGNORED
    chat = _chat_for(bot, incoming, now)
    chat.bot = bot
    was_blocked = chat.is_blocked
    chat.is_blocked = False  # they wrote to us again
    chat.last_seen_at = now
    flood = _flooding(chat, now)
    fields = ["flood_started_at", "flood_count", "last_seen_at", "is_blocked", "updated_at"]
    if flood:
        InboundUpdate.objects.filter(pk=update_pk).update(outcome=InboundUpdate.Outcome.LIMITED)
        if chat.flood_count == FLOOD_LIMIT + 1:
            with translation.override(chat.language):
                from django.utils.translation import gettext as _

                calls = adapter.render(
                    chat.external_id, _reply(_("Too many messages at once. Wait a few seconds, please."))
                )
            queue_calls(bot=bot, chat=chat, calls=calls, now=now)
        chat.save(update_fields=fields)
        return InboundUpdate.Outcome.LIMITED
    conversation = Conversation(bot=bot, chat=chat, incoming=incoming, fetch_file=_fetcher(bot))
    with translation.override(chat.language):
        handle(conversation)
        calls = []
        ack = adapter.acknowledge(incoming, conversation.ack)
        if ack is not None:
            calls.append(ack)
        for reply in conversation.replies:
            calls.extend(adapter.render(chat.external_id, reply))
    queue_calls(bot=bot, chat=chat, calls=calls, now=now)
    for kind, ref_id, state in conversation.watches:
        Watch.objects.update_or_create(
            chat=chat,
            kind=kind,
            ref_id=ref_id,
            defaults={"hromada_id": bot.hromada_id, "last_state": state, "is_active": True},
        )
    chat.save(
        update_fields=[
            *fields,
            "state",
            "data",
            "language",
            "person",
            "phone",
            "district_id_subscribed",
            "topics",
        ]
    )
    if was_blocked:
        logger.info("bot chat %s wrote again after blocking", chat.pk)
    return InboundUpdate.Outcome.DONE


def _reply(text: str) -> Any:
    from ..adapters import Reply

    return Reply(text=text)


def updates_process_pending(*, bot: BotConfig, limit: int = BATCH, chunk: int = CHUNK) -> int:
    """Process the bot's pending updates in ``update_id`` order; returns how many this call processed.

    Up to ``chunk`` updates share one transaction (each in its own savepoint), which saves a commit per
    update under a burst; if the chunk fails as a whole, its updates are processed one by one and the one
    that fails is marked ``failed`` (logged), so one bad update never holds up the others."""
    done = 0
    while done < limit:
        ids = list(
            InboundUpdate.objects.filter(bot=bot, outcome=InboundUpdate.Outcome.PENDING)
            .order_by("update_id")
            .values_list("pk", flat=True)[: min(chunk, limit - done)]
        )
        if not ids:
            break
        try:
            with transaction.atomic():
                outcomes = [update_process(update_pk=pk) for pk in ids]
            done += sum(outcome != "skipped" for outcome in outcomes)
            continue
        except Exception:
            logger.warning("bot: a chunk of %s updates failed; processing them one by one", len(ids))
        for pk in ids:
            try:
                if update_process(update_pk=pk) != "skipped":
                    done += 1
            except Exception:
                logger.exception("bot update %s failed", pk)
                InboundUpdate.objects.filter(pk=pk, outcome=InboundUpdate.Outcome.PENDING).update(
                    outcome=InboundUpdate.Outcome.FAILED
                )
                done += 1
    return done

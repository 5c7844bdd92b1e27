"""Receiving and processing updates, exactly once and in order per chat.

``update_receive`` (the webhook, ``hromada bot poll``) records the update with one INSERT: the unique
``(bot, update_id)`` makes a retried delivery a no-op; the worker is woken after commit. The worker
(``updates_process_pending``) takes the oldest pending updates in batches: it locks their chats
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's transactions are serial anyway), runs each
locked chat's updates in ``update_id`` order through the dialogues, and writes what they changed at the end
of the batch — the answers in one INSERT, the outcomes with conditional ``UPDATE … WHERE outcome =
'pending'``, the chats in one statement — all in one transaction, so a failure leaves the updates pending
and nothing half-done. Sending is the outgoing queue's job (``actions/outbox.py``)."""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import translation

from hromada.core import clock
from hromada.core.actions import enqueue_on_commit
from hromada.core.batchsql import position_in
from hromada.core.errors import is_transient_conflict

from .. import tokens
from ..adapters import Incoming
from ..bulk import chats_update, inbound_insert, outgoing_insert
from ..dialogues.engine import Conversation, handle
from ..models import BotConfig, Chat, InboundUpdate, Watch
from ..outbox import QueuedCall, outgoing_rows
from ..telegram import ADAPTERS, Client, TelegramError

logger = logging.getLogger("hromada.bot")

FLOOD_WINDOW = timedelta(seconds=10)
FLOOD_LIMIT = 20  # updates from one chat per window; more are recorded and not answered
BATCH = 200
CHUNK = 50  # chats per transaction under a burst
WINDOW = 3  # a batch reads this many times ``CHUNK`` oldest pending updates, to share chats between workers
TRANSIENT_RETRIES = 2  # a deadlocked batch is run again this many times before the one-by-one fallback


def _language(code: str) -> str:
    return "en" if code.startswith("en") else "uk"


def update_receive(*, bot: BotConfig, body: object) -> int | None:
    """Record one update (raises ``InvalidUpdate`` when ``body`` is not one): the id of its
    ``InboundUpdate`` row, or None when this update was already received. Processing follows in a task.

    One INSERT (``bulk.inbound_insert``), in autocommit when the caller has no transaction (the webhook):
    ``ON CONFLICT DO NOTHING`` on the unique ``(bot, update_id)`` makes a retried delivery a no-op. No model
    instance is made (the webhook's CPU: its ``__init__`` and signals were ~5 % of a request)."""
    incoming = ADAPTERS[bot.platform].parse(body)
    if incoming.chat:
        outcome, processed_at = InboundUpdate.Outcome.PENDING, None
    else:  # edited messages, channel posts …: recorded (exactly once), not answered
        outcome, processed_at = InboundUpdate.Outcome.IGNORED, clock.now()
    pk = inbound_insert(
        hromada_id=bot.hromada_id,
        bot_id=bot.pk,
        update_id=int(incoming.key),
        payload=body,
        outcome=outcome,
        processed_at=processed_at,
    )
    if pk is not None and incoming.chat:
        _wake_worker(bot)
    return pk


_last_wake: dict[int, float] = {}
WAKE_EVERY = 0.5  # seconds: under a burst one queued task per bot and process is enough


def _wake_worker(bot: BotConfig) -> None:
    """Queue the processing task after commit, at most every ``WAKE_EVERY`` seconds per bot from this
    process: a task processes every pending update, and the ``bot.tick`` periodic job catches any that
    arrived after the last task ran."""
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


def queue_calls(
    *, bot: BotConfig, chat: Chat, calls: list[Any], now: Any, broadcast_id: int | None = None
) -> None:
    """Put messenger calls for ``chat`` in the outgoing queue (sent later within the limits); refuses
    nothing: the caller's transaction decides whether they are queued at all."""
    outgoing_insert(outgoing_rows(bot=bot, chat=chat, calls=calls, now=now, broadcast_id=broadcast_id))


@dataclass
class _Batch:
    """What one batch of updates changes, written at its end in a few statements."""

    now: Any
    outcomes: dict[str, list[int]] = field(default_factory=dict)
    outgoing: list[QueuedCall] = field(default_factory=list)
    watches: list[tuple[Chat, str, int, str]] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)  # the dialogues' reads, once per batch

    def queue(self, bot: BotConfig, chat: Chat, calls: list[Any]) -> None:
        self.outgoing.extend(outgoing_rows(bot=bot, chat=chat, calls=calls, now=self.now))


CHAT_FIELDS = [
    "state",
    "data",
    "language",
    "phone",
    "district_id_subscribed",
    "topics",
    "flood_started_at",
    "flood_count",
    "last_seen_at",
    "is_blocked",
    "updated_at",
]  # not ``person``: linking and unlinking write it themselves (actions/links.py)


def _lock_chats(bot: BotConfig, first: dict[str, Incoming], now: Any, *, most: int) -> dict[str, Chat]:
    """At most ``most`` of the chats of these keys (those whose updates came first, first), created when
    new, locked for this transaction; a chat another worker holds is skipped (its updates wait for that
    worker or the next round), so concurrent workers reading the same oldest updates share their chats."""
    known = set(
        Chat.objects.filter(bot=bot, external_id__in=list(first)).values_list("external_id", flat=True)
    )
    if len(known) < len(first):
        Chat.objects.bulk_create(
            [
                Chat(
                    hromada_id=bot.hromada_id,
                    bot=bot,
                    external_id=key,
                    language=_language(incoming.language),
                    last_seen_at=now,
                )
                for key, incoming in first.items()
                if key not in known
            ],
            ignore_conflicts=True,  # created by another worker a moment ago
        )
    chats = (
        Chat.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(bot=bot, external_id__in=list(first))
        .select_related("person")
    )
    if len(first) > most:  # the chats of the oldest updates first; the rest are left for another round
        chats = chats.order_by(position_in(Chat._meta.get_field("external_id"), list(first)))[:most]
    return {chat.external_id: chat for chat in chats}


def _answer(bot: BotConfig, chat: Chat, incoming: Incoming, batch: _Batch) -> str:
    """One update of a locked chat: the flood limit, the dialogue, its calls queued in ``batch``."""
    adapter = ADAPTERS[bot.platform]
    now = batch.now
    chat.is_blocked = False  # they wrote to us again
    chat.last_seen_at = now
    if _flooding(chat, now):
        if chat.flood_count == FLOOD_LIMIT + 1:
            with translation.override(chat.language):
                from django.utils.translation import gettext as _

                calls = adapter.render(
                    chat.external_id, _reply(_("Too many messages at once. Wait a few seconds, please."))
                )
            batch.queue(bot, chat, calls)
        return InboundUpdate.Outcome.LIMITED
    conversation = Conversation(
        bot=bot, chat=chat, incoming=incoming, fetch_file=_fetcher(bot), shared=batch.shared
    )
    with translation.override(chat.language):
        handle(conversation)
        calls = []
        ack = adapter.acknowledge(incoming, conversation.ack)
        if ack is not None:
            calls.append(ack)
        for reply in conversation.replies:
            calls.extend(adapter.render(chat.external_id, reply))
    batch.queue(bot, chat, calls)
    batch.watches.extend((chat, kind, ref_id, state) for kind, ref_id, state in conversation.watches)
    return InboundUpdate.Outcome.DONE


@transaction.atomic
def _process(bot: BotConfig, candidates: list[int], *, chats_most: int) -> tuple[int, int]:
    """Process the pending updates among ``candidates`` (the oldest pending ones) whose chat this worker
    can lock — at most ``chats_most`` chats — each chat's in ``update_id`` order, in one transaction: the
    dialogues run update by update, and what they change is written at the end (one INSERT of the answers,
    one UPDATE per outcome, the chats in one statement). Returns (processed, left: their chat is held by
    another worker or beyond ``chats_most``)."""
    now = clock.now()
    adapter = ADAPTERS[bot.platform]
    rows = list(
        InboundUpdate.objects.filter(pk__in=candidates, outcome=InboundUpdate.Outcome.PENDING)
        .order_by("update_id")
        .values_list("pk", "payload")
    )
    if not rows:
        return 0, 0
    parsed = [(pk, adapter.parse(payload)) for pk, payload in rows]
    first: dict[str, Incoming] = {}
    for _pk, incoming in parsed:
        if incoming.chat:
            first.setdefault(incoming.chat, incoming)
    chats = _lock_chats(bot, first, now, most=chats_most) if first else {}
    # Read again now that the chats are locked: another worker may have processed some of these updates
    # between the read above and the lock (it held the chat then, and committed).
    still = set(
        InboundUpdate.objects.filter(
            pk__in=[pk for pk, incoming in parsed if incoming.chat in chats or not incoming.chat],
            outcome=InboundUpdate.Outcome.PENDING,
        ).values_list("pk", flat=True)
    )
    batch = _Batch(now=now)
    left = 0
    for pk, incoming in parsed:
        chat = chats.get(incoming.chat)
        outcome: str
        if chat is not None and pk not in still:  # processed by another worker meanwhile
            continue
        if not incoming.chat or not bot.is_enabled:
            outcome = InboundUpdate.Outcome.IGNORED
        elif chat is None:  # another worker holds this chat, or it is for the next round
            left += 1
            continue
        else:
            chat.bot = bot
            outcome = _answer(bot, chat, incoming, batch)
        batch.outcomes.setdefault(outcome, []).append(pk)
    claimed = 0
    for result, pks in batch.outcomes.items():
        claimed += InboundUpdate.objects.filter(pk__in=pks, outcome=InboundUpdate.Outcome.PENDING).update(
            outcome=result, processed_at=now
        )
    processed = sum(len(pks) for pks in batch.outcomes.values())
    if claimed != processed:  # cannot happen while chats are locked; never answer an update twice
        raise RuntimeError("bot: updates of a locked chat were processed elsewhere")
    outgoing_insert(batch.outgoing)
    _watches_save(bot, batch.watches, now)
    touched = [chats[i.chat] for _pk, i in parsed if i.chat in chats]
    if touched:
        for chat in touched:
            chat.updated_at = now
        chats_update(list({c.pk: c for c in touched}.values()), CHAT_FIELDS)
    return processed, left


def _watches_save(bot: BotConfig, watches: list[tuple[Chat, str, int, str]], now: Any) -> None:
    """The batch's new watches (a report filed, a ticket taken) in one upsert on the unique (chat, kind,
    ref_id): a watch already there takes the new state and is active again, as ``update_or_create`` did
    one by one (~5 ms of the worker's CPU each)."""
    latest = {(chat.pk, kind, ref_id): (chat, state) for chat, kind, ref_id, state in watches}
    if not latest:
        return
    Watch.objects.bulk_create(
        [
            Watch(
                hromada_id=bot.hromada_id,
                chat=chat,
                kind=kind,
                ref_id=ref_id,
                last_state=state,
                is_active=True,
                created_at=now,
                updated_at=now,
            )
            for (_chat_id, kind, ref_id), (chat, state) in latest.items()
        ],
        update_conflicts=True,
        unique_fields=["chat", "kind", "ref_id"],
        update_fields=["last_state", "is_active", "updated_at"],
    )


def _reply(text: str) -> Any:
    from ..adapters import Reply

    return Reply(text=text)


def updates_process_pending(*, bot: BotConfig, limit: int = BATCH, chunk: int = CHUNK) -> int:
    """Process the bot's pending updates, oldest first; returns how many this call processed.

    A batch reads the ``WINDOW × chunk`` oldest pending updates and locks up to ``chunk`` of their chats,
    those whose updates came first (a chat another worker holds is skipped, ``SKIP LOCKED``, so two
    workers reading the same oldest updates take different chats); each locked chat's updates among them
    are processed in order in one transaction (:func:`_process`). A chat's updates are always a prefix of
    its pending ones (the window is the oldest pending updates), so per-chat order holds however many
    workers run. If a batch fails as a whole, its updates are processed one by one and the one that fails
    is marked ``failed`` (logged), so one bad update never holds up the others."""
    done = 0
    waits = 0
    while done < limit:
        candidates = list(
            InboundUpdate.objects.filter(bot=bot, outcome=InboundUpdate.Outcome.PENDING)
            .order_by("update_id")
            .values_list("pk", flat=True)[: WINDOW * min(chunk, limit - done)]
        )
        if not candidates:
            break
        try:
            processed, left = _process_batch(bot, candidates, chats_most=min(chunk, limit - done))
        except Exception:
            logger.warning(
                "bot: a batch of %s updates failed; processing them one by one",
                len(candidates),
                exc_info=True,
            )
            processed, left = _one_by_one(bot, candidates)
        done += processed
        if processed:
            waits = 0
        elif left and waits < 50:  # every candidate's chat is held by another worker: wait for it
            waits += 1
            time.sleep(0.02)
        else:
            break
    return done


def _process_batch(bot: BotConfig, candidates: list[int], *, chats_most: int) -> tuple[int, int]:
    """:func:`_process`, run again on fewer chats when the database rolled the batch back for a deadlock.

    Two workers' batches can deadlock inside the other modules' actions the dialogues call: each batch is one
    transaction and may take tickets of several queue services or count reports of several categories,
    locking those rows in its chats' order. PostgreSQL then rolls one batch back whole, so running it again
    is safe; a quarter of the chats each time makes a second collision less likely (measured with
    ``bench/bot.py --workers 2``: a deadlock or three per 10,000 updates, and the same 50 chats could
    collide three times running) and is far cheaper than the one-by-one fallback."""
    most = chats_most
    for attempt in range(TRANSIENT_RETRIES):
        try:
            return _process(bot, candidates, chats_most=most)
        except DatabaseError as exc:
            if not is_transient_conflict(exc):
                raise
            logger.info("bot: a batch met another worker's locks (%s); running it again", exc.__cause__)
            most = max(1, most // 4)
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
    return _process(bot, candidates, chats_most=most)


def _one_by_one(bot: BotConfig, candidates: list[int]) -> tuple[int, int]:
    processed = left = 0
    for pk in candidates:
        try:
            one, busy = _process(bot, [pk], chats_most=1)
        except Exception:
            logger.exception("bot update %s failed", pk)
            one = InboundUpdate.objects.filter(pk=pk, outcome=InboundUpdate.Outcome.PENDING).update(
                outcome=InboundUpdate.Outcome.FAILED, processed_at=clock.now()
            )
            busy = 0
        processed += one
        left += busy
    return processed, left

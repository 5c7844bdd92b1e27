"""The outgoing queue's rows, built (not saved) for the actions that queue messenger calls together.

A row is a plain tuple of the values that differ between messages (``QueuedCall``), not an ``Outgoing``
instance: a batch of the worker queues ~2 answers per update, and building model instances (their
``__init__``, its signals and the descriptors) cost more of the worker's CPU than inserting them
(``bulk.outgoing_insert`` turns the tuples into one INSERT)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from .models import BotConfig, Chat


class QueuedCall(NamedTuple):
    """One messenger call to queue: the values of an ``Outgoing`` row that are not its defaults."""

    hromada_id: int
    bot_id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    not_before: dt.datetime
    broadcast_id: int | None


def outgoing_rows(
    *, bot: BotConfig, chat: Chat, calls: list[Any], now: dt.datetime, broadcast_id: int | None = None
) -> list[QueuedCall]:
    """The outgoing-queue rows of messenger calls for ``chat`` (unsaved: callers insert them together)."""
    return [
        QueuedCall(bot.hromada_id, bot.pk, chat.pk, call.method, call.payload, now, broadcast_id)
        for call in calls
    ]

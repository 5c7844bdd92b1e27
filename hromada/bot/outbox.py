"""The outgoing queue's rows, built (not saved) for the actions that queue messenger calls together."""

from __future__ import annotations

from typing import Any

from .models import BotConfig, Chat, Outgoing


def outgoing_rows(
    *, bot: BotConfig, chat: Chat, calls: list[Any], now: Any, broadcast_id: int | None = None
) -> list[Outgoing]:
    """The outgoing-queue rows of messenger calls for ``chat`` (unsaved: callers insert them together)."""
    return [
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

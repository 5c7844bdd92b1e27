"""Which queued messages may go now without breaking the messenger's limits (pure: no Django import).

Telegram allows a bot about 30 messages a second overall and about one a second in one chat; a 429 answer
carries ``retry_after`` seconds, during which that chat (or, for a flood of the whole bot, every chat)
must wait. :func:`plan` is given what is pending, what was sent in the last second and when each chat last
got a message; it picks the messages that may go now, oldest first, and says when to look again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

GLOBAL_PER_SECOND = 30
PER_CHAT_INTERVAL = 1.0  # seconds between two messages in one chat
WINDOW = 1.0


@dataclass(frozen=True)
class Pending:
    key: int  # the queued message
    chat: int
    due: float  # not before this moment (seconds)


@dataclass(frozen=True)
class Plan:
    send: tuple[int, ...]
    wake_at: float | None  # when the next message could go; None when nothing waits


def plan(
    pending: Sequence[Pending],
    *,
    now: float,
    sent_recently: Iterable[float],
    chat_last_sent: Mapping[int, float],
    per_second: int = GLOBAL_PER_SECOND,
    per_chat_interval: float = PER_CHAT_INTERVAL,
) -> Plan:
    """Messages to send at ``now``: at most ``per_second`` in any window of one second (counting
    ``sent_recently``), at most one per chat per ``per_chat_interval``, none before its ``due``."""
    recent = sorted(t for t in sent_recently if now - t < WINDOW)
    room = max(0, per_second - len(recent))
    chosen: list[int] = []
    chats_now: set[int] = set()
    wake: float | None = None

    def later(moment: float) -> None:
        nonlocal wake
        wake = moment if wake is None else min(wake, moment)

    for item in sorted(pending, key=lambda p: (p.due, p.key)):
        if item.due > now:
            later(item.due)
            continue
        last = chat_last_sent.get(item.chat)
        if item.chat in chats_now:
            later(now + per_chat_interval)
            continue
        if last is not None and now - last < per_chat_interval:
            later(last + per_chat_interval)
            continue
        if room <= 0:
            # The window frees up when the oldest of the last ``per_second`` messages is a second old.
            window = recent + [now] * len(chosen)
            oldest = window[len(window) - per_second] if len(window) >= per_second else now
            later(max(now, oldest + WINDOW))
            continue
        chosen.append(item.key)
        chats_now.add(item.chat)
        room -= 1
    return Plan(tuple(chosen), wake)


def max_in_window(times: Sequence[float], window: float = WINDOW) -> int:
    """The most events in any window of ``window`` seconds (for checks and the benchmark)."""
    ordered = sorted(times)
    best = 0
    start = 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best

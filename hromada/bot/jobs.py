"""The bot's periodic jobs (core.periodic runs each period on one worker): process what the tasks left,
send the outgoing queue, push status changes, prune old rows."""

from __future__ import annotations

from .actions import bot_rows_prune, outgoing_send_due, updates_process_pending, watches_check
from .selectors import bots_enabled


def bot_tick() -> int:
    """Pending updates and one batch of the outgoing queue for every bot."""
    done = 0
    for bot in bots_enabled():
        done += updates_process_pending(bot=bot)
        done += outgoing_send_due(bot=bot).sent
    return done


def bot_watch() -> int:
    return watches_check()


def bot_prune() -> int:
    """Received updates and sent messages past the retention period (actions/prune.py)."""
    return sum(bot_rows_prune())

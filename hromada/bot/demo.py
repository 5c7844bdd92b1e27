"""The demo hromada's bot: configured, with no token and sending switched off, so it answers updates fed
to its webhook or to ``hromada bot poll`` against a stand-in server, and never calls Telegram."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hromada.core.models import Hromada

from .actions import bot_config_save
from .selectors import bot_of


def demo_load(*, hromada: Hromada, progress: Callable[[str], Any] | None = None) -> int:
    """Create the demo bot configuration once; returns 1 when created."""
    if bot_of(hromada=hromada) is not None:
        return 0
    bot_config_save(
        hromada=hromada, by=None, username=f"{hromada.slug}_demo_bot", token=None, sending_enabled=False
    )
    if progress is not None:
        progress("bot: a demo configuration (no token, sending off)")
    return 1

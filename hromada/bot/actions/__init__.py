"""Every write of the bot, re-exported here (callers import them from this package)."""

from .broadcasts import broadcast_send
from .config import bot_config_save, bot_secret_rotate
from .links import chat_link, chat_unlink, link_code_create, link_codes_erase
from .outbox import outbox_drain, outgoing_send_due
from .prune import bot_rows_prune
from .pushes import notifications_push
from .updates import update_receive, updates_process_pending
from .watches import watches_check

__all__ = [
    "bot_config_save",
    "bot_rows_prune",
    "bot_secret_rotate",
    "broadcast_send",
    "chat_link",
    "chat_unlink",
    "link_code_create",
    "link_codes_erase",
    "notifications_push",
    "outbox_drain",
    "outgoing_send_due",
    "update_receive",
    "updates_process_pending",
    "watches_check",
]

"""The platform's own notifications (core.notifications: an application's status, a signed petition's
answer, a report's progress …) pushed to the recipient's linked chat too, through the throttled outgoing
queue. Registered as a notification channel in ``apps.py``; called after the notifications commit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import enqueue_on_commit
from hromada.core.notifications import notification_text, site_url

from ..adapters import Button, Reply
from ..bulk import outgoing_insert
from ..dialogues.engine import PUSH_BUTTONS
from ..models import Chat
from ..outbox import QueuedCall, outgoing_rows
from ..telegram import ADAPTERS

if TYPE_CHECKING:
    from hromada.core.models import Hromada, Notification


@transaction.atomic
def notifications_push(*, hromada: Hromada, notifications: Sequence[Notification]) -> int:
    """Queue each notification for its recipient's linked, unblocked chats of this hromada's enabled
    bots, in the chat's language with a button to the page; returns how many messages were queued. A
    notification whose ``params["channel"]`` is the bot's platform (a booking made in the chat) is not
    pushed: the dialogue that made it has answered in the chat. A kind with buttons of its own
    (``dialogues.engine.PUSH_BUTTONS``: a waitlist offer's Accept / Decline) carries them above "Open"."""
    from ..tasks import bot_send

    recipients = {n.recipient_id for n in notifications}
    chats: dict[int, list[Chat]] = {}
    for chat in Chat.objects.filter(
        hromada=hromada, person_id__in=recipients, is_blocked=False, bot__is_enabled=True
    ).select_related("bot"):
        chats.setdefault(chat.person_id or 0, []).append(chat)
    if not chats:
        return 0
    now = clock.now()
    host = hromada.primary_host()
    rows: list[QueuedCall] = []
    bots = set()
    for notification in notifications:
        # A notification about a write made from this messenger (its params' ``channel``, e.g. a booking
        # confirmed in the chat) was answered there already, with more (the check-in code): not again.
        made_in = (notification.params or {}).get("channel")
        for chat in chats.get(notification.recipient_id, []):
            if made_in == chat.bot.platform:
                continue
            with translation.override(chat.language):
                text = notification_text(notification, language=chat.language)
                body = text.subject + (f"\n\n{text.body}" if text.body else "")
                link = site_url(hromada, notification.url, language=chat.language, host=host)
                buttons = [[Button(_("Open"), url=link)]] if notification.url else []
                extra = PUSH_BUTTONS.get(notification.kind)
                if extra is not None:  # e.g. a waitlist offer's Accept / Decline
                    buttons = [*extra(notification.params or {}), *buttons]
                calls = ADAPTERS[chat.bot.platform].render(
                    chat.external_id, Reply(text=body, buttons=buttons)
                )
            rows += outgoing_rows(bot=chat.bot, chat=chat, calls=calls, now=now)
            bots.add(chat.bot_id)
    outgoing_insert(rows)
    for bot_id in bots:
        enqueue_on_commit(task=bot_send, bot_id=bot_id)
    return len(rows)

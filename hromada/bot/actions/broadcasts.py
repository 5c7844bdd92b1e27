"""Announcements to subscribers (outages, works, alerts), sent through the outgoing queue within the
limits; progress is the broadcast's ``sent``/``failed`` against ``total``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.errors import ensure
from hromada.core.permissions import require
from hromada.core.tenancy import require_same_hromada
from hromada.territory.models import District

from ..adapters import Reply
from ..bulk import outgoing_insert
from ..models import BotConfig, Broadcast, Chat
from ..outbox import outgoing_rows
from ..permissions import sends_broadcasts
from ..telegram import ADAPTERS

if TYPE_CHECKING:
    from hromada.accounts.models import User

MAX_TEXT = 3500


def _recipients(bot: BotConfig, district: District | None, topic: str) -> list[Chat]:
    # In subscription order: who subscribed first hears first, the same on every database.
    chats = (
        Chat.objects.filter(bot=bot, is_blocked=False)
        .only("pk", "external_id", "district_id_subscribed", "topics")
        .order_by("pk")
    )
    chosen = []
    for chat in chats:
        topics = set(chat.topics or [])
        if not topics:
            continue
        if (
            "all" in topics
            or (topic and topic in topics)
            or (
                chat.district_id_subscribed is not None
                and (district is None or chat.district_id_subscribed == district.pk)
            )
        ):
            chosen.append(chat)
    return chosen


@transaction.atomic
def broadcast_send(
    *, bot: BotConfig, by: User, text: str, district: District | None = None, topic: str = ""
) -> Broadcast:
    """Queue an announcement for every chat subscribed to ``district`` (or to the whole hromada, or to
    ``topic``); it goes out within the messenger's limits, its progress is counted on the row."""
    require(sends_broadcasts, by, bot.hromada)
    require_same_hromada(bot.hromada, district)
    text = text.strip()
    ensure(text, _("Write the announcement."), code="text_missing", field="text")
    ensure(len(text) <= MAX_TEXT, _("The announcement is too long."), code="text_too_long", field="text")
    chats = _recipients(bot, district, topic.strip())
    broadcast = Broadcast.objects.create(
        hromada=bot.hromada,
        bot=bot,
        text=text,
        district=district,
        topic=topic.strip()[:30],
        created_by=by,
        total=len(chats),
        status=Broadcast.Status.SENDING if chats else Broadcast.Status.DONE,
    )
    adapter = ADAPTERS[bot.platform]
    now = clock.now()
    rows = []
    for chat in chats:
        calls = adapter.render(chat.external_id, Reply(text=text))
        rows += outgoing_rows(bot=bot, chat=chat, calls=calls, now=now, broadcast_id=broadcast.pk)
    outgoing_insert(rows)
    from ..tasks import bot_send

    transaction.on_commit(lambda: bot_send.enqueue(bot_id=bot.pk), robust=True)
    return broadcast

"""The bot's part of a person's data: the chats linked to their account (and the cabinet's link codes).

Export lists the linked chats (messenger, language, subscriptions, what the dialogue holds); erasure
unlinks them and drops the link codes. Broadcasts an official sent (``Broadcast.created_by``) are kept:
they are the council's announcements. A chat's rows without a person (anonymous) are not personal to any
account; they hold the messenger's chat id, the dialogue step and, if shared, a phone number."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .actions import chat_unlink
from .models import Broadcast, Chat, LinkCode


def _export(person: Any) -> dict[str, Any]:
    return {
        "chats": [
            {
                "messenger": chat.bot.platform,
                "language": chat.language,
                "dialogue_step": chat.state,
                "phone": chat.phone,
                "district_subscribed": chat.district_id_subscribed,
                "topics": chat.topics,
                "last_message": iso(chat.last_seen_at),
            }
            for chat in Chat.objects.filter(person=person).select_related("bot")
        ]
    }


def _erase(person: Any) -> None:
    from hromada.core.models import Hromada

    from .actions import link_codes_erase

    hromada_ids = Chat.objects.filter(person=person).values_list("hromada_id", flat=True)
    for hromada in Hromada.objects.filter(pk__in=list(hromada_ids)):
        chat_unlink(person=person, hromada=hromada)
    link_codes_erase(person=person)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="bot",
            title=_("City chat bot"),
            export=_export,
            erase=_erase,
            covers=(Chat.person, LinkCode.person, Broadcast.created_by),
            order=90,
        )
    )

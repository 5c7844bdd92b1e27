"""Reads of the bot, always scoped by hromada."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hromada.core.models import Hromada

from .models import BotConfig, Broadcast, Chat, Platform


def bot_for_secret(*, hromada: Hromada, secret: str, platform: str = Platform.TELEGRAM) -> BotConfig | None:
    """The hromada's bot whose webhook secret this is (compared in constant time), or None."""
    import hmac

    bot = BotConfig.objects.select_related("hromada").filter(hromada=hromada, platform=platform).first()
    if bot is None or not secret or not hmac.compare_digest(bot.webhook_secret.encode(), secret.encode()):
        return None
    return bot


def bot_of(*, hromada: Hromada, platform: str = Platform.TELEGRAM) -> BotConfig | None:
    return BotConfig.objects.select_related("hromada").filter(hromada=hromada, platform=platform).first()


def bots_enabled() -> QuerySet[BotConfig]:
    return BotConfig.objects.filter(is_enabled=True).select_related("hromada")


def chats_of_person(*, hromada: Hromada, person: Any) -> QuerySet[Chat]:
    return Chat.objects.filter(hromada=hromada, person=person).select_related("bot")


def broadcasts_public(*, hromada: Hromada) -> QuerySet[Broadcast]:
    """Announcements sent to the hromada's subscribers, newest first (shown on the web too)."""
    return Broadcast.objects.filter(hromada=hromada).select_related("district").order_by("-created_at", "-pk")

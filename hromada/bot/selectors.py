"""Reads of the bot, always scoped by hromada."""

from __future__ import annotations

import hmac
import time
from typing import Any

from django.db.models import QuerySet

from hromada.core.models import Hromada

from .models import BotConfig, Broadcast, Chat, Platform

SECRET_TTL = 10.0  # seconds a process trusts the bot row it read for the webhook
_webhook_bots: dict[tuple[int, str], tuple[float, BotConfig]] = {}


def bot_for_secret(*, hromada: Hromada, secret: str, platform: str = Platform.TELEGRAM) -> BotConfig | None:
    """The hromada's bot whose webhook secret this is (compared in constant time), or None.

    The webhook asks this for every update, so the bot row is kept per process for ``SECRET_TTL``
    seconds; a secret that does not match the kept row is checked against the database at once (a
    rotated secret works immediately; the replaced one is refused at the latest ``SECRET_TTL`` seconds
    after the rotation)."""
    if not secret:
        return None
    key = (hromada.pk, str(platform))
    moment = time.monotonic()
    kept = _webhook_bots.get(key)
    if kept is not None and kept[0] > moment and _same(kept[1].webhook_secret, secret):
        return kept[1]
    bot = BotConfig.objects.filter(hromada=hromada, platform=platform).first()
    if bot is None:
        _webhook_bots.pop(key, None)
        return None
    bot.hromada = hromada
    _webhook_bots[key] = (moment + SECRET_TTL, bot)
    return bot if _same(bot.webhook_secret, secret) else None


def _same(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode())


def bot_of(*, hromada: Hromada, platform: str = Platform.TELEGRAM) -> BotConfig | None:
    return BotConfig.objects.select_related("hromada").filter(hromada=hromada, platform=platform).first()


def bots_enabled() -> QuerySet[BotConfig]:
    return BotConfig.objects.filter(is_enabled=True).select_related("hromada")


def chats_of_person(*, hromada: Hromada, person: Any) -> QuerySet[Chat]:
    return Chat.objects.filter(hromada=hromada, person=person).select_related("bot")


def broadcasts_public(*, hromada: Hromada) -> QuerySet[Broadcast]:
    """Announcements sent to the hromada's subscribers, newest first (shown on the web too)."""
    return Broadcast.objects.filter(hromada=hromada).select_related("district").order_by("-created_at", "-pk")


def headline_new_users(*, hromada: Hromada, start: Any, end: Any) -> float | None:
    """Chats that wrote to the hromada's bot for the first time in [start, end): its new users. (Who wrote
    in a month is not kept: received updates are deleted after a week, so active users are not countable.)"""
    return float(Chat.objects.filter(hromada=hromada, created_at__gte=start, created_at__lt=end).count())

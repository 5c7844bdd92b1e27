"""`hromada bot poll` against the stand-in Bot API: getUpdates, the same processing as the webhook's,
replies sent; a second round with the same updates answers nothing twice."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from hromada.bot.models import InboundUpdate

from . import shapes

pytestmark = pytest.mark.django_db


def test_poll_answers_updates_from_get_updates_once(telegram_bot, standin):
    standin.updates = [shapes.text(8001, "/start", update_id=1), shapes.text(8001, "/help", update_id=2)]

    call_command("bot", "poll", "--once", stdout=io.StringIO())
    call_command("bot", "poll", "--once", stdout=io.StringIO())  # the stand-in hands the same updates again

    methods = [c.method for c in standin.calls]
    assert methods[:2] == ["deleteWebhook", "getUpdates"]
    assert InboundUpdate.objects.filter(outcome="done").count() == 2
    assert sum(t.startswith("Вітаю") for t in standin.texts(8001)) == 1
    assert sum(t.startswith("Команди") for t in standin.texts(8001)) == 1


def test_the_webhook_command_sets_the_secret_token(telegram_bot, standin):
    call_command("bot", "webhook", "https://svitlohirsk.example.ua", stdout=io.StringIO())

    (payload,) = standin.sent("setWebhook")
    assert payload["url"] == "https://svitlohirsk.example.ua/bot/telegram/webhook"
    assert payload["secret_token"] == telegram_bot.webhook_secret

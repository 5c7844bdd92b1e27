"""The demo's bot configuration, and the bot's part of a person's data (export and erasure)."""

from __future__ import annotations

import pytest

from hromada.bot.actions import chat_link, link_code_create, link_codes_erase
from hromada.bot.demo import demo_load
from hromada.bot.models import BotConfig, Chat, LinkCode
from hromada.core.registry import personal_data_sections

pytestmark = pytest.mark.django_db


def test_the_demo_hromada_gets_a_bot_that_sends_nothing(hromada):
    assert demo_load(hromada=hromada) == 1
    assert demo_load(hromada=hromada) == 0

    bot = BotConfig.objects.get(hromada=hromada)
    assert not bot.sending_enabled and not bot.has_token


def test_a_persons_chats_are_exported_and_unlinked_on_erasure(telegram_bot, resident, hromada):
    chat = Chat.objects.create(hromada=hromada, bot=telegram_bot, external_id="9001", topics=["all"])
    chat_link(chat=chat, code=link_code_create(hromada=hromada, person=resident))
    section = next(s for s in personal_data_sections() if s.key == "bot")

    exported = section.export(resident)
    section.erase(resident)

    assert exported["chats"][0]["topics"] == ["all"]
    chat.refresh_from_db()
    assert chat.person is None
    assert not LinkCode.objects.filter(person=resident).exists()
    assert link_codes_erase(person=resident) == 0

"""The bot's headline on the platform dashboard: its new users by month."""

from __future__ import annotations

import datetime as dt

from hromada.bot.actions import bot_config_save
from hromada.bot.models import Chat
from hromada.bot.tests.conftest import TOKEN
from hromada.core.indicators import headlines
from tests.factories import HromadaFactory

KYIV = dt.timezone(dt.timedelta(hours=2))


def test_new_users_are_the_chats_first_seen_in_the_month_of_this_hromada_only(hromada, telegram_bot):
    def chat(external_id: str, created: dt.datetime, hromada=hromada, bot=telegram_bot) -> None:
        row = Chat.objects.create(hromada=hromada, bot=bot, external_id=external_id)
        Chat.objects.filter(pk=row.pk).update(created_at=created)

    chat("1", dt.datetime(2026, 10, 31, 23, 59, tzinfo=KYIV))
    chat("2", dt.datetime(2026, 11, 1, 0, 0, tzinfo=KYIV))
    chat("3", dt.datetime(2026, 11, 30, 12, 0, tzinfo=KYIV))
    chat("4", dt.datetime(2026, 12, 1, 0, 0, tzinfo=KYIV))
    # Another hromada's bot and its chat, new in November too: not this hromada's users.
    other = HromadaFactory()
    other_bot = bot_config_save(hromada=other, by=None, username="verbivka_bot", token=TOKEN)
    chat("5", dt.datetime(2026, 11, 15, 12, 0, tzinfo=KYIV), hromada=other, bot=other_bot)
    [new_users] = [h for h in headlines() if h.key == "bot.new_users"]

    start, end = dt.datetime(2026, 11, 1, tzinfo=KYIV), dt.datetime(2026, 12, 1, tzinfo=KYIV)
    november = new_users.compute(hromada=hromada, start=start, end=end)

    assert november == 2.0
    assert new_users.url_name == "bot:index" and new_users.public

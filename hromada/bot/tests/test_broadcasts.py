"""Announcements to subscribers: who gets them, throttled sending, progress, blocked users removed, and
the list on the web."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.bot.actions import broadcast_send, outgoing_send_due
from hromada.bot.models import Broadcast, Chat
from tests.factories import DistrictFactory, make_official

from . import shapes

pytestmark = pytest.mark.django_db


def test_a_resident_subscribes_to_their_district_and_gets_its_announcements(talk, standin, hromada):
    district = DistrictFactory(hromada=hromada)
    other = DistrictFactory(hromada=hromada)
    talk(shapes.callback(5001, "m:subscribe"))
    talk(shapes.callback(5001, f"t:{district.pk}"))
    talk(shapes.callback(5002, "m:subscribe"))
    talk(shapes.callback(5002, f"t:{other.pk}"))

    broadcast_send(
        bot=talk.bot, by=make_official(hromada), text="Вимкнення води завтра 9–12", district=district
    )
    talk.deliver()

    assert "Вимкнення води завтра 9–12" in standin.texts(5001)
    assert "Вимкнення води завтра 9–12" not in standin.texts(5002)
    assert Broadcast.objects.get().status == "done"


def test_a_broadcast_to_many_is_throttled_shows_progress_and_drops_blocked_users(
    telegram_bot, standin, hromada, clock
):
    for n in range(75):
        Chat.objects.create(hromada=hromada, bot=telegram_bot, external_id=str(6000 + n), topics=["all"])
    standin.blocked.add(6003)

    broadcast = broadcast_send(
        bot=telegram_bot, by=make_official(hromada), text="Повітряна тривога скасована"
    )
    progress = []
    for _ in range(5):
        outgoing_send_due(bot=telegram_bot)
        broadcast.refresh_from_db()
        progress.append((broadcast.sent, broadcast.failed))
        clock.advance(dt.timedelta(seconds=1.01))

    assert broadcast.total == 75
    assert progress[0] == (29, 1) and progress[1] == (59, 1) and progress[2] == (74, 1)
    assert broadcast.status == "done"
    assert Chat.objects.get(external_id="6003").is_blocked


def test_the_announcements_are_shown_on_the_web(client, telegram_bot, hromada):
    broadcast_send(bot=telegram_bot, by=make_official(hromada), text="Ремонт дороги на Шевченка")

    page = client.get("/bot/")

    assert "Ремонт дороги на Шевченка" in page.content.decode()


def test_the_stop_command_unsubscribes(talk, hromada):
    talk(shapes.callback(5003, "m:subscribe"))
    talk(shapes.callback(5003, "t:all"))
    talk(shapes.text(5003, "/stop"))

    broadcast = broadcast_send(bot=talk.bot, by=make_official(hromada), text="Тест")

    assert broadcast.total == 0

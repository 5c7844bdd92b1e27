"""Linking a chat to an account with the cabinet's one-time deep link, and unlinking from either side."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.bot.actions import chat_link, chat_unlink, link_code_create
from hromada.bot.models import Chat, LinkCode
from hromada.core.errors import ApplicationError

from . import shapes

pytestmark = pytest.mark.django_db

CHAT = 7001


def test_the_cabinet_link_page_gives_a_one_time_deep_link(resident_client, telegram_bot):
    page = resident_client.post("/bot/link/")

    assert page.status_code == 200
    assert "https://t.me/svitlo_bot?start=" in page.content.decode()
    assert LinkCode.objects.filter(used_at__isnull=True).count() == 1


def test_start_with_the_code_links_the_chat_and_the_code_works_once(talk, resident, hromada):
    code = link_code_create(hromada=hromada, person=resident)

    answer = talk(shapes.text(CHAT, f"/start {code}"))
    again = talk(shapes.text(CHAT + 1, f"/start {code}"))

    assert any("прив'язано" in t for t in answer)
    assert Chat.objects.get(external_id=str(CHAT)).person == resident
    assert Chat.objects.get(external_id=str(CHAT + 1)).person is None
    assert any("застаріло" in t for t in again)


def test_an_expired_code_does_not_link(telegram_bot, resident, hromada, clock):
    code = link_code_create(hromada=hromada, person=resident)
    chat = Chat.objects.create(hromada=hromada, bot=telegram_bot, external_id="7100")
    clock.advance(dt.timedelta(minutes=16))

    with pytest.raises(ApplicationError):
        chat_link(chat=chat, code=code)

    chat.refresh_from_db()
    assert chat.person is None


def test_a_new_code_makes_the_earlier_one_useless(telegram_bot, resident, hromada):
    first = link_code_create(hromada=hromada, person=resident)
    link_code_create(hromada=hromada, person=resident)
    chat = Chat.objects.create(hromada=hromada, bot=telegram_bot, external_id="7101")

    with pytest.raises(ApplicationError):
        chat_link(chat=chat, code=first)


def test_unlink_from_the_bot_and_from_the_cabinet(talk, resident, resident_client, hromada):
    talk(shapes.text(CHAT, f"/start {link_code_create(hromada=hromada, person=resident)}"))

    talk(shapes.text(CHAT, "/unlink"))
    assert Chat.objects.get(external_id=str(CHAT)).person is None

    talk(shapes.text(CHAT, f"/start {link_code_create(hromada=hromada, person=resident)}"))
    response = resident_client.post("/bot/link/unlink/")
    assert response.status_code == 302
    assert Chat.objects.get(external_id=str(CHAT)).person is None
    assert chat_unlink(person=resident, hromada=hromada) == 0


def test_a_linked_resident_sees_their_applications_and_anonymous_is_asked_to_link(talk, resident, hromada):
    anonymous = talk(shapes.callback(CHAT, "m:apps"))
    assert any("прив'язаним" in t for t in anonymous)

    talk(shapes.text(CHAT, f"/start {link_code_create(hromada=hromada, person=resident)}"))
    linked = talk(shapes.callback(CHAT, "m:apps"))

    assert any("ще немає заяв" in t for t in linked)


def test_a_linked_resident_can_plus_one_a_nearby_report(talk, resident, hromada):
    from hromada.opencity.tests.factories import INSIDE, make_city, make_report

    city = make_city(hromada)
    existing = make_report(hromada, city["category"])
    talk(shapes.text(CHAT, f"/start {link_code_create(hromada=hromada, person=resident)}"))

    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    talk(shapes.callback(CHAT, "r:pothole"))
    talk(shapes.callback(CHAT, f"n:{existing.pk}"))

    assert existing.supports.filter(person=resident).count() == 1

"""The platform's own notifications pushed to the recipient's linked chat through the throttled queue."""

from __future__ import annotations

import pytest

from hromada.bot.actions import chat_link, link_code_create, notifications_push, watches_check
from hromada.bot.models import Chat, Outgoing
from hromada.core.actions import notification_send
from hromada.opencity.actions import report_transition
from hromada.opencity.models import Report
from hromada.opencity.tests.factories import INSIDE, make_city, member_of

from . import shapes

pytestmark = pytest.mark.django_db

CHAT = 8101
PARAMS = {"number": 7, "status": "accepted", "category": "Яма", "text": ""}


def _linked(talk, person, hromada, chat_id=CHAT):
    talk(shapes.text(chat_id, "/menu"))
    chat = Chat.objects.get(external_id=str(chat_id))
    chat_link(chat=chat, code=link_code_create(hromada=hromada, person=person))
    return chat


def test_a_notification_reaches_the_linked_chat_in_its_language_with_a_link(
    talk, standin, resident, hromada, django_capture_on_commit_callbacks
):
    _linked(talk, resident, hromada)

    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            hromada=hromada, recipient=resident, kind="opencity.status", params=PARAMS, url="/city/reports/7/"
        )
    talk.deliver()

    pushed = standin.sent("sendMessage", CHAT)[-1]
    assert pushed["text"].startswith("Звернення №7: ")
    assert pushed["reply_markup"]["inline_keyboard"][0][0]["url"].endswith("/city/reports/7/")


def test_no_push_to_a_blocked_unlinked_or_other_persons_chat(
    talk, standin, resident, hromada, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    other = UserFactory(hromada=hromada)
    chat = _linked(talk, resident, hromada)
    Chat.objects.filter(pk=chat.pk).update(is_blocked=True)
    before = Outgoing.objects.count()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification_send(hromada=hromada, recipient=resident, kind="opencity.status", params=PARAMS)
        notification_send(hromada=hromada, recipient=other, kind="opencity.status", params=PARAMS)

    assert callbacks
    assert Outgoing.objects.count() == before
    # The same notification reaches the chat once it is unblocked: the channel did run above.
    Chat.objects.filter(pk=chat.pk).update(is_blocked=False)
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(hromada=hromada, recipient=resident, kind="opencity.status", params=PARAMS)
    assert Outgoing.objects.count() == before + 1


def test_a_linked_reporter_gets_each_status_change_once(
    talk, standin, resident, hromada, django_capture_on_commit_callbacks
):
    city = make_city(hromada)
    _linked(talk, resident, hromada)
    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    talk(shapes.callback(CHAT, "r:pothole"))
    talk(shapes.callback(CHAT, "p:skip"))
    talk(shapes.text(CHAT, "Зламана лава"))
    talk(shapes.callback(CHAT, "f:yes"))
    report = Report.objects.get()
    assert report.reporter == resident and report.channel == "telegram"
    before = len(standin.texts(CHAT))

    with django_capture_on_commit_callbacks(execute=True):
        report_transition(report=report, by=member_of(city["roads"]), target="accepted")
    watches_check()
    talk.deliver()

    new = standin.texts(CHAT)[before:]
    assert len([t for t in new if f"{report.pk}" in t]) == 1, new


def test_is_it_fixed_is_asked_in_the_chat_and_no_reopens_the_report(talk, standin, resident, hromada):
    city = make_city(hromada)
    _linked(talk, resident, hromada)
    talk(shapes.callback(CHAT, "m:report"))
    talk(shapes.location(CHAT, *INSIDE))
    talk(shapes.callback(CHAT, "r:pothole"))
    talk(shapes.callback(CHAT, "p:skip"))
    talk(shapes.text(CHAT, "Не працює світлофор"))
    talk(shapes.callback(CHAT, "f:yes"))
    report = Report.objects.get()
    staff = member_of(city["roads"])
    report_transition(report=report, by=staff, target="accepted")
    report_transition(report=report, by=staff, target="fixed")

    watches_check()
    talk.deliver()
    asked = talk.buttons(CHAT)
    answer = talk(shapes.callback(CHAT, f"x:{report.pk}:n"))

    assert [b["callback_data"] for b in asked] == [f"x:{report.pk}:y", f"x:{report.pk}:n"]
    report.refresh_from_db()
    assert report.status == "reopened" and report.reporter_verdict == "disputed"
    assert any("знову відкрито" in t or f"№{report.pk}" in t or f"#{report.pk}" in t for t in answer), answer


def test_is_it_fixed_yes_confirms_and_an_anonymous_chat_is_sent_to_link(talk, standin, resident, hromada):
    city = make_city(hromada)
    _linked(talk, resident, hromada)
    for step in (
        shapes.callback(CHAT, "m:report"),
        shapes.location(CHAT, *INSIDE),
        shapes.callback(CHAT, "r:pothole"),
        shapes.callback(CHAT, "p:skip"),
        shapes.text(CHAT, "Яма"),
        shapes.callback(CHAT, "f:yes"),
    ):
        talk(step)
    report = Report.objects.get()
    staff = member_of(city["roads"])
    report_transition(report=report, by=staff, target="accepted")
    report_transition(report=report, by=staff, target="fixed")

    stranger = talk(shapes.callback(CHAT + 1, f"x:{report.pk}:y"))
    talk(shapes.callback(CHAT, f"x:{report.pk}:y"))

    assert stranger and any("/bot/link/" in str(b.get("url")) for b in talk.buttons(CHAT + 1))
    report.refresh_from_db()
    assert report.status == "fixed" and report.reporter_verdict == "confirmed"


def test_notifications_push_queues_one_message_per_linked_chat_and_none_for_others(talk, resident, hromada):
    from tests.factories import UserFactory

    chat = _linked(talk, resident, hromada)
    mine = notification_send(hromada=hromada, recipient=resident, kind="opencity.status", params=PARAMS)
    theirs = notification_send(
        hromada=hromada, recipient=UserFactory(hromada=hromada), kind="opencity.status", params=PARAMS
    )
    before = Outgoing.objects.filter(chat=chat).count()

    queued = notifications_push(hromada=hromada, notifications=[mine, theirs])

    assert queued == 1
    assert Outgoing.objects.filter(chat=chat).count() == before + 1


def _watched_reports(hromada, bot, city, count, start):
    """``count`` reports, each watched by its own chat: half by an anonymous chat, half by the linked
    chat of a person who supported it (the open city's notification tells that one instead)."""
    from hromada.bot.models import Watch
    from hromada.opencity.actions import report_support
    from hromada.opencity.tests.factories import make_report
    from tests.factories import UserFactory

    for index in range(count):
        report = make_report(hromada, city["category"])
        person = None
        if index % 2:
            person = UserFactory(hromada=hromada)
            report_support(report=report, person=person)
        chat = Chat.objects.create(hromada=hromada, bot=bot, external_id=str(start + index), person=person)
        Watch.objects.create(hromada=hromada, chat=chat, kind="report", ref_id=report.pk, last_state="")


def test_checking_report_watches_costs_the_same_queries_for_two_watches_as_for_eight(telegram_bot, hromada):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = make_city(hromada)
    _watched_reports(hromada, telegram_bot, city, 2, start=9000)
    with CaptureQueriesContext(connection) as few:
        pushed_few = watches_check()
    _watched_reports(hromada, telegram_bot, city, 8, start=9100)
    with CaptureQueriesContext(connection) as many:
        pushed_many = watches_check()

    # Each watched report's status differs from the one the chat was told: the anonymous chats are
    # pushed, the supporters' linked chats are not (their notification tells them).
    assert (pushed_few, pushed_many) == (1, 4)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def _watched_tickets(hromada, bot, tickets, start):
    from hromada.bot.models import Watch

    for index, ticket in enumerate(tickets):
        chat = Chat.objects.create(hromada=hromada, bot=bot, external_id=str(start + index))
        Watch.objects.create(
            hromada=hromada, chat=chat, kind="ticket", ref_id=ticket.pk, last_state="waiting"
        )


def test_checking_ticket_watches_costs_the_same_queries_for_two_watches_as_for_ten(telegram_bot, hromada):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hromada.cnapqueue.tests.factories import make_office, make_service, take

    office, other = make_office(hromada, notify_ahead=1), make_office(hromada, notify_ahead=1)
    passport, certificate, abroad = (
        make_service(office),
        make_service(office, "Довідка", "Б"),
        make_service(other),
    )
    line = [take(office, passport) for _ in range(6)]
    line += [take(office, certificate) for _ in range(2)] + [take(other, abroad) for _ in range(2)]
    _watched_tickets(hromada, telegram_bot, [line[1], line[5]], start=9200)  # 1 and 5 people ahead
    with CaptureQueriesContext(connection) as few:
        pushed_few = watches_check()
    _watched_tickets(hromada, telegram_bot, [line[0], *line[2:5], *line[6:]], start=9300)
    with CaptureQueriesContext(connection) as many:
        pushed_many = watches_check()

    # "Few ahead" once each: the second tickets of the passport line (1 ahead) in the first check; in
    # the second, the first of every line (0 ahead) and the second of the two short lines (1 ahead).
    assert (pushed_few, pushed_many) == (1, 5)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_people_ahead_of_followed_tickets_are_those_of_the_tickets_place(hromada, clock):
    import datetime as dt

    from hromada.cnapqueue.selectors import ticket_place, tickets_followed
    from hromada.cnapqueue.tests.factories import make_office, make_service, take

    # Noon of a working day: the 18 minutes below never cross the office's closing at 23:59.
    clock.set(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC))
    office = make_office(hromada)
    passport, certificate = make_service(office), make_service(office, "Довідка", "Б")
    tickets = []
    for category in ("regular", "regular", "elderly", "regular", "military", "regular"):
        tickets.append(take(office, passport, category=category))
        tickets.append(take(office, certificate, category=category))
        clock.advance(dt.timedelta(minutes=3))

    followed = tickets_followed(ticket_ids=[t.pk for t in tickets])

    assert {pk: ahead for pk, (_ticket, ahead) in followed.items()} == {
        t.pk: ticket_place(ticket=t).ahead for t in tickets
    }
    assert sorted(ahead for _t, ahead in followed.values()) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]

"""Booking a ЦНАП visit in the chat, end to end: Updates in the documented shapes through the real webhook,
answers as the stand-in Bot API recorded them, and the booking the queue's own actions wrote — the same
row as the web page's — with its reminders reaching the linked chat once each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hromada.bot.actions import chat_link, link_code_create, updates_process_pending
from hromada.bot.models import Chat
from hromada.cnapqueue import actions as queue_actions
from hromada.cnapqueue import selectors as queue_selectors
from hromada.cnapqueue.models import Booking, Channel
from hromada.cnapqueue.tests.factories import make_desk, make_office, make_service
from hromada.ledger.models import PendingEntry
from tests.factories import UserFactory

from . import shapes

pytestmark = pytest.mark.django_db

CHAT = 7400
SUNDAY_NOON_IN_KYIV = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
MONDAY, TUESDAY, WEDNESDAY = dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.date(2026, 12, 9)
HOURS = {"mon": [["09:00", "11:00"]], "tue": [["09:00", "10:00"]], "wed": [["09:00", "18:00"]]}


@pytest.fixture
def office(hromada, clock):
    clock.set(SUNDAY_NOON_IN_KYIV)
    return make_office(hromada, hours=HOURS)


@pytest.fixture
def service(office):
    service = make_service(office)
    make_desk(office, [service])
    return service


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


@pytest.fixture(autouse=True)
def _quick_send_task(monkeypatch):
    """The ``bot_send`` task a push enqueues (run at once by the tests' task backend) would send for 20 s
    on the stopped clock; the tests send with ``talk.deliver()`` instead."""
    monkeypatch.setattr("hromada.bot.tasks.SEND_SECONDS", 0.0)


def _link(talk, person, hromada, chat_id=CHAT, language="uk"):
    talk(shapes.text(chat_id, "/menu", language=language))
    chat = Chat.objects.get(external_id=str(chat_id))
    chat_link(chat=chat, code=link_code_create(hromada=hromada, person=person))
    return chat


def _at(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _time(talk, day, hour, minute=0):
    return next(
        b["callback_data"]
        for b in talk.buttons(CHAT)
        if b.get("callback_data", "").endswith(f":{int(_at(day, hour, minute).timestamp())}")
    )


def _book(talk, service, day, hour, minute=0):
    talk(shapes.callback(CHAT, "m:book"))
    talk(shapes.callback(CHAT, f"bs:s:{service.pk}"))
    talk(shapes.callback(CHAT, f"bd:d:{day.isoformat()}"))
    talk(shapes.callback(CHAT, _time(talk, day, hour, minute)))
    return talk(shapes.callback(CHAT, "bc:y"))


def test_a_linked_resident_books_a_visit_with_the_webs_actions_and_gets_the_check_in_code(
    talk, standin, hromada, office, service
):
    resident = UserFactory(hromada=hromada)
    _link(talk, resident, hromada)

    services = "\n".join(talk(shapes.callback(CHAT, "m:book")))
    service_buttons = [b["callback_data"] for b in talk.buttons(CHAT)]
    days = "\n".join(talk(shapes.callback(CHAT, f"bs:s:{service.pk}")))
    day_buttons = [b["text"] for b in talk.buttons(CHAT)]
    times = "\n".join(talk(shapes.callback(CHAT, f"bd:d:{MONDAY.isoformat()}")))
    time_buttons = [b["text"] for b in talk.buttons(CHAT)]
    summary = "\n".join(talk(shapes.callback(CHAT, _time(talk, MONDAY, 9, 30))))
    answer = "\n".join(talk(shapes.callback(CHAT, "bc:y")))

    assert "На яку послугу записатися?" in services
    assert service_buttons == [f"bs:s:{service.pk}", "bk:l"]  # one office: its services at once
    assert "Паспорт. На який день?" in days
    # Only the days with free slots (Monday, Tuesday, Wednesday each week), Ukrainian plural forms.
    assert day_buttons[:3] == [
        "Пн 07.12 · 8 вільних місць",
        "Вт 08.12 · 4 вільні місця",
        "Ср 09.12 · 36 вільних місць",
    ]
    assert "Чт 10.12" not in " ".join(day_buttons)
    assert "Пн 07.12: 8 вільних місць." in times
    assert time_buttons[:8] == ["09:00", "09:15", "09:30", "09:45", "10:00", "10:15", "10:30", "10:45"]
    assert "Пн 07.12.2026 09:30" in summary
    booking = Booking.objects.get()
    assert (booking.person, booking.service, booking.status) == (resident, service, Booking.Status.CONFIRMED)
    assert booking.starts_at == _at(MONDAY, 9, 30)
    assert f"Код для реєстрації: {booking.code}" in answer
    assert "не пізніше ніж через 2 хвилини" in answer
    assert any(
        url.endswith(f"/queue/bookings/{booking.pk}/")
        for url in [b.get("url", "") for b in talk.buttons(CHAT)]
    )
    assert PendingEntry.objects.filter(kind="cnapqueue.booking.confirmed").count() == 1
    # The same row as the web page writes (hold, then confirm).
    other = UserFactory(hromada=hromada)
    web = Client()
    web.force_login(other)
    held = web.post(
        f"/queue/{office.pk}/book/", {"service": service.pk, "starts_at": _at(MONDAY, 10).isoformat()}
    )
    assert held.status_code == 302
    from_web = Booking.objects.get(person=other)
    assert web.post(f"/queue/bookings/{from_web.pk}/", {"do": "confirm"}).status_code == 302
    from_web.refresh_from_db()
    fields = ["hromada_id", "office_id", "service_id", "status", "booked_by_id", "stop_id", "hold_expires_at"]
    assert [getattr(booking, f) for f in fields] == [getattr(from_web, f) for f in fields]
    assert (booking.channel, from_web.channel) == (Channel.TELEGRAM, Channel.WEB)  # where each was made


def test_the_booked_notification_is_not_pushed_again_to_the_chat_that_booked_but_a_web_booking_is(
    talk, standin, hromada, office, service, django_capture_on_commit_callbacks
):
    resident = UserFactory(hromada=hromada)
    _link(talk, resident, hromada)
    pushed = "Коли прийдете, зареєструйтеся в кіоску з кодом"  # the queue's "booked" notification

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _book(talk, service, MONDAY, 9, 30)
    talk.deliver()
    assert callbacks and Booking.objects.get().status == Booking.Status.CONFIRMED
    assert not any(pushed in t for t in standin.texts(CHAT))

    other = make_service(office, name="Довідка", prefix="Б")
    make_desk(office, [other], number=2)
    web = Client()
    web.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        web.post(f"/queue/{office.pk}/book/", {"service": other.pk, "starts_at": _at(MONDAY, 10).isoformat()})
        held = Booking.objects.get(service=other)
        assert web.post(f"/queue/bookings/{held.pk}/", {"do": "confirm"}).status_code == 302
    talk.deliver()
    assert sum(pushed in t for t in standin.texts(CHAT)) == 1


def test_an_anonymous_chat_is_sent_to_link_its_account(talk, standin, hromada, service):
    answer = "\n".join(talk(shapes.callback(CHAT, "m:book")))

    assert "прив’язаний" in answer or "прив'язаний" in answer or "/bot/link/" in str(talk.buttons(CHAT))
    assert any(b.get("url", "").endswith("/bot/link/") for b in talk.buttons(CHAT))
    assert not Booking.objects.exists()


def test_a_time_taken_meanwhile_is_refused_in_the_actions_words_and_the_times_are_shown_again(
    talk, hromada, service
):
    _link(talk, UserFactory(hromada=hromada), hromada)
    talk(shapes.callback(CHAT, "m:book"))
    talk(shapes.callback(CHAT, f"bs:s:{service.pk}"))
    talk(shapes.callback(CHAT, f"bd:d:{MONDAY.isoformat()}"))
    talk(shapes.callback(CHAT, _time(talk, MONDAY, 9, 30)))
    queue_actions.booking_hold(
        service=service, starts_at=_at(MONDAY, 9, 30), person=UserFactory(hromada=hromada)
    )

    answer = talk(shapes.callback(CHAT, "bc:y"))

    assert answer[0] == "Цей час уже зайнятий."
    assert "Пн 07.12: 7 вільних місць." in answer[1]
    assert "09:30" not in [b["text"] for b in talk.buttons(CHAT)]
    assert Booking.objects.count() == 1
    assert Chat.objects.get(external_id=str(CHAT)).state == "booking.time"


def test_a_second_booking_of_the_same_service_is_refused_in_the_actions_words(talk, hromada, service):
    _link(talk, UserFactory(hromada=hromada), hromada)
    _book(talk, service, MONDAY, 9)

    answer = _book(talk, service, TUESDAY, 9)

    assert answer[0].startswith("У вас уже є запис на цю послугу")
    assert Booking.objects.count() == 1


def test_the_resident_lists_and_cancels_a_booking_from_the_chat(talk, hromada, service):
    _link(talk, UserFactory(hromada=hromada), hromada)
    _book(talk, service, MONDAY, 9, 30)
    booking = Booking.objects.get()

    listing = "\n".join(talk(shapes.text(CHAT, "/bookings")))
    asked = "\n".join(talk(shapes.callback(CHAT, f"bk:x:{booking.pk}")))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED  # asked first, nothing cancelled yet
    cancelled = "\n".join(talk(shapes.callback(CHAT, f"bk:y:{booking.pk}")))
    again = talk(shapes.callback(CHAT, f"bk:y:{booking.pk}"))  # the old button pressed once more

    assert "Пн 07.12.2026 09:30 — Паспорт" in listing and booking.code in listing
    assert "Скасувати ваш візит: Паспорт, Пн 07.12.2026 09:30?" in asked
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert "Запис скасовано" in cancelled and "У вас немає активних записів." in cancelled
    assert again[0] == "Цей запис не активний."
    assert len(queue_selectors.slots_for(service=service, day=MONDAY)) == 8


def test_another_persons_booking_cannot_be_cancelled_from_the_chat(talk, hromada, service):
    theirs = queue_actions.booking_hold(
        service=service, starts_at=_at(MONDAY, 10), person=UserFactory(hromada=hromada)
    )
    _link(talk, UserFactory(hromada=hromada), hromada)

    talk(shapes.callback(CHAT, f"bk:x:{theirs.pk}"))
    answer = talk(shapes.callback(CHAT, f"bk:y:{theirs.pk}"))

    assert answer[0] == "Це не ваш запис."
    theirs.refresh_from_db()
    assert theirs.status == Booking.Status.HELD


def test_the_reminders_reach_the_linked_chat_once_each(
    talk, standin, hromada, service, clock, django_capture_on_commit_callbacks
):
    _link(talk, UserFactory(hromada=hromada), hromada)
    _book(talk, service, TUESDAY, 9, 30)

    def tick_twice():
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                queue_actions.queue_tick()
        talk.deliver()

    tick_twice()  # Sunday noon: more than a day ahead, nothing yet
    clock.set(_at(MONDAY, 10))
    tick_twice()
    clock.set(_at(TUESDAY, 8, 45))
    tick_twice()

    texts = standin.texts(CHAT)
    assert sum(t.startswith("Завтра: ваш візит до ЦНАП, 08.12.2026 09:30") for t in texts) == 1
    assert sum(t.startswith("За годину: ваш візит до ЦНАП, 08.12.2026 09:30") for t in texts) == 1
    assert texts.index(next(t for t in texts if t.startswith("Завтра"))) < texts.index(
        next(t for t in texts if t.startswith("За годину"))
    )


def test_the_times_are_paged_and_their_query_count_does_not_grow_with_the_slots(talk, hromada, service):
    _link(talk, UserFactory(hromada=hromada), hromada)
    talk(shapes.callback(CHAT, "m:book"))
    talk(shapes.callback(CHAT, f"bs:s:{service.pk}"))

    def queries_for_day(day):
        talk.post(shapes.callback(CHAT, f"bd:d:{day.isoformat()}"))
        with CaptureQueriesContext(connection) as captured:
            updates_process_pending(bot=talk.bot)
        talk.deliver()
        talk.post(shapes.callback(CHAT, "bt:d"))  # back to the days
        talk.run()
        return len(captured)

    few = queries_for_day(TUESDAY)  # 4 slots
    many = queries_for_day(WEDNESDAY)  # 36 slots
    assert few == many

    talk(shapes.callback(CHAT, f"bd:d:{WEDNESDAY.isoformat()}"))
    first = [b["callback_data"] for b in talk.buttons(CHAT)]
    second_page = "\n".join(talk(shapes.callback(CHAT, "bt:p:1")))
    second = [b["text"] for b in talk.buttons(CHAT)]
    assert len([d for d in first if d.startswith("bt:t:")]) == 24 and "bt:p:1" in first
    assert "Ср 09.12: 36 вільних місць." in second_page
    assert second[:12] == [f"{h:02d}:{m:02d}" for h in (15, 16, 17) for m in (0, 15, 30, 45)]


def test_the_day_list_agrees_with_the_slots_of_each_day_in_a_fixed_number_of_queries(
    hromada, office, service
):
    from hromada.cnapqueue.models import Closure

    Closure.objects.create(hromada=hromada, office=office, date=dt.date(2026, 12, 14))
    queue_actions.booking_hold(
        service=service, starts_at=_at(TUESDAY, 9), person=UserFactory(hromada=hromada)
    )
    service = queue_selectors.service_get(office=office, service_id=service.pk)

    with CaptureQueriesContext(connection) as four_weeks:
        days = queue_selectors.booking_days(service=service)
    office.booking_weeks = 12
    office.save(update_fields=["booking_weeks"])
    service = queue_selectors.service_get(office=office, service_id=service.pk)
    with CaptureQueriesContext(connection) as twelve_weeks:
        longer = queue_selectors.booking_days(service=service)

    expected = []
    day = today = MONDAY - dt.timedelta(days=1)
    while day <= today + dt.timedelta(weeks=4):  # the first horizon, read day by day
        free = queue_selectors.slots_for(service=service, day=day)
        if free:
            expected.append((day, len(free)))
        day += dt.timedelta(days=1)
    assert days == expected
    assert (TUESDAY, 3) in days and dt.date(2026, 12, 14) not in [d for d, _n in days]
    assert len(longer) > len(days)
    assert len(four_weeks) == len(twelve_weeks)


def test_the_day_list_of_a_mobile_office_follows_its_stops(hromada, clock):
    from hromada.cnapqueue.models import MobileStop

    clock.set(SUNDAY_NOON_IN_KYIV)
    van = make_office(hromada, hours={}, is_mobile=True)
    service = make_service(van)
    make_desk(van, [service])
    for day, starts, ends in ((MONDAY, 10, 11), (MONDAY, 13, 14), (dt.date(2026, 12, 16), 9, 10)):
        queue_actions.mobile_stop_save(
            stop=MobileStop(office=van, place="с. Ясне", date=day, starts=dt.time(starts), ends=dt.time(ends))
        )

    days = queue_selectors.booking_days(service=service)

    assert days == [(MONDAY, 8), (dt.date(2026, 12, 16), 4)]
    assert [len(queue_selectors.slots_for(service=service, day=d)) for d, _n in days] == [8, 4]


def test_a_booking_at_a_mobile_office_names_the_stops_place(talk, hromada, clock):
    from hromada.cnapqueue.models import MobileStop

    clock.set(SUNDAY_NOON_IN_KYIV)
    van = make_office(hromada, hours={}, is_mobile=True)
    service = make_service(van)
    make_desk(van, [service])
    queue_actions.mobile_stop_save(
        stop=MobileStop(office=van, place="с. Ясне", date=MONDAY, starts=dt.time(10), ends=dt.time(11))
    )
    _link(talk, UserFactory(hromada=hromada), hromada)

    answer = "\n".join(_book(talk, service, MONDAY, 10, 15))

    assert Booking.objects.get().stop.place == "с. Ясне"
    assert "(с. Ясне), Пн 07.12.2026 10:15." in answer


def test_with_several_offices_the_office_is_asked_first_in_the_chats_language(talk, hromada, office, service):
    second = make_office(hromada, hours=HOURS)
    make_desk(second, [make_service(second, "Довідка", "Б")])
    walk_in_only = make_office(hromada, hours=HOURS)
    unbookable = make_service(walk_in_only, "Консультація", "В")
    unbookable.bookable = False
    queue_actions.service_save(service=unbookable)
    _link(talk, UserFactory(hromada=hromada), hromada, language="en")

    asked = talk(shapes.callback(CHAT, "m:book", language="en"))
    offices = [b["callback_data"] for b in talk.buttons(CHAT)]
    services = talk(shapes.callback(CHAT, f"bo:o:{office.pk}", language="en"))
    offered = [b["callback_data"] for b in talk.buttons(CHAT)]
    days = talk(shapes.callback(CHAT, f"bs:s:{service.pk}", language="en"))

    assert asked == ["Book a visit to which office?"]
    assert (
        sorted(offices[:-1]) == sorted([f"bo:o:{office.pk}", f"bo:o:{second.pk}"]) and offices[-1] == "bk:l"
    )
    assert services[0].endswith("Which service do you want to book?")
    assert offered == [f"bs:s:{service.pk}", "bs:o", "bk:l"]
    assert days[0] == "Паспорт. Which day? Only days with free times are shown."
    assert talk.buttons(CHAT)[0]["text"] == "Mon 07.12 · 8 free slots"


def test_a_booking_is_moved_from_the_chat_with_the_queues_reschedule(
    talk, standin, hromada, office, service, django_capture_on_commit_callbacks
):
    resident = UserFactory(hromada=hromada)
    _link(talk, resident, hromada)
    with django_capture_on_commit_callbacks(execute=True):
        _book(talk, service, MONDAY, 9, 30)
    old = Booking.objects.get()

    listed = "\n".join(talk(shapes.callback(CHAT, "bk:l")))
    moves = [b["callback_data"] for b in talk.buttons(CHAT) if b.get("callback_data", "").startswith("bk:m:")]
    days = "\n".join(talk(shapes.callback(CHAT, f"bk:m:{old.pk}")))
    day_buttons = [b["callback_data"] for b in talk.buttons(CHAT)]
    talk(shapes.callback(CHAT, f"bd:d:{WEDNESDAY.isoformat()}"))
    summary = "\n".join(talk(shapes.callback(CHAT, _time(talk, WEDNESDAY, 10, 0))))
    with django_capture_on_commit_callbacks(execute=True):
        answer = "\n".join(talk(shapes.callback(CHAT, "bc:y")))
    talk.deliver()

    old.refresh_from_db()
    new = Booking.objects.exclude(pk=old.pk).get()
    assert moves == [f"bk:m:{old.pk}"] and old.code in listed
    assert "Переносимо ваш візит: Паспорт." in days and "bd:s" not in day_buttons  # the same service
    assert "Перенести візит на цей час?" in summary
    assert old.status == Booking.Status.CANCELLED
    assert (new.status, new.starts_at) == (Booking.Status.CONFIRMED, _at(WEDNESDAY, 10))
    assert new.channel == Channel.TELEGRAM
    assert "Ваш візит перенесено: Паспорт" in answer and f"Код для реєстрації: {new.code}" in answer
    # The queue's "booked" notification of the moved booking is not pushed back to the chat that moved it.
    assert not any("Коли прийдете, зареєструйтеся в кіоску з кодом" in t for t in standin.texts(CHAT))


def test_another_persons_booking_cannot_be_moved_from_a_chat(talk, hromada, office, service):
    _link(talk, UserFactory(hromada=hromada), hromada)
    theirs = queue_actions.booking_confirm(
        booking=queue_actions.booking_hold(
            service=service, starts_at=_at(MONDAY, 10), person=(other := UserFactory(hromada=hromada))
        ),
        actor=other,
    )

    answer = "\n".join(talk(shapes.callback(CHAT, f"bk:m:{theirs.pk}")))

    assert "Ця кнопка вже не діє." in answer
    assert Booking.objects.get().starts_at == _at(MONDAY, 10)


def test_a_full_days_waitlist_is_joined_and_left_from_the_chat(talk, hromada, office, service):
    from hromada.cnapqueue.models import WaitlistEntry

    for minute in (0, 15, 30, 45):  # Tuesday's four times are all taken
        queue_actions.booking_hold(
            service=service, starts_at=_at(TUESDAY, 9, minute), person=UserFactory(hromada=hromada)
        )
    resident = UserFactory(hromada=hromada)
    _link(talk, resident, hromada)
    talk(shapes.callback(CHAT, "m:book"))
    talk(shapes.callback(CHAT, f"bs:s:{service.pk}"))
    day_texts = [b["text"] for b in talk.buttons(CHAT)]

    full = "\n".join(talk(shapes.callback(CHAT, "bd:w")))
    full_days = [b["callback_data"] for b in talk.buttons(CHAT)]
    joined = "\n".join(talk(shapes.callback(CHAT, f"bw:d:{TUESDAY.isoformat()}")))
    entry = WaitlistEntry.objects.get()
    mine = "\n".join(talk(shapes.callback(CHAT, "bk:l")))
    left = "\n".join(talk(shapes.callback(CHAT, f"bk:w:{entry.pk}")))

    assert (
        not any(t.startswith("Вт 08.12") for t in day_texts)
        and "⏳ Повний день: записатися до списку очікування" in day_texts
    )
    assert "повністю заброньовані" in full and full_days[0] == f"bw:d:{TUESDAY.isoformat()}"
    assert f"bw:d:{MONDAY.isoformat()}" not in full_days  # Monday has free times
    assert (entry.person, entry.service, entry.day) == (resident, service, TUESDAY)
    assert "Ви у списку очікування: Паспорт, Вт 08.12." in joined and "30 хвилин" in joined
    assert "Чекаєте на місце:" in mine and "Вт 08.12 — Паспорт" in mine
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.CANCELLED
    assert "Ви більше не чекаєте на місце: Паспорт, Вт 08.12." in left


# ------------------------------------------------------------------------ a waitlist's offer in the chat


def _full_tuesday(hromada, service):
    """Tuesday's four times booked by others; returns their bookings."""
    taken = []
    for minute in (0, 15, 30, 45):
        person = UserFactory(hromada=hromada)
        held = queue_actions.booking_hold(service=service, starts_at=_at(TUESDAY, 9, minute), person=person)
        taken.append(queue_actions.booking_confirm(booking=held, actor=person))
    return taken


def _offered(talk, hromada, service, resident, capture, *others):
    """The resident (and ``others`` after them) wait for Tuesday; a cancelled booking frees 09:15, the
    queue offers it to the resident and the offer is pushed to the linked chat."""
    from hromada.cnapqueue.models import WaitlistEntry

    taken = _full_tuesday(hromada, service)
    _link(talk, resident, hromada)
    entry = queue_actions.waitlist_join(service=service, day=TUESDAY, person=resident)
    for other in others:
        queue_actions.waitlist_join(service=service, day=TUESDAY, person=other)
    with capture(execute=True):
        queue_actions.booking_cancel(booking=taken[1], actor=taken[1].person)
    talk.deliver()
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    return entry


def test_a_waitlist_offer_is_pushed_with_accept_and_accepting_books_it_through_the_queues_action(
    talk, standin, hromada, office, service, django_capture_on_commit_callbacks
):
    from hromada.cnapqueue.models import WaitlistEntry

    resident = UserFactory(hromada=hromada)
    entry = _offered(talk, hromada, service, resident, django_capture_on_commit_callbacks)
    push = standin.sent("sendMessage", CHAT)[-1]
    keyboard = push["reply_markup"]["inline_keyboard"]

    mine = "\n".join(talk(shapes.callback(CHAT, "bk:l")))
    mine_buttons = [b.get("callback_data") for b in talk.buttons(CHAT)]
    with django_capture_on_commit_callbacks(execute=True):
        answer = "\n".join(talk(shapes.callback(CHAT, f"wo:a:{entry.pk}")))
    talk.deliver()
    again = "\n".join(talk(shapes.callback(CHAT, f"wo:a:{entry.pk}")))

    assert push["text"].startswith("Звільнилося місце: Паспорт, 08.12.2026 09:15")
    assert [b.get("callback_data") for b in keyboard[0]] == [f"wo:a:{entry.pk}", f"wo:n:{entry.pk}"]
    assert [b["text"] for b in keyboard[0]] == ["✅ Прийняти", "✖ Відмовитися"]
    # "My bookings" shows the offered place with Accept too
    assert "місце зі списку очікування, тримаємо для вас до 12:30" in mine
    assert f"wo:a:{entry.pk}" in mine_buttons
    assert keyboard[-1][0]["url"].endswith(f"/queue/bookings/{entry.booking_id}/")
    booking = Booking.objects.get(pk=entry.booking_id)
    assert (booking.person, booking.status, booking.channel) == (
        resident,
        Booking.Status.CONFIRMED,
        Channel.TELEGRAM,  # where the offer was accepted
    )
    assert booking.starts_at == _at(TUESDAY, 9, 15)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.BOOKED
    assert "Вас записано: Паспорт, " in answer and f"Код для реєстрації: {booking.code}" in answer
    # Tuesday's four confirmations, and this one
    assert PendingEntry.objects.filter(kind="cnapqueue.booking.confirmed").count() == 4 + 1
    # The queue's "booked" notification is not pushed back to the chat that accepted; pressing again
    # shows the same booking, nothing new is written.
    assert not any("Коли прийдете, зареєструйтеся в кіоску з кодом" in t for t in standin.texts(CHAT))
    assert f"Код для реєстрації: {booking.code}" in again
    assert Booking.objects.filter(person=resident).count() == 1


def test_an_expired_offer_answers_clearly_and_the_place_goes_to_the_next_person(
    talk, standin, hromada, office, service, clock, django_capture_on_commit_callbacks
):
    from hromada.cnapqueue.models import WaitlistEntry

    resident, next_one = UserFactory(hromada=hromada), UserFactory(hromada=hromada)
    entry = _offered(talk, hromada, service, resident, django_capture_on_commit_callbacks, next_one)
    clock.advance(dt.timedelta(minutes=office.offer_minutes, seconds=1))

    before_tick = "\n".join(talk(shapes.callback(CHAT, f"wo:a:{entry.pk}")))
    queue_actions.queue_tick()  # the offer expires; the place is offered to the next in line
    after_tick = "\n".join(talk(shapes.callback(CHAT, f"wo:a:{entry.pk}")))
    declined = "\n".join(talk(shapes.callback(CHAT, f"wo:d:{entry.pk}")))

    expired = "Пропозиція вже не діє: місце запропоновано наступному у списку очікування."
    assert expired in before_tick and expired in after_tick
    assert not Booking.objects.filter(person=resident, status=Booking.Status.CONFIRMED).exists()
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.EXPIRED
    theirs = WaitlistEntry.objects.get(person=next_one)
    assert theirs.status == WaitlistEntry.Status.OFFERED and theirs.booking.starts_at == _at(TUESDAY, 9, 15)
    assert "Вас уже немає у цьому списку очікування." in declined


def test_declining_an_offer_is_asked_once_more_and_passes_the_place_on(
    talk, standin, hromada, office, service, django_capture_on_commit_callbacks
):
    from hromada.cnapqueue.models import WaitlistEntry

    resident, next_one = UserFactory(hromada=hromada), UserFactory(hromada=hromada)
    entry = _offered(talk, hromada, service, resident, django_capture_on_commit_callbacks, next_one)
    talk(shapes.callback(CHAT, "m:book"))  # in the middle of another step: the push's buttons still work

    asked = "\n".join(talk(shapes.callback(CHAT, f"wo:n:{entry.pk}")))
    asked_buttons = [b["callback_data"] for b in talk.buttons(CHAT)]
    entry.refresh_from_db()
    still_offered = entry.status
    declined = "\n".join(talk(shapes.callback(CHAT, f"wo:d:{entry.pk}")))
    accept_late = "\n".join(talk(shapes.callback(CHAT, f"wo:a:{entry.pk}")))

    assert "Відмовитися від запропонованого місця: Паспорт, Вт 08.12.2026 09:15?" in asked
    assert asked_buttons == [f"wo:d:{entry.pk}", f"wo:a:{entry.pk}"]
    assert still_offered == WaitlistEntry.Status.OFFERED
    assert "Ви відмовилися від місця: Паспорт, Вт 08.12.2026 09:15." in declined
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.CANCELLED
    assert WaitlistEntry.objects.get(person=next_one).status == WaitlistEntry.Status.OFFERED
    assert "Вас уже немає у цьому списку очікування." in accept_late
    assert Chat.objects.get(external_id=str(CHAT)).state == "booking.service"  # the step is kept


def test_another_persons_offer_is_an_expired_button_and_an_anonymous_chat_is_sent_to_link(
    talk, standin, hromada, office, service, django_capture_on_commit_callbacks
):
    from hromada.cnapqueue.models import WaitlistEntry

    resident = UserFactory(hromada=hromada)
    entry = _offered(talk, hromada, service, resident, django_capture_on_commit_callbacks)
    stranger = UserFactory(hromada=hromada)
    _link(talk, stranger, hromada, chat_id=CHAT + 1)

    theirs = "\n".join(talk(shapes.callback(CHAT + 1, f"wo:a:{entry.pk}")))
    anonymous = "\n".join(talk(shapes.callback(CHAT + 2, f"wo:a:{entry.pk}")))

    assert "Ця кнопка вже не діє." in theirs
    assert any(b.get("url", "").endswith("/bot/link/") for b in talk.buttons(CHAT + 2)) and anonymous
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED

"""The queue's pages: residents, kiosk, board, desk console, call centre, statistics."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from hromada.cnapqueue import actions, selectors
from hromada.cnapqueue.models import Booking, Consultation, Desk, Ticket
from tests.factories import PASSWORD, UserFactory, login_with_totp

from .factories import make_desk, make_manager, make_office, make_operator, make_service, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(hromada):
    office = make_office(hromada)
    service = make_service(office)
    desk = make_desk(office, [service])
    return office, service, desk


def test_offices_and_office_pages_list_services_and_queues(client, setup):
    office, service, _desk = setup
    take(office, service)

    listed = client.get(reverse("cnapqueue:offices"))
    page = client.get(reverse("cnapqueue:office", args=[office.pk]))

    assert office.institution.name in listed.content.decode()
    assert service.name in page.content.decode() and page.context["board"].waiting[0].waiting == 1
    assert reverse("accounts:login") in page.content.decode()  # anonymous: log in to take one online


def test_a_resident_takes_a_ticket_on_the_web_and_sees_their_place(client, setup, resident):
    office, service, _desk = setup
    client.force_login(resident)

    response = client.post(
        reverse("cnapqueue:office", args=[office.pk]),
        {"service": service.pk, "purpose": "submit", "category": "regular", "idempotency_key": "x1"},
    )
    ticket = Ticket.objects.get()
    place = client.get(reverse("cnapqueue:place", args=[ticket.code]))

    assert response.status_code == 302 and ticket.person == resident and ticket.channel == "web"
    assert "А-001" in place.content.decode() and "<svg" in place.content.decode()


def test_a_bad_ticket_form_keeps_the_input_and_says_why(client, setup, resident):
    office, _service, _desk = setup
    client.force_login(resident)

    response = client.post(
        reverse("cnapqueue:office", args=[office.pk]), {"service": "999", "purpose": "collect"}
    )

    assert response.status_code == 200 and Ticket.objects.count() == 0
    assert response.context["form"].errors["service"]
    assert response.context["form"]["purpose"].value() == "collect"


def test_the_kiosk_takes_tickets_and_checks_in_bookings(client, setup):
    office, service, _desk = setup
    _kiosk, token = actions.kiosk_create(office=office, name="K")
    url = reverse("cnapqueue:kiosk", args=[token])

    assert client.get(url).status_code == 200
    taken = client.post(
        url, {"service": service.pk, "purpose": "submit", "category": "elderly", "idempotency_key": "t"}
    )
    wrong = client.post(url, {"code": "ZZZZZZ"})

    assert taken.status_code == 302 and Ticket.objects.get().channel == "kiosk"
    assert wrong.status_code == 200 and wrong.context["check_in"].errors
    assert client.get(reverse("cnapqueue:kiosk", args=["kq_nope"])).status_code == 404


def test_the_board_and_its_live_fragment_show_the_last_call(client, setup):
    office, service, desk = setup
    ticket = take(office, service)
    actions.ticket_call_next(desk=desk, actor=desk.operator)

    board = client.get(reverse("cnapqueue:board", args=[office.pk]))
    live = client.get(reverse("cnapqueue:board_live", args=[office.pk]))

    assert ticket.number in board.content.decode()
    assert ticket.number in live.content.decode() and 'hx-trigger="every 2s"' in live.content.decode()


def test_the_live_fragment_is_rendered_once_per_queue_event_for_all_the_boards(client, setup):
    from django.db import connection

    office, service, desk = setup
    first = take(office, service)
    url = reverse("cnapqueue:board_live", args=[office.pk])
    statements: list[str] = []

    def log(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    before = client.get(url).content.decode()
    with connection.execute_wrapper(log):
        again = client.get(url).content.decode()
    actions.ticket_call_next(desk=desk, actor=desk.operator)
    after = client.get(url).content.decode()

    assert again == before and first.number not in before  # nobody called yet: the same fragment, kept
    board_reads = [q for q in statements if "cnapqueue_" in q]
    # the office, and its latest event's id: not the calls, the waiting counts or the template again
    assert len(board_reads) == 2 and not [q for q in board_reads if "cnapqueue_service" in q], board_reads
    assert first.number in after and after != before  # the call is a new event: a new fragment
    # the same event in English is a fragment of its own, not the Ukrainian one kept
    with translation.override("en"):
        english = client.get(reverse("cnapqueue:board_live", args=[office.pk])).content.decode()
    assert "Вікно 1" in after and "Window 1" in english and "Вікно" not in english


def test_the_operator_serves_from_the_desk_console(client, setup):
    office, service, desk = setup
    other = make_service(office, name="Субсидії", prefix="Б")
    first, second = take(office, service), take(office, service)
    login_with_totp(desk.operator, client=client)
    url = reverse("cnapqueue:desk", args=[desk.pk])

    assert (
        desk.pk
        and reverse("cnapqueue:desk", args=[desk.pk])
        in client.get(reverse("cnapqueue:console")).content.decode()
    )
    client.post(url, {"do": "call"})
    client.post(url, {"do": "recall"})
    client.post(url, {"do": "start"})
    client.post(url, {"do": "complete", "rendered": other.pk})
    first.refresh_from_db()
    assert first.status == "done" and first.rendered_service == other

    client.post(url, {"do": "call"})
    client.post(url, {"do": "transfer", "service": other.pk})
    second.refresh_from_db()
    assert second.status == "waiting" and second.service == other
    client.post(url, {"do": "pause"})
    assert Desk.objects.get(pk=desk.pk).state == "paused"
    refused = client.post(url, {"do": "call"}, follow=True)
    assert "призупинено" in refused.content.decode() or "paused" in refused.content.decode()
    client.post(url, {"do": "open"})
    third = take(office, service)
    client.post(url, {"do": "call"})
    client.post(url, {"do": "no_show"})
    third.refresh_from_db()
    assert third.status == "no_show"
    client.post(url, {"do": "closed"})
    assert Desk.objects.get(pk=desk.pk).state == "closed"


def test_queue_staff_must_pass_the_second_factor(client, setup):
    _office, _service, desk = setup

    logged_in = client.post(reverse("accounts:login"), {"login": desk.operator.email, "password": PASSWORD})
    console = client.get(reverse("cnapqueue:console"))

    assert logged_in.status_code == 302
    assert logged_in["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert console.status_code == 302
    assert console["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_an_operator_of_another_desk_gets_403(client, setup, hromada):
    _office, _service, desk = setup
    login_with_totp(make_operator(make_office(hromada)), client=client)

    assert client.get(reverse("cnapqueue:desk", args=[desk.pk])).status_code == 403
    assert client.post(reverse("cnapqueue:desk", args=[desk.pk]), {"do": "call"}).status_code == 403


def test_residents_book_confirm_download_and_cancel(client, hromada, resident, clock):
    clock.set(dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC))
    office = make_office(hromada, hours={"mon": [["09:00", "10:00"]]})
    service = make_service(office)
    make_desk(office, [service])
    client.force_login(resident)
    url = reverse("cnapqueue:book", args=[office.pk])

    search = client.get(url, {"service": service.pk, "date": "2026-12-07"})
    assert len(search.context["free"]) == 4
    past = client.get(url, {"service": service.pk, "date": "2026-12-01"})
    assert past.context["search"].errors["date"]
    starts = search.context["free"][0][0]
    held = client.post(url, {"service": service.pk, "starts_at": starts.isoformat()})
    booking = Booking.objects.get()
    assert held.status_code == 302 and booking.status == "held"

    client.post(reverse("cnapqueue:booking", args=[booking.pk]), {"do": "confirm"})
    ics = client.get(reverse("cnapqueue:booking_ics", args=[booking.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"DTSTART:20261207T070000Z" in ics.content
    assert (
        reverse("cnapqueue:booking", args=[booking.pk])
        in client.get(reverse("cnapqueue:mine")).content.decode()
    )
    client.post(reverse("cnapqueue:booking", args=[booking.pk]), {"do": "cancel"})
    assert Booking.objects.get().status == "cancelled"
    client.force_login(UserFactory(hromada=hromada))
    assert client.get(reverse("cnapqueue:booking", args=[booking.pk])).status_code == 404


def test_the_call_centre_finds_a_caller_takes_a_ticket_and_records_the_call(client, setup, hromada):
    office, service, _desk = setup
    agent = make_manager(office)
    caller = UserFactory(hromada=hromada, email="caller@example.org")
    login_with_totp(agent, client=client)
    url = reverse("cnapqueue:callcentre")

    found = client.get(url, {"login": "caller@example.org", "office": office.pk})
    assert found.context["caller"] == caller
    client.post(
        f"{url}?login=caller@example.org",
        {
            "do": "ticket",
            "office": office.pk,
            "t-service": service.pk,
            "t-purpose": "submit",
            "t-category": "regular",
        },
    )
    assert Ticket.objects.get().issued_by == agent and Ticket.objects.get().person == caller
    bad = client.post(
        url, {"do": "consultation", "office": office.pk, "topic": "", "minutes": "5", "outcome": "resolved"}
    )
    assert bad.status_code == 200 and bad.context["consultation"].errors["topic"]
    client.post(
        url,
        {
            "do": "consultation",
            "office": office.pk,
            "topic": "Субсидія",
            "minutes": "5",
            "outcome": "callback",
        },
    )
    assert Consultation.objects.get().agent == agent


def test_statistics_are_for_the_office_manager(client, setup, resident):
    office, service, desk = setup
    ticket = take(office, service)
    actions.ticket_call_next(desk=desk, actor=desk.operator)
    actions.ticket_complete(desk=desk, ticket=ticket, actor=desk.operator)
    login_with_totp(make_manager(office), client=client)

    page = client.get(reverse("cnapqueue:stats", args=[office.pk]))

    assert page.status_code == 200 and page.context["rows"][0].served == 1
    client.force_login(resident)
    assert client.get(reverse("cnapqueue:stats", args=[office.pk])).status_code == 403


def test_the_call_centre_books_for_a_caller(client, hromada, clock):
    clock.set(dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC))
    office = make_office(hromada, hours={"mon": [["09:00", "10:00"]]})
    service = make_service(office)
    make_desk(office, [service])
    agent = make_manager(office)
    caller = UserFactory(hromada=hromada, email="caller@example.org")
    login_with_totp(agent, client=client)
    url = reverse("cnapqueue:book", args=[office.pk]) + "?for=caller@example.org"

    search = client.get(url + f"&service={service.pk}&date=2026-12-07")
    starts = search.context["free"][0][0]
    client.post(url, {"service": service.pk, "starts_at": starts.isoformat()})
    booking = Booking.objects.get()
    client.post(reverse("cnapqueue:booking", args=[booking.pk]), {"do": "confirm"})

    booking.refresh_from_db()
    assert booking.person == caller and booking.booked_by == agent and booking.status == "confirmed"
    resident_view = client.get(reverse("cnapqueue:book", args=[office.pk]) + "?for=caller@example.org")
    assert resident_view.context["caller"] == caller
    client.force_login(UserFactory(hromada=hromada))
    ignored = client.get(reverse("cnapqueue:book", args=[office.pk]) + "?for=caller@example.org")
    assert ignored.context["caller"] is None  # only the call centre books for others


def test_a_full_day_offers_the_waitlist(client, hromada, resident, clock):
    from hromada.cnapqueue.models import WaitlistEntry

    clock.set(dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC))
    office = make_office(hromada, hours={"mon": [["09:00", "09:15"]]})
    service = make_service(office)
    make_desk(office, [service])
    other = UserFactory(hromada=hromada)
    actions.booking_hold(service=service, starts_at=selectors_first_slot(service), person=other)
    client.force_login(resident)
    url = reverse("cnapqueue:book", args=[office.pk]) + f"?service={service.pk}&date=2026-12-07"

    assert "waitlist" in client.get(url).content.decode()
    joined = client.post(url, {"do": "waitlist"})

    assert joined.status_code == 302 and WaitlistEntry.objects.get().person == resident
    assert "07.12.2026" in client.get(reverse("cnapqueue:mine")).content.decode()


def selectors_first_slot(service):
    from hromada.cnapqueue import selectors

    return selectors.slots_for(service=service, day=dt.date(2026, 12, 7))[0][0]


def test_english_office_page_marks_ukrainian_names_and_offers_english_service_names(client, setup, resident):
    office, service, _desk = setup
    service.name_en = "Passport"
    service.save()
    take(office, service)
    client.force_login(resident)

    with translation.override("en"):
        page = client.get(reverse("cnapqueue:office", args=[office.pk])).content.decode()

    assert f'<h1><span lang="uk">{office.institution.name}</span></h1>' in page
    assert '<span lang="uk">А</span>' in page  # the ticket prefix is a Ukrainian letter
    assert "А · Passport</option>" in page and "Паспорт" not in page
    assert "TsNAP queue</a>" in page and "ЦНАП queue</a></p>" not in page


def test_an_agent_without_the_second_factor_neither_books_for_nor_sees_a_callers_booking(
    client, hromada, clock
):
    clock.set(dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC))
    office = make_office(hromada, hours={"mon": [["09:00", "10:00"]]})
    service = make_service(office)
    make_desk(office, [service])
    caller = UserFactory(hromada=hromada, email="caller@example.org")
    first_free = selectors.slots_for(service=service, day=dt.date(2026, 12, 7))[0][0]
    booking = actions.booking_hold(service=service, starts_at=first_free, person=caller)
    client.force_login(make_manager(office))  # logged in with the password only

    page = client.get(reverse("cnapqueue:book", args=[office.pk]) + "?for=caller@example.org")

    assert page.context["caller"] is None
    assert client.get(reverse("cnapqueue:booking", args=[booking.pk])).status_code == 404


def test_desk_states_read_as_states_in_ukrainian():
    # A bare "open" / "closed" is translated by other apps' catalogues too ("відкрити", "вихідний").
    with translation.override("uk"):
        assert str(Desk.State.OPEN.label) == "працює" and str(Desk.State.CLOSED.label) == "зачинено"

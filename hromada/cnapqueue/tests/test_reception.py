"""The reception desk page: the office's staff issue tickets for walk-in visitors and check in bookings."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hromada.cnapqueue import actions
from hromada.cnapqueue.models import Ticket
from tests.factories import UserFactory, login_with_totp

from .factories import make_desk, make_manager, make_office, make_operator, make_service

pytestmark = pytest.mark.django_db

MONDAY_8_UTC = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)  # 08:00 in Kyiv


@pytest.fixture
def setup(hromada):
    office = make_office(hromada)
    service = make_service(office)
    desk = make_desk(office, [service])
    return office, service, desk


def _url(office):
    return reverse("cnapqueue:reception", args=[office.pk])


def _walk_in(service, **extra):
    return {"do": "ticket", "service": service.pk, "purpose": "submit", "category": "regular", **extra}


def test_staff_issue_a_reception_ticket_attributed_to_them_and_see_it(client, setup):
    office, service, desk = setup
    login_with_totp(desk.operator, client=client)

    issued = client.post(_url(office), _walk_in(service, idempotency_key="r1"))
    ticket = Ticket.objects.get()
    page = client.get(issued["Location"])

    assert issued.status_code == 302 and issued["Location"] == f"{_url(office)}?issued={ticket.code}"
    assert ticket.channel == "reception" and ticket.issued_by == desk.operator and ticket.person is None
    assert page.context["issued"] == ticket and page.context["spot"].position == 1
    text = page.content.decode()
    assert "А-001" in text and reverse("cnapqueue:place", args=[ticket.code]) in text
    fresh = page.context["form"]
    assert not fresh.is_bound and fresh.initial["idempotency_key"] != "r1"  # ready for the next visitor


def test_the_reception_grants_a_priority_category(client, setup):
    office, service, _desk = setup
    login_with_totp(make_manager(office), client=client)

    client.post(_url(office), _walk_in(service, category="disability", idempotency_key="r2"))

    assert Ticket.objects.get().category == "disability"


def test_a_double_submit_issues_one_ticket(client, setup):
    office, service, desk = setup
    login_with_totp(desk.operator, client=client)

    first = client.post(_url(office), _walk_in(service, idempotency_key="same"))
    second = client.post(_url(office), _walk_in(service, idempotency_key="same"))

    assert Ticket.objects.count() == 1 and first["Location"] == second["Location"]


def test_the_visitors_phone_gets_the_sms_notice(client, setup):
    office, service, desk = setup
    login_with_totp(desk.operator, client=client)

    client.post(_url(office), _walk_in(service, phone="067 123 45 67", idempotency_key="r3"))

    assert Ticket.objects.get().phone == "+380671234567"


def test_residents_and_other_offices_staff_are_refused_and_anonymous_sent_to_log_in(client, setup, hromada):
    office, service, _desk = setup

    anonymous = client.get(_url(office))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory(hromada=hromada))
    assert client.get(_url(office)).status_code == 403
    assert client.post(_url(office), _walk_in(service)).status_code == 403
    login_with_totp(make_operator(make_office(hromada)), client=client)
    assert client.get(_url(office)).status_code == 403
    assert client.post(_url(office), _walk_in(service)).status_code == 403
    assert Ticket.objects.count() == 0


def test_bad_input_keeps_what_was_typed_and_says_why(client, setup, hromada):
    office, _service, desk = setup
    elsewhere = make_service(make_office(hromada), name="Інше", prefix="Б")
    login_with_totp(desk.operator, client=client)

    missing = client.post(_url(office), {"do": "ticket", "purpose": "collect", "category": "elderly"})
    foreign = client.post(_url(office), _walk_in(elsewhere, purpose="collect"))

    assert missing.status_code == 200 and missing.context["form"].errors["service"]
    assert missing.context["form"]["category"].value() == "elderly"
    assert foreign.status_code == 200 and foreign.context["form"].errors["service"]
    assert foreign.context["form"]["purpose"].value() == "collect"
    assert Ticket.objects.count() == 0


def test_a_closed_office_issues_nothing_and_says_so(client, hromada, clock):
    clock.set(MONDAY_8_UTC)
    office = make_office(hromada, hours={"mon": [["09:00", "11:00"]]})
    service = make_service(office)
    desk = make_desk(office, [service])
    login_with_totp(desk.operator, client=client)

    refused = client.post(_url(office), _walk_in(service, category="pregnancy", idempotency_key="k"))

    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert refused.context["form"]["category"].value() == "pregnancy" and refused.context["closed"]
    assert Ticket.objects.count() == 0


def test_the_reception_checks_in_a_booking_by_its_code(client, hromada, resident, clock):
    clock.set(MONDAY_8_UTC)
    office = make_office(hromada, hours={"mon": [["09:00", "11:00"]]})
    service = make_service(office)
    desk = make_desk(office, [service])
    starts = timezone.make_aware(dt.datetime(2026, 12, 7, 9, 0))
    booking = actions.booking_confirm(
        booking=actions.booking_hold(service=service, starts_at=starts, person=resident), actor=resident
    )
    clock.set(MONDAY_8_UTC + dt.timedelta(hours=1))  # 09:00 in Kyiv
    login_with_totp(desk.operator, client=client)

    wrong = client.post(_url(office), {"do": "check_in", "code": "ZZZZZZ"})
    checked = client.post(_url(office), {"do": "check_in", "code": booking.code.lower()})
    ticket = Ticket.objects.get()
    page = client.get(checked["Location"])

    assert wrong.status_code == 200 and wrong.context["check_in"].errors["code"]
    assert checked.status_code == 302 and ticket.booking == booking and ticket.person == resident
    assert ticket.channel == "reception" and ticket.issued_by == desk.operator
    assert page.context["issued"] == ticket and ticket.number in page.content.decode()


def test_staff_pages_link_to_the_reception_desk(client, setup, hromada):
    office, _service, desk = setup
    login_with_totp(desk.operator, client=client)

    assert _url(office) in client.get(reverse("cnapqueue:office", args=[office.pk])).content.decode()
    assert _url(office) in client.get(reverse("cnapqueue:console")).content.decode()
    client.force_login(UserFactory(hromada=hromada))
    assert _url(office) not in client.get(reverse("cnapqueue:office", args=[office.pk])).content.decode()

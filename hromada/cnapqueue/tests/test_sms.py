"""The SMS notice of a walk-in ticket: a phone left at the kiosk, the web, the call centre or the API gets one
text message when few people are ahead, from a background task; the phone is not kept after."""

import datetime as dt
import re

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from hromada.accounts.models import PhoneChallenge
from hromada.cnapqueue import actions, phones
from hromada.cnapqueue.models import Ticket
from hromada.core import sms
from hromada.core.errors import ApplicationError
from tests.factories import UserFactory, login_with_totp

from .factories import make_desk, make_office, make_service, take

pytestmark = pytest.mark.django_db

PHONE = "+380671234567"


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def setup(hromada):
    office = make_office(hromada)  # tells people 3 or fewer ahead
    service = make_service(office)
    desk = make_desk(office, [service])
    kiosk, token = actions.kiosk_create(office=office, name="K")
    return office, service, desk, kiosk, token


def _walk_in(office, service, kiosk, **kwargs):
    return actions.ticket_take(office=office, service=service, channel="kiosk", kiosk=kiosk, **kwargs)


def _call(desk):
    before = list(sms.outbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        called = actions.ticket_call_next(desk=desk, actor=desk.operator)
        assert sms.outbox == before  # nothing leaves inside the desk's transaction
    return called


@pytest.mark.parametrize(
    "typed", ["0671234567", "+380 67 123-45-67", "380671234567", "(067) 123 45 67", "8 067 123 45 67"]
)
def test_a_ukrainian_mobile_number_is_kept_in_one_form(typed):
    assert phones.normalise_mobile(typed) == PHONE


@pytest.mark.parametrize("typed", ["0441234567", "+4915112345678", "067123", "+38067123456789", "phone"])
def test_landlines_foreign_and_broken_numbers_are_no_sms_phones(typed):
    with pytest.raises(ValueError):
        phones.normalise_mobile(typed)


def test_the_phone_is_shown_with_its_middle_hidden():
    assert phones.masked(PHONE) == "+38067•••••67"


def test_one_sms_goes_when_few_are_ahead_and_never_twice(setup, settings):
    office, service, desk, kiosk, _token = setup
    tickets = [_walk_in(office, service, kiosk) for _ in range(4)]
    with_phone = _walk_in(office, service, kiosk, phone="067 123 45 67", language="en")
    assert with_phone.phone == PHONE and with_phone.language == "en"

    _call(desk)  # А-001 called: А-002…А-005 are next, А-005 with 3 ahead of it

    assert len(sms.outbox) == 1
    sent_to, text = sms.outbox[0]
    assert sent_to == PHONE
    assert text.startswith("Ticket А-005: 3 people ahead of you.")
    assert text.endswith(f"/en/queue/t/{with_phone.code}/") and "://" in text
    with_phone.refresh_from_db()
    assert with_phone.notified_ahead and with_phone.phone == ""  # sent: the number is not kept

    for _ in range(3):
        current = Ticket.objects.get(desk=desk, status="called")
        actions.ticket_complete(desk=desk, ticket=current, actor=desk.operator)
        _call(desk)
    assert len(sms.outbox) == 1  # once per ticket
    assert Ticket.objects.filter(pk__in=[t.pk for t in tickets], notified_ahead=True).count() == 0


def test_the_sms_link_is_in_the_tickets_language(setup):
    office, service, desk, kiosk, _token = setup
    _walk_in(office, service, kiosk)
    _walk_in(office, service, kiosk)
    near = _walk_in(office, service, kiosk, phone=PHONE, language="uk")

    _call(desk)

    assert [phone for phone, _text in sms.outbox] == [PHONE]
    text = sms.outbox[0][1]
    # No catalogue entry yet (the lead applies the translations): the English words, the Ukrainian link.
    assert near.number in text and f"/queue/t/{near.code}/" in text and "/en/" not in text


def test_tickets_without_a_phone_get_no_sms(setup):
    office, service, desk, kiosk, _token = setup
    for _ in range(5):
        _walk_in(office, service, kiosk)
    take(office, service)  # a person with an e-mail: the inbox tells them

    _call(desk)

    assert sms.outbox == []


def test_the_sms_goes_from_a_background_task_queued_when_the_call_commits(setup, settings):
    from django_tasks import default_task_backend

    from hromada.cnapqueue.tasks import cnapqueue_near_sms

    office, service, desk, kiosk, _token = setup
    _walk_in(office, service, kiosk)
    near = _walk_in(office, service, kiosk, phone=PHONE)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()

    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        actions.ticket_call_next(desk=desk, actor=desk.operator)
    assert default_task_backend.results == []  # nothing queued before the commit
    for callback in callbacks:
        callback()

    queued = [r for r in default_task_backend.results if r.task.name == cnapqueue_near_sms.name]
    assert [r.kwargs for r in queued] == [{"ticket_id": near.pk, "ahead": 0}]
    assert sms.outbox == []  # the desk's request sent nothing
    assert cnapqueue_near_sms.call(ticket_id=near.pk, ahead=0) is True  # the worker runs it
    assert cnapqueue_near_sms.call(ticket_id=near.pk, ahead=0) is False  # run twice: sent once
    assert [phone for phone, _text in sms.outbox] == [PHONE]
    assert "you are next" in sms.outbox[0][1]
    default_task_backend.clear()


def test_a_ticket_called_before_the_task_runs_gets_no_sms(setup):
    office, service, desk, kiosk, _token = setup
    near = _walk_in(office, service, kiosk, phone=PHONE)
    Ticket.objects.filter(pk=near.pk).update(status="called", desk=desk)

    assert actions.ticket_sms_send(ticket_id=near.pk, ahead=0) is False
    assert sms.outbox == []


def test_an_invalid_phone_is_refused_on_its_field_and_nothing_is_taken(setup):
    office, service, _desk, kiosk, _token = setup

    with pytest.raises(ApplicationError) as refused:
        _walk_in(office, service, kiosk, phone="044 123 45 67")

    assert refused.value.status == 400 and refused.value.code == "invalid_phone"
    assert refused.value.fields["phone"]
    assert Ticket.objects.count() == 0


def test_without_sms_a_phone_is_refused_and_the_forms_do_not_ask(setup, settings, client):
    office, service, _desk, kiosk, token = setup
    settings.HROMADA_SMS_BACKEND = "hromada.core.sms.DisabledBackend"

    with pytest.raises(ApplicationError) as refused:
        _walk_in(office, service, kiosk, phone=PHONE)
    page = client.get(reverse("cnapqueue:kiosk", args=[token]))

    assert refused.value.code == "sms_unavailable" and refused.value.fields["phone"]
    assert page.status_code == 200 and "phone" not in page.context["form"].fields
    assert 'name="phone"' not in page.content.decode()
    assert _walk_in(office, service, kiosk).phone == ""  # no phone: the ticket is taken as ever


def test_the_phone_is_erased_when_the_ticket_is_served_or_did_not_come(setup):
    office, service, desk, kiosk, _token = setup
    served = _walk_in(office, service, kiosk, phone=PHONE)
    absent = _walk_in(office, service, kiosk, phone="+380501112233")

    actions.ticket_call_next(desk=desk, actor=desk.operator)
    assert Ticket.objects.get(pk=served.pk).phone == PHONE  # still in the queue: called
    actions.ticket_complete(desk=desk, ticket=served, actor=desk.operator)
    actions.ticket_call_next(desk=desk, actor=desk.operator)
    actions.ticket_no_show(desk=desk, ticket=absent, actor=desk.operator)

    assert list(Ticket.objects.values_list("status", "phone").order_by("pk")) == [
        ("done", ""),
        ("no_show", ""),
    ]


def test_a_closed_day_erases_the_phones_of_its_tickets(setup, clock):
    office, service, _desk, kiosk, _token = setup
    left = _walk_in(office, service, kiosk, phone=PHONE)

    actions.queue_tick()
    assert Ticket.objects.get(pk=left.pk).phone == PHONE  # today: still waiting
    clock.advance(dt.timedelta(days=1))
    actions.queue_tick()

    assert Ticket.objects.get(pk=left.pk).phone == ""


def test_the_database_keeps_no_phone_on_a_ticket_out_of_the_queue(setup):
    from django.db import IntegrityError, transaction

    office, service, _desk, kiosk, _token = setup
    ticket = _walk_in(office, service, kiosk, phone=PHONE)

    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(status="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(phone="0671234567")


def test_a_person_with_a_confirmed_phone_and_no_e_mail_gets_the_sms(setup):
    office, service, desk, kiosk, _token = setup
    by_phone = UserFactory(hromada=office.hromada, email=None, phone=PHONE, preferred_language="en")
    PhoneChallenge.objects.create(
        user=by_phone, phone=PHONE, code_hash="-", expires_at=timezone.now(), confirmed_at=timezone.now()
    )
    unconfirmed = UserFactory(hromada=office.hromada, email=None, phone="+380501112233")
    with_email = UserFactory(hromada=office.hromada, phone="+380631112233")
    PhoneChallenge.objects.create(
        user=with_email,
        phone="+380631112233",
        code_hash="-",
        expires_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    _walk_in(office, service, kiosk)
    mine = take(office, service, person=by_phone)
    take(office, service, person=unconfirmed)
    take(office, service, person=with_email)
    in_the_chat = take(office, service, person=by_phone, channel="telegram")  # the chat tells them

    _call(desk)

    assert mine.phone == PHONE and mine.language == "en" and in_the_chat.phone == ""
    assert [(phone, "people ahead" in text or "you are next" in text) for phone, text in sms.outbox] == [
        (PHONE, True)
    ]


def test_erasing_a_person_erases_the_phone_on_their_tickets(setup):
    from hromada.cnapqueue.personal_data import _export

    office, service, _desk, _kiosk, _token = setup
    person = UserFactory(hromada=office.hromada)
    ticket = take(office, service, person=person, phone=PHONE)
    assert [t["phone"] for t in _export(person)["tickets"]] == [PHONE]  # "my data" shows it while kept

    actions.queue_person_erase(person=person)

    ticket.refresh_from_db()
    assert ticket.person_id is None and ticket.phone == ""


def test_the_kiosk_asks_for_a_phone_keeps_input_on_error_and_takes_the_ticket(setup, client):
    _office, service, _desk, _kiosk, token = setup
    url = reverse("cnapqueue:kiosk", args=[token])
    form = {"service": service.pk, "purpose": "submit", "category": "regular", "idempotency_key": "k1"}

    page = client.get(url)
    bad = client.post(url, {**form, "phone": "12345"})
    taken_on_error = Ticket.objects.count()
    good = client.post(url, {**form, "phone": "067 123 45 67"})

    field = re.search(r'<input[^>]*name="phone"[^>]*>', page.content.decode())
    assert field is not None and 'type="tel"' in field[0] and 'autocomplete="off"' in field[0]
    assert bad.status_code == 200 and bad.context["form"].errors["phone"]
    assert bad.context["form"]["phone"].value() == "12345" and taken_on_error == 0
    assert good.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.phone == PHONE and ticket.channel == "kiosk"
    place = client.get(good["Location"])
    assert "+38067•••••67" in place.content.decode() and PHONE not in place.content.decode()


def test_a_resident_leaves_a_phone_on_the_web_form(setup, client, resident):
    office, service, _desk, _kiosk, _token = setup
    client.force_login(resident)

    response = client.post(
        reverse("cnapqueue:office", args=[office.pk]),
        {"service": service.pk, "purpose": "submit", "category": "regular", "phone": "0501112233"},
    )

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Ticket.objects.get().phone == "+380501112233"


def test_the_call_centre_leaves_the_callers_phone(setup, client):
    from hromada.cnapqueue.models import StaffMember

    office, service, _desk, _kiosk, _token = setup
    agent = UserFactory(hromada=office.hromada)
    actions.staff_member_add(office=office, user=agent, role=StaffMember.Role.CALL_CENTRE)
    login_with_totp(agent, client=client)

    bad = client.post(
        reverse("cnapqueue:callcentre"),
        {
            "do": "ticket",
            "office": office.pk,
            "t-service": service.pk,
            "t-purpose": "submit",
            "t-category": "regular",
            "t-phone": "+4915112345678",
        },
    )
    good = client.post(
        reverse("cnapqueue:callcentre"),
        {
            "do": "ticket",
            "office": office.pk,
            "t-service": service.pk,
            "t-purpose": "submit",
            "t-category": "regular",
            "t-phone": "093 111 22 33",
        },
    )

    assert bad.status_code == 200 and bad.context["ticket_form"].errors["phone"]
    assert good.status_code == 200 and good.context["issued"] is not None
    assert Ticket.objects.get().phone == "+380931112233"


def test_the_api_takes_an_optional_phone_and_names_the_field_when_it_is_wrong(setup, client):
    office, service, _desk, _kiosk, token = setup
    url = f"/api/v1/queue/offices/{office.pk}/tickets"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    wrong = client.post(url, {"service": service.pk, "phone": "044 123 45 67"}, "application/json", **auth)
    right = client.post(url, {"service": service.pk, "phone": "0671234567"}, "application/json", **auth)
    without = client.post(url, {"service": service.pk}, "application/json", **auth)

    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "invalid_phone"
    assert wrong.json()["error"]["fields"]["phone"]
    assert right.status_code == 201 and "phone" not in right.json()
    assert Ticket.objects.get(pk=right.json()["id"]).phone == PHONE
    assert without.status_code == 201 and Ticket.objects.get(pk=without.json()["id"]).phone == ""
    public = client.get(f"/api/v1/queue/tickets/{right.json()['id']}").json()
    assert "phone" not in public and PHONE not in str(public)
    schema = client.get("/api/v1/openapi.json").json()
    ticket_in = schema["components"]["schemas"]["TicketIn"]["properties"]
    assert "phone" in ticket_in and "mobile" in ticket_in["phone"]["description"]


def test_the_phone_stays_out_of_the_board_and_the_ledger(setup, client):
    from hromada.ledger.models import PendingEntry

    office, service, desk, kiosk, _token = setup
    ticket = _walk_in(office, service, kiosk, phone=PHONE)
    actions.ticket_call_next(desk=desk, actor=desk.operator)

    actions.ticket_complete(desk=desk, ticket=ticket, actor=desk.operator)

    board = client.get(reverse("cnapqueue:board_live", args=[office.pk])).content.decode()
    ledger = b" ".join(bytes(e.data) for e in PendingEntry.objects.filter(hromada=office.hromada))

    assert ticket.number in board and "67123" not in board and "•" not in board
    assert PendingEntry.objects.filter(kind="cnapqueue.ticket.done").exists() and b"67123" not in ledger

"""Exactly-once calling and ticket numbers under real concurrent clients (threads, own connections).

On PostgreSQL the row locks (``SELECT … FOR UPDATE SKIP LOCKED``, the office row for numbers) decide; on
SQLite writers are serialised and the same assertions hold.
"""

import threading
from collections import Counter

import pytest
from django.db import connection, transaction

from hromada.cnapqueue import actions
from hromada.cnapqueue.models import Ticket
from hromada.ledger.models import Entry, PendingEntry
from tests.concurrency import postgres_only, race

from .factories import make_desk, make_office, make_service

DESKS = 20
TICKETS = 60


@pytest.mark.django_db(transaction=True)
def test_twenty_desks_calling_at_once_never_get_the_same_ticket(hromada):
    office = make_office(hromada)
    service = make_service(office)
    desks = [make_desk(office, [service], number=n) for n in range(1, DESKS + 1)]
    for _ in range(TICKETS):
        actions.ticket_take(office=office, service=service, channel="kiosk", kiosk=_kiosk(office))

    def desk_loop(desk):
        served = []
        while True:
            ticket = actions.ticket_call_next(desk=desk, actor=desk.operator)
            if ticket is None:
                return served
            served.append(ticket.pk)
            actions.ticket_complete(desk=desk, ticket=ticket, actor=desk.operator)

    outcomes = race([lambda d=d: desk_loop(d) for d in desks])

    failures = [o for o in outcomes if isinstance(o, BaseException)]
    assert not failures, failures
    called = Counter(pk for served in outcomes for pk in served)
    assert len(called) == TICKETS and set(called.values()) == {1}
    assert Ticket.objects.filter(office=office, status=Ticket.Status.DONE).count() == TICKETS
    logged = Entry.objects.filter(hromada=hromada, kind="cnapqueue.ticket.called").count()
    pending = PendingEntry.objects.filter(hromada=hromada, kind="cnapqueue.ticket.called").count()
    assert logged + pending == TICKETS


_kiosks: dict[int, object] = {}


def _kiosk(office):
    if office.pk not in _kiosks:
        _kiosks[office.pk] = actions.kiosk_create(office=office, name="K")[0]
    return _kiosks[office.pk]


@pytest.mark.django_db(transaction=True)
def test_kiosks_taking_tickets_at_once_get_distinct_numbers_and_a_repeated_key_one_ticket(hromada):
    _kiosks.clear()
    office = make_office(hromada)
    service = make_service(office)
    kiosk = _kiosk(office)

    calls = [
        lambda n=n: actions.ticket_take(
            office=office, service=service, channel="kiosk", kiosk=kiosk, idempotency_key=f"k{n % 15}"
        )
        for n in range(30)
    ]
    outcomes = race(calls)

    failures = [o for o in outcomes if isinstance(o, BaseException)]
    assert not failures, failures
    numbers = list(Ticket.objects.filter(office=office).values_list("number", flat=True))
    assert len(numbers) == 15 and len(set(numbers)) == 15
    assert sorted(numbers) == [f"А-{n:03d}" for n in range(1, 16)]


@pytest.mark.django_db(transaction=True)
def test_a_desk_calls_while_a_kiosk_is_in_the_middle_of_taking_a_ticket(hromada):
    postgres_only()
    _kiosks.clear()
    office = make_office(hromada)
    service = make_service(office)
    desk = make_desk(office, [service], number=1)
    kiosk = _kiosk(office)
    waiting = actions.ticket_take(office=office, service=service, channel="kiosk", kiosk=kiosk)
    numbered = threading.Event()
    release = threading.Event()

    def kiosk_mid_ticket():
        with transaction.atomic():  # ticket_take's number lock is held until this commits
            actions.ticket_take(office=office, service=service, channel="kiosk", kiosk=kiosk)
            numbered.set()
            release.wait(timeout=30)

    def desk_calls():
        numbered.wait(timeout=30)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                return actions.ticket_call_next(desk=desk, actor=desk.operator)
        finally:
            release.set()

    taking, called = race([kiosk_mid_ticket, desk_calls])

    assert not isinstance(taking, BaseException), taking
    assert not isinstance(called, BaseException), called  # not a lock timeout behind the kiosk
    assert called.pk == waiting.pk


@pytest.mark.django_db(transaction=True)
def test_a_kiosk_of_another_prefix_does_not_wait_for_a_kiosk_mid_ticket(hromada):
    postgres_only()
    _kiosks.clear()
    office = make_office(hromada)
    passports = make_service(office, name="Паспорт", prefix="А")
    subsidies = make_service(office, name="Субсидії", prefix="Б")
    kiosk = _kiosk(office)
    numbered = threading.Event()
    release = threading.Event()

    def kiosk_mid_ticket():
        with transaction.atomic():
            actions.ticket_take(office=office, service=passports, channel="kiosk", kiosk=kiosk)
            numbered.set()
            release.wait(timeout=30)

    def other_kiosk():
        numbered.wait(timeout=30)
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                return actions.ticket_take(office=office, service=subsidies, channel="kiosk", kiosk=kiosk)
        finally:
            release.set()

    first, other = race([kiosk_mid_ticket, other_kiosk])

    assert not isinstance(first, BaseException), first
    assert not isinstance(other, BaseException), other  # not a lock timeout behind the first kiosk
    assert other.number == "Б-001"

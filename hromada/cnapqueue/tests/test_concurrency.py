"""Exactly-once calling and ticket numbers under real concurrent clients (threads, own connections).

On PostgreSQL the row locks (``SELECT … FOR UPDATE SKIP LOCKED``, the office row for numbers) decide; on
SQLite writers are serialised and the same assertions hold.
"""

from collections import Counter

import pytest

from hromada.cnapqueue import actions
from hromada.cnapqueue.models import Ticket
from hromada.ledger.models import Entry, PendingEntry
from tests.concurrency import race

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

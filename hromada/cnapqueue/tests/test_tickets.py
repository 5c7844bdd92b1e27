"""Walk-in tickets and the desk: taking, calling, serving, and the refusals."""

import datetime as dt

import pytest

from hromada.cnapqueue import actions, selectors
from hromada.cnapqueue.models import Closure, Desk, QueueEvent, Ticket
from hromada.core.errors import ConflictError, PermissionDeniedError
from hromada.ledger.models import PendingEntry

from .factories import WORKDAYS_9_TO_18, make_desk, make_office, make_operator, make_service, take


@pytest.fixture
def office(hromada):
    return make_office(hromada)


@pytest.fixture
def service(office):
    return make_service(office)


def test_tickets_get_numbers_by_prefix_and_a_position(office, service):
    other = make_service(office, name="Субсидії", prefix="Б")
    make_desk(office, [service, other])

    first, second, third = take(office, service), take(office, service), take(office, other)

    assert (first.number, second.number, third.number) == ("А-001", "А-002", "Б-001")
    assert selectors.ticket_place(ticket=second).position == 2
    assert selectors.ticket_place(ticket=second).estimated_wait_minutes == 10


def test_a_ticket_is_taken_with_the_estimate_of_the_place_it_gets(office, service):
    make_desk(office, [service])
    for _ in range(3):
        take(office, service)

    ticket = take(office, service)

    assert selectors.ticket_place(ticket=ticket).position == 4
    assert ticket.estimated_wait_minutes == 30  # three ahead, 10 minutes each, one desk
    assert Ticket.objects.get(pk=ticket.pk).estimated_wait_minutes == 30


def test_services_sharing_a_prefix_share_its_numbers(office, service):
    group = make_service(office, name="Закордонний паспорт", prefix=service.prefix)

    numbers = [take(office, s).number for s in (service, group, service)]

    assert numbers == ["А-001", "А-002", "А-003"]


def test_the_same_idempotency_key_gives_one_ticket(office, service, resident):
    first = take(office, service, person=resident, idempotency_key="k-1")
    again = take(office, service, person=resident, idempotency_key="k-1")

    assert again.pk == first.pk
    assert Ticket.objects.count() == 1


def test_taking_hands_back_the_place_it_computed_and_none_for_a_repeated_key(office, service, resident):
    make_desk(office, [service])
    take(office, service)
    take(office, service, category="disability")

    taken = actions.ticket_take_placed(
        office=office, service=service, channel="web", person=resident, idempotency_key="k-2"
    )
    again = actions.ticket_take_placed(
        office=office, service=service, channel="web", person=resident, idempotency_key="k-2"
    )

    assert taken.place == selectors.ticket_place(ticket=taken.ticket)
    assert taken.place is not None and taken.place.position == 3
    assert again.ticket.pk == taken.ticket.pk and again.place is None


def test_a_service_of_another_office_is_refused_with_409(office, hromada):
    elsewhere = make_service(make_office(hromada), name="Інша")

    with pytest.raises(ConflictError) as refusal:
        take(office, elsewhere)

    assert refusal.value.status == 409 and refusal.value.code == "service_not_offered"


def test_a_closed_office_refuses_tickets(hromada, clock):
    office = make_office(hromada, hours=WORKDAYS_9_TO_18)
    service = make_service(office)
    clock.set(dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC))  # a Saturday

    with pytest.raises(ConflictError) as refusal:
        take(office, service)
    assert refusal.value.code == "office_closed_hours"

    clock.set(dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC))  # Monday, 12:00 in Kyiv
    actions.closure_save(closure=Closure(office=office, date=dt.date(2026, 12, 7), reason="ремонт"))
    with pytest.raises(ConflictError) as refusal:
        take(office, service)
    assert refusal.value.code == "office_closed_closure"


def test_a_holiday_on_a_weekday_closes_the_office(hromada, clock, settings):
    settings.HROMADA_WORKING_CALENDAR = {"MARTIAL_LAW": False}
    office = make_office(hromada, hours=WORKDAYS_9_TO_18)
    service = make_service(office)
    clock.set(dt.datetime(2026, 12, 25, 10, 0, tzinfo=dt.UTC))  # Christmas, a Friday

    with pytest.raises(ConflictError) as refusal:
        take(office, service)

    assert refusal.value.code == "office_closed_holiday"


def test_a_kiosk_of_another_office_cannot_issue(office, service, hromada):
    other_kiosk, _token = actions.kiosk_create(office=make_office(hromada), name="K")

    with pytest.raises(PermissionDeniedError):
        actions.ticket_take(office=office, service=service, channel="kiosk", kiosk=other_kiosk)


def test_calling_serves_the_queue_in_order_and_logs_each_call(office, service):
    desk = make_desk(office, [service])
    first, second = take(office, service), take(office, service)

    called = actions.ticket_call_next(desk=desk, actor=desk.operator)
    assert called.pk == first.pk and called.status == Ticket.Status.CALLED

    with pytest.raises(ConflictError):
        actions.ticket_call_next(desk=desk, actor=desk.operator)  # finish the current visitor first
    actions.ticket_start(desk=desk, ticket=called, actor=desk.operator)
    done = actions.ticket_complete(desk=desk, ticket=called, actor=desk.operator)
    assert done.status == Ticket.Status.DONE and done.rendered_service == service

    assert actions.ticket_call_next(desk=desk, actor=desk.operator).pk == second.pk
    kinds = list(PendingEntry.objects.filter(hromada=office.hromada).values_list("kind", flat=True))
    assert kinds.count("cnapqueue.ticket.called") == 2 and kinds.count("cnapqueue.ticket.done") == 1
    entry = PendingEntry.objects.filter(kind="cnapqueue.ticket.called").first()
    assert first.person.email.encode() not in bytes(entry.data)


def test_nobody_waiting_gives_no_ticket(office, service):
    desk = make_desk(office, [service])

    assert actions.ticket_call_next(desk=desk, actor=desk.operator) is None


def test_a_paused_desk_cannot_call(office, service):
    desk = make_desk(office, [service])
    take(office, service)
    actions.desk_set_state(desk=desk, actor=desk.operator, state=Desk.State.PAUSED)

    with pytest.raises(ConflictError) as refusal:
        actions.ticket_call_next(desk=desk, actor=desk.operator)

    assert refusal.value.code == "desk_paused"


def test_an_operator_of_another_desk_or_office_is_refused(office, service, hromada):
    desk = make_desk(office, [service])
    stranger = make_operator(make_office(hromada))
    take(office, service)

    with pytest.raises(PermissionDeniedError):
        actions.ticket_call_next(desk=desk, actor=stranger)


def test_recall_no_show_return_and_transfer(office, service):
    other = make_service(office, name="Субсидії", prefix="Б")
    desk = make_desk(office, [service])
    ticket = take(office, service)

    actions.ticket_call_next(desk=desk, actor=desk.operator)
    actions.ticket_recall(desk=desk, ticket=ticket, actor=desk.operator)
    assert QueueEvent.objects.filter(ticket=ticket, kind="recalled").count() == 1

    back = actions.ticket_return(desk=desk, ticket=ticket, actor=desk.operator)
    assert back.status == Ticket.Status.WAITING and back.desk is None

    actions.ticket_call_next(desk=desk, actor=desk.operator)
    moved = actions.ticket_transfer(desk=desk, ticket=ticket, actor=desk.operator, service=other)
    assert moved.status == Ticket.Status.WAITING and moved.service == other
    assert actions.ticket_call_next(desk=desk, actor=desk.operator) is None  # the desk does not serve Б

    second = take(office, service)
    actions.ticket_call_next(desk=desk, actor=desk.operator)
    gone = actions.ticket_no_show(desk=desk, ticket=second, actor=desk.operator)
    assert gone.status == Ticket.Status.NO_SHOW


def test_priority_goes_first_but_a_long_wait_overtakes_it(office, service, clock):
    desk = make_desk(office, [service])
    regular = take(office, service)
    clock.advance(dt.timedelta(minutes=1))
    elderly = take(office, service, category="elderly")
    clock.advance(dt.timedelta(minutes=1))

    assert actions.ticket_call_next(desk=desk, actor=desk.operator).pk == elderly.pk
    actions.ticket_complete(desk=desk, ticket=elderly, actor=desk.operator)

    late_regular = take(office, service)
    clock.advance(dt.timedelta(minutes=31))
    pregnant = take(office, service, category="pregnancy")
    clock.advance(dt.timedelta(minutes=1))
    order = [p.id for p in selectors.queue_order(office=office)]
    assert order[:2] == [regular.pk, late_regular.pk]
    assert order[-1] == pregnant.pk


def test_the_board_shows_calls_made_through_any_path(office, service, client):
    desk = make_desk(office, [service])
    ticket = take(office, service)
    actions.ticket_call_next(desk=desk, actor=desk.operator)

    board = selectors.board_state(office=office, language="uk")

    assert board.calls[0].number == ticket.number and board.calls[0].desk == 1
    assert [w.waiting for w in board.waiting] == [0]


def test_people_are_told_when_few_are_ahead(office, service):
    from hromada.core.models import Notification

    desk = make_desk(office, [service])
    people = [take(office, service) for _ in range(6)]

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.ticket_call_next(desk=desk, actor=desk.operator)

    told = set(Notification.objects.filter(kind="cnapqueue.near").values_list("recipient_id", flat=True))
    assert told == {t.person_id for t in people[1:5]}
    assert Notification.objects.filter(kind="cnapqueue.called", recipient=people[0].person).exists()


def _near_the_old_way(office, called, before):
    """What call-next told before it reused its ranking: a second ranking of the called ticket's service."""
    ranked = [p.id for p in selectors.queue_order(office=office, service_ids=[called.service_id])]
    first = ranked[: office.notify_ahead + 1]
    return {
        Ticket.objects.get(pk=pk).number: first.index(pk)
        for pk in first
        if pk in before and Ticket.objects.get(pk=pk).person_id is not None
    }


def test_the_near_notices_of_a_mixed_queue_are_those_of_a_second_ranking(office, clock):
    from django.test import TestCase

    from hromada.core.models import Notification

    passports = make_service(office, "Паспорт", "А")
    permits = make_service(office, "Дозвіл", "Б")
    desk = make_desk(office, [passports, permits])
    other = make_desk(office, [permits], number=2)
    for service, category in [
        (passports, "regular"),
        (permits, "regular"),
        (passports, "regular"),
        (permits, "elderly"),
    ]:
        take(office, service, category=category)
        clock.advance(dt.timedelta(minutes=4))
    clock.advance(dt.timedelta(minutes=20))  # the first ones are past the 30-minute maximum now
    for service, category in [
        (passports, "disability"),
        (permits, "regular"),
        (passports, "regular"),
        (passports, "pregnancy"),
        (permits, "regular"),
        (passports, "regular"),
        (permits, "disability"),
        (passports, "regular"),
    ]:
        take(office, service, category=category)
        take(office, service, category="regular", person=None, channel="reception", issued_by=desk.operator)
        clock.advance(dt.timedelta(minutes=1))
    # the reception's tickets have no person: they are ranked (and counted ahead) but nobody is told

    told_in_all = 0
    for caller in [desk, other, desk, desk, other, desk, desk, other, desk]:
        untold = Ticket.objects.filter(status="waiting", notified_ahead=False)
        before = set(untold.values_list("pk", flat=True))
        seen = set(Notification.objects.filter(kind="cnapqueue.near").values_list("pk", flat=True))
        with TestCase.captureOnCommitCallbacks(execute=True):
            called = actions.ticket_call_next(desk=caller, actor=caller.operator)
        assert called is not None

        told = {
            n.params["number"]: n.params["ahead"]
            for n in Notification.objects.filter(kind="cnapqueue.near").exclude(pk__in=seen)
        }
        assert told == _near_the_old_way(office, called, before)
        told_in_all += len(told)
        actions.ticket_complete(desk=caller, ticket=called, actor=caller.operator)
        clock.advance(dt.timedelta(minutes=2))
    assert told_in_all > 8  # the comparison saw real notices of both services

"""Booked visits: hold → confirm, expiry, capacity, one per person, check-in on time and late, no-shows."""

import datetime as dt

import pytest
from django.utils import timezone

from hromada.cnapqueue import actions, selectors
from hromada.cnapqueue.models import Booking, Consultation, Ticket
from hromada.core.errors import ConflictError, PermissionDeniedError
from tests.factories import UserFactory

from .factories import make_desk, make_manager, make_office, make_service

MONDAY_8_UTC = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)  # 08:00 in Kyiv


@pytest.fixture
def world(hromada, clock):
    clock.set(MONDAY_8_UTC)
    office = make_office(hromada, hours={"mon": [["09:00", "11:00"]], "tue": [["09:00", "11:00"]]})
    service = make_service(office)
    desk = make_desk(office, [service])
    return office, service, desk


def _slot(service, hour=9, minute=0, day=dt.date(2026, 12, 7)):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_slots_follow_hours_and_capacity(world, resident):
    _office, service, _desk = world
    free = selectors.slots_for(service=service, day=dt.date(2026, 12, 7))

    assert len(free) == 8 and free[0][2] == 1  # 09:00–11:00 in 15-minute slots, one desk
    actions.booking_hold(service=service, starts_at=_slot(service), person=resident)
    assert len(selectors.slots_for(service=service, day=dt.date(2026, 12, 7))) == 7


def test_hold_then_confirm_and_a_taken_or_past_slot_is_409(world, resident, clock):
    _office, service, _desk = world
    booking = actions.booking_hold(service=service, starts_at=_slot(service), person=resident)
    confirmed = actions.booking_confirm(booking=booking, actor=resident)
    assert confirmed.status == Booking.Status.CONFIRMED

    with pytest.raises(ConflictError) as taken:
        actions.booking_hold(
            service=service, starts_at=_slot(service), person=UserFactory(hromada=service.hromada)
        )
    assert taken.value.code == "slot_taken"
    clock.set(MONDAY_8_UTC + dt.timedelta(hours=3))
    with pytest.raises(ConflictError) as past:
        actions.booking_hold(
            service=service, starts_at=_slot(service, 9, 30), person=UserFactory(hromada=service.hromada)
        )
    assert past.value.code == "slot_past"


def test_one_active_booking_per_person_per_service(world, resident):
    _office, service, _desk = world
    actions.booking_hold(service=service, starts_at=_slot(service), person=resident)

    with pytest.raises(ConflictError) as refusal:
        actions.booking_hold(service=service, starts_at=_slot(service, 10), person=resident)

    assert refusal.value.code == "already_booked"


def test_an_unconfirmed_hold_expires_and_frees_the_slot(world, resident, clock):
    _office, service, _desk = world
    booking = actions.booking_hold(service=service, starts_at=_slot(service, 10), person=resident)
    clock.advance(dt.timedelta(minutes=6))

    actions.queue_tick()

    booking.refresh_from_db()
    assert booking.status == Booking.Status.EXPIRED
    with pytest.raises(ConflictError):
        actions.booking_confirm(booking=booking, actor=resident)
    other = UserFactory(hromada=service.hromada)
    assert actions.booking_hold(service=service, starts_at=_slot(service, 10), person=other).status == "held"


def test_cancel_and_reschedule_free_the_old_slot(world, resident):
    _office, service, _desk = world
    booking = actions.booking_confirm(
        booking=actions.booking_hold(service=service, starts_at=_slot(service), person=resident),
        actor=resident,
    )

    moved = actions.booking_reschedule(booking=booking, starts_at=_slot(service, 10), actor=resident)

    assert moved.status == Booking.Status.CONFIRMED and moved.pk != booking.pk
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CANCELLED
    assert any(
        s == _slot(service) for s, _e, _n in selectors.slots_for(service=service, day=dt.date(2026, 12, 7))
    )
    actions.booking_cancel(booking=moved, actor=resident)
    assert Booking.objects.get(pk=moved.pk).status == Booking.Status.CANCELLED


def test_someone_else_cannot_cancel_my_booking(world, resident):
    _office, service, _desk = world
    booking = actions.booking_hold(service=service, starts_at=_slot(service), person=resident)

    with pytest.raises(PermissionDeniedError):
        actions.booking_cancel(booking=booking, actor=UserFactory(hromada=service.hromada))


def test_check_in_on_time_goes_first_when_its_time_comes(world, resident, clock):
    office, service, desk = world
    booking = actions.booking_confirm(
        booking=actions.booking_hold(service=service, starts_at=_slot(service, 9, 30), person=resident),
        actor=resident,
    )
    clock.set(MONDAY_8_UTC + dt.timedelta(hours=1, minutes=5))  # 09:05
    walk_in = actions.ticket_take(
        office=office, service=service, channel="web", person=UserFactory(hromada=office.hromada)
    )
    kiosk, _token = actions.kiosk_create(office=office, name="K")
    clock.advance(dt.timedelta(minutes=20))  # 09:25: checks in early
    ticket = actions.booking_check_in(office=office, code=booking.code.lower(), kiosk=kiosk)
    assert ticket.appointment_at == booking.starts_at

    assert actions.ticket_call_next(desk=desk, actor=desk.operator).pk == walk_in.pk  # not yet its time
    actions.ticket_complete(desk=desk, ticket=walk_in, actor=desk.operator)
    clock.advance(dt.timedelta(minutes=6))  # 09:31
    assert actions.ticket_call_next(desk=desk, actor=desk.operator).pk == ticket.pk


def test_late_beyond_the_grace_period_joins_the_live_queue(world, resident, clock):
    office, service, _desk = world
    booking = actions.booking_confirm(
        booking=actions.booking_hold(service=service, starts_at=_slot(service, 9, 0), person=resident),
        actor=resident,
    )
    clock.set(MONDAY_8_UTC + dt.timedelta(hours=1, minutes=3))  # 09:03, grace is 2 minutes
    manager = make_manager(office)

    ticket = actions.booking_check_in(office=office, code=booking.code, actor=manager)

    assert ticket.appointment_at is None and ticket.channel == "reception"


def test_repeated_no_shows_suspend_booking(world, resident, clock):
    office, service, _desk = world
    office.no_show_limit = 2
    office.save()
    for hour in (9, 10):
        actions.booking_confirm(
            booking=actions.booking_hold(service=service, starts_at=_slot(service, hour), person=resident),
            actor=resident,
        )
        clock.set(MONDAY_8_UTC + dt.timedelta(days=1))
        actions.queue_tick()  # yesterday's unused booking counts as a no-show
        clock.set(MONDAY_8_UTC)
    clock.set(MONDAY_8_UTC + dt.timedelta(days=1))

    with pytest.raises(ConflictError) as refusal:
        actions.booking_hold(
            service=service, starts_at=_slot(service, 10, day=dt.date(2026, 12, 8)), person=resident
        )

    assert refusal.value.code == "booking_suspended"


def test_reminders_go_out_once(world, resident, clock):
    from django.test import TestCase

    from hromada.core.models import Notification

    _office, service, _desk = world
    actions.booking_confirm(
        booking=actions.booking_hold(service=service, starts_at=_slot(service, 9, 30), person=resident),
        actor=resident,
    )
    clock.set(MONDAY_8_UTC + dt.timedelta(minutes=45))  # 08:45
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.queue_tick()
        actions.queue_tick()

    kinds = sorted(Notification.objects.filter(recipient=resident).values_list("kind", flat=True))
    assert kinds == ["cnapqueue.reminder_day", "cnapqueue.reminder_hour"]


def test_the_call_centre_records_consultations_and_takes_tickets(world, resident, clock):
    office, service, _desk = world
    clock.set(MONDAY_8_UTC + dt.timedelta(hours=1, minutes=30))
    agent = make_manager(office)

    call = actions.consultation_record(
        office=office, agent=agent, topic="Субсидія", minutes=4, outcome="resolved", person=resident
    )
    ticket = actions.ticket_take(
        office=office, service=service, channel="call_centre", person=resident, issued_by=agent
    )

    assert call.agent == agent and Consultation.objects.count() == 1
    assert ticket.issued_by == agent and ticket.person == resident
    with pytest.raises(PermissionDeniedError):
        actions.consultation_record(office=office, agent=resident, topic="x", minutes=1, outcome="resolved")
    with pytest.raises(PermissionDeniedError):
        actions.ticket_take(office=office, service=service, channel="reception", issued_by=resident)
    assert Ticket.objects.count() == 1


def test_a_freed_slot_is_offered_to_the_waitlist_in_order(world, resident, clock):
    from django.test import TestCase

    from hromada.cnapqueue.models import WaitlistEntry
    from hromada.core.models import Notification

    _office, service, _desk = world
    monday = dt.date(2026, 12, 7)
    holders = []
    for starts, _end, _n in selectors.slots_for(service=service, day=monday):
        person = UserFactory(hromada=service.hromada)
        holders.append(
            actions.booking_confirm(
                booking=actions.booking_hold(service=service, starts_at=starts, person=person), actor=person
            )
        )
    with pytest.raises(ConflictError):
        actions.waitlist_join(
            service=service, day=monday + dt.timedelta(days=1), person=resident
        )  # free there
    first = actions.waitlist_join(service=service, day=monday, person=resident)
    second_person = UserFactory(hromada=service.hromada)
    second = actions.waitlist_join(service=service, day=monday, person=second_person)
    assert actions.waitlist_join(service=service, day=monday, person=resident).pk == first.pk

    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.booking_cancel(booking=holders[3], actor=holders[3].person)

    first.refresh_from_db()
    assert first.status == WaitlistEntry.Status.OFFERED and first.booking.starts_at == holders[3].starts_at
    assert Notification.objects.filter(recipient=resident, kind="cnapqueue.waitlist_offer").exists()
    clock.advance(dt.timedelta(minutes=31))  # the first does not answer in time: offered to the second
    actions.queue_tick()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistEntry.Status.EXPIRED and second.status == WaitlistEntry.Status.OFFERED
    actions.booking_confirm(booking=second.booking, actor=second_person)
    second.refresh_from_db()
    assert second.status == WaitlistEntry.Status.BOOKED and second.booking.status == Booking.Status.CONFIRMED

"""Booked visits: hold → confirm, cancel, check-in at the kiosk, and the periodic tick.

A slot's capacity is the number of desks serving its service; :func:`booking_hold` takes the service row's
lock before counting, so two people racing for the last place never both get it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.permissions import is_authenticated, require
from hromada.ledger.actions import ledger_append

from .. import selectors
from ..models import Booking, Channel, Kiosk, Office, Service, Ticket, WaitlistEntry
from ..permissions import answers_calls, works_in_office
from ._common import _new_code
from .tickets import ticket_take
from .waitlist import _offer_freed


def _may_act_for(booking: Booking, actor: Any) -> None:
    if is_authenticated(actor) and actor.pk == booking.person_id:
        return
    require(answers_calls, actor, booking.office, _("This is not your booking."))


@transaction.atomic
def booking_hold(
    *,
    service: Service,
    starts_at: dt.datetime,
    person: Any,
    booked_by: Any | None = None,
    channel: str = Channel.WEB,
) -> Booking:
    """Hold a free slot for a few minutes while the person confirms. Refused (409) for a past, full or
    unknown slot, a second active booking of the same service, or a person suspended for no-shows.
    ``channel`` records where it is booked (``Channel``: the web page, the API, the call centre, the chat
    bot); the confirmation's notification carries it."""
    if not is_authenticated(person):
        raise PermissionDeniedError(_("Log in to book a visit."))
    if booked_by is not None and booked_by != person:
        require(answers_calls, booked_by, service.office, _("Only the call centre books for others."))
    service = (
        Service.objects.select_for_update(of=("self",), no_key=True)  # tickets referencing it do not wait
        .select_related("office__institution")
        .get(pk=service.pk)
    )
    office = service.office
    now = clock.now()
    if starts_at <= now:
        raise ConflictError(_("This time has passed."), code="slot_past")
    suspended = selectors.no_shows_recent(office=office, person=person, days=office.suspension_days)
    if office.no_show_limit and suspended >= office.no_show_limit:
        raise ConflictError(
            _("Booking is suspended after repeated missed visits. You can still take a ticket on the spot."),
            code="booking_suspended",
        )
    day = timezone.localtime(starts_at).date()
    match = [s for s in selectors.slots_for(service=service, day=day) if s[0] == starts_at]
    if not match:
        raise ConflictError(_("This slot is not free."), code="slot_taken")
    code = _new_code(8)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                hromada=office.hromada,
                office=office,
                service=service,
                person=person,
                booked_by=booked_by if booked_by != person else None,
                starts_at=match[0][0],
                ends_at=match[0][1],
                stop=selectors.stop_at(office=office, at=match[0][0]),
                status=Booking.Status.HELD,
                hold_expires_at=now + dt.timedelta(minutes=office.hold_minutes),
                code=code,
                channel=channel,
            )
    except IntegrityError:
        raise ConflictError(
            _("You already have a booking for this service. Cancel or reschedule it instead."),
            code="already_booked",
        ) from None
    return booking


@transaction.atomic
def booking_confirm(*, booking: Booking, actor: Any) -> Booking:
    """Confirm a held slot before the hold expires."""
    _may_act_for(booking, actor)
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("office", "service").get(pk=booking.pk)
    )
    if booking.status == Booking.Status.CONFIRMED:
        return booking
    now = clock.now()
    if booking.status != Booking.Status.HELD or (booking.hold_expires_at and booking.hold_expires_at <= now):
        raise ConflictError(_("The hold has expired. Choose a time again."), code="hold_expired")
    booking.status = Booking.Status.CONFIRMED
    booking.hold_expires_at = None
    booking.save(update_fields=["status", "hold_expires_at", "updated_at"])
    WaitlistEntry.objects.filter(booking=booking).update(status=WaitlistEntry.Status.BOOKED)
    ledger_append(
        hromada=booking.hromada,
        kind="cnapqueue.booking.confirmed",
        subject=booking,
        payload={
            "office": booking.office_id,
            "service": booking.service_id,
            "starts_at": booking.starts_at.isoformat(),
        },
    )
    notify_on_commit(
        hromada=booking.hromada,
        recipients=[booking.person],
        kind="cnapqueue.booked",
        # ``channel``: where it was booked; the chat bot does not push it back to the chat that booked it
        params={
            "service": booking.service.name,
            "when": _when(booking.starts_at),
            "code": booking.code,
            "channel": booking.channel,
        },
        url=f"/queue/bookings/{booking.pk}/",
    )
    return booking


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: Any) -> Booking:
    """Cancel a held or confirmed booking; its place is free again at once."""
    _may_act_for(booking, actor)
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("service__office").get(pk=booking.pk)
    )
    if booking.status not in Booking.ACTIVE:
        raise ConflictError(_("This booking is not active."), code="not_active")
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    WaitlistEntry.objects.filter(booking=booking).update(status=WaitlistEntry.Status.CANCELLED)
    _offer_freed(service=booking.service, starts_at=booking.starts_at, ends_at=booking.ends_at)
    return booking


@transaction.atomic
def booking_reschedule(
    *, booking: Booking, starts_at: dt.datetime, actor: Any, channel: str = Channel.WEB
) -> Booking:
    """Move a booking to another free slot of the same service: the old place is freed, the new one is
    held and confirmed in the same transaction (nothing changes when the new slot is taken). The new
    booking records ``channel``, where it was moved."""
    _may_act_for(booking, actor)
    booking_cancel(booking=booking, actor=actor)
    new = booking_hold(
        service=booking.service,
        starts_at=starts_at,
        person=booking.person,
        booked_by=actor if actor != booking.person else None,
        channel=channel,
    )
    return booking_confirm(booking=new, actor=actor)


@transaction.atomic
def booking_check_in(
    *, office: Office, code: str, kiosk: Kiosk | None = None, actor: Any | None = None
) -> Ticket:
    """Check in a confirmed booking by its code (kiosk or reception) → a ticket. On time (not later than the
    office's grace period) the ticket keeps the booked time and goes first when it comes; later, the visit
    joins the live queue as an ordinary ticket."""
    if kiosk is None:
        require(works_in_office, actor, office)
    elif kiosk.office_id != office.pk:
        raise PermissionDeniedError(_("This kiosk does not serve this office."))
    booking = Booking.objects.select_for_update().filter(office=office, code=code.strip().upper()).first()
    if booking is None:
        raise ApplicationError(
            _("No booking with this code."), code="unknown_code", fields={"code": [_("Check the code.")]}
        )
    if booking.status != Booking.Status.CONFIRMED:
        raise ConflictError(_("This booking is not active."), code="not_active")
    now = clock.now()
    if timezone.localtime(booking.starts_at).date() != timezone.localtime(now).date():
        raise ConflictError(_("This booking is for another day."), code="wrong_day")
    late = now > booking.starts_at + dt.timedelta(minutes=office.grace_minutes)
    booking.status = Booking.Status.CHECKED_IN
    booking.save(update_fields=["status", "updated_at"])
    ticket = ticket_take(
        office=office,
        service=booking.service,
        channel=Channel.KIOSK if kiosk else Channel.RECEPTION,
        person=booking.person,
        issued_by=actor,
        kiosk=kiosk,
        booking=booking,
        late=late,
    )
    return ticket


@transaction.atomic
def queue_tick() -> int:
    """The periodic job: expire unconfirmed holds (offering the freed places to the waitlist), count
    yesterday's unused bookings as no-shows, erase the SMS phones of past days' tickets, send the
    day-before and hour-before reminders. Returns how many rows changed."""
    now = clock.now()
    changed = 0
    for held in (
        Booking.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=Booking.Status.HELD, hold_expires_at__lte=now)
        .select_related("service__office")
    ):
        held.status = Booking.Status.EXPIRED
        held.save(update_fields=["status", "updated_at"])
        WaitlistEntry.objects.filter(booking=held).update(status=WaitlistEntry.Status.EXPIRED)
        _offer_freed(service=held.service, starts_at=held.starts_at, ends_at=held.ends_at)
        changed += 1
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    changed += Booking.objects.filter(status=Booking.Status.CONFIRMED, starts_at__lt=day_start).update(
        status=Booking.Status.NO_SHOW
    )
    # A closed day: its tickets never called keep no SMS phone (those that left the queue lost it then).
    changed += Ticket.objects.filter(day__lt=clock.today()).exclude(phone="").update(phone="")
    for flag, ahead, kind in (
        ("reminded_day", dt.timedelta(hours=24), "cnapqueue.reminder_day"),
        ("reminded_hour", dt.timedelta(hours=1), "cnapqueue.reminder_hour"),
    ):
        due = list(
            Booking.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=Booking.Status.CONFIRMED,
                starts_at__gt=now,
                starts_at__lte=now + ahead,
                **{flag: False},
            )
            .select_related("service", "person", "hromada")
        )
        for booking in due:
            notify_on_commit(
                hromada=booking.hromada,
                recipients=[booking.person],
                kind=kind,
                params={
                    "service": booking.service.name,
                    "when": _when(booking.starts_at),
                    "code": booking.code,
                },
                url=f"/queue/bookings/{booking.pk}/",
            )
        changed += Booking.objects.filter(pk__in=[b.pk for b in due]).update(**{flag: True})
    return changed

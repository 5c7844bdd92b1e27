"""The waitlist: a person waits for a place on a full day; a slot freed by a cancellation or an expired
hold is held for the first person in line, who accepts it by confirming within the office's offer time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ConflictError, PermissionDeniedError
from hromada.core.permissions import is_authenticated, require

from .. import selectors
from ..models import Booking, Channel, Service, WaitlistEntry
from ..permissions import answers_calls
from ._common import _new_code


def _require_own_or_call_centre(entry: WaitlistEntry, actor: Any) -> None:
    if not (is_authenticated(actor) and actor.pk == entry.person_id):
        require(answers_calls, actor, entry.office, _("This is not your place on the waitlist."))


@transaction.atomic
def waitlist_join(*, service: Service, day: dt.date, person: Any, actor: Any | None = None) -> WaitlistEntry:
    """Put the person on the waitlist of a full day (refused when the day has free places: book one)."""
    if not is_authenticated(person):
        raise PermissionDeniedError(_("Log in to book a visit."))
    if actor is not None and actor != person:
        require(answers_calls, actor, service.office, _("Only the call centre books for others."))
    if day < clock.today():
        raise ConflictError(_("This time has passed."), code="slot_past")
    if selectors.slots_for(service=service, day=day):
        raise ConflictError(_("There are free places on this day: book one."), code="places_free")
    existing = WaitlistEntry.objects.filter(
        person=person,
        service=service,
        day=day,
        status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
    ).first()
    if existing is not None:
        return existing
    return WaitlistEntry.objects.create(
        hromada=service.hromada, office=service.office, service=service, person=person, day=day
    )


@transaction.atomic
def waitlist_leave(*, entry: WaitlistEntry, actor: Any) -> WaitlistEntry:
    """Take the person off a day's waitlist. A place already offered to them (held) is released at once
    and offered to the next person in line."""
    _require_own_or_call_centre(entry, actor)
    entry = (
        WaitlistEntry.objects.select_for_update(of=("self",))
        .select_related("booking", "service__office")
        .get(pk=entry.pk)
    )
    if entry.status not in (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED):
        raise ConflictError(_("You are no longer on this waitlist."), code="not_active")
    offered = entry.booking if entry.status == WaitlistEntry.Status.OFFERED else None
    entry.status = WaitlistEntry.Status.CANCELLED
    entry.save(update_fields=["status", "updated_at"])
    if offered is not None:
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=offered.pk)
        if booking.status == Booking.Status.HELD:
            booking.status = Booking.Status.CANCELLED
            booking.save(update_fields=["status", "updated_at"])
            _offer_freed(service=entry.service, starts_at=booking.starts_at, ends_at=booking.ends_at)
    return entry


@transaction.atomic
def waitlist_accept(*, entry: WaitlistEntry, actor: Any, channel: str = Channel.WEB) -> Booking:
    """Accept the place offered from the waitlist: its held booking is confirmed by ``booking_confirm``
    (the ledger entry, the "booked" notification), recorded with ``channel``, where it was accepted (the
    chat bot does not push the confirmation back to the chat that accepted). Refused (409) when the offer
    has expired (``offer_expired``: the place went on to the next person in line), when no place is
    offered yet (``not_offered``) or the person has left the waitlist (``not_active``); accepting an
    accepted offer again returns its booking."""
    from .bookings import booking_confirm  # bookings imports this module (the freed places' offers)

    _require_own_or_call_centre(entry, actor)
    booking_id = WaitlistEntry.objects.filter(pk=entry.pk).values_list("booking_id", flat=True).first()
    # The booking first, then the entry: the order of booking_confirm, booking_cancel and queue_tick.
    booking = (
        Booking.objects.select_for_update(of=("self",)).filter(pk=booking_id).first() if booking_id else None
    )
    entry = WaitlistEntry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    if entry.status == WaitlistEntry.Status.BOOKED and booking is not None:
        return booking
    if entry.status == WaitlistEntry.Status.WAITING:
        raise ConflictError(_("No place has been offered to you yet."), code="not_offered")
    expired = _("The offer has expired: the place was offered to the next person waiting.")
    if entry.status == WaitlistEntry.Status.EXPIRED:
        raise ConflictError(expired, code="offer_expired")
    if entry.status != WaitlistEntry.Status.OFFERED or booking is None or booking.pk != entry.booking_id:
        raise ConflictError(_("You are no longer on this waitlist."), code="not_active")
    if booking.status != Booking.Status.HELD or (
        booking.hold_expires_at is not None and booking.hold_expires_at <= clock.now()
    ):
        raise ConflictError(expired, code="offer_expired")
    if booking.channel != channel:
        booking.channel = channel
        booking.save(update_fields=["channel", "updated_at"])
    return booking_confirm(booking=booking, actor=actor)


def _offer_freed(*, service: Service, starts_at: dt.datetime, ends_at: dt.datetime) -> WaitlistEntry | None:
    """Hold the freed slot for the first person waiting for that day (skipping anyone who has meanwhile
    booked the service) and tell them; inside the caller's transaction."""
    now = clock.now()
    if starts_at <= now:
        return None
    office = service.office
    day = timezone.localtime(starts_at).date()
    for entry in (
        WaitlistEntry.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(service=service, day=day, status=WaitlistEntry.Status.WAITING)
        .select_related("person")
        .order_by("created_at", "id")
    ):
        if Booking.objects.filter(person=entry.person, service=service, status__in=Booking.ACTIVE).exists():
            continue
        booking = Booking.objects.create(
            hromada=office.hromada,
            office=office,
            service=service,
            person=entry.person,
            starts_at=starts_at,
            ends_at=ends_at,
            stop=selectors.stop_at(office=office, at=starts_at),
            status=Booking.Status.HELD,
            hold_expires_at=now + dt.timedelta(minutes=office.offer_minutes),
            code=_new_code(8),
        )
        entry.status = WaitlistEntry.Status.OFFERED
        entry.booking = booking
        entry.save(update_fields=["status", "booking", "updated_at"])
        notify_on_commit(
            hromada=office.hromada,
            recipients=[entry.person],
            kind="cnapqueue.waitlist_offer",
            params={
                "service": service.name,
                "when": timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M"),
                "minutes": office.offer_minutes,
                "entry": entry.pk,  # the chat bot's Accept / Decline buttons name the place offered
            },
            url=f"/queue/bookings/{booking.pk}/",
        )
        return entry
    return None

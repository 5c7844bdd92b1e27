"""The queue's part of erasing a person (see ``personal_data.py`` for what is kept and why)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..models import Booking, Consultation, Desk, HomeVisit, StaffMember, Ticket, WaitlistEntry


@transaction.atomic
def queue_person_erase(*, person: Any) -> int:
    """Delete the person's bookings, waitlist entries, home-visit requests and staff roles, take them off
    desks, unlink their tickets and calls (the counts stay for statistics); returns how many rows changed."""
    changed = Ticket.objects.filter(person=person).update(person=None)
    changed += Consultation.objects.filter(person=person).update(person=None, phone="")
    Ticket.objects.filter(booking__person=person).update(booking=None)
    changed += WaitlistEntry.objects.filter(person=person).delete()[0]
    changed += HomeVisit.objects.filter(person=person).delete()[0]
    changed += Booking.objects.filter(person=person).delete()[0]
    changed += Desk.objects.filter(operator=person).update(operator=None)
    changed += StaffMember.objects.filter(user=person).delete()[0]
    return changed

"""The queue's part of erasing a person (see ``personal_data.py`` for what is kept and why)."""

from __future__ import annotations

import functools
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from ..models import Booking, Consultation, Desk, HomeVisit, StaffMember, Ticket, WaitlistEntry


@transaction.atomic
def queue_person_erase(*, person: Any) -> int:
    """Delete the person's bookings, waitlist entries, home-visit requests (with their proof documents) and
    staff roles, take them off desks, unlink their tickets (erasing an SMS phone still on one) and calls
    (the counts stay for statistics); returns how many rows changed."""
    changed = Ticket.objects.filter(person=person).update(person=None, phone="")
    changed += Consultation.objects.filter(person=person).update(person=None, phone="")
    Ticket.objects.filter(booking__person=person).update(booking=None)
    changed += WaitlistEntry.objects.filter(person=person).delete()[0]
    visits = HomeVisit.objects.filter(person=person)
    documents = [v.document.name for v in visits.exclude(document="") if v.document]
    changed += visits.delete()[0]
    transaction.on_commit(functools.partial(_delete_files, documents))
    changed += Booking.objects.filter(person=person).delete()[0]
    changed += Desk.objects.filter(operator=person).update(operator=None)
    changed += StaffMember.objects.filter(user=person).delete()[0]
    return changed


def _delete_files(names: list[str]) -> None:
    """The proof documents of erased requests, once the rows naming them are gone."""
    for name in names:
        default_storage.delete(name)

"""The queue's part of a person's data: tickets, bookings, calls to the call centre, staff roles.

Erasure keeps the tickets (numbers, services and times count in the statistics and the ledger holds no
names) but unlinks them from the person and erases an SMS phone still on one; it deletes the person's
bookings (their no-show history goes with them), waitlist entries, home-visit requests (address, phone,
ground) and staff roles and takes them off desks; calls keep their topic and outcome without the caller.
What an official did (home visits decided or made, tickets issued or called, bookings made for callers, calls
answered) stays: acts of the office, pointing at the anonymised account.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .actions import queue_person_erase
from .models import Booking, Consultation, Desk, HomeVisit, StaffMember, Ticket, WaitlistEntry


def _export(person: Any) -> dict[str, Any]:
    tickets = Ticket.objects.filter(person=person).select_related("office__institution", "service")
    bookings = Booking.objects.filter(person=person).select_related("office__institution", "service")
    calls = Consultation.objects.filter(person=person).select_related("office__institution")
    roles = StaffMember.objects.filter(user=person).select_related("office__institution")
    return {
        "tickets": [
            {
                "number": t.number,
                "day": iso(t.day),
                "office": t.office.institution.name,
                "service": t.service.name,
                "category": t.category,
                "status": t.status,
                "channel": t.channel,
                "queued_at": iso(t.queued_at),
                "called_at": iso(t.called_at),
                "finished_at": iso(t.finished_at),
                "phone": t.phone or None,
            }
            for t in tickets
        ],
        "bookings": [
            {
                "office": b.office.institution.name,
                "service": b.service.name,
                "starts_at": iso(b.starts_at),
                "status": b.status,
                "code": b.code,
            }
            for b in bookings
        ],
        "calls": [
            {"office": c.office.institution.name, "topic": c.topic, "at": iso(c.at), "outcome": c.outcome}
            for c in calls
        ],
        "waitlist": [
            {
                "office": w.office.institution.name,
                "service": w.service.name,
                "day": iso(w.day),
                "status": w.status,
            }
            for w in WaitlistEntry.objects.filter(person=person).select_related(
                "office__institution", "service"
            )
        ],
        "home_visits": [
            {
                "office": v.office.institution.name,
                "service": v.service.name,
                "ground": v.ground,
                "address": v.address,
                "phone": v.phone,
                "note": v.note,
                "status": v.status,
                "day": iso(v.day),
                "reason": v.reason,
                "document": (
                    {
                        "download": reverse("cnapqueue:home_visit_document", args=[v.pk]),
                        "type": v.document_type,
                        "size": v.document_size,
                    }
                    if v.document
                    else None
                ),
            }
            for v in HomeVisit.objects.filter(person=person).select_related("office__institution", "service")
        ],
        "staff_roles": [{"office": r.office.institution.name, "role": r.role} for r in roles],
        "desks": [d.number for d in Desk.objects.filter(operator=person)],
    }


def _erase(person: Any) -> None:
    queue_person_erase(person=person)


def register() -> None:
    """Called from ``CnapQueueConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="cnapqueue",
            title=_("TsNAP queue"),
            export=_export,
            erase=_erase,
            covers=(
                Ticket.person,
                Ticket.issued_by,
                Ticket.served_by,
                Booking.person,
                Booking.booked_by,
                WaitlistEntry.person,
                HomeVisit.person,
                HomeVisit.decided_by,
                HomeVisit.operator,
                Consultation.agent,
                Consultation.person,
                StaffMember.user,
                Desk.operator,
            ),
            order=70,
        )
    )

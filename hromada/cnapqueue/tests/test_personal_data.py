"""The queue's part of "my data" and of the erasure; tenancy of the pages."""

import pytest
from django.urls import reverse

from hromada.cnapqueue import actions
from hromada.cnapqueue.models import Booking, StaffMember, Ticket
from hromada.core.personal_data import personal_data_erase, personal_data_export

from .factories import make_desk, make_manager, make_office, make_service, take

pytestmark = pytest.mark.django_db


def test_export_lists_tickets_and_erasure_unlinks_them(hromada, resident, clock):
    office = make_office(hromada)
    service = make_service(office)
    desk = make_desk(office, [service])
    ticket = take(office, service, person=resident)
    actions.consultation_record(
        office=office,
        agent=make_manager(office),
        topic="Довідка",
        minutes=3,
        outcome="resolved",
        person=resident,
        phone="+380501112233",
    )

    exported = personal_data_export(person=resident, language="uk")
    data = next(s["data"] for s in exported["sections"] if s["key"] == "cnapqueue")
    assert data["tickets"][0]["number"] == ticket.number

    actions.queue_person_erase(person=desk.operator)
    assert not StaffMember.objects.filter(user=desk.operator).exists()
    personal_data_erase(person=resident)
    assert Ticket.objects.get(pk=ticket.pk).person is None
    assert not Booking.objects.filter(person=resident).exists()


def test_pages_of_one_hromada_do_not_show_another_hromadas_office(client, hromada, other_hromada):
    theirs = make_office(other_hromada)
    make_service(theirs)

    assert client.get(reverse("cnapqueue:office", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("cnapqueue:board", args=[theirs.pk])).status_code == 404
    assert theirs.institution.name not in client.get(reverse("cnapqueue:offices")).content.decode()

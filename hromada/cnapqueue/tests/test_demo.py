"""The demo step sets up every ЦНАП's queue with a served history and a booking, once."""

import pytest

from hromada.accounts.models import DepartmentMembership, HromadaRole
from hromada.cnapqueue import selectors
from hromada.cnapqueue.demo import demo_load, kiosk_token
from hromada.cnapqueue.models import Booking, Desk, Office, Service, Ticket
from hromada.core.registry import demo_steps
from hromada.territory.models import Institution
from tests.factories import DepartmentFactory, InstitutionFactory, UserFactory

from .factories import WORKDAYS_9_TO_18

pytestmark = pytest.mark.django_db


def test_demo_sets_up_offices_with_history_once(hromada):
    admin = UserFactory(hromada=hromada, is_staff=True)
    HromadaRole.objects.create(user=admin, hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
    officer = UserFactory(hromada=hromada, is_staff=True)
    DepartmentMembership.objects.create(
        user=officer, department=DepartmentFactory(hromada=hromada), role="cnap_officer"
    )
    UserFactory(hromada=hromada, email=f"resident@{hromada.slug}.example")
    for _ in range(2):
        InstitutionFactory(hromada=hromada, kind=Institution.Kind.CNAP, opening_hours=WORKDAYS_9_TO_18)

    assert demo_load(hromada=hromada) == 2

    main, _remote = Office.objects.order_by("pk")
    assert Service.objects.filter(office=main).count() == 5 and Desk.objects.filter(office=main).count() == 4
    assert Desk.objects.get(office=main, number=1).operator == officer
    assert Ticket.objects.filter(office=main, status="done").count() > 50
    assert not Ticket.objects.filter(status__in=["waiting", "called", "serving"]).exists()
    assert (
        Booking.objects.filter(status="confirmed", person__email=f"resident@{hromada.slug}.example").count()
        == 1
    )
    assert selectors.kiosk_by_token(token=kiosk_token(main)).office == main
    counts = (Ticket.objects.count(), Booking.objects.count(), Office.objects.count())
    assert demo_load(hromada=hromada) == 0
    assert (Ticket.objects.count(), Booking.objects.count(), Office.objects.count()) == counts
    assert "cnapqueue" in [step.key for step in demo_steps()]

"""The demo step sets up every ЦНАП's queue with a served history and a booking, home visits in every
state and a mobile office with its timetable, once."""

import pytest

from hromada.accounts.models import DepartmentMembership, HromadaRole
from hromada.cnapqueue import selectors
from hromada.cnapqueue.demo import demo_load, kiosk_token
from hromada.cnapqueue.models import Booking, Desk, HomeVisit, MobileStop, Office, Service, Ticket
from hromada.core.registry import demo_steps
from hromada.territory.models import District, Institution
from tests.factories import DepartmentFactory, DistrictFactory, InstitutionFactory, UserFactory

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
    for _ in range(6):
        UserFactory(hromada=hromada)
    for name in ("Ясне", "Нове"):
        DistrictFactory(hromada=hromada, name=name, kind=District.Kind.STAROSTA_DISTRICT)
    for _ in range(2):
        InstitutionFactory(hromada=hromada, kind=Institution.Kind.CNAP, opening_hours=WORKDAYS_9_TO_18)

    assert demo_load(hromada=hromada) == 3

    main, _remote, mobile = Office.objects.order_by("pk")
    visits = HomeVisit.objects.filter(office=main)
    assert sorted(visits.values_list("status", flat=True)) == [
        "approved",
        "done",
        "failed",
        "requested",
        "scheduled",
        "scheduled",
    ]
    assert sorted(visits.filter(status="scheduled").values_list("route_order", flat=True)) == [1, 2]
    assert not visits.filter(person__is_staff=True).exists()
    assert mobile.is_mobile and Desk.objects.filter(office=mobile).count() == 1
    stops = MobileStop.objects.filter(office=mobile)
    assert stops.count() == 12 and {s.date.weekday() for s in stops} == {1, 3}
    assert {s.district.name for s in stops} == {"Ясне", "Нове"}
    assert Service.objects.filter(office=main).count() == 5 and Desk.objects.filter(office=main).count() == 4
    assert Desk.objects.get(office=main, number=1).operator == officer
    assert Ticket.objects.filter(office=main, status="done").count() > 50
    assert not Ticket.objects.filter(status__in=["waiting", "called", "serving"]).exists()
    assert (
        Booking.objects.filter(status="confirmed", person__email=f"resident@{hromada.slug}.example").count()
        == 1
    )
    assert selectors.kiosk_by_token(token=kiosk_token(main)).office == main
    counts = (Ticket.objects.count(), Booking.objects.count(), Office.objects.count(), visits.count())
    assert demo_load(hromada=hromada) == 0
    assert (Ticket.objects.count(), Booking.objects.count(), Office.objects.count(), visits.count()) == counts
    assert "cnapqueue" in [step.key for step in demo_steps()]

"""The queue's part of the demo: every ЦНАП institution of a demo hromada gets a queue (services, desks,
staff, a kiosk), the last working days' served tickets (for the statistics and the board), and a booking
for the demo resident. Through the actions; idempotent (an office that exists is left as it is).

Sized to the demo hromadas: the city's main ЦНАП has five services and four desks, a remote workplace
(starosta district) two services and one desk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from hromada.accounts.models import DepartmentMembership, HromadaRole, User
from hromada.core.democlock import demo_clock
from hromada.core.models import Hromada
from hromada.territory.models import Institution

from . import actions, selectors
from .models import Category, Channel, Desk, Office, Service, StaffMember

SERVICES_MAIN = (
    ("Реєстрація місця проживання", "Registration of residence", "А", 12),
    ("Паспорт громадянина України (ID-картка)", "Passport (ID card)", "Б", 20),
    ("Державна реєстрація нерухомості", "Real estate registration", "В", 25),
    ("Соціальні послуги та субсидії", "Social services and subsidies", "Г", 15),
    ("Видача готових документів", "Collecting ready documents", "Д", 4),
)
SERVICES_REMOTE = SERVICES_MAIN[:1] + SERVICES_MAIN[3:4]
HISTORY_DAYS = 5
HISTORY_TICKETS = 24  # per office and day


def kiosk_token(office: Office) -> str:
    """The demo kiosk's device token, derived so the demo can print its address (never for real use)."""
    return (
        "kq_demo" + hashlib.sha256(f"demo-kiosk-{office.hromada.slug}-{office.pk}".encode()).hexdigest()[:24]
    )


def demo_load(*, hromada: Hromada, progress: Callable[[str], Any] | None = None) -> int:
    """Bring the hromada's demo queue up to date; returns how many offices were set up."""
    administrator = (
        HromadaRole.objects.filter(hromada=hromada, role=HromadaRole.Role.ADMINISTRATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if administrator is None:
        return 0
    officers = [
        m.user
        for m in DepartmentMembership.objects.filter(department__hromada=hromada, role="cnap_officer")
        .select_related("user")
        .order_by("pk")
    ]
    created = 0
    institutions = Institution.objects.filter(
        hromada=hromada, kind=Institution.Kind.CNAP, is_active=True
    ).order_by("pk")
    for index, institution in enumerate(institutions):
        if Office.objects.filter(institution=institution).exists():
            continue
        main = index == 0
        office = actions.office_save(office=Office(hromada=hromada, institution=institution))
        services = [
            actions.service_save(
                service=Service(
                    office=office, name=name, name_en=name_en, prefix=prefix, average_minutes=minutes
                )
            )
            for name, name_en, prefix, minutes in (SERVICES_MAIN if main else SERVICES_REMOTE)
        ]
        actions.staff_member_add(office=office, user=administrator.user, role=StaffMember.Role.MANAGER)
        operators = officers[:1] if officers else []
        for person in operators:
            actions.staff_member_add(office=office, user=person, role=StaffMember.Role.OPERATOR)
            actions.staff_member_add(office=office, user=person, role=StaffMember.Role.CALL_CENTRE)
        desks = []
        for number in range(1, (5 if main else 2)):
            desk = actions.desk_save(
                desk=Desk(office=office, number=number, state=Desk.State.OPEN),
                services=services if number == 1 else services[number % len(services) :] + services[:1],
                operator=operators[0] if operators and number == 1 else None,
            )
            desks.append(desk)
        actions.kiosk_create(office=office, name="Кіоск біля входу", token=kiosk_token(office))
        resident = User.objects.filter(email=f"resident@{hromada.slug}.example").first()
        _history(office, services, desks, administrator.user, resident)
        created += 1
        if progress is not None:
            progress(f"queue: {institution.name}")
    _resident_booking(hromada)
    return created


def _history(
    office: Office, services: list[Service], desks: list[Desk], manager: User, resident: User | None
) -> None:
    """Served tickets of the last working days, replayed at their times (statistics, board, ledger)."""
    rng = random.Random(f"{office.hromada.slug}-{office.pk}")
    day = timezone.localdate()
    days = 0
    while days < HISTORY_DAYS:
        day -= dt.timedelta(days=1)
        opens = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        if selectors.office_closed_reason(office=office, at=opens) is not None:
            continue
        days += 1
        moment = opens
        for n in range(HISTORY_TICKETS):
            moment += dt.timedelta(minutes=rng.randint(2, 9))
            if selectors.office_closed_reason(office=office, at=moment) is not None:
                break
            with demo_clock(moment):
                actions.ticket_take(
                    office=office,
                    service=rng.choice(services),
                    channel=Channel.RECEPTION,
                    category=Category.ELDERLY if n % 7 == 3 else Category.REGULAR,
                    issued_by=manager,
                    person=resident if n == 0 and days == 1 else None,
                )
            for desk in desks:
                with demo_clock(moment + dt.timedelta(minutes=1)):
                    ticket = actions.ticket_call_next(desk=desk, actor=manager)
                if ticket is None:
                    continue
                with demo_clock(moment + dt.timedelta(minutes=2)):
                    actions.ticket_start(desk=desk, ticket=ticket, actor=manager)
                with demo_clock(moment + dt.timedelta(minutes=2 + rng.randint(3, 14))):
                    if rng.random() < 0.06:
                        actions.ticket_return(desk=desk, ticket=ticket, actor=manager)
                    else:
                        actions.ticket_complete(desk=desk, ticket=ticket, actor=manager)
        # The day ends: whoever still waits is served off the record (the demo keeps the queue empty).
        for desk in desks:
            while True:
                with demo_clock(moment + dt.timedelta(minutes=30)):
                    ticket = actions.ticket_call_next(desk=desk, actor=manager)
                    if ticket is None:
                        break
                    actions.ticket_complete(desk=desk, ticket=ticket, actor=manager)


def _resident_booking(hromada: Hromada) -> None:
    """The demo resident's booked visit in the coming days (if none is active)."""
    resident = User.objects.filter(email=f"resident@{hromada.slug}.example").first()
    office = Office.objects.filter(hromada=hromada).order_by("pk").first()
    if resident is None or office is None:
        return
    if selectors.bookings_of_person(hromada=hromada, person=resident).filter(status="confirmed").exists():
        return
    service = selectors.services_of(office=office, bookable=True).first()
    if service is None:
        return
    day = timezone.localdate()
    for _ in range(14):
        day += dt.timedelta(days=1)
        free = selectors.slots_for(service=service, day=day)
        if free:
            booking = actions.booking_hold(
                service=service, starts_at=free[len(free) // 3][0], person=resident
            )
            actions.booking_confirm(booking=booking, actor=resident)
            return

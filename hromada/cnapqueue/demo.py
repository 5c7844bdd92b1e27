"""The queue's part of the demo: every ЦНАП institution of a demo hromada gets a queue (services, desks,
staff, a kiosk), the last working days' served tickets (for the statistics and the board), and a booking
for the demo resident; the main ЦНАП gets home visits (a request to decide, an eligible one to schedule,
the operator's route for the next working day, a visit done and one failed last week), and a mobile
office ("Мобільний ЦНАП", a van based at the main ЦНАП) its timetable of stops in the starosta districts
for the coming weeks. Through the actions; idempotent (an office that exists is left as it is).

Sized to the demo hromadas: the city's main ЦНАП has five services and four desks, a remote workplace
(starosta district) two services and one desk, the mobile office two services and one desk (the van).
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
from hromada.territory.actions import institution_save
from hromada.territory.models import District, Institution

from . import actions, selectors
from .models import Category, Channel, Desk, MobileStop, Office, Service, StaffMember, VisitGround

SERVICES_MAIN = (
    ("Реєстрація місця проживання", "Registration of residence", "А", 12),
    ("Паспорт громадянина України (ID-картка)", "Passport (ID card)", "Б", 20),
    ("Державна реєстрація нерухомості", "Real estate registration", "В", 25),
    ("Соціальні послуги та субсидії", "Social services and subsidies", "Г", 15),
    ("Видача готових документів", "Collecting ready documents", "Д", 4),
)
SERVICES_REMOTE = SERVICES_MAIN[:1] + SERVICES_MAIN[3:4]
HISTORY_DAYS = 5
HISTORY_TICKETS = 28  # walk-in visitors per office and day
HISTORY_BOOKINGS = 3  # booked visits per office and day (of its bookable services)


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
    # The head of the officers' department (the ЦНАП's) manages every office's queue, as in a real ЦНАП.
    heads = [
        m.user
        for m in DepartmentMembership.objects.filter(
            department__memberships__user__in=officers, role=DepartmentMembership.Role.HEAD
        )
        .select_related("user")
        .distinct()
        .order_by("pk")
    ]
    created = 0
    mobile_exists = Office.objects.filter(hromada=hromada, is_mobile=True).exists()
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
        for manager in dict.fromkeys((administrator.user, *heads)):
            actions.staff_member_add(office=office, user=manager, role=StaffMember.Role.MANAGER)
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
        if main and operators:
            _home_visits(office, services, administrator.user, operators[0])
        created += 1
        if progress is not None:
            progress(f"queue: {institution.name}")
    if not mobile_exists:
        main_office = Office.objects.filter(hromada=hromada, is_mobile=False).order_by("pk").first()
        if main_office is not None:
            _mobile_office(main_office, administrator.user, officers[:1], heads)
            created += 1
    _resident_booking(hromada)
    return created


# Where the demo's home-visit requests are, as offsets from the office (degrees: ~1 km per 0.01).
HOME_VISITS = (
    # (ground, address, offset lat, offset lon, note)
    (VisitGround.AGE_80, "вул. Садова, 14", 0.012, -0.018, "Вхід з двору, дзвінок не працює — телефонуйте."),
    (VisitGround.DISABILITY_I, "вул. Лісова, 3, кв. 7", -0.006, 0.011, "Третій поверх, ліфта немає."),
    (VisitGround.BEDRIDDEN, "пров. Тихий, 2", 0.021, 0.004, ""),
    (VisitGround.MEDICAL, "вул. Миру, 40", -0.015, -0.009, "Після операції, до кінця місяця."),
    (VisitGround.AGE_80, "вул. Вишнева, 9", 0.003, 0.024, ""),
    (VisitGround.AGE_80, "вул. Польова, 21", -0.019, 0.016, ""),
)


def _working_day(office: Office, day: dt.date, step: int) -> dt.date:
    """The nearest day from ``day`` (going by ``step``) on which the office opens at 10:00."""
    while selectors.office_closed_reason(
        office=office, at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    ):
        day += dt.timedelta(days=step)
    return day


def _home_visits(office: Office, services: list[Service], manager: User, operator: User) -> None:
    """Requests by residents of the hromada (not staff): two to handle, three in the operator's route for
    the next working day, one done and one failed on the last working day."""
    people = list(
        User.objects.filter(hromada=office.hromada, is_staff=False, is_active=True)
        .exclude(queue_roles__isnull=False)
        .order_by("pk")[: len(HOME_VISITS)]
    )
    institution = office.institution
    today = timezone.localdate()
    past = _working_day(office, today - dt.timedelta(days=1), -1)
    coming = _working_day(office, today + dt.timedelta(days=1), 1)
    asked_at = timezone.make_aware(dt.datetime.combine(past - dt.timedelta(days=3), dt.time(11, 0)))
    for n, (person, (ground, address, dlat, dlon, note)) in enumerate(zip(people, HOME_VISITS, strict=False)):
        service = services[n % 2] if len(services) > 1 else services[0]
        with demo_clock(asked_at + dt.timedelta(minutes=37 * n)):
            visit = actions.home_visit_request(
                office=office,
                service=service,
                person=person,
                ground=ground,
                address=address,
                phone=person.phone or f"+38050{1234500 + n}",
                note=note,
                lat=round(institution.lat + dlat, 6),
                lon=round(institution.lon + dlon, 6),
            )
        if n == 0:
            continue  # waits for the coordinator's decision
        with demo_clock(asked_at + dt.timedelta(days=1, minutes=10 * n)):
            visit = actions.home_visit_decide(
                visit=visit,
                actor=manager,
                eligible=True,
                proof="Посвідчення переглянуто; підтверджено телефоном"
                if n % 2
                else "Підтверджено телефоном (дзвінок родичам)",
            )
        if n == 1:
            continue  # eligible, to be scheduled
        if n >= 4:  # last working day: one done, one failed
            with demo_clock(timezone.make_aware(dt.datetime.combine(past, dt.time(8, 30)))):
                visit = actions.home_visit_schedule(visit=visit, actor=manager, day=past, operator=operator)
            with demo_clock(timezone.make_aware(dt.datetime.combine(past, dt.time(11 + n, 15)))):
                actions.home_visit_finish(
                    visit=visit,
                    actor=operator,
                    done=n == 4,
                    reason="" if n == 4 else "Нікого не було вдома; домовилися про інший день.",
                )
            continue
        actions.home_visit_schedule(visit=visit, actor=manager, day=coming, operator=operator)


STOPS = (
    # (time from, until) of the van's two stops a day
    (dt.time(9, 0), dt.time(12, 0)),
    (dt.time(13, 30), dt.time(16, 0)),
)
STOP_WEEKDAYS = (1, 3)  # Tuesdays and Thursdays
STOP_WEEKS = 3


def _mobile_office(main: Office, manager: User, operators: list[User], heads: list[User]) -> None:
    """A van based at the main ЦНАП visiting the starosta districts on Tuesdays and Thursdays: two
    services, one desk, the timetable for the coming weeks."""
    hromada = main.hromada
    base = main.institution
    institution = institution_save(
        institution=Institution(
            hromada=hromada,
            kind=Institution.Kind.CNAP,
            name="Мобільний ЦНАП («мобільний кейс»)",
            name_en="Mobile TsNAP (the “mobile case”)",
            short_name="Мобільний ЦНАП",
            address=base.address,
            lat=base.lat,
            lon=base.lon,
            district=base.district,  # based at the main ЦНАП, reached through its phone
            phone=base.phone,
            opening_hours={},
        ),
    )
    office = actions.office_save(office=Office(hromada=hromada, institution=institution, is_mobile=True))
    services = [
        actions.service_save(
            service=Service(office=office, name=name, name_en=name_en, prefix=prefix, average_minutes=minutes)
        )
        for name, name_en, prefix, minutes in (SERVICES_MAIN[0], SERVICES_MAIN[3])
    ]
    for person in dict.fromkeys((manager, *heads)):
        actions.staff_member_add(office=office, user=person, role=StaffMember.Role.MANAGER)
    for person in operators:
        actions.staff_member_add(office=office, user=person, role=StaffMember.Role.OPERATOR)
    actions.desk_save(
        desk=Desk(office=office, number=1, state=Desk.State.OPEN),
        services=services,
        operator=operators[0] if operators else None,
    )
    districts = list(
        District.objects.filter(hromada=hromada, kind=District.Kind.STAROSTA_DISTRICT).order_by("name")
    )
    if not districts:
        return
    day = timezone.localdate()
    visit = 0
    for _ in range(STOP_WEEKS * 7):
        day += dt.timedelta(days=1)
        if day.weekday() not in STOP_WEEKDAYS:
            continue
        for starts, ends in STOPS:
            district = districts[visit % len(districts)]
            visit += 1
            actions.mobile_stop_save(
                stop=MobileStop(
                    office=office,
                    place=f"{district.name}, біля старостату",
                    district=district,
                    date=day,
                    starts=starts,
                    ends=ends,
                ),
                actor=manager,
            )


def _history(
    office: Office, services: list[Service], desks: list[Desk], manager: User, resident: User | None
) -> None:
    """The last working days replayed at their times (statistics, board, ledger): visitors arriving all day
    (more in the morning, none while the office is closed for lunch), a few called who did not come up,
    and visits booked days ahead — most checked in at their time, some never coming."""
    rng = random.Random(f"{office.hromada.slug}-{office.pk}")
    bookers = list(
        User.objects.filter(email__regex=rf"^resident[0-9]+@{office.hromada.slug}\.example$").order_by(
            "email"
        )
    )
    bookable = list(selectors.services_of(office=office, bookable=True))
    day = timezone.localdate()
    days = 0
    while days < HISTORY_DAYS:
        day -= dt.timedelta(days=1)
        opens = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        closes = timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))
        if selectors.office_closed_reason(office=office, at=opens) is not None:
            continue
        days += 1
        booked = _history_bookings(office, bookable, bookers, day, rng) if bookable and bookers else []
        moment = opens
        for n in range(HISTORY_TICKETS):
            moment += dt.timedelta(minutes=rng.randint(4, 20) if moment.hour < 12 else rng.randint(10, 40))
            while moment < closes and selectors.office_closed_reason(office=office, at=moment) is not None:
                moment += dt.timedelta(minutes=15)  # the lunch break
            if moment >= closes:
                break
            while booked and booked[0].starts_at <= moment + dt.timedelta(minutes=5):
                booking = booked.pop(0)
                if rng.random() < 0.85:  # the rest never come: the booking's no-shows
                    arrives = booking.starts_at - dt.timedelta(minutes=rng.randint(0, 8))
                    if selectors.office_closed_reason(office=office, at=arrives) is not None:
                        arrives = booking.starts_at  # not before the doors open
                    with demo_clock(arrives):
                        actions.booking_check_in(office=office, code=booking.code, actor=manager)
                    _history_serve(desks, manager, rng, at=arrives, turn=n)
            with demo_clock(moment):
                actions.ticket_take(
                    office=office,
                    service=rng.choice(services),
                    channel=Channel.RECEPTION,
                    category=Category.ELDERLY if n % 7 == 3 else Category.REGULAR,
                    issued_by=manager,
                    person=resident if n == 0 and days == 1 else None,
                )
            _history_serve(desks, manager, rng, at=moment, turn=n)
        # The day ends: whoever still waits is served off the record (the demo keeps the queue empty).
        last = min(moment, closes - dt.timedelta(minutes=1))
        while selectors.office_closed_reason(office=office, at=last) is not None:
            last -= dt.timedelta(minutes=5)  # the last open moment before closing or the lunch break
        for desk in desks:
            while True:
                with demo_clock(last):
                    ticket = actions.ticket_call_next(desk=desk, actor=manager)
                    if ticket is None:
                        break
                    actions.ticket_complete(desk=desk, ticket=ticket, actor=manager)


def _history_serve(
    desks: list[Desk], manager: User, rng: random.Random, *, at: dt.datetime, turn: int
) -> None:
    """One arrival's worth of service from ``at``: the desks take turns, the first in turn that serves a
    waiting ticket's service calls it; a few called never come up, a few are sent back to the queue (and
    called again once that visit is over)."""
    # The wait: a few minutes, longer in the morning rush.
    called = at + dt.timedelta(minutes=rng.randint(1, 12) + (rng.randint(0, 18) if at.hour < 12 else 0))
    if selectors.office_closed_reason(office=desks[0].office, at=called) is not None:
        return  # closed meanwhile: the end of the day serves whoever waits
    turn %= len(desks)
    for desk in desks[turn:] + desks[:turn]:
        with demo_clock(called):
            ticket = actions.ticket_call_next(desk=desk, actor=manager)
        if ticket is None:
            continue
        if rng.random() < 0.05:
            with demo_clock(called + dt.timedelta(minutes=3)):
                actions.ticket_no_show(desk=desk, ticket=ticket, actor=manager)
            return
        with demo_clock(called + dt.timedelta(minutes=1)):
            actions.ticket_start(desk=desk, ticket=ticket, actor=manager)
        done = called + dt.timedelta(minutes=1 + rng.randint(3, 14))
        with demo_clock(done):
            if rng.random() < 0.06:
                actions.ticket_return(desk=desk, ticket=ticket, actor=manager)
            else:
                actions.ticket_complete(desk=desk, ticket=ticket, actor=manager)
                return
        _history_serve(desks, manager, rng, at=done, turn=turn + 1)
        return


def _history_bookings(
    office: Office, bookable: list[Service], bookers: list[User], day: dt.date, rng: random.Random
) -> list[Any]:
    """Visits on ``day`` booked and confirmed three days before by residents (a different one each),
    earliest first."""
    booked = []
    with demo_clock(timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=3), dt.time(19, 0)))):
        for _ in range(HISTORY_BOOKINGS):
            service = rng.choice(bookable)
            free = selectors.slots_for(service=service, day=day)
            if not free:
                continue
            person = bookers.pop(rng.randrange(len(bookers)))
            booking = actions.booking_hold(service=service, starts_at=rng.choice(free)[0], person=person)
            booked.append(actions.booking_confirm(booking=booking, actor=person))
            if not bookers:
                break
    return sorted(booked, key=lambda b: b.starts_at)


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

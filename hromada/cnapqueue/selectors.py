"""Reads of the queue, always scoped by hromada or by an office already scoped."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import groupby
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.calendar import calendar_for
from hromada.core.errors import NotFoundError
from hromada.core.geo import BBox, inside_bbox
from hromada.core.indicators import Quarter
from hromada.core.models import Hromada
from hromada.territory.hours import is_open

from . import erlang, ordering, slots, waits
from .models import (
    Booking,
    Closure,
    Consultation,
    Desk,
    HomeVisit,
    Kiosk,
    MobileStop,
    Office,
    QueueEvent,
    Service,
    StaffMember,
    Ticket,
    WaitlistEntry,
)

RECENT_HANDLING = 30  # completed tickets the handling-time average looks at
BOARD_CALLS = 8

CLOSED_INACTIVE = "inactive"
CLOSED_CLOSURE = "closure"
CLOSED_HOLIDAY = "holiday"
CLOSED_HOURS = "hours"


# --------------------------------------------------------------------------------------------- offices


def offices_of(*, hromada: Hromada) -> QuerySet[Office]:
    """Active offices with their active services and open desks (for the API and the list page)."""
    return (
        Office.objects.filter(hromada=hromada, is_active=True, institution__is_active=True)
        .select_related("institution")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.filter(is_active=True).order_by("prefix", "name")),
            Prefetch("desks", queryset=Desk.objects.filter(state=Desk.State.OPEN).order_by("number")),
        )
        .order_by("institution__name", "id")
    )


def offices_on_map(*, hromada: Hromada, bbox: BBox | None = None) -> QuerySet[Office, Any]:
    """Active offices (at their institution's place) inside ``bbox`` (west, south, east, north), as plain
    values for map markers, by name (the city map pages through them)."""
    qs = Office.objects.filter(hromada=hromada, is_active=True, institution__is_active=True)
    qs = qs.filter(**inside_bbox(bbox, prefix="institution__"))
    return qs.order_by("institution__name", "id").values(
        "id",
        "is_mobile",
        "institution__name",
        "institution__name_en",
        "institution__address",
        "institution__lat",
        "institution__lon",
    )


def office_get(*, hromada: Hromada, office_id: int) -> Office:
    office = Office.objects.filter(hromada=hromada, pk=office_id).select_related("institution").first()
    if office is None:
        raise NotFoundError(_("There is no such office."))
    return office


def services_of(*, office: Office, bookable: bool | None = None) -> QuerySet[Service]:
    qs = Service.objects.filter(office=office, is_active=True)
    if bookable is not None:
        qs = qs.filter(bookable=bookable)
    return qs.order_by("prefix", "name")


def service_get(*, office: Office, service_id: int) -> Service | None:
    # order_by(): one row by its key, without the services' default order (it joins office and institution)
    return Service.objects.filter(office=office, pk=service_id).order_by().first()


def desk_get(*, hromada: Hromada, desk_id: int) -> Desk:
    desk = Desk.objects.filter(hromada=hromada, pk=desk_id).select_related("office__institution").first()
    if desk is None:
        raise NotFoundError(_("There is no such desk."))
    return desk


def desk_get_plain(*, hromada: Hromada, desk_id: int) -> Desk:
    """The desk's own row, nothing joined: for an API call whose action locks and reads the desk (with its
    office) again (each statement costs the server ~1 ms of CPU, docs/performance.md)."""
    # order_by(): by pk, not the desks' default order through the office's institution (two joins)
    desk = Desk.objects.filter(hromada=hromada, pk=desk_id).order_by().first()
    if desk is None:
        raise NotFoundError(_("There is no such desk."))
    return desk


def desks_for(*, hromada: Hromada, user: Any) -> QuerySet[Desk]:
    """Desks the person serves at: assigned to them, or every desk of an office they manage."""
    managed = StaffMember.objects.filter(user=user, role=StaffMember.Role.MANAGER).values("office")
    return (
        Desk.objects.filter(hromada=hromada)
        .filter(Q(operator=user) | Q(office__in=managed))
        .select_related("office__institution")
        .order_by("office__institution__name", "number")
    )


def kiosk_by_token(*, token: str) -> Kiosk | None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    return (
        Kiosk.objects.filter(token_digest=digest, is_active=True)
        .select_related("office__institution")
        .first()
    )


def office_closed_reason(*, office: Office, at: dt.datetime) -> str | None:
    """Why the office takes no visitors at ``at`` (a code above), or None when it is open."""
    if not office.is_active or not office.institution.is_active:
        return CLOSED_INACTIVE
    local = timezone.localtime(at)
    if Closure.objects.filter(office=office, date=local.date()).exists():
        return CLOSED_CLOSURE
    if _holiday(office, local.date()):
        return CLOSED_HOLIDAY
    if not is_open(_hours(office, local.date()), local):
        return CLOSED_HOURS
    return None


def _hours(office: Office, day: dt.date) -> dict[str, Any]:
    """Opening hours for ``day``: the institution's, or for a mobile office its stops of that day."""
    if not office.is_mobile:
        return office.institution.opening_hours or {}
    spans = [
        [start.strftime("%H:%M"), end.strftime("%H:%M")]
        for start, end in MobileStop.objects.filter(office=office, date=day)
        .order_by("starts")
        .values_list("starts", "ends")
    ]
    return {slots.WEEKDAYS[day.weekday()]: spans} if spans else {}


def stop_at(*, office: Office, at: dt.datetime) -> MobileStop | None:
    """The mobile office's stop that covers the moment ``at`` (None for an ordinary office)."""
    if not office.is_mobile:
        return None
    local = timezone.localtime(at)
    return (
        MobileStop.objects.filter(
            office=office, date=local.date(), starts__lte=local.time(), ends__gt=local.time()
        )
        .order_by("starts")
        .first()
    )


def stops_upcoming(*, office: Office) -> QuerySet[MobileStop]:
    """The mobile office's timetable from today on."""
    return MobileStop.objects.filter(office=office, date__gte=clock.today()).select_related("district")


def _holiday(office: Office, day: dt.date) -> bool:
    """A weekday the hromada's calendar makes a day off (holidays, calendar exceptions); weekends follow
    the office's own opening hours (many ЦНАПs open on Saturday)."""
    return day.weekday() < 5 and not calendar_for(hromada=office.hromada).is_working_day(day)


# --------------------------------------------------------------------------------------------- tickets


def ticket_by_code(*, code: str) -> Ticket | None:
    return Ticket.objects.filter(code=code).select_related("office__institution", "service", "desk").first()


def confirmed_phone_of(*, person: Any) -> str | None:
    """The person's phone when they confirmed it with a code (``accounts``' SMS check), else None."""
    from hromada.accounts.models import PhoneChallenge

    if not person.phone:
        return None
    confirmed = PhoneChallenge.objects.filter(user=person, phone=person.phone, confirmed_at__isnull=False)
    return str(person.phone) if confirmed.exists() else None


def ticket_get(*, hromada: Hromada, ticket_id: int) -> Ticket:
    ticket = (
        Ticket.objects.filter(hromada=hromada, pk=ticket_id)
        .select_related("office__institution", "service", "desk")
        .first()
    )
    if ticket is None:
        raise NotFoundError(_("There is no such ticket."))
    return ticket


def ticket_get_with_desk(*, hromada: Hromada, ticket_id: int) -> Ticket:
    """The ticket with its desk's row only: what a desk's action on it needs to be called with (the
    action locks and reads both again)."""
    ticket = Ticket.objects.filter(hromada=hromada, pk=ticket_id).select_related("desk").first()
    if ticket is None:
        raise NotFoundError(_("There is no such ticket."))
    return ticket


def _waiting(
    office: Office, service_ids: list[int] | None = None, services: dict[int, int] | None = None
) -> list[ordering.Waiting]:
    """The office's waiting tickets for the ordering; ``services``, when given, is filled with each
    ticket's service (ticket id → service id)."""
    qs = Ticket.objects.filter(office=office, status=Ticket.Status.WAITING)
    if service_ids is not None:
        qs = qs.filter(service_id__in=service_ids)
    weights = office.weights()
    waiting = []
    for pk, service_id, queued, category, appointment in qs.values_list(
        "pk", "service_id", "queued_at", "category", "appointment_at"
    ):
        waiting.append(
            ordering.Waiting(
                id=pk,
                arrived=queued.timestamp(),
                weight=weights.get(category, 1),
                appointment=appointment.timestamp() if appointment else None,
            )
        )
        if services is not None:
            services[pk] = service_id
    return waiting


@dataclass(frozen=True)
class Ranking:
    """Waiting tickets in the order they will be called, with each one's service."""

    placed: list[ordering.Placed]
    service_of: dict[int, int]

    def of_service(self, service_id: int, *, start: int = 0) -> list[int]:
        """The ids of ``service_id``'s tickets from ``placed[start]`` on, in order. The ordering ranks
        each ticket by its own key (rule, then its key within the rule, then its id), so one service's
        tickets in a ranking of several are in the order :func:`queue_order` gives that service alone
        (at the same moment): no second query and ordering needed."""
        return [p.id for p in self.placed[start:] if self.service_of.get(p.id) == service_id]


def queue_ranking(*, office: Office, service_ids: list[int] | None = None) -> Ranking:
    """:func:`queue_order` with each ticket's service."""
    services: dict[int, int] = {}
    waiting = _waiting(office, service_ids, services)
    placed = ordering.order(waiting, now=clock.now().timestamp(), max_wait=office.max_wait_minutes * 60)
    return Ranking(placed, services)


def queue_order(*, office: Office, service_ids: list[int] | None = None) -> list[ordering.Placed]:
    """Waiting tickets of the office (of some services) in the order they will be called now."""
    return ordering.order(
        _waiting(office, service_ids), now=clock.now().timestamp(), max_wait=office.max_wait_minutes * 60
    )


def handling_minutes(*, service: Service) -> float:
    """The recent handling time of the service, exponentially weighted (starts at its set average)."""
    recent = list(
        Ticket.objects.filter(service=service, status=Ticket.Status.DONE, served_at__isnull=False)
        .order_by("-finished_at")
        .values_list("served_at", "finished_at")[:RECENT_HANDLING]
    )
    samples = [(end - start).total_seconds() / 60 for start, end in reversed(recent) if start and end]
    return waits.ewma(samples, start=float(service.average_minutes))


def open_desks_serving(*, service: Service) -> int:
    return Desk.objects.filter(services=service, state=Desk.State.OPEN).count()


@dataclass(frozen=True)
class Place:
    position: int | None  # 1 = next; None when the ticket no longer waits
    ahead: int
    estimated_wait_minutes: int | None


def ticket_place(*, ticket: Ticket) -> Place:
    """Where a ticket stands among the waiting tickets of its service, with the estimated wait."""
    if ticket.status != Ticket.Status.WAITING:
        return Place(None, 0, None)
    ranked = [p.id for p in queue_order(office=ticket.office, service_ids=[ticket.service_id])]
    ahead = ranked.index(ticket.pk) if ticket.pk in ranked else len(ranked)
    return _place(ahead, ticket.service)


# The id a ticket not saved yet stands under in the ordering: above every saved one, as its row's id will be,
# so that a tie (same arrival, same score) is broken as it will be once the ticket exists.
NEW_TICKET = 2**63 - 1


def place_of_new(
    *, office: Office, service: Service, category: str, appointment_at: dt.datetime | None, now: dt.datetime
) -> Place:
    """Where a ticket about to be taken now will stand, before its row exists (so that taking a ticket
    holds the office's number lock only for the insert)."""
    waiting = _waiting(office, [service.pk])
    waiting.append(
        ordering.Waiting(
            id=NEW_TICKET,
            arrived=now.timestamp(),
            weight=office.weights().get(category, 1),
            appointment=appointment_at.timestamp() if appointment_at else None,
        )
    )
    ranked = [
        p.id for p in ordering.order(waiting, now=now.timestamp(), max_wait=office.max_wait_minutes * 60)
    ]
    return _place(ranked.index(NEW_TICKET), service)


def _place(ahead: int, service: Service) -> Place:
    estimate = waits.estimate_wait(
        ahead=ahead,
        handling_minutes=handling_minutes(service=service),
        open_desks=open_desks_serving(service=service),
    )
    return Place(ahead + 1, ahead, estimate)


def tickets_followed(*, ticket_ids: list[int]) -> dict[int, tuple[Ticket, int | None]]:
    """The tickets ``ticket_ids`` (with office and desk), each with how many people are ahead of it while
    it waits (None once it no longer waits): :func:`ticket_place`'s ``ahead`` for many tickets in two
    queries however many there are (the chat bot's ticket pushes)."""
    tickets = list(Ticket.objects.filter(pk__in=ticket_ids).select_related("office", "desk"))
    waiting = [t for t in tickets if t.status == Ticket.Status.WAITING]
    queues: dict[tuple[int, int], list[tuple[int, dt.datetime, str, dt.datetime | None]]] = {}
    if waiting:
        for pk, office_id, service_id, queued, category, appointment in Ticket.objects.filter(
            status=Ticket.Status.WAITING,
            office_id__in={t.office_id for t in waiting},
            service_id__in={t.service_id for t in waiting},
        ).values_list("pk", "office_id", "service_id", "queued_at", "category", "appointment_at"):
            queues.setdefault((office_id, service_id), []).append((pk, queued, category, appointment))
    now = clock.now().timestamp()
    ranked: dict[tuple[int, int], list[int]] = {}
    followed: dict[int, tuple[Ticket, int | None]] = {}
    for ticket in tickets:
        if ticket.status != Ticket.Status.WAITING:
            followed[ticket.pk] = (ticket, None)
            continue
        key = (ticket.office_id, ticket.service_id)
        if key not in ranked:
            office = ticket.office
            weights = office.weights()
            rows = [
                ordering.Waiting(
                    id=pk,
                    arrived=queued.timestamp(),
                    weight=weights.get(category, 1),
                    appointment=appointment.timestamp() if appointment else None,
                )
                for pk, queued, category, appointment in queues.get(key, [])
            ]
            order = ordering.order(rows, now=now, max_wait=office.max_wait_minutes * 60)
            ranked[key] = [p.id for p in order]
        ids = ranked[key]
        followed[ticket.pk] = (ticket, ids.index(ticket.pk) if ticket.pk in ids else len(ids))
    return followed


def desk_current(*, desk: Desk) -> Ticket | None:
    return (
        Ticket.objects.filter(desk=desk, status__in=Ticket.ACTIVE_AT_DESK).select_related("service").first()
    )


def tickets_of_person(*, hromada: Hromada, person: Any) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(hromada=hromada, person=person)
        .select_related("office__institution", "service", "desk")
        .order_by("-day", "-queued_at")
    )


def tickets_today(*, office: Office) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(office=office, day=clock.today())
        .select_related("service", "desk")
        .order_by("-queued_at", "-id")
    )


# ---------------------------------------------------------------------------------------------- board


@dataclass(frozen=True)
class BoardCall:
    event_id: int
    number: str
    desk: int
    at: dt.datetime


@dataclass(frozen=True)
class BoardWaiting:
    service_id: int
    service: str
    prefix: str
    waiting: int


@dataclass(frozen=True)
class Board:
    office: Office
    last_event: int
    calls: list[BoardCall]
    waiting: list[BoardWaiting]


def board_last_event(*, office: Office) -> int:
    """The id of the office's latest queue event (0 before the first): every change a board shows — a
    call, a ticket taken or gone, a desk opened — appends one, so it versions what the board shows."""
    return QueueEvent.objects.filter(office=office).order_by("-id").values_list("id", flat=True).first() or 0


def board_state(*, office: Office, language: str, last_event: int | None = None) -> Board:
    """What the display board shows: the last calls (from the event stream, whatever path called) and how
    many wait per service; ``last_event`` when the caller has just read :func:`board_last_event`."""
    events = list(
        QueueEvent.objects.filter(office=office, kind__in=[QueueEvent.Kind.CALLED, QueueEvent.Kind.RECALLED])
        .select_related("ticket", "desk")
        .order_by("-id")[:BOARD_CALLS]
    )
    last = board_last_event(office=office) if last_event is None else last_event
    calls = [
        BoardCall(e.pk, e.ticket.number if e.ticket else "", e.desk.number if e.desk else 0, e.at)
        for e in events
    ]
    counts = (
        Service.objects.filter(office=office, is_active=True)
        .annotate(n=Count("tickets", filter=Q(tickets__status=Ticket.Status.WAITING)))
        .order_by("prefix", "name")
    )
    waiting = [BoardWaiting(s.pk, s.display_name(language), s.prefix, s.n) for s in counts]
    return Board(office, last, calls, waiting)


# -------------------------------------------------------------------------------------------- booking


def slots_for(*, service: Service, day: dt.date) -> list[tuple[dt.datetime, dt.datetime, int]]:
    """Free slots of a bookable service on ``day``: (start, end, places left); none on closed days, on past
    days and beyond the office's horizon. Capacity is the number of desks that serve the service."""
    office = service.office
    now = clock.now()
    today = clock.today()
    if not today <= day <= today + dt.timedelta(weeks=office.booking_weeks) or not service.bookable:
        return []
    if Closure.objects.filter(office=office, date=day).exists() or _holiday(office, day):
        return []
    capacity = Desk.objects.filter(services=service).exclude(state=Desk.State.CLOSED).count() or (
        Desk.objects.filter(services=service).count()
    )
    if capacity == 0:
        return []
    candidates = slots.day_slots(
        day=day,
        hours=_hours(office, day),
        minutes=office.slot_minutes,
        zone=timezone.get_current_timezone(),
        not_before=now + dt.timedelta(minutes=office.booking_lead_minutes),
    )
    taken: dict[dt.datetime, int] = {}
    for starts in Booking.objects.filter(
        service=service, starts_at__date=day, status__in=Booking.ACTIVE
    ).values_list("starts_at", flat=True):
        taken[starts] = taken.get(starts, 0) + 1
    return [(s, e, capacity - taken.get(s, 0)) for s, e in candidates if taken.get(s, 0) < capacity]


def booking_days(*, service: Service, full: bool = False) -> list[tuple[dt.date, int]]:
    """The days with free slots of a bookable service within the office's horizon, each with how many
    slots are free: what :func:`slots_for` gives day by day, read in a fixed number of queries however
    long the horizon (the chat bot's list of days). ``full``: the open days whose every slot is taken
    are listed too, with 0 (the days a waitlist can be joined for)."""
    office = service.office
    today = clock.today()
    if not service.bookable:
        return []
    last = today + dt.timedelta(weeks=office.booking_weeks)
    capacity = Desk.objects.filter(services=service).exclude(state=Desk.State.CLOSED).count() or (
        Desk.objects.filter(services=service).count()
    )
    if capacity == 0:
        return []
    closed = set(
        Closure.objects.filter(office=office, date__range=(today, last)).values_list("date", flat=True)
    )
    calendar = calendar_for(hromada=office.hromada)
    stops: dict[dt.date, list[list[str]]] = {}
    if office.is_mobile:
        for day, start, end in (
            MobileStop.objects.filter(office=office, date__range=(today, last))
            .order_by("date", "starts")
            .values_list("date", "starts", "ends")
        ):
            stops.setdefault(day, []).append([start.strftime("%H:%M"), end.strftime("%H:%M")])
    zone = timezone.get_current_timezone()
    taken: dict[dt.datetime, int] = {}
    for starts in Booking.objects.filter(
        service=service,
        starts_at__gte=dt.datetime.combine(today, dt.time(), zone),
        starts_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone),
        status__in=Booking.ACTIVE,
    ).values_list("starts_at", flat=True):
        taken[starts] = taken.get(starts, 0) + 1
    not_before = clock.now() + dt.timedelta(minutes=office.booking_lead_minutes)
    days = []
    day = today
    while day <= last:
        if day not in closed and not (day.weekday() < 5 and not calendar.is_working_day(day)):
            hours: dict[str, Any]
            if office.is_mobile:
                hours = {slots.WEEKDAYS[day.weekday()]: stops[day]} if day in stops else {}
            else:
                hours = office.institution.opening_hours or {}
            candidates = slots.day_slots(
                day=day, hours=hours, minutes=office.slot_minutes, zone=zone, not_before=not_before
            )
            free = sum(1 for start, _end in candidates if taken.get(start, 0) < capacity)
            if free or (full and candidates):
                days.append((day, free))
        day += dt.timedelta(days=1)
    return days


def booking_get(*, hromada: Hromada, booking_id: int) -> Booking:
    booking = (
        Booking.objects.filter(hromada=hromada, pk=booking_id)
        .select_related("office__institution", "service", "person")
        .first()
    )
    if booking is None:
        raise NotFoundError(_("There is no such booking."))
    return booking


def bookings_of_person(*, hromada: Hromada, person: Any) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(hromada=hromada, person=person)
        .select_related("office__institution", "service")
        .order_by("-starts_at")
    )


def bookings_active_of_person(*, hromada: Hromada, person: Any) -> QuerySet[Booking]:
    """The person's held and confirmed bookings, the soonest first (what they can still cancel)."""
    return (
        Booking.objects.filter(hromada=hromada, person=person, status__in=Booking.ACTIVE)
        .select_related("office__institution", "service")
        .order_by("starts_at", "id")
    )


def waitlist_of_person(*, hromada: Hromada, person: Any) -> QuerySet[WaitlistEntry]:
    """The person's waitlist entries still waiting or offered."""
    return (
        WaitlistEntry.objects.filter(hromada=hromada, person=person, status__in=["waiting", "offered"])
        .select_related("office__institution", "service", "booking")
        .order_by("day")
    )


def waitlist_entry_get(*, hromada: Hromada, entry_id: int) -> WaitlistEntry:
    entry = (
        WaitlistEntry.objects.filter(hromada=hromada, pk=entry_id)
        .select_related("office__institution", "service", "booking")
        .first()
    )
    if entry is None:
        raise NotFoundError(_("There is no such waitlist place."))
    return entry


def no_shows_recent(*, office: Office, person: Any, days: int) -> int:
    since = clock.now() - dt.timedelta(days=days)
    return Booking.objects.filter(
        office=office, person=person, status=Booking.Status.NO_SHOW, starts_at__gte=since
    ).count()


# ---------------------------------------------------------------------------------------- home visits


def home_visits_of_person(*, hromada: Hromada, person: Any) -> QuerySet[HomeVisit]:
    return (
        HomeVisit.objects.filter(hromada=hromada, person=person)
        .select_related("office__institution", "service", "person")
        .order_by("-created_at", "-id")
    )


def home_visit_get(*, hromada: Hromada, visit_id: int) -> HomeVisit:
    visit = (
        HomeVisit.objects.filter(hromada=hromada, pk=visit_id)
        .select_related("office__institution", "service", "person", "operator")
        .first()
    )
    if visit is None:
        raise NotFoundError(_("There is no such home visit."))
    return visit


def home_visits_to_handle(*, office: Office) -> QuerySet[HomeVisit]:
    """The coordinator's list: requests to decide, eligible ones to schedule, scheduled ones (by day)."""
    return (
        HomeVisit.objects.filter(office=office, status__in=HomeVisit.OPEN)
        .select_related("service", "person", "operator")
        .order_by("status", "day", "route_order", "created_at", "id")
    )


def home_visit_day(*, hromada: Hromada, operator: Any, day: dt.date) -> QuerySet[HomeVisit]:
    """An operator's visits of a day in route order (done and failed ones stay on the list)."""
    return (
        HomeVisit.objects.filter(
            hromada=hromada,
            operator=operator,
            day=day,
            status__in=[HomeVisit.Status.SCHEDULED, HomeVisit.Status.DONE, HomeVisit.Status.FAILED],
        )
        .select_related("office__institution", "service", "person")
        .order_by("route_order", "id")
    )


def operators_of(*, office: Office) -> QuerySet[Any]:
    """People with the operator role in the office (to schedule home visits to)."""

    return (
        get_user_model()
        .objects.filter(queue_roles__office=office, queue_roles__role=StaffMember.Role.OPERATOR)
        .distinct()
        .order_by("full_name", "pk")
    )


# ---------------------------------------------------------------------------------------- call centre


def consultations_of(*, office: Office) -> QuerySet[Consultation]:
    return Consultation.objects.filter(office=office).select_related("agent").order_by("-at", "-id")


# ------------------------------------------------------------------------------------------ statistics


# The ticket columns every statistic reads, in this order.
_TIMES = ("day", "status", "queued_at", "called_at", "served_at", "finished_at")
# The bookings a statistic counts: confirmed visits (a hold that expired never was one; a cancelled booking
# freed its place for someone else).
_BOOKED = (Booking.Status.CONFIRMED, Booking.Status.CHECKED_IN, Booking.Status.NO_SHOW)
# Breakdowns that count bookings: a booking has a service, a day and an hour, but no operator or desk.
BOOKINGS_BY = ("service", "day", "hour")


@dataclass(frozen=True)
class _Tally:
    tickets: int
    served: int
    no_shows: int  # called, did not come to the desk
    abandoned: int  # left without being called: cancelled, or still waiting when their day ended
    bookings: int | None  # booked visits of the days counted; None where bookings do not apply
    booking_no_shows: int | None  # of those, not come: marked so, or still unused after their day
    mean_wait: float | None  # minutes from joining to being called
    p90_wait: float | None
    mean_service: float | None  # minutes at the desk of the served tickets


def _tally(
    items: Sequence[tuple[Any, ...]],
    booked: Sequence[tuple[dt.date, str]] | None = None,
    *,
    today: dt.date,
) -> _Tally:
    """The one count behind the statistics page, its breakdowns, its CSV and the open datasets.

    ``items`` are tickets as ``_TIMES`` (day, status, queued_at, called_at, served_at, finished_at);
    ``booked`` the counted bookings as (day, status), or None where bookings do not apply. A ticket is
    abandoned when cancelled or still waiting after its day (before ``today``): it left without being called.
    A booking is a no-show when marked so, or still only confirmed after its day (the nightly job marks
    those; counting them here keeps the figure independent of when it ran)."""
    waited = [(called - queued).total_seconds() / 60 for _d, _st, queued, called, _s, _f in items if called]
    handled = [(end - start).total_seconds() / 60 for _d, _st, _q, _c, start, end in items if start and end]
    abandoned = sum(
        1
        for day, status, *_rest in items
        if status == Ticket.Status.CANCELLED or (status == Ticket.Status.WAITING and day < today)
    )
    return _Tally(
        tickets=len(items),
        served=sum(1 for item in items if item[1] == Ticket.Status.DONE),
        no_shows=sum(1 for item in items if item[1] == Ticket.Status.NO_SHOW),
        abandoned=abandoned,
        bookings=len(booked) if booked is not None else None,
        booking_no_shows=(
            sum(
                1
                for day, status in booked
                if status == Booking.Status.NO_SHOW or (status == Booking.Status.CONFIRMED and day < today)
            )
            if booked is not None
            else None
        ),
        mean_wait=sum(waited) / len(waited) if waited else None,
        p90_wait=waits.percentile(waited, 90),
        mean_service=sum(handled) / len(handled) if handled else None,
    )


def _midnight(day: dt.date) -> dt.datetime:
    """The local start of ``day`` (an aware moment)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _booked_visits(*, office: Office, since: dt.date, until: dt.date) -> list[tuple[int, dt.date, int, str]]:
    """The office's counted bookings for the days ``since`` … ``until``: (service, local day, local hour
    of the booked time, status)."""
    rows = Booking.objects.filter(
        office=office,
        status__in=_BOOKED,
        starts_at__gte=_midnight(since),
        starts_at__lt=_midnight(until + dt.timedelta(days=1)),
    ).values_list("service_id", "starts_at", "status")
    result = []
    for service_id, starts_at, status in rows:
        local = timezone.localtime(starts_at)
        result.append((service_id, local.date(), local.hour, status))
    return result


@dataclass(frozen=True)
class ServiceStats:
    service: str
    tickets: int
    served: int
    no_shows: int
    abandoned: int
    bookings: int | None
    booking_no_shows: int | None
    mean_wait: float | None
    p90_wait: float | None
    mean_service: float | None
    prediction_error: float | None


def _stats_read(*, office: Office, since: dt.date) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """One read of the office's tickets since ``since`` — (operator, desk, service, *_TIMES, estimate) — and
    of its counted bookings through today (``_booked_visits``), for every table of the statistics."""
    rows = list(
        Ticket.objects.filter(office=office, day__gte=since).values_list(
            "served_by_id", "desk_id", "service_id", *_TIMES, "estimated_wait_minutes"
        )
    )
    return rows, _booked_visits(office=office, since=since, until=clock.today())


def office_stats(*, office: Office, since: dt.date, language: str) -> list[ServiceStats]:
    """Per service since ``since`` (through today): tickets, served, no-shows, abandoned, bookings and
    their no-shows, wait and service time (mean, p90 in minutes) and the mean absolute error of the
    published wait estimates."""
    rows, booked_visits = _stats_read(office=office, since=since)
    return _service_stats(office, rows, booked_visits, language=language)


def _service_stats(
    office: Office, rows: list[tuple[Any, ...]], booked_visits: list[tuple[Any, ...]], *, language: str
) -> list[ServiceStats]:
    today = clock.today()
    by_service: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_service.setdefault(row[2], []).append(row)
    booked: dict[int, list[tuple[dt.date, str]]] = {}
    for service_id, day, _hour, status in booked_visits:
        booked.setdefault(service_id, []).append((day, status))
    result = []
    for service in Service.objects.filter(office=office).order_by("prefix", "name"):
        items = by_service.get(service.pk, [])
        tally = _tally([item[3:9] for item in items], booked.get(service.pk, []), today=today)
        pairs = [  # (estimate, minutes from queued_at to called_at)
            (item[9], (item[6] - item[5]).total_seconds() / 60)
            for item in items
            if item[6] and item[9] is not None
        ]
        result.append(
            ServiceStats(
                service=service.display_name(language),
                **asdict(tally),
                prediction_error=waits.mean_absolute_error(pairs),
            )
        )
    return result


@dataclass(frozen=True)
class BreakdownRow:
    key: Any  # an operator's, desk's or service's id, a date, or an hour
    label: str
    tickets: int
    served: int
    no_shows: int
    abandoned: int
    bookings: int | None  # None by operator and by desk
    booking_no_shows: int | None
    mean_wait: float | None
    p90_wait: float | None
    mean_service: float | None


BREAKDOWNS = ("operator", "desk", "service", "day", "hour")


def ticket_breakdown(*, office: Office, since: dt.date, by: str, language: str) -> list[BreakdownRow]:
    """The office's tickets since ``since`` grouped by operator (who called), desk, service, day or hour of
    arrival: tickets, served, no-shows, abandoned, wait and handling time in minutes (mean; p90 of the
    wait); by service, day and hour also the bookings (by the booked day and hour) and their no-shows.
    Tickets never called have no operator or desk and are left out of those two breakdowns."""
    return ticket_breakdowns(office=office, since=since, by=(by,), language=language)[by]


def ticket_breakdowns(
    *, office: Office, since: dt.date, by: Sequence[str], language: str
) -> dict[str, list[BreakdownRow]]:
    """Several :func:`ticket_breakdown` tables from one read of the tickets and bookings."""
    return office_statistics(office=office, since=since, by=by, language=language).breakdowns


@dataclass(frozen=True)
class OfficeStatistics:
    services: list[ServiceStats]
    breakdowns: dict[str, list[BreakdownRow]]


def office_statistics(
    *, office: Office, since: dt.date, by: Sequence[str], language: str
) -> OfficeStatistics:
    """The statistics page's tables from one read of the tickets and bookings: :func:`office_stats` and the
    :func:`ticket_breakdown` of each of ``by`` (the chosen breakdown and those the charts draw)."""
    unknown = set(by) - set(BREAKDOWNS)
    if unknown:
        raise ValueError(sorted(unknown))
    today = clock.today()
    rows, booked = _stats_read(office=office, since=since)
    return OfficeStatistics(
        services=_service_stats(office, rows, booked, language=language),
        breakdowns={key: _breakdown(rows, booked, by=key, today=today, language=language) for key in by},
    )


def _breakdown(
    rows: list[tuple[Any, ...]],
    booked_visits: list[tuple[Any, ...]],
    *,
    by: str,
    today: dt.date,
    language: str,
) -> list[BreakdownRow]:
    groups: dict[Any, list[tuple[Any, ...]]] = {}
    position = {"operator": 0, "desk": 1, "service": 2, "day": 3}.get(by)
    for row in rows:
        key = row[position] if position is not None else timezone.localtime(row[5]).hour  # queued_at
        if key is None:
            continue  # never called (no operator, no desk)
        groups.setdefault(key, []).append(row[3:9])
    booked: dict[Any, list[tuple[dt.date, str]]] | None = None
    if by in BOOKINGS_BY:
        booked = {}
        for service_id, day, hour, status in booked_visits:
            key = {"service": service_id, "day": day, "hour": hour}[by]
            booked.setdefault(key, []).append((day, status))
            groups.setdefault(key, [])
    labels: dict[Any, str] = {}
    if by == "operator":
        labels = {
            u.pk: u.get_full_name() or str(u) for u in get_user_model().objects.filter(pk__in=list(groups))
        }
    elif by == "desk":
        labels = {d.pk: str(d) for d in Desk.objects.filter(pk__in=list(groups))}
    elif by == "service":
        labels = {s.pk: s.display_name(language) for s in Service.objects.filter(pk__in=list(groups))}
    result = []
    for key in sorted(
        groups, key=lambda k: (labels.get(k, ""), k) if by in ("operator", "desk", "service") else k
    ):
        tally = _tally(groups[key], booked.get(key, []) if booked is not None else None, today=today)
        label = labels.get(key) or (
            key.strftime("%d.%m.%Y") if by == "day" else f"{key:02d}:00" if by == "hour" else ""
        )
        result.append(BreakdownRow(key=key, label=label, **asdict(tally)))
    return result


@dataclass(frozen=True)
class Staffing:
    weekday: int  # 0 = Monday
    hour: int
    arrivals_per_hour: float
    handling_minutes: float
    desks_needed: int | None  # None: more than the model tries
    desks_open: int  # how many desks the office has that serve any service


def staffing_suggestion(
    *, office: Office, weeks: int = 4, target_minutes: float = 15, share: float = 0.9
) -> list[Staffing]:
    """Erlang C per weekday and hour from the last ``weeks`` weeks: the average arrivals in that hour (over
    the days of that weekday the office issued tickets), the mean handling time of the served tickets, and
    the desks needed so that ``share`` of visitors wait no longer than ``target_minutes``."""
    since = clock.today() - dt.timedelta(weeks=weeks)
    rows = list(
        Ticket.objects.filter(office=office, day__gte=since).values_list(
            "day", "queued_at", "served_at", "finished_at"
        )
    )
    days_of_weekday: dict[int, set[dt.date]] = {}
    arrivals: dict[tuple[int, int], int] = {}
    handled = [(f - s).total_seconds() / 60 for _d, _q, s, f in rows if s and f]
    for day, queued, _s, _f in rows:
        local = timezone.localtime(queued)
        days_of_weekday.setdefault(day.weekday(), set()).add(day)
        arrivals[(day.weekday(), local.hour)] = arrivals.get((day.weekday(), local.hour), 0) + 1
    services = Service.objects.filter(office=office, is_active=True)
    default = sum(s.average_minutes for s in services) / len(services) if services else 10.0
    aht = sum(handled) / len(handled) if handled else default
    desks = Desk.objects.filter(office=office).count()
    result = []
    for (weekday, hour), count in sorted(arrivals.items()):
        rate = count / max(1, len(days_of_weekday.get(weekday, ())))
        result.append(
            Staffing(
                weekday=weekday,
                hour=hour,
                arrivals_per_hour=rate,
                handling_minutes=aht,
                desks_needed=erlang.agents_needed(
                    arrivals_per_hour=rate, handling_minutes=aht, target_minutes=target_minutes, share=share
                ),
                desks_open=desks,
            )
        )
    return result


# ------------------------------------------------------------------- indicators (insight, issue 19)


def indicator_booking_available(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """1 when residents can book a visit online (an open office with a bookable service), else 0 (now)."""
    bookable = Service.objects.filter(
        hromada=hromada, is_active=True, bookable=True, office__is_active=True
    ).exists()
    return 1.0 if bookable else 0.0


def _wait_percentile(hromada: Hromada, start: dt.datetime, end: dt.datetime, share: float) -> float | None:
    """The ``share`` percentile (nearest rank) of minutes from joining the queue to being called, of the
    tickets called in [start, end): counted and picked by the database (two queries, no rows loaded)."""
    called = Ticket.objects.filter(hromada=hromada, called_at__gte=start, called_at__lt=end).annotate(
        wait=ExpressionWrapper(F("called_at") - F("queued_at"), output_field=DurationField())
    )
    count = called.count()
    if not count:
        return None
    rank = max(1, math.ceil(count * share))
    wait = called.order_by("wait").values_list("wait", flat=True)[rank - 1]
    return round(max(0.0, wait.total_seconds() / 60), 1)


def indicator_queue_p90(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """The 90th percentile of minutes from joining the queue to being called, of the quarter's calls."""
    return _wait_percentile(hromada, *quarter.span(), 0.9)


def headline_queue_wait(*, hromada: Hromada, start: dt.datetime, end: dt.datetime) -> float | None:
    """The median wait in minutes of the tickets called in [start, end)."""
    return _wait_percentile(hromada, start, end, 0.5)


def _merged(
    left: Iterator[tuple[Any, list[Any]]], right: Iterator[tuple[Any, list[Any]]]
) -> Iterator[tuple[Any, list[Any], list[Any]]]:
    """Two streams of (key, items), each in key order, as one: (key, left items, right items)."""
    a, b = next(left, None), next(right, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            assert a is not None
            yield a[0], a[1], []
            a = next(left, None)
        elif a is None or b[0] < a[0]:
            yield b[0], [], b[1]
            b = next(right, None)
        else:
            yield a[0], a[1], b[1]
            a, b = next(left, None), next(right, None)


def opendata_daily(*, hromada: Hromada, language: str = "uk") -> Iterator[dict[str, Any]]:
    """The open dataset of each finished day (before today) per office and service that had tickets or
    bookings: tickets, served, no-shows, abandoned, bookings and their no-shows, and the wait (mean and 9
    in 10 at most, minutes). Tickets and bookings stream in the order of the day, office and service (one
    group in memory at a time); no ticket, booking or visitor appears."""
    today = clock.today()
    offices = {o.pk: o for o in Office.objects.filter(hromada=hromada).select_related("institution")}
    services = {s.pk: s for s in Service.objects.filter(office__hromada=hromada)}
    tickets = (
        Ticket.objects.filter(office__hromada=hromada, day__lt=today)
        .order_by("day", "office_id", "service_id")
        .values_list("office_id", "service_id", *_TIMES)
        .iterator(chunk_size=2000)
    )
    bookings = (
        Booking.objects.filter(office__hromada=hromada, status__in=_BOOKED, starts_at__lt=_midnight(today))
        .annotate(local_day=TruncDate("starts_at"))  # the day in the current (the hromada's) time zone
        .order_by("local_day", "office_id", "service_id")
        .values_list("local_day", "office_id", "service_id", "status")
        .iterator(chunk_size=2000)
    )
    ticket_groups = (
        (key, [item[2:] for item in items])
        for key, items in groupby(tickets, key=lambda t: (t[2], t[0], t[1]))
    )
    booking_groups = (
        (key, [(item[0], item[3]) for item in items]) for key, items in groupby(bookings, key=lambda b: b[:3])
    )
    for (day, office_id, service_id), items, booked in _merged(ticket_groups, booking_groups):
        tally = _tally(items, booked, today=today)
        yield {
            "day": day,
            "office_id": office_id,
            "office": str(offices[office_id]),  # the full name, as in the 30-day statistics
            "service": services[service_id].display_name(language),
            "tickets": tally.tickets,
            "served": tally.served,
            "no_shows": tally.no_shows,
            "abandoned": tally.abandoned,
            "bookings": tally.bookings,
            "booking_no_shows": tally.booking_no_shows,
            "mean_wait_minutes": round(tally.mean_wait, 1) if tally.mean_wait is not None else None,
            "p90_wait_minutes": round(tally.p90_wait, 1) if tally.p90_wait is not None else None,
        }


def opendata_daily_modified(*, hromada: Hromada) -> dt.datetime:
    """The daily dataset changes when a day ends: its last update is the start of today (local)."""
    return _midnight(clock.today())

"""The ЦНАП queue in JSON under /api/v1/queue/: offices, tickets, desks, the board, bookings, home visits
and the mobile office's stops.

Who calls: a kiosk's device token (``Authorization: Bearer kq_…``), a person's token or the session.
Errors have the common shape ``{"error": {"code", "message", "fields"}}``; a closed office, a service the
office does not offer, a paused desk or a taken slot is 409, an operator of another desk 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status, UploadedFile
from ninja.security import HttpBearer
from pydantic import Field

from hromada.accounts.api_auth import session_or_token
from hromada.core import clock, ratelimit
from hromada.core.api import ErrorOut, Id, Page, Text
from hromada.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
)
from hromada.core.http import HromadaRequest, private_download

from . import actions, selectors
from .models import Category, Channel, HomeVisit, Kiosk, MobileStop, Purpose, Ticket
from .permissions import answers_calls, manages_office

router = Router(tags=["queue"])

KIOSK_WRITES_PER_MINUTE = 120
# Holds, reschedules and waitlist places: the same budget as the booking page (per person or address).
HOLD_SCOPE, HOLD_LIMIT, HOLD_WINDOW = "cnapqueue.hold", 10, 600
# Home-visit requests: 5 an hour, as on the page; the coordinator's actions 120 a minute.
HOME_VISIT_SCOPE, HOME_VISIT_LIMIT, HOME_VISIT_WINDOW = "cnapqueue.home_visit", 5, 3600
COORDINATE_SCOPE = "cnapqueue.coordinate"


class KioskToken(HttpBearer):
    """``Authorization: Bearer kq_…``: a kiosk's device token (made in the back office, shown once)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith("kq_"):
            return None
        kiosk = selectors.kiosk_by_token(token=token)
        if kiosk is None:
            return None
        deferred = ratelimit.take_deferred_write()
        if deferred is not None:  # a kiosk's writes count per kiosk, not per address
            allowed, retry = ratelimit.hit(
                f"write:kiosk:{kiosk.pk}", limit=KIOSK_WRITES_PER_MINUTE, window=60
            )
            if not allowed:
                raise RateLimitedError(
                    _("Too many requests. Please wait a little and try again."), retry_after=retry
                )
        return kiosk


kiosk_or_person = [KioskToken(), *session_or_token]


def _language() -> str:
    return get_language() or "uk"


class ServiceOut(Schema):
    id: int
    name: str
    prefix: str
    average_minutes: int
    bookable: bool
    catalogue_ref: int | None
    waiting: int


class DeskOut(Schema):
    id: int
    number: int
    state: str


class OfficeOut(Schema):
    id: int
    name: str
    address: str
    open_now: bool
    services: list[ServiceOut]
    open_desks: list[DeskOut]


@router.get("/offices", response=list[OfficeOut], summary="Offices with their services and open desks")
def list_offices(request: HromadaRequest) -> Any:
    result = []
    for office in selectors.offices_of(hromada=request.hromada):
        board = selectors.board_state(office=office, language=_language())
        waiting = {w.service_id: w.waiting for w in board.waiting}
        result.append(
            {
                "id": office.pk,
                "name": office.institution.name,
                "address": office.institution.address,
                "open_now": selectors.office_closed_reason(office=office, at=clock.now()) is None,
                "services": [
                    {
                        "id": s.pk,
                        "name": s.display_name(_language()),
                        "prefix": s.prefix,
                        "average_minutes": s.average_minutes,
                        "bookable": s.bookable,
                        "catalogue_ref": s.catalogue_ref,
                        "waiting": waiting.get(s.pk, 0),
                    }
                    for s in office.services.all()
                ],
                "open_desks": [
                    {"id": d.pk, "number": d.number, "state": d.state} for d in office.desks.all()
                ],
            }
        )
    return result


class TicketIn(Schema):
    service: Id
    category: str = Field(
        Category.REGULAR, description="regular, elderly, disability, pregnancy, military, infant"
    )
    purpose: str = Field(Purpose.SUBMIT, description="consultation, submit or collect")
    idempotency_key: Text = Field("", max_length=64, description="the same key twice gives the same ticket")
    phone: Text = Field(
        "",
        max_length=40,
        description=(
            "optional: a Ukrainian mobile number (0671234567, +380 67 123 45 67, …) for one SMS when the "
            "turn is near, in the request's language; 400 `invalid_phone` (field `phone`) when it is not "
            "one, 400 `sms_unavailable` when this installation sends no SMS. Erased when the SMS goes or "
            "the ticket leaves the queue; never in an answer"
        ),
    )


class TicketOut(Schema):
    id: int
    number: str
    status: str
    service: int
    category: str
    position: int | None
    estimated_wait_minutes: int | None
    desk: int | None
    place_url: str


def _ticket(ticket: Ticket, place: selectors.Place | None = None) -> dict[str, Any]:
    """The answer about a ticket; ``place`` when the action just computed it (else read now)."""
    if place is None:
        place = selectors.ticket_place(ticket=ticket)
    return {
        "id": ticket.pk,
        "number": ticket.number,
        "status": ticket.status,
        "service": ticket.service_id,
        "category": ticket.category,
        "position": place.position,
        "estimated_wait_minutes": place.estimated_wait_minutes,
        "desk": ticket.desk.number if ticket.desk else None,
        "place_url": f"/queue/t/{ticket.code}/",
    }


@router.post(
    "/offices/{office_id}/tickets",
    auth=kiosk_or_person,
    response={201: TicketOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Take a ticket",
)
def take_ticket(request: HromadaRequest, office_id: Id, data: TicketIn) -> Any:
    kiosk = request.auth if isinstance(request.auth, Kiosk) else None
    if kiosk is not None and kiosk.office_id == office_id and kiosk.office.hromada_id == request.hromada.pk:
        office = kiosk.office  # read with the kiosk by its token (with its institution): not read twice
    else:
        office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    service = selectors.service_get(office=office, service_id=data.service)
    if service is None:
        raise ConflictError(_("This office does not offer that service."), code="service_not_offered")
    key = data.idempotency_key or request.headers.get("Idempotency-Key", "")
    taken = actions.ticket_take_placed(
        office=office,
        service=service,
        channel=Channel.KIOSK if kiosk else Channel.API,
        category=data.category,
        purpose=data.purpose,
        person=None if kiosk else request.auth,
        kiosk=kiosk,
        idempotency_key=key,
        phone=data.phone,
        language=_language(),
    )
    return 201, _ticket(taken.ticket, taken.place)


@router.get(
    "/tickets/{ticket_id}", response={200: TicketOut, 404: ErrorOut}, summary="A ticket's status and place"
)
def get_ticket(request: HromadaRequest, ticket_id: Id) -> Any:
    return _ticket(selectors.ticket_get(hromada=request.hromada, ticket_id=ticket_id))


class CalledOut(Schema):
    ticket: TicketOut | None


@router.post(
    "/desks/{desk_id}/call-next",
    auth=session_or_token,
    response={200: CalledOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Call the next ticket to this desk",
)
def call_next(request: HromadaRequest, desk_id: Id) -> Any:
    desk = selectors.desk_get_plain(hromada=request.hromada, desk_id=desk_id)
    ticket = actions.ticket_call_next(desk=desk, actor=request.auth)
    return {"ticket": _ticket(ticket) if ticket else None}


def _at_desk(request: HromadaRequest, ticket_id: int) -> tuple[Any, Ticket]:
    ticket = selectors.ticket_get_with_desk(hromada=request.hromada, ticket_id=ticket_id)
    if ticket.desk is None:
        raise ConflictError(_("This ticket is not at a desk."), code="not_at_desk")
    return ticket.desk, ticket


DESK_ERRORS = {200: TicketOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post("/tickets/{ticket_id}/recall", auth=session_or_token, response=DESK_ERRORS, summary="Call again")
def recall(request: HromadaRequest, ticket_id: Id) -> Any:
    desk, ticket = _at_desk(request, ticket_id)
    return _ticket(actions.ticket_recall(desk=desk, ticket=ticket, actor=request.auth))


@router.post(
    "/tickets/{ticket_id}/no-show", auth=session_or_token, response=DESK_ERRORS, summary="Did not come"
)
def no_show(request: HromadaRequest, ticket_id: Id) -> Any:
    desk, ticket = _at_desk(request, ticket_id)
    return _ticket(actions.ticket_no_show(desk=desk, ticket=ticket, actor=request.auth))


@router.post(
    "/tickets/{ticket_id}/start", auth=session_or_token, response=DESK_ERRORS, summary="Service starts"
)
def start(request: HromadaRequest, ticket_id: Id) -> Any:
    desk, ticket = _at_desk(request, ticket_id)
    return _ticket(actions.ticket_start(desk=desk, ticket=ticket, actor=request.auth))


class CompleteIn(Schema):
    rendered_service: Id | None = None


@router.post("/tickets/{ticket_id}/complete", auth=session_or_token, response=DESK_ERRORS, summary="Served")
def complete(request: HromadaRequest, ticket_id: Id, data: CompleteIn | None = None) -> Any:
    desk, ticket = _at_desk(request, ticket_id)
    rendered = None
    if data is not None and data.rendered_service:
        rendered = selectors.service_get(office=desk.office, service_id=data.rendered_service)
        if rendered is None:
            raise NotFoundError(_("There is no such service."))
    return _ticket(actions.ticket_complete(desk=desk, ticket=ticket, actor=request.auth, rendered=rendered))


class TransferIn(Schema):
    service: Id


@router.post(
    "/tickets/{ticket_id}/transfer", auth=session_or_token, response=DESK_ERRORS, summary="To another service"
)
def transfer(request: HromadaRequest, ticket_id: Id, data: TransferIn) -> Any:
    desk, ticket = _at_desk(request, ticket_id)
    service = selectors.service_get(office=desk.office, service_id=data.service)
    if service is None:
        raise NotFoundError(_("There is no such service."))
    return _ticket(actions.ticket_transfer(desk=desk, ticket=ticket, actor=request.auth, service=service))


class BoardCallOut(Schema):
    number: str
    desk: int
    at: dt.datetime


class BoardWaitingOut(Schema):
    service: str
    prefix: str
    waiting: int


class BoardOut(Schema):
    office: str
    last_event: int
    calls: list[BoardCallOut]
    waiting: list[BoardWaitingOut]


@router.get(
    "/offices/{office_id}/board", response={200: BoardOut, 404: ErrorOut}, summary="What the board shows"
)
def board(request: HromadaRequest, office_id: Id) -> Any:
    office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    state = selectors.board_state(office=office, language=_language())
    return {
        "office": office.institution.name,
        "last_event": state.last_event,
        "calls": [{"number": c.number, "desk": c.desk, "at": c.at} for c in state.calls],
        "waiting": [{"service": w.service, "prefix": w.prefix, "waiting": w.waiting} for w in state.waiting],
    }


class SlotQuery(Schema):
    service: Id
    date: dt.date


class SlotOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    free: int


@router.get(
    "/offices/{office_id}/slots", response={200: list[SlotOut], 404: ErrorOut}, summary="Free booking slots"
)
def slots(request: HromadaRequest, office_id: Id, query: Query[SlotQuery]) -> Any:
    office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    service = selectors.service_get(office=office, service_id=query.service)
    if service is None:
        raise NotFoundError(_("There is no such service."))
    return [
        {"starts_at": s, "ends_at": e, "free": n}
        for s, e, n in selectors.slots_for(service=service, day=query.date)
    ]


class HoldIn(Schema):
    service: Id
    starts_at: dt.datetime


class BookingOut(Schema):
    id: int
    service: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    hold_expires_at: dt.datetime | None
    code: str
    ics_url: str


def _booking(b: Any) -> dict[str, Any]:
    return {
        "ics_url": f"/queue/bookings/{b.pk}/visit.ics",
        "id": b.pk,
        "service": b.service_id,
        "starts_at": b.starts_at,
        "ends_at": b.ends_at,
        "status": b.status,
        "hold_expires_at": b.hold_expires_at,
        "code": b.code,
    }


BOOKING_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post(
    "/offices/{office_id}/bookings",
    auth=session_or_token,
    response={201: BookingOut, **BOOKING_ERRORS},
    summary="Hold a slot (confirm it within the office's hold time)",
)
def hold(request: HromadaRequest, office_id: Id, data: HoldIn) -> Any:
    office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    service = selectors.service_get(office=office, service_id=data.service)
    if service is None:
        raise NotFoundError(_("There is no such service."))
    ratelimit.check(request, HOLD_SCOPE, limit=HOLD_LIMIT, window=HOLD_WINDOW)
    booking = actions.booking_hold(
        service=service, starts_at=data.starts_at, person=request.auth, channel=Channel.API
    )
    return 201, _booking(booking)


@router.post(
    "/bookings/{booking_id}/confirm", auth=session_or_token, response={200: BookingOut, **BOOKING_ERRORS}
)
def confirm(request: HromadaRequest, booking_id: Id) -> Any:
    booking = selectors.booking_get(hromada=request.hromada, booking_id=booking_id)
    return _booking(actions.booking_confirm(booking=booking, actor=request.auth))


@router.post(
    "/bookings/{booking_id}/cancel", auth=session_or_token, response={200: BookingOut, **BOOKING_ERRORS}
)
def cancel(request: HromadaRequest, booking_id: Id) -> Any:
    booking = selectors.booking_get(hromada=request.hromada, booking_id=booking_id)
    return _booking(actions.booking_cancel(booking=booking, actor=request.auth))


def _may_see_booking(request: HromadaRequest, booking: Any) -> None:
    """A booking is the person's own (or the call centre's, which the actions check on writes)."""
    if booking.person_id != request.auth.pk and not answers_calls(request.auth, booking.office):
        raise NotFoundError(_("There is no such booking."))


@router.get("/bookings", auth=session_or_token, response={200: list[BookingOut], 401: ErrorOut})
def my_bookings(request: HromadaRequest) -> Any:
    """The caller's bookings, newest first (at most 100)."""
    items = selectors.bookings_of_person(hromada=request.hromada, person=request.auth)[:100]
    return [_booking(b) for b in items]


@router.get(
    "/bookings/{booking_id}", auth=session_or_token, response={200: BookingOut, 401: ErrorOut, 404: ErrorOut}
)
def get_booking(request: HromadaRequest, booking_id: Id) -> Any:
    booking = selectors.booking_get(hromada=request.hromada, booking_id=booking_id)
    _may_see_booking(request, booking)
    return _booking(booking)


class RescheduleIn(Schema):
    starts_at: dt.datetime


@router.post(
    "/bookings/{booking_id}/reschedule",
    auth=session_or_token,
    response={200: BookingOut, **BOOKING_ERRORS},
    summary="Move a booking to another free slot of the same service (confirmed at once)",
)
def reschedule(request: HromadaRequest, booking_id: Id, data: RescheduleIn) -> Any:
    booking = selectors.booking_get(hromada=request.hromada, booking_id=booking_id)
    ratelimit.check(request, HOLD_SCOPE, limit=HOLD_LIMIT, window=HOLD_WINDOW)
    return _booking(
        actions.booking_reschedule(
            booking=booking, starts_at=data.starts_at, actor=request.auth, channel=Channel.API
        )
    )


class CheckInIn(Schema):
    code: Text = Field(..., min_length=1, max_length=12, description="the booking's check-in code")


@router.post(
    "/offices/{office_id}/check-in",
    auth=kiosk_or_person,
    response={201: TicketOut, **BOOKING_ERRORS},
    summary="Check in a booking by its code (kiosk token, or reception staff) → a ticket",
)
def check_in(request: HromadaRequest, office_id: Id, data: CheckInIn) -> Any:
    office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    kiosk = request.auth if isinstance(request.auth, Kiosk) else None
    ticket = actions.booking_check_in(
        office=office, code=data.code, kiosk=kiosk, actor=None if kiosk else request.auth
    )
    return 201, _ticket(ticket)


class WaitlistIn(Schema):
    service: Id
    date: dt.date


class WaitlistOut(Schema):
    id: int
    office: int
    service: int
    day: dt.date
    status: str = Field(..., description="waiting, offered, booked, expired or cancelled")
    booking: BookingOut | None = Field(None, description="the place offered (held until it expires)")


def _entry(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "office": entry.office_id,
        "service": entry.service_id,
        "day": entry.day,
        "status": entry.status,
        "booking": _booking(entry.booking) if entry.booking_id else None,
    }


@router.post(
    "/offices/{office_id}/waitlist",
    auth=session_or_token,
    response={201: WaitlistOut, **BOOKING_ERRORS},
    summary="Join the waitlist of a full day (409 places_free when the day has a free slot)",
)
def waitlist_join(request: HromadaRequest, office_id: Id, data: WaitlistIn) -> Any:
    office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    service = selectors.service_get(office=office, service_id=data.service)
    if service is None:
        raise NotFoundError(_("There is no such service."))
    ratelimit.check(request, HOLD_SCOPE, limit=HOLD_LIMIT, window=HOLD_WINDOW)
    entry = actions.waitlist_join(service=service, day=data.date, person=request.auth, actor=request.auth)
    return 201, _entry(entry)


@router.get("/waitlist", auth=session_or_token, response={200: list[WaitlistOut], 401: ErrorOut})
def my_waitlist(request: HromadaRequest) -> Any:
    """The caller's places on waitlists (waiting or offered); accept an offer by confirming its booking."""
    return [_entry(e) for e in selectors.waitlist_of_person(hromada=request.hromada, person=request.auth)]


@router.post(
    "/waitlist/{entry_id}/leave",
    auth=session_or_token,
    response={200: WaitlistOut, **BOOKING_ERRORS},
    summary="Leave a waitlist (an offered place goes to the next person)",
)
def waitlist_leave(request: HromadaRequest, entry_id: Id) -> Any:
    entry = selectors.waitlist_entry_get(hromada=request.hromada, entry_id=entry_id)
    if entry.person_id != request.auth.pk and not answers_calls(request.auth, entry.office):
        raise NotFoundError(_("There is no such waitlist place."))
    return _entry(actions.waitlist_leave(entry=entry, actor=request.auth))


# --------------------------------------------------------------------------- home visits, mobile office
# The same actions as the pages: the resident asks (and may send one document proving the ground), the
# coordinator (the office's manager) decides and schedules, the operator marks the day's visits done or
# failed. Rate limits as on the pages.

HOME_VISIT_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class HomeVisitIn(Schema):
    service: Id
    ground: str = Field(..., description="age_80, disability_i, bedridden or medical (as the office accepts)")
    address: Text = Field(..., max_length=300)
    phone: Text = Field(..., max_length=40)
    note: Text = Field("", max_length=500)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)


class HomeVisitOut(Schema):
    id: int
    office: int
    service: int
    person_name: str
    ground: str
    status: str = Field(..., description="requested, approved, rejected, scheduled, done, failed, cancelled")
    address: str
    phone: str
    note: str
    lat: float | None
    lon: float | None
    proof: str = Field(..., description="how the coordinator confirmed the ground")
    document: str | None = Field(None, description="the proof document's download address, when sent")
    day: dt.date | None
    route_order: int | None = Field(None, description="the visit's place in the operator's route that day")
    reason: str = Field(..., description="why refused or failed")

    @staticmethod
    def resolve_office(visit: HomeVisit) -> int:
        return visit.office_id

    @staticmethod
    def resolve_service(visit: HomeVisit) -> int:
        return visit.service_id

    @staticmethod
    def resolve_person_name(visit: HomeVisit) -> str:
        return str(visit.person.get_full_name() or "")

    @staticmethod
    def resolve_document(visit: HomeVisit) -> str | None:
        return f"/api/v1/queue/home-visits/{visit.pk}/document" if visit.document else None


def _may_see_visit(request: HromadaRequest, visit: HomeVisit) -> None:
    """The person's own request, the office's coordinator, or the operator it is scheduled to."""
    user = request.auth
    if visit.person_id != user.pk and visit.operator_id != user.pk and not manages_office(user, visit.office):
        raise NotFoundError(_("There is no such home visit."))


@router.post(
    "/offices/{office_id}/home-visits",
    auth=session_or_token,
    response={201: HomeVisitOut, **HOME_VISIT_ERRORS},
    summary="Ask for a home visit (one open request per person and service)",
)
def home_visit_request(request: HromadaRequest, office_id: Id, data: HomeVisitIn) -> Any:
    office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    service = selectors.service_get(office=office, service_id=data.service)
    if service is None:
        raise ConflictError(_("This office does not offer that service."), code="service_not_offered")
    ratelimit.check(request, HOME_VISIT_SCOPE, limit=HOME_VISIT_LIMIT, window=HOME_VISIT_WINDOW)
    visit = actions.home_visit_request(
        office=office,
        service=service,
        person=request.auth,
        ground=data.ground,
        address=data.address,
        phone=data.phone,
        note=data.note,
        lat=data.lat,
        lon=data.lon,
    )
    return Status(201, visit)


@router.get("/home-visits", auth=session_or_token, response={200: list[HomeVisitOut], 401: ErrorOut})
def my_home_visits(request: HromadaRequest) -> Any:
    """The caller's home-visit requests, newest first (at most 100)."""
    return list(selectors.home_visits_of_person(hromada=request.hromada, person=request.auth)[:100])


@router.get(
    "/home-visits/{visit_id}",
    auth=session_or_token,
    response={200: HomeVisitOut, 401: ErrorOut, 404: ErrorOut},
)
def get_home_visit(request: HromadaRequest, visit_id: Id) -> Any:
    visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    _may_see_visit(request, visit)
    return visit


@router.post(
    "/home-visits/{visit_id}/document",
    auth=session_or_token,
    response={200: HomeVisitOut, **HOME_VISIT_ERRORS},
    summary="Send (or replace) the document proving the ground: multipart/form-data, field `file` "
    "(PDF, JPEG, PNG, WebP; images re-encoded), while the request waits for the coordinator",
)
def home_visit_document_add(request: HromadaRequest, visit_id: Id, file: File[UploadedFile]) -> Any:
    visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    if visit.person_id != request.auth.pk:
        raise NotFoundError(_("There is no such home visit."))
    ratelimit.check(request, "cnapqueue.home_visit_change", limit=30, window=600)
    return actions.home_visit_document_attach(
        visit=visit, person=request.auth, data=file, filename=file.name or ""
    )


@router.get(
    "/home-visits/{visit_id}/document",
    auth=session_or_token,
    response={401: ErrorOut, 404: ErrorOut},
    summary="The proof document (to the person and the office's coordinators; always a download)",
)
def home_visit_document(request: HromadaRequest, visit_id: Id) -> Any:
    visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    if not visit.document or not (
        visit.person_id == request.auth.pk or manages_office(request.auth, visit.office)
    ):
        raise NotFoundError(_("There is no such document."))
    extension = (visit.document.name or "").rsplit(".", 1)[-1]
    return private_download(
        visit.document, filename=f"home-visit-{visit.pk}.{extension}", content_type=visit.document_type
    )


@router.post(
    "/home-visits/{visit_id}/cancel",
    auth=session_or_token,
    response={200: HomeVisitOut, **HOME_VISIT_ERRORS},
    summary="Withdraw a request (the person) or cancel it (the coordinator)",
)
def home_visit_cancel(request: HromadaRequest, visit_id: Id) -> Any:
    visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    _may_see_visit(request, visit)
    ratelimit.check(request, "cnapqueue.home_visit_change", limit=30, window=600)
    return actions.home_visit_cancel(visit=visit, actor=request.auth)


def _page(queryset: Any, pagination: Page.Input) -> dict[str, Any]:
    """``?page=&page_size=`` → ``{"items", "count", "page", "page_size"}``, as every paginated list."""
    offset = (pagination.page - 1) * pagination.page_size
    return {
        "items": list(queryset[offset : offset + pagination.page_size]),
        "count": queryset.count(),
        "page": pagination.page,
        "page_size": pagination.page_size,
    }


class HomeVisitPage(Schema):
    items: list[HomeVisitOut]
    count: int
    page: int
    page_size: int


@router.get(
    "/offices/{office_id}/home-visits",
    auth=session_or_token,
    response={200: HomeVisitPage, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The coordinator's list: open requests (to decide, to schedule, scheduled), paginated",
)
def office_home_visits(request: HromadaRequest, office_id: Id, pagination: Query[Page.Input]) -> Any:
    office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    if not manages_office(request.auth, office):
        raise PermissionDeniedError(_("Only the office's coordinator sees its home visits."))
    return _page(selectors.home_visits_to_handle(office=office), pagination)


class DecideIn(Schema):
    eligible: bool
    proof: Text = Field("", max_length=300, description="how the ground was confirmed (when eligible)")
    reason: Text = Field("", max_length=300, description="why refused (when not eligible)")


@router.post(
    "/home-visits/{visit_id}/decide",
    auth=session_or_token,
    response={200: HomeVisitOut, **HOME_VISIT_ERRORS},
    summary="The coordinator confirms the ground (saying how) or refuses it with a reason",
)
def home_visit_decide(request: HromadaRequest, visit_id: Id, data: DecideIn) -> Any:
    visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    ratelimit.check(request, COORDINATE_SCOPE, limit=120, window=60)
    return actions.home_visit_decide(
        visit=visit, actor=request.auth, eligible=data.eligible, proof=data.proof, reason=data.reason
    )


class ScheduleIn(Schema):
    day: dt.date
    operator: Id = Field(..., description="a person with the operator role in the office")


@router.post(
    "/home-visits/{visit_id}/schedule",
    auth=session_or_token,
    response={200: HomeVisitOut, **HOME_VISIT_ERRORS},
    summary="Put an eligible visit into an operator's day (the day's route is recomputed)",
)
def home_visit_schedule(request: HromadaRequest, visit_id: Id, data: ScheduleIn) -> Any:
    visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    ratelimit.check(request, COORDINATE_SCOPE, limit=120, window=60)
    operator = selectors.operators_of(office=visit.office).filter(pk=data.operator).first()
    if operator is None:
        raise ApplicationError(
            _("The operator must be on the office's staff."), fields={"operator": [_("Choose an operator.")]}
        )
    return actions.home_visit_schedule(visit=visit, actor=request.auth, day=data.day, operator=operator)


class FinishIn(Schema):
    done: bool
    reason: Text = Field("", max_length=300, description="why the visit failed")


@router.post(
    "/home-visits/{visit_id}/finish",
    auth=session_or_token,
    response={200: HomeVisitOut, **HOME_VISIT_ERRORS},
    summary="The operator marks a scheduled visit done, or failed with a reason",
)
def home_visit_finish(request: HromadaRequest, visit_id: Id, data: FinishIn) -> Any:
    visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    ratelimit.check(request, "cnapqueue.visit", limit=120, window=60)
    return actions.home_visit_finish(visit=visit, actor=request.auth, done=data.done, reason=data.reason)


class VisitDayQuery(Schema):
    day: dt.date | None = Field(None, description="the day (today when left out)")


@router.get(
    "/visits",
    auth=session_or_token,
    response={200: list[HomeVisitOut], 401: ErrorOut},
    summary="The operator's home visits of a day in route order",
)
def visit_day(request: HromadaRequest, query: Query[VisitDayQuery]) -> Any:
    day = query.day or clock.today()
    return list(selectors.home_visit_day(hromada=request.hromada, operator=request.auth, day=day))


class StopOut(Schema):
    id: int
    place: str
    district: str | None
    date: dt.date
    starts: dt.time
    ends: dt.time
    lat: float | None
    lon: float | None

    @staticmethod
    def resolve_district(stop: MobileStop) -> str | None:
        return stop.district.name if stop.district_id and stop.district else None


class StopPage(Schema):
    items: list[StopOut]
    count: int
    page: int
    page_size: int


@router.get(
    "/offices/{office_id}/stops",
    response={200: StopPage, 404: ErrorOut},
    summary="A mobile office's timetable from today on (paginated)",
)
def stops(request: HromadaRequest, office_id: Id, pagination: Query[Page.Input]) -> Any:
    office = selectors.office_get(hromada=request.hromada, office_id=office_id)
    if not office.is_mobile:
        raise NotFoundError(_("This office is not a mobile office."))
    return _page(selectors.stops_upcoming(office=office), pagination)

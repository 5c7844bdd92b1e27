"""The queue's pages: thin views that parse input, call one action or selector and render.

Residents: offices, taking a ticket, "my place", booking. Devices: the kiosk (device token in its address)
and the display board (polls a fragment every 2 s). Staff: the desk console, the call centre, statistics
(a queue role here and a passed second factor, like the back office). Every write is a POST with CSRF and a
rate limit.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hromada.accounts.guards import officials_page
from hromada.accounts.selectors import resident_find
from hromada.core import clock, ratelimit
from hromada.core.charts import Chart, make_chart, nice_ceiling
from hromada.core.errors import ApplicationError
from hromada.core.forms import form_within_limit, run_form_action, run_message_action
from hromada.core.http import HromadaRequest, csv_download, private_download
from hromada.core.pagination import paginate
from hromada.core.ratelimit import rate_limit

from . import actions, selectors
from .forms import (
    CheckInForm,
    CompleteForm,
    ConsultationForm,
    DecideForm,
    DocumentForm,
    FindCallerForm,
    FinishForm,
    HoldForm,
    HomeVisitForm,
    MobileStopForm,
    RescheduleDayForm,
    ScheduleForm,
    SlotSearchForm,
    TicketForm,
    TransferForm,
)
from .models import Channel, Desk, Office, Ticket
from .permissions import answers_calls, manages_office, queue_staff_of, serves_at_desk, works_in_office


def _language() -> str:
    return get_language() or "uk"


def _staff_refusal() -> str:
    return _("This page is for the TsNAP queue staff.")


def _agent_for(request: HromadaRequest, office: Office) -> bool:
    """The person answers the office's calls and passed the second factor (staff powers on the residents'
    own pages, which the officials' gate does not guard)."""
    return bool(answers_calls(request.user, office) and request.user.is_verified())


def my_queue_summary(request: HromadaRequest) -> str | None:
    """The cabinet overview's line for "My TsNAP visits"."""
    count = (
        selectors.bookings_of_person(hromada=request.hromada, person=request.user)
        .filter(status="confirmed")
        .count()
    )
    if not count:
        return None
    return ngettext("%(count)d booked visit", "%(count)d booked visits", count) % {"count": count}


# ------------------------------------------------------------------------------------------- residents


@require_safe
def offices(request: HromadaRequest) -> HttpResponse:
    page, query = paginate(request, selectors.offices_of(hromada=request.hromada))
    now = clock.now()
    rows = [(o, selectors.office_closed_reason(office=o, at=now) is None) for o in page]
    return render(request, "cnapqueue/offices.html", {"page": page, "query": query, "rows": rows})


def _office(request: HromadaRequest, office_id: int) -> Office:
    try:
        return selectors.office_get(hromada=request.hromada, office_id=office_id)
    except ApplicationError:
        raise Http404 from None


@never_cache
def office(request: HromadaRequest, office_id: int) -> HttpResponse:
    """An office: its services and queues, and (for a logged-in resident) the form to take a ticket."""
    office = _office(request, office_id)
    form = TicketForm(office=office, initial={"idempotency_key": secrets.token_urlsafe(12)})
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        form = TicketForm(request.POST, office=office)
        if form.is_valid() and form_within_limit(request, form, "cnapqueue.take", limit=10, window=600):
            ticket = _take(
                form, office=office, channel=Channel.WEB, person=request.user, language=_language()
            )
            if ticket is not None:
                return redirect("cnapqueue:place", code=ticket.code)
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    board = selectors.board_state(office=office, language=_language())
    closed = selectors.office_closed_reason(office=office, at=clock.now())
    return render(
        request,
        "cnapqueue/office.html",
        {
            "office": office,
            "form": form,
            "board": board,
            "closed": closed,
            "manages": manages_office(request.user, office),
            "works": works_in_office(request.user, office),
        },
    )


@require_safe
def place(request: HromadaRequest, code: str) -> HttpResponse:
    """A ticket's live "my place" page (the printed ticket's QR code leads here); refreshes itself."""
    ticket = selectors.ticket_by_code(code=code)
    if ticket is None or ticket.hromada_id != request.hromada.pk:
        raise Http404
    spot = selectors.ticket_place(ticket=ticket)
    url = request.build_absolute_uri(reverse("cnapqueue:place", args=[ticket.code]))
    qr = segno.make(url, error="m").svg_inline(scale=4, title=_("QR code of this page"))
    template = "cnapqueue/_place.html" if request.htmx else "cnapqueue/place.html"
    return render(request, template, {"ticket": ticket, "spot": spot, "qr": qr})


@never_cache
@require_safe
def board(request: HromadaRequest, office_id: int) -> HttpResponse:
    """The full-screen display board; the live part is the fragment below, polled every 2 s."""
    office = _office(request, office_id)
    state = selectors.board_state(office=office, language=_language())
    return render(request, "cnapqueue/board.html", {"office": office, "board": state})


# Events change the key; the time bounds what a key misses: a service renamed (no event), and an event
# committed after a later one (ids are taken at insert, commits of two desks may cross), so short.
BOARD_CACHE_SECONDS = 1


@never_cache
@require_safe
def board_live(request: HromadaRequest, office_id: int) -> HttpResponse:
    """The board's live part. All the boards of an office poll the same fragment every 2 s, so it is
    rendered once per (office, language, latest queue event) and kept a few seconds: a poll with no new
    event costs one small read instead of the board's reads and a template (docs/performance.md)."""
    office = _office(request, office_id)
    language = _language()
    last = selectors.board_last_event(office=office)
    # the office's creation time too: a key never names another office that got a reused id
    key = f"cnapqueue:board:{office.pk}:{office.created_at.timestamp()}:{language}:{last}"
    html = cache.get(key)
    if html is None:
        state = selectors.board_state(office=office, language=language, last_event=last)
        html = render_to_string("cnapqueue/_board.html", {"office": office, "board": state}, request=request)
        cache.set(key, html, BOARD_CACHE_SECONDS)
    return HttpResponse(html)


def _take(form: TicketForm, *, office: Office, channel: str, **who: Any) -> Ticket | None:
    """``ticket_take`` with what the ticket form asked (service, purpose, category, the SMS phone and the
    idempotency key when the form has them); ``who`` is the person, kiosk or staff member and the language.
    A refusal goes on the form and gives None."""
    data = form.cleaned_data
    return run_form_action(
        form,
        actions.ticket_take,
        office=office,
        service=data["service"],
        channel=channel,
        category=data["category"],
        purpose=data["purpose"],
        phone=data.get("phone", ""),
        idempotency_key=data.get("idempotency_key") or "",
        **who,
    )


@never_cache
@rate_limit("cnapqueue.kiosk", limit=120, window=60)
def kiosk(request: HromadaRequest, token: str) -> HttpResponse:
    """The kiosk: big buttons to take a ticket or check in a booking. The device token is in the address
    the office's manager opened once in the kiosk's browser."""
    device = selectors.kiosk_by_token(token=token)
    if device is None or device.hromada_id != request.hromada.pk:
        raise Http404
    office = device.office
    form = TicketForm(
        office=office, shared_device=True, initial={"idempotency_key": secrets.token_urlsafe(12)}
    )
    check_in = CheckInForm()
    if request.method == "POST":
        if "code" in request.POST:
            check_in = CheckInForm(request.POST)
            if check_in.is_valid():
                ticket = run_form_action(
                    check_in,
                    actions.booking_check_in,
                    office=office,
                    code=check_in.cleaned_data["code"],
                    kiosk=device,
                )
                if ticket is not None:
                    return redirect("cnapqueue:place", code=ticket.code)
        else:
            form = TicketForm(request.POST, office=office, shared_device=True)
            if form.is_valid():
                ticket = _take(form, office=office, channel=Channel.KIOSK, kiosk=device, language=_language())
                if ticket is not None:
                    return redirect("cnapqueue:place", code=ticket.code)
    return render(request, "cnapqueue/kiosk.html", {"office": office, "form": form, "check_in": check_in})


@never_cache
@login_required
def book(request: HromadaRequest, office_id: int) -> HttpResponse:
    """Booking: choose a service and a day, see the free slots, hold one. The call centre books for a
    caller with ``?for=<phone or e-mail>`` (the action checks that the agent may)."""
    office = _office(request, office_id)
    caller = None
    if request.GET.get("for") and _agent_for(request, office):
        caller = resident_find(hromada=request.hromada, login=request.GET["for"])
    params = request.GET.copy()
    params.pop("for", None)
    search = SlotSearchForm(params or None, office=office)
    free: list[tuple[dt.datetime, dt.datetime, int]] = []
    error = ""
    if request.method == "POST" and request.POST.get("do") == "waitlist":
        if search.is_valid():
            try:
                ratelimit.check(request, "cnapqueue.hold", limit=10, window=600)
                actions.waitlist_join(
                    service=search.cleaned_data["service"],
                    day=search.cleaned_data["date"],
                    person=caller or request.user,
                    actor=request.user,
                )
                messages.success(
                    request, _("You are on the waitlist. We will tell you when a place is free.")
                )
                return redirect("cnapqueue:mine")
            except ApplicationError as refusal:
                error = str(refusal.message)
    elif request.method == "POST":
        hold = HoldForm(request.POST)
        if hold.is_valid():
            service = selectors.service_get(office=office, service_id=hold.cleaned_data["service"])
            try:
                if service is None:
                    raise ApplicationError(_("This office does not offer that service."))
                ratelimit.check(request, "cnapqueue.hold", limit=10, window=600)
                booking = actions.booking_hold(
                    service=service,
                    starts_at=hold.cleaned_data["starts_at"],
                    person=caller or request.user,
                    booked_by=request.user if caller else None,
                    channel=Channel.CALL_CENTRE if caller else Channel.WEB,
                )
                return redirect("cnapqueue:booking", booking_id=booking.pk)
            except ApplicationError as refusal:
                error = str(refusal.message)
        else:
            error = _("Choose a time from the list.")
    if search.is_bound and search.is_valid():
        free = selectors.slots_for(service=search.cleaned_data["service"], day=search.cleaned_data["date"])
    return render(
        request,
        "cnapqueue/book.html",
        {"office": office, "search": search, "free": free, "error": error, "caller": caller},
    )


def _my_booking(request: HromadaRequest, booking_id: int) -> Any:
    try:
        booking = selectors.booking_get(hromada=request.hromada, booking_id=booking_id)
    except ApplicationError:
        raise Http404 from None
    if booking.person_id != request.user.pk and not _agent_for(request, booking.office):
        raise Http404
    return booking


@never_cache
@login_required
def booking(request: HromadaRequest, booking_id: int) -> HttpResponse:
    """One booking: confirm a hold, cancel, the .ics file and the check-in code."""
    item = _my_booking(request, booking_id)
    if request.method == "POST":
        do = request.POST.get("do")
        if do == "reschedule":
            hold = HoldForm(request.POST)
            try:
                if not hold.is_valid():
                    raise ApplicationError(_("Choose a time from the list."))
                ratelimit.check(request, "cnapqueue.hold", limit=10, window=600)
                moved = actions.booking_reschedule(
                    booking=item, starts_at=hold.cleaned_data["starts_at"], actor=request.user
                )
                messages.success(request, _("The visit is moved."))
                return redirect("cnapqueue:booking", booking_id=moved.pk)
            except ApplicationError as refusal:
                messages.error(request, str(refusal.message))
                return redirect("cnapqueue:booking", booking_id=item.pk)
        action = actions.booking_confirm if do == "confirm" else actions.booking_cancel
        run_message_action(request, action, booking=item, actor=request.user)
        return redirect("cnapqueue:booking", booking_id=item.pk)
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    day_form = RescheduleDayForm(request.GET or None)
    free: list[tuple[dt.datetime, dt.datetime, int]] = []
    if item.status == "confirmed" and day_form.is_bound and day_form.is_valid():
        free = selectors.slots_for(service=item.service, day=day_form.cleaned_data["date"])
    return render(request, "cnapqueue/booking.html", {"booking": item, "day_form": day_form, "free": free})


@require_safe
@login_required
def booking_ics(request: HromadaRequest, booking_id: int) -> HttpResponse:
    item = _my_booking(request, booking_id)

    def stamp(moment: dt.datetime) -> str:
        return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Hromada//cnapqueue//UK",
        "BEGIN:VEVENT",
        f"UID:booking-{item.pk}-{item.code}@{request.get_host().split(':')[0]}",
        f"DTSTAMP:{stamp(clock.now())}",
        f"DTSTART:{stamp(item.starts_at)}",
        f"DTEND:{stamp(item.ends_at)}",
        f"SUMMARY:{text(item.office.institution.name)}: {text(item.service.name)}",
        f"LOCATION:{text(item.office.institution.address)}",
        f"DESCRIPTION:{text(_('Check-in code') + ' ' + item.code)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="visit-{item.pk}.ics"'
    return response


@login_required
@rate_limit("cnapqueue.waitlist", limit=30, window=600)
def waitlist_leave(request: HromadaRequest, entry_id: int) -> HttpResponse:
    """Leave a waitlist (POST); an offered place goes to the next person in line."""
    if request.method != "POST":
        return HttpResponse(status=405)
    try:
        entry = selectors.waitlist_entry_get(hromada=request.hromada, entry_id=entry_id)
    except ApplicationError:
        raise Http404 from None
    if entry.person_id != request.user.pk:
        raise Http404
    if run_message_action(request, actions.waitlist_leave, entry=entry, actor=request.user) is not None:
        messages.success(request, _("You have left the waitlist."))
    return redirect("cnapqueue:mine")


@never_cache
@login_required
@require_safe
def mine(request: HromadaRequest) -> HttpResponse:
    bookings, query = paginate(
        request, selectors.bookings_of_person(hromada=request.hromada, person=request.user)
    )
    tickets = selectors.tickets_of_person(hromada=request.hromada, person=request.user)[:10]
    waiting = selectors.waitlist_of_person(hromada=request.hromada, person=request.user)
    visits = selectors.home_visits_of_person(hromada=request.hromada, person=request.user)[:10]
    return render(
        request,
        "cnapqueue/mine.html",
        {"page": bookings, "query": query, "tickets": tickets, "waiting": waiting, "visits": visits},
    )


# ----------------------------------------------------------------------------------------------- staff


@officials_page(queue_staff_of, _staff_refusal)
@require_safe
def console(request: HromadaRequest) -> HttpResponse:
    """The desks this person serves at (an operator's own; a manager's whole office)."""
    page, query = paginate(request, selectors.desks_for(hromada=request.hromada, user=request.user))
    every = list(selectors.offices_of(hromada=request.hromada))
    offices = [o for o in every if manages_office(request.user, o)]
    receptions = [o for o in every if works_in_office(request.user, o)]
    return render(
        request,
        "cnapqueue/console.html",
        {"page": page, "query": query, "offices": offices, "receptions": receptions},
    )


DESK_ACTIONS = {
    "recall": actions.ticket_recall,
    "no_show": actions.ticket_no_show,
    "start": actions.ticket_start,
    "return": actions.ticket_return,
}


@officials_page(queue_staff_of, _staff_refusal)
def desk(request: HromadaRequest, desk_id: int) -> HttpResponse:
    """The operator's console of one desk: call next, recall, no-show, start, complete, transfer, return,
    pause and resume."""
    try:
        item = selectors.desk_get(hromada=request.hromada, desk_id=desk_id)
    except ApplicationError:
        raise Http404 from None
    if not serves_at_desk(request.user, item):
        return render(
            request,
            "core/error.html",
            {"message": _("You do not work at this desk."), "status": 403},
            status=403,
        )
    office = item.office
    current = selectors.desk_current(desk=item)
    transfer = TransferForm(office=office)
    complete = CompleteForm(office=office)
    if request.method == "POST":
        try:
            ratelimit.check(request, "cnapqueue.desk", limit=120, window=60)
        except ApplicationError as refusal:
            messages.error(request, str(refusal.message))
            return redirect("cnapqueue:desk", desk_id=item.pk)
        do = request.POST.get("do", "")
        if do == "call":
            try:
                if actions.ticket_call_next(desk=item, actor=request.user) is None:
                    messages.info(request, _("Nobody is waiting."))
            except ApplicationError as refusal:
                messages.error(request, str(refusal.message))
        elif do in ("pause", "open", "closed"):
            state = {"pause": Desk.State.PAUSED, "open": Desk.State.OPEN, "closed": Desk.State.CLOSED}[do]
            run_message_action(request, actions.desk_set_state, desk=item, actor=request.user, state=state)
        elif current is not None and do in DESK_ACTIONS:
            run_message_action(request, DESK_ACTIONS[do], desk=item, ticket=current, actor=request.user)
        elif current is not None and do == "complete":
            complete = CompleteForm(request.POST, office=office)
            if complete.is_valid():
                done = run_form_action(
                    complete,
                    actions.ticket_complete,
                    desk=item,
                    ticket=current,
                    actor=request.user,
                    rendered=complete.cleaned_data["rendered"],
                )
                if done is not None:
                    return redirect("cnapqueue:desk", desk_id=item.pk)
            return _desk_page(request, item, transfer, complete)
        elif current is not None and do == "transfer":
            transfer = TransferForm(request.POST, office=office)
            if transfer.is_valid():
                moved = run_form_action(
                    transfer,
                    actions.ticket_transfer,
                    desk=item,
                    ticket=current,
                    actor=request.user,
                    service=transfer.cleaned_data["service"],
                )
                if moved is not None:
                    return redirect("cnapqueue:desk", desk_id=item.pk)
            return _desk_page(request, item, transfer, complete)
        return redirect("cnapqueue:desk", desk_id=item.pk)
    return _desk_page(request, item, transfer, complete)


def _desk_page(
    request: HromadaRequest, item: Desk, transfer: TransferForm, complete: CompleteForm
) -> HttpResponse:
    current = selectors.desk_current(desk=item)
    waiting = len(
        selectors.queue_order(
            office=item.office, service_ids=list(item.services.values_list("pk", flat=True))
        )
    )
    return render(
        request,
        "cnapqueue/desk.html",
        {"desk": item, "current": current, "waiting": waiting, "transfer": transfer, "complete": complete},
    )


@officials_page(queue_staff_of, _staff_refusal)
def callcentre(request: HromadaRequest) -> HttpResponse:
    """The call centre: find a caller, take a ticket or see their bookings, record the consultation."""
    offices = [o for o in selectors.offices_of(hromada=request.hromada) if answers_calls(request.user, o)]
    if not offices:
        return render(request, "core/error.html", {"message": _staff_refusal(), "status": 403}, status=403)
    office = offices[0]
    chosen = request.GET.get("office") or request.POST.get("office")
    for candidate in offices:
        if chosen and str(candidate.pk) == chosen:
            office = candidate
    find = FindCallerForm(request.GET or None)
    caller = None
    if find.is_bound and find.is_valid():
        caller = resident_find(hromada=request.hromada, login=find.cleaned_data["login"])
        if caller is None:
            find.add_error("login", _("No resident of this hromada with this phone or e-mail."))
    consultation = ConsultationForm(initial={"minutes": 5})
    ticket_form = TicketForm(office=office, prefix="t")
    issued = None
    if request.method == "POST":
        if request.POST.get("do") == "ticket":
            ticket_form = TicketForm(request.POST, office=office, prefix="t")
            if ticket_form.is_valid() and form_within_limit(
                request, ticket_form, "cnapqueue.cc", limit=60, window=60
            ):
                issued = _take(
                    ticket_form,
                    office=office,
                    channel=Channel.CALL_CENTRE,
                    person=caller,
                    issued_by=request.user,
                )
        else:
            consultation = ConsultationForm(request.POST)
            if consultation.is_valid() and form_within_limit(
                request, consultation, "cnapqueue.cc", limit=60, window=60
            ):
                done = run_form_action(
                    consultation,
                    actions.consultation_record,
                    office=office,
                    agent=request.user,
                    person=caller,
                    **consultation.cleaned_data,
                )
                if done is not None:
                    return redirect(f"{reverse('cnapqueue:callcentre')}?office={office.pk}")
    bookings = selectors.bookings_of_person(hromada=request.hromada, person=caller)[:10] if caller else []
    page, query = paginate(request, selectors.consultations_of(office=office))
    return render(
        request,
        "cnapqueue/callcentre.html",
        {
            "offices": offices,
            "office": office,
            "find": find,
            "caller": caller,
            "bookings": bookings,
            "consultation": consultation,
            "ticket_form": ticket_form,
            "issued": issued,
            "page": page,
            "query": query,
        },
    )


@officials_page(queue_staff_of, _staff_refusal)
def reception(request: HromadaRequest, office_id: int) -> HttpResponse:
    """The reception desk: the office's staff issue a ticket for a walk-in visitor (granting a priority
    category after seeing the document) or check in a booking by its code. After a ticket is issued the page
    shows it (``?issued=<code>``, so that reloading issues nothing) with a link to its printable page, and a
    fresh form (a new idempotency key: a double submit of one form gives one ticket) for the next visitor."""
    office = _office(request, office_id)
    if not works_in_office(request.user, office):
        return render(request, "core/error.html", {"message": _staff_refusal(), "status": 403}, status=403)
    form = TicketForm(office=office, reception=True, initial={"idempotency_key": secrets.token_urlsafe(12)})
    check_in = CheckInForm()
    if request.method == "POST":
        ticket = None
        if request.POST.get("do") == "check_in":
            check_in = CheckInForm(request.POST)
            if check_in.is_valid() and form_within_limit(
                request, check_in, "cnapqueue.reception", limit=60, window=60
            ):
                ticket = run_form_action(
                    check_in,
                    actions.booking_check_in,
                    office=office,
                    code=check_in.cleaned_data["code"],
                    actor=request.user,
                )
        else:
            form = TicketForm(request.POST, office=office, reception=True)
            if form.is_valid() and form_within_limit(
                request, form, "cnapqueue.reception", limit=60, window=60
            ):
                ticket = _take(form, office=office, channel=Channel.RECEPTION, issued_by=request.user)
        if ticket is not None:
            target = reverse("cnapqueue:reception", args=[office.pk])
            return redirect(f"{target}?{urlencode({'issued': ticket.code})}")
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    issued = selectors.ticket_by_code(code=request.GET["issued"]) if request.GET.get("issued") else None
    if issued is not None and issued.office_id != office.pk:
        issued = None
    return render(
        request,
        "cnapqueue/reception.html",
        {
            "office": office,
            "form": form,
            "check_in": check_in,
            "issued": issued,
            "spot": selectors.ticket_place(ticket=issued) if issued is not None else None,
            "closed": selectors.office_closed_reason(office=office, at=clock.now()),
        },
    )


@officials_page(queue_staff_of, _staff_refusal)
@require_safe
def stats(request: HromadaRequest, office_id: int) -> HttpResponse:
    """Statistics of an office over the last 30 days, with the error of the wait estimates, charts of the
    tickets and waits by hour of arrival and of the tickets per day (each with its table and CSV)."""
    office = _office(request, office_id)
    if not manages_office(request.user, office):
        return render(request, "core/error.html", {"message": _staff_refusal(), "status": 403}, status=403)
    since = _stats_since()
    language = _language()
    by = request.GET.get("by", "operator")
    if by not in selectors.BREAKDOWNS:
        by = "operator"
    statistics = selectors.office_statistics(
        office=office, since=since, by=sorted({by, "hour", "day"}), language=language
    )
    tables = statistics.breakdowns
    staffing = selectors.staffing_suggestion(office=office, target_minutes=STAFFING_TARGET_MINUTES)
    today, query = paginate(request, selectors.tickets_today(office=office), per_page=50)
    return render(
        request,
        "cnapqueue/stats.html",
        {
            "office": office,
            "rows": statistics.services,
            "since": since,
            "by": by,
            "breakdowns": BREAKDOWN_LABELS,
            "breakdown": tables[by],
            "with_bookings": by in selectors.BOOKINGS_BY,
            "hour_charts": _hour_charts(office, tables["hour"]),
            "day_chart": _day_chart(office, since, tables["day"]),
            "csv_url": _stats_csv_url(office, "service"),
            "breakdown_csv_url": _stats_csv_url(office, by),
            "staffing": staffing,
            "target": STAFFING_TARGET_MINUTES,
            "weekdays": WEEKDAY_NAMES,
            "page": today,
            "query": query,
            "now": timezone.now(),
        },
    )


STATS_DAYS = 30


def _stats_since() -> dt.date:
    return clock.today() - dt.timedelta(days=STATS_DAYS)


def _stats_csv_url(office: Office, by: str) -> str:
    return reverse("cnapqueue:stats_csv", args=[office.pk]) + "?" + urlencode({"by": by})


def _minutes(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _hour_charts(office: Office, hours: list[selectors.BreakdownRow]) -> list[Chart]:
    """Tickets, mean wait and p90 wait by hour of arrival, every hour from the first to the last that had
    tickets; both wait charts share one axis, so their bars compare."""
    by_hour = {row.key: row for row in hours if row.tickets}
    span = range(min(by_hour), max(by_hour) + 1) if by_hour else range(0)
    rows = [(f"{hour:02d}:00", by_hour.get(hour)) for hour in span]
    top = nice_ceiling(max((r.p90_wait or 0 for _l, r in rows if r is not None), default=0)) or None
    csv_url = _stats_csv_url(office, "hour")
    hour = _("Hour of arrival")
    waits = (
        ("mean-wait-by-hour", _("Mean wait by hour of arrival, minutes"), _("Mean wait"), "mean_wait"),
        (
            "p90-wait-by-hour",
            _("Wait of 9 in 10 visitors at most (p90) by hour of arrival, minutes"),
            _("Wait, p90"),
            "p90_wait",
        ),
    )
    tickets = make_chart(
        key="tickets-by-hour",
        title=_("Tickets by hour of arrival"),
        kind="vbar",
        rows=[(label, r.tickets if r else 0) for label, r in rows],
        label_header=hour,
        value_label=_("Tickets"),
        csv_url=csv_url,
    )
    return [tickets] + [
        make_chart(
            key=key,
            title=title,
            kind="vbar",
            rows=[(label, _minutes(getattr(r, field)) if r else None) for label, r in rows],
            label_header=hour,
            value_label=value_label,
            csv_url=csv_url,
            top=top,
        )
        for key, title, value_label, field in waits
    ]


def _day_chart(office: Office, since: dt.date, days: list[selectors.BreakdownRow]) -> Chart:
    """Tickets of each day of the period, days without tickets as zero: a line (a month of bars is a row of
    slivers, and its table of 31 rows pushed the breakdown off the screen; the numbers stay in the hidden
    table for screen readers, in the CSV and in the breakdown by day)."""
    tickets = {row.key: row.tickets for row in days}
    span = [since + dt.timedelta(days=n) for n in range((clock.today() - since).days + 1)]
    return make_chart(
        key="tickets-by-day",
        title=_("Tickets per day"),
        kind="sparkline",
        rows=[(day.strftime("%d.%m.%Y"), tickets.get(day, 0)) for day in span],
        label_header=_("Day"),
        value_label=_("Tickets"),
        csv_url=_stats_csv_url(office, "day"),
    )


# The CSV's columns after the first (the service, operator, desk, day or hour).
_COUNTS = ("tickets", "served", "no_shows", "abandoned")
_BOOKINGS = ("bookings", "booking_no_shows")
_DURATIONS = ("mean_wait_minutes", "p90_wait_minutes", "mean_service_minutes")


def _stats_csv_row(first: str, value: Any, row: Any) -> dict[str, Any]:
    return {
        first: value,
        **{name: getattr(row, name) for name in _COUNTS + _BOOKINGS},
        "mean_wait_minutes": _minutes(row.mean_wait),
        "p90_wait_minutes": _minutes(row.p90_wait),
        "mean_service_minutes": _minutes(row.mean_service),
    }


@officials_page(queue_staff_of, _staff_refusal)
@require_safe
def stats_csv(request: HromadaRequest, office_id: int) -> HttpResponse:
    """The statistics page's numbers as CSV (the office's managers, as the page): ``by=service`` (the
    default: the per-service table with the estimates' error) or a breakdown (``operator``, ``desk``,
    ``day``, ``hour``); anything else → 400."""
    office = _office(request, office_id)
    if not manages_office(request.user, office):
        return render(request, "core/error.html", {"message": _staff_refusal(), "status": 403}, status=403)
    by = request.GET.get("by", "service")
    if by not in selectors.BREAKDOWNS:
        return HttpResponseBadRequest(
            _("Unknown table: choose one of %(names)s.") % {"names": ", ".join(selectors.BREAKDOWNS)}
        )
    since = _stats_since()
    name = f"queue-{office.pk}-{by}-since-{since.isoformat()}"
    if by == "service":
        rows = [
            _stats_csv_row("service", s.service, s)
            | {"prediction_error_minutes": _minutes(s.prediction_error)}
            for s in selectors.office_stats(office=office, since=since, language=_language())
        ]
        fields = ("service", *_COUNTS, *_BOOKINGS, *_DURATIONS, "prediction_error_minutes")
        return csv_download(rows, fields, name=name)
    breakdown = selectors.ticket_breakdown(office=office, since=since, by=by, language=_language())
    rows = [_stats_csv_row(by, r.key if by in ("day", "hour") else r.label, r) for r in breakdown]
    bookings = _BOOKINGS if by in selectors.BOOKINGS_BY else ()
    return csv_download(rows, (by, *_COUNTS, *bookings, *_DURATIONS), name=name)


STAFFING_TARGET_MINUTES = 15
BREAKDOWN_LABELS = (
    ("operator", gettext_lazy("by operator")),
    ("desk", gettext_lazy("by desk")),
    ("service", gettext_lazy("by service")),
    ("day", gettext_lazy("by day")),
    ("hour", gettext_lazy("by hour of arrival")),
)
WEEKDAY_NAMES = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)


# --------------------------------------------------------------------------- home visits, mobile office


@never_cache
@login_required
@rate_limit("cnapqueue.home_visit", limit=5, window=3600)
def home_visit_request(request: HromadaRequest, office_id: int) -> HttpResponse:
    """A resident who cannot come asks for a home visit (the call centre may ask for a caller: ``?for=``)."""
    office = _office(request, office_id)
    caller = None
    if request.GET.get("for") and _agent_for(request, office):
        caller = resident_find(hromada=request.hromada, login=request.GET["for"])
    person = caller or request.user
    form = HomeVisitForm(office=office, initial={"phone": getattr(person, "phone", "") or ""})
    if request.method == "POST":
        form = HomeVisitForm(request.POST, request.FILES, office=office)
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("file", None)
            visit = run_form_action(
                form,
                actions.home_visit_request,
                office=office,
                person=person,
                actor=request.user,
                document=upload,
                document_name=upload.name if upload is not None else "",
                **data,
            )
            if visit is not None:
                messages.success(request, _("Your request is sent. The coordinator will call you."))
                return redirect("cnapqueue:mine") if caller is None else redirect("cnapqueue:callcentre")
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(
        request,
        "cnapqueue/home_visit_request.html",
        {"office": office, "form": form, "caller": caller, "accepts": bool(office.grounds())},
    )


@login_required
@rate_limit("cnapqueue.home_visit", limit=30, window=600)
def home_visit_cancel(request: HromadaRequest, visit_id: int) -> HttpResponse:
    """The person withdraws their request (POST)."""
    if request.method != "POST":
        return HttpResponse(status=405)
    try:
        visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    except ApplicationError:
        raise Http404 from None
    if visit.person_id != request.user.pk:
        raise Http404
    if run_message_action(request, actions.home_visit_cancel, visit=visit, actor=request.user) is not None:
        messages.success(request, _("The request is withdrawn."))
    return redirect("cnapqueue:mine")


@login_required
@rate_limit("cnapqueue.home_visit_change", limit=30, window=600)  # as the API's document and cancel
def home_visit_document_add(request: HromadaRequest, visit_id: int) -> HttpResponse:
    """The person adds (or replaces) the document proving the ground of a request not yet decided (POST)."""
    if request.method != "POST":
        return HttpResponse(status=405)
    try:
        visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    except ApplicationError:
        raise Http404 from None
    if visit.person_id != request.user.pk:
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the file with the document."))
    else:
        upload = form.cleaned_data["file"]
        if (
            run_message_action(
                request,
                actions.home_visit_document_attach,
                visit=visit,
                person=request.user,
                data=upload,
                filename=upload.name or "",
            )
            is not None
        ):
            messages.success(request, _("The document is added. The coordinator will look at it."))
    return redirect("cnapqueue:mine")


@require_safe
@login_required
def home_visit_document(request: HromadaRequest, visit_id: int) -> FileResponse:
    """The document proving a request's ground: to the person who sent it and to the office's coordinators
    (with the second factor passed); always a download, never cached."""
    try:
        visit = selectors.home_visit_get(hromada=request.hromada, visit_id=visit_id)
    except ApplicationError:
        raise Http404 from None
    own = visit.person_id == request.user.pk
    coordinator = manages_office(request.user, visit.office) and request.user.is_verified()
    if not visit.document or not (own or coordinator):
        raise Http404
    extension = (visit.document.name or "").rsplit(".", 1)[-1]
    return private_download(
        visit.document, filename=f"home-visit-{visit.pk}.{extension}", content_type=visit.document_type
    )


def _managed_office(request: HromadaRequest, office_id: int) -> Office | HttpResponse:
    office = _office(request, office_id)
    if not manages_office(request.user, office):
        return render(request, "core/error.html", {"message": _staff_refusal(), "status": 403}, status=403)
    return office


@officials_page(queue_staff_of, _staff_refusal)
def home_visits(request: HromadaRequest, office_id: int) -> HttpResponse:
    """The coordinator's page: decide requests, schedule eligible visits into an operator's day."""
    office = _managed_office(request, office_id)
    if isinstance(office, HttpResponse):
        return office
    operators = selectors.operators_of(office=office)
    if request.method == "POST":
        try:
            ratelimit.check(request, "cnapqueue.coordinate", limit=120, window=60)
            visit = selectors.home_visit_get(
                hromada=request.hromada, visit_id=int(request.POST.get("visit", 0))
            )
        except (ApplicationError, ValueError) as refusal:
            messages.error(request, str(getattr(refusal, "message", _("There is no such home visit."))))
            return redirect("cnapqueue:home_visits", office_id=office.pk)
        if visit.office_id != office.pk:
            raise Http404
        do = request.POST.get("do", "")
        if do in ("approve", "refuse"):
            decide = DecideForm(request.POST)
            if decide.is_valid():
                run_message_action(
                    request,
                    actions.home_visit_decide,
                    visit=visit,
                    actor=request.user,
                    eligible=do == "approve",
                    **decide.cleaned_data,
                )
        elif do == "schedule":
            schedule = ScheduleForm(request.POST, operators=operators)
            if schedule.is_valid():
                run_message_action(
                    request,
                    actions.home_visit_schedule,
                    visit=visit,
                    actor=request.user,
                    **schedule.cleaned_data,
                )
            else:
                messages.error(request, _("Choose the day and the operator."))
        elif do == "cancel":
            run_message_action(request, actions.home_visit_cancel, visit=visit, actor=request.user)
        return redirect("cnapqueue:home_visits", office_id=office.pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    page, query = paginate(request, selectors.home_visits_to_handle(office=office))
    return render(
        request,
        "cnapqueue/home_visits.html",
        {
            "office": office,
            "page": page,
            "query": query,
            "decide": DecideForm(),
            "schedule": ScheduleForm(operators=operators, initial={"day": clock.today()}),
        },
    )


@officials_page(queue_staff_of, _staff_refusal)
def visit_day(request: HromadaRequest) -> HttpResponse:
    """The operator's day on a phone: the visits in route order, a map, done / failed with a reason."""
    try:
        day = dt.date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else clock.today()
    except ValueError:
        day = clock.today()
    if request.method == "POST":
        try:
            ratelimit.check(request, "cnapqueue.visit", limit=120, window=60)
            visit = selectors.home_visit_get(
                hromada=request.hromada, visit_id=int(request.POST.get("visit", 0))
            )
        except (ApplicationError, ValueError):
            raise Http404 from None
        finish = FinishForm(request.POST)
        if finish.is_valid():
            done = run_message_action(
                request,
                actions.home_visit_finish,
                visit=visit,
                actor=request.user,
                done=request.POST.get("do") == "done",
                reason=finish.cleaned_data["reason"],
            )
            if done is not None:
                messages.success(request, _("Saved."))
        return redirect(f"{reverse('cnapqueue:visit_day')}?day={(visit.day or day).isoformat()}")
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    visits = list(selectors.home_visit_day(hromada=request.hromada, operator=request.user, day=day))
    start = visits[0].office.institution if visits else None
    route = {
        "start": [start.lat, start.lon] if start else None,
        "points": [[v.lat, v.lon, v.route_order] for v in visits if v.lat is not None and v.lon is not None],
    }
    return render(
        request,
        "cnapqueue/visit_day.html",
        {
            "day": day,
            "visits": visits,
            "route": route,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "finish": FinishForm(),
        },
    )


@never_cache
def stops(request: HromadaRequest, office_id: int) -> HttpResponse:
    """A mobile office's published timetable; its manager adds stops here."""
    office = _office(request, office_id)
    if not office.is_mobile:
        raise Http404
    manages = manages_office(request.user, office) and request.user.is_verified()
    form = MobileStopForm(office=office) if manages else None
    if request.method == "POST":
        if not manages:
            return render(
                request, "core/error.html", {"message": _staff_refusal(), "status": 403}, status=403
            )
        form = MobileStopForm(request.POST, office=office)
        if form.is_valid() and form_within_limit(request, form, "cnapqueue.stop", limit=60, window=600):
            saved = run_form_action(form, actions.mobile_stop_save, stop=form.instance, actor=request.user)
            if saved is not None:
                messages.success(request, _("The stop is published."))
                return redirect("cnapqueue:stops", office_id=office.pk)
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    page, query = paginate(request, selectors.stops_upcoming(office=office))
    return render(
        request,
        "cnapqueue/stops.html",
        {"office": office, "page": page, "query": query, "form": form, "manages": manages},
    )

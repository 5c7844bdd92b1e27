"""The live queue: taking tickets, and everything a desk does with them.

Exactly-once calling: :func:`ticket_call_next` locks the desk row (one call per desk at a time), ranks the
waiting tickets with the pure ordering (:mod:`hromada.cnapqueue.ordering`) and claims the best-ranked one no
other desk holds with one ``SELECT … ORDER BY rank LIMIT 1 FOR UPDATE SKIP LOCKED`` (per batch of ranked
tickets) and a conditional ``UPDATE … WHERE status = 'waiting'``; two desks calling at the same moment
therefore never get the same ticket (PostgreSQL: the row lock; SQLite: writers are serialised and the
conditional update still holds). Ticket numbers run per prefix and are taken under the locks of the
office's service rows with that prefix (``FOR NO KEY UPDATE``, taken last and held only for the insert, so
that rows referencing them do not wait), and a unique constraint backs them up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.accounts.identity import IdentifierError
from hromada.core import clock
from hromada.core.actions import enqueue_on_commit, notify_on_commit
from hromada.core.batchsql import position_in
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.notifications import site_url
from hromada.core.permissions import is_authenticated, require
from hromada.core.sms import send_sms, sms_available

from .. import selectors
from ..models import Booking, Category, Channel, Desk, Kiosk, Office, Purpose, QueueEvent, Service, Ticket
from ..permissions import serves_at_desk, works_in_office
from ..phones import normalise_mobile
from ..tasks import cnapqueue_near_sms
from ._common import _new_code, _require_open, record

STAFF_CHANNELS = (Channel.RECEPTION, Channel.CALL_CENTRE)
CLAIM_BATCH = 64  # ranked tickets a desk tries to claim in one query


def _may_take(*, office: Office, channel: str, person: Any, issued_by: Any, kiosk: Kiosk | None) -> None:
    if channel == Channel.KIOSK:
        if kiosk is None or kiosk.office_id != office.pk or not kiosk.is_active:
            raise PermissionDeniedError(_("This kiosk does not serve this office."))
    elif channel in STAFF_CHANNELS:
        require(works_in_office, issued_by, office, _("Only the office's staff issue tickets for visitors."))
    elif channel in (Channel.WEB, Channel.API) and (person is None or not person.is_authenticated):
        raise PermissionDeniedError(_("Log in to take a ticket."))


def _next_number(office: Office, service: Service, day: dt.date) -> tuple[int, str]:
    prefix = service.prefix
    top = Ticket.objects.filter(office=office, day=day, number__startswith=f"{prefix}-").aggregate(
        m=Max("seq")
    )
    seq = (top["m"] or 0) + 1
    return seq, f"{prefix}-{seq:03d}"


@dataclass(frozen=True)
class Taken:
    """A ticket just taken and its place then; ``place`` is None when a repeated request (the same
    idempotency key) returned the first ticket, whose place is to be read afresh."""

    ticket: Ticket
    place: selectors.Place | None


def ticket_take(
    *,
    office: Office,
    service: Service,
    channel: str,
    category: str = Category.REGULAR,
    purpose: str = Purpose.SUBMIT,
    person: Any | None = None,
    issued_by: Any | None = None,
    kiosk: Kiosk | None = None,
    idempotency_key: str = "",
    booking: Booking | None = None,
    late: bool = False,
    phone: str = "",
    language: str = "",
) -> Ticket:
    """:func:`ticket_take_placed`'s ticket (for callers that do not answer with its place)."""
    return ticket_take_placed(
        office=office,
        service=service,
        channel=channel,
        category=category,
        purpose=purpose,
        person=person,
        issued_by=issued_by,
        kiosk=kiosk,
        idempotency_key=idempotency_key,
        booking=booking,
        late=late,
        phone=phone,
        language=language,
    ).ticket


@transaction.atomic
def ticket_take_placed(
    *,
    office: Office,
    service: Service,
    channel: str,
    category: str = Category.REGULAR,
    purpose: str = Purpose.SUBMIT,
    person: Any | None = None,
    issued_by: Any | None = None,
    kiosk: Kiosk | None = None,
    idempotency_key: str = "",
    booking: Booking | None = None,
    late: bool = False,
    phone: str = "",
    language: str = "",
) -> Taken:
    """A ticket in the live queue. Refused (409) when the office is closed or does not offer the service;
    a repeated request with the same idempotency key returns the first ticket. A checked-in ``booking``
    keeps its booked time for the ordering unless the visitor came ``late`` (then it is a live ticket).
    ``phone`` (optional, a Ukrainian mobile number in any usual form; refused with 400 on the ``phone``
    field when it is not one or when this installation sends no SMS) gets one SMS when the turn is near, in
    ``language`` (the page's; else the person's, else the installation's default). Without one, a
    logged-in person with no e-mail whose phone is confirmed gets it at that phone (the inbox alone would
    not reach them; not for a ticket from the chat bot, told in the chat). Returns the ticket with the place
    computed for it (the answer need not rank the queue again)."""
    _may_take(office=office, channel=channel, person=person, issued_by=issued_by, kiosk=kiosk)
    if category not in Category.values:
        raise ApplicationError(
            _("Unknown priority category."), fields={"category": [_("Choose a category.")]}
        )
    if purpose not in Purpose.values:
        raise ApplicationError(_("Unknown purpose."), fields={"purpose": [_("Choose a purpose.")]})
    sms_phone = _sms_phone(phone)
    office = Office.objects.select_related("institution", "hromada").get(pk=office.pk)
    key = idempotency_key.strip()[:64]
    if key:
        existing = Ticket.objects.filter(office=office, idempotency_key=key).first()
        if existing is not None:
            return Taken(existing, None)
    if service.office_id != office.pk or not service.is_active:
        raise ConflictError(_("This office does not offer that service."), code="service_not_offered")
    now = clock.now()
    _require_open(office, now)
    day = clock.today()
    person = person if person is not None and person.is_authenticated else None
    if sms_phone is None and person is not None and not person.email and channel != Channel.TELEGRAM:
        sms_phone = _account_phone(person)  # (a ticket from the chat bot is followed in the chat)
    if not language and person is not None:
        language = person.preferred_language
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    appointment_at = booking.starts_at if booking and not late else None
    place = selectors.place_of_new(
        office=office, service=service, category=category, appointment_at=appointment_at, now=now
    )
    # Numbers run per prefix: the rows of the office's services with this prefix (in id order) queue the
    # takers of that prefix only. Taken last, so held only for the insert, and FOR NO KEY UPDATE, so that
    # rows referencing a service (FOR KEY SHARE on it for the foreign key) do not wait behind a kiosk.
    list(
        Service.objects.select_for_update(no_key=True)
        .filter(office=office, prefix=service.prefix)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if key:
        existing = Ticket.objects.filter(office=office, idempotency_key=key).first()
        if existing is not None:  # the same request, committed while this one waited for the lock
            return Taken(existing, None)
    seq, number = _next_number(office, service, day)
    try:
        with transaction.atomic():
            ticket = Ticket.objects.create(
                hromada=office.hromada,
                office=office,
                service=service,
                day=day,
                seq=seq,
                number=number,
                code=_new_code(12),
                category=category,
                purpose=purpose,
                channel=channel,
                person=person,
                issued_by=issued_by if channel in STAFF_CHANNELS else None,
                booking=booking,
                appointment_at=appointment_at,
                queued_at=now,
                idempotency_key=key,
                estimated_wait_minutes=place.estimated_wait_minutes,
                phone=sms_phone or "",
                language=language,
            )
    except IntegrityError:
        # The office row's lock makes this unreachable for one office; the constraint is the backstop.
        raise ConflictError(_("Please try again."), code="retry") from None
    record(office=office, kind=QueueEvent.Kind.TAKEN, at=now, ticket=ticket, log=False)
    return Taken(ticket, place)


def _sms_phone(phone: str) -> str | None:
    """The typed phone for the SMS notice in E.164 form, None when none was typed; refuses one that is no
    Ukrainian mobile number, and any when the installation sends no SMS (no page offers it then)."""
    if not (phone or "").strip():
        return None
    if not sms_available():
        message = _("Text messages are not set up on this installation.")
        raise ApplicationError(message, code="sms_unavailable", fields={"phone": [message]})
    try:
        return normalise_mobile(phone)
    except IdentifierError as exc:
        message = _(str(exc))
        raise ApplicationError(message, code="invalid_phone", fields={"phone": [message]}) from None


def _account_phone(person: Any) -> str | None:
    """A person's own phone for the SMS notice: confirmed, a Ukrainian mobile, and SMS set up."""
    phone = selectors.confirmed_phone_of(person=person)
    if phone is None or not sms_available():
        return None
    try:
        return normalise_mobile(phone)
    except IdentifierError:
        return None


def _desk_locked(desk: Desk, actor: Any) -> Desk:
    desk = (
        Desk.objects.select_for_update(of=("self",), no_key=True)
        .select_related("office__institution", "office__hromada")
        .get(pk=desk.pk)
    )
    require(serves_at_desk, actor, desk, _("You do not work at this desk."))
    return desk


def _active(desk: Desk) -> Ticket | None:
    return Ticket.objects.select_for_update().filter(desk=desk, status__in=Ticket.ACTIVE_AT_DESK).first()


@transaction.atomic
def ticket_call_next(*, desk: Desk, actor: Any) -> Ticket | None:
    """Call the next ticket to the desk (the engine chooses it), or None when nobody waits for the desk's
    services. Refused while the desk is paused or still has a visitor."""
    desk = _desk_locked(desk, actor)
    if desk.state == Desk.State.PAUSED:
        raise ConflictError(_("The desk is paused. Resume it first."), code="desk_paused")
    if _active(desk) is not None:
        raise ConflictError(_("Finish the current visitor first."), code="desk_busy")
    service_ids = list(desk.services.order_by().values_list("pk", flat=True))  # unordered: no joins
    if not service_ids:
        return None
    now = clock.now()
    served_by = actor if is_authenticated(actor) else desk.operator
    ranking = selectors.queue_ranking(office=desk.office, service_ids=service_ids)
    ranked = ranking.placed
    for start in range(0, len(ranked), CLAIM_BATCH):
        batch = ranked[start : start + CLAIM_BATCH]
        # One query claims the best-ranked ticket of the batch that no other desk holds: PostgreSQL sorts by
        # rank, then locks in that order, skipping rows locked by other desks (not one query per skip).
        ids = [p.id for p in batch]
        locked = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, status=Ticket.Status.WAITING)
            .annotate(rank=position_in(Ticket._meta.get_field("id"), ids))
            .order_by("rank")
            .first()
        )
        if locked is None:
            continue  # other desks hold or took all of them
        placed = batch[locked.rank]
        claimed = Ticket.objects.filter(pk=locked.pk, status=Ticket.Status.WAITING).update(
            status=Ticket.Status.CALLED,
            desk=desk,
            called_at=now,
            served_by=served_by,
        )
        if claimed != 1:
            continue
        # The row is ours (locked, and updated just now by us): what the update wrote, set on it, is the row;
        # no statement to read it again. (``update`` leaves ``updated_at`` alone, as it was read.)
        ticket = locked
        ticket.status = Ticket.Status.CALLED
        ticket.desk = desk
        ticket.called_at = now
        ticket.served_by = served_by
        if desk.state != Desk.State.OPEN:
            desk.state = Desk.State.OPEN
            desk.save(update_fields=["state", "updated_at"])
        record(
            office=desk.office,
            kind=QueueEvent.Kind.CALLED,
            at=now,
            ticket=ticket,
            desk=desk,
            reason=placed.reason,
        )
        notify_on_commit(
            hromada=desk.office.hromada,
            recipients=[ticket.person],
            kind="cnapqueue.called",
            params={"number": ticket.number, "desk": desk.number},
        )
        # The tickets ranked after the claimed one (those before it other desks hold or took), of its service:
        # the service's own order (see Ranking.of_service), minus the claimed ticket, without ranking again.
        _notify_near(desk.office, ranking.of_service(ticket.service_id, start=start + locked.rank + 1))
        return ticket
    return None


def _notify_near(office: Office, ranked_ids: list[int]) -> None:
    """Tell people with a ticket among the first of ``ranked_ids`` (one service's waiting tickets in calling
    order) that few are ahead of them (once per ticket)."""
    ranked = ranked_ids[: office.notify_ahead + 1]
    due = list(
        Ticket.objects.filter(pk__in=ranked, status=Ticket.Status.WAITING, notified_ahead=False)
        .filter(Q(person__isnull=False) | ~Q(phone=""))
        .select_related("person")
    )
    if not due:
        return
    Ticket.objects.filter(pk__in=[t.pk for t in due]).update(notified_ahead=True)
    for ticket in due:
        ahead = ranked.index(ticket.pk)
        notify_on_commit(
            hromada=office.hromada,
            recipients=[ticket.person],
            kind="cnapqueue.near",
            params={"number": ticket.number, "ahead": ahead},
            url=f"/queue/t/{ticket.code}/",
        )
        if ticket.phone:  # the SMS goes from a background task, never in the desk's request
            enqueue_on_commit(task=cnapqueue_near_sms, ticket_id=ticket.pk, ahead=ahead)


def ticket_sms_send(*, ticket_id: int, ahead: int) -> bool:
    """Send a waiting ticket's one SMS "``ahead`` people are ahead of you" (the background task
    ``cnapqueue_near_sms`` calls this). The phone is taken off the ticket in a transaction of its own
    before the message goes, so a task run twice sends it once (at most once: a gateway failure is logged
    by the task, not retried). Returns whether a message went out; False for a ticket called, served or
    without a phone by now."""
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("hromada")
            .filter(pk=ticket_id, status=Ticket.Status.WAITING)
            .exclude(phone="")
            .first()
        )
        if ticket is None or not ticket.phone:
            return False
        phone = ticket.phone
        ticket.phone = ""
        ticket.save(update_fields=["phone", "updated_at"])
    with translation.override(ticket.language):
        url = site_url(ticket.hromada, f"/queue/t/{ticket.code}/", language=ticket.language)
        params = {"number": ticket.number, "ahead": ahead, "url": url}
        if ahead <= 0:
            text = _("Ticket %(number)s: you are next. Your place: %(url)s") % params
        else:
            text = (
                ngettext(
                    "Ticket %(number)s: %(ahead)d person ahead of you. Your place: %(url)s",
                    "Ticket %(number)s: %(ahead)d people ahead of you. Your place: %(url)s",
                    ahead,
                )
                % params
            )
    send_sms(phone, text)
    return True


def _current(desk: Desk, ticket: Ticket, statuses: tuple[str, ...]) -> Ticket:
    locked = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("service")
        .filter(pk=ticket.pk, desk=desk)
        .first()
    )
    if locked is None or locked.status not in statuses:
        raise ConflictError(_("This ticket is not at your desk now."), code="not_at_desk")
    locked.desk = desk  # the desk just locked: the answer names it without reading it again
    return locked


@transaction.atomic
def ticket_recall(*, desk: Desk, ticket: Ticket, actor: Any) -> Ticket:
    """Call the same ticket again (the board shows it once more)."""
    desk = _desk_locked(desk, actor)
    ticket = _current(desk, ticket, (Ticket.Status.CALLED,))
    ticket.recalls += 1
    ticket.save(update_fields=["recalls", "updated_at"])
    record(
        office=desk.office, kind=QueueEvent.Kind.RECALLED, at=clock.now(), ticket=ticket, desk=desk, log=False
    )
    return ticket


@transaction.atomic
def ticket_no_show(*, desk: Desk, ticket: Ticket, actor: Any) -> Ticket:
    """The called visitor did not come; a booked visit counts as a no-show of the booking."""
    desk = _desk_locked(desk, actor)
    ticket = _current(desk, ticket, (Ticket.Status.CALLED,))
    now = clock.now()
    ticket.status = Ticket.Status.NO_SHOW
    ticket.finished_at = now
    ticket.phone = ""  # out of the queue: the SMS phone is not kept
    ticket.save(update_fields=["status", "finished_at", "phone", "updated_at"])
    if ticket.booking_id:
        Booking.objects.filter(pk=ticket.booking_id).update(status=Booking.Status.NO_SHOW)
    record(office=desk.office, kind=QueueEvent.Kind.NO_SHOW, at=now, ticket=ticket, desk=desk)
    return ticket


@transaction.atomic
def ticket_start(*, desk: Desk, ticket: Ticket, actor: Any) -> Ticket:
    """The visitor sat down: service starts (its time counts towards the handling-time average)."""
    desk = _desk_locked(desk, actor)
    ticket = _current(desk, ticket, (Ticket.Status.CALLED,))
    now = clock.now()
    ticket.status = Ticket.Status.SERVING
    ticket.served_at = now
    ticket.save(update_fields=["status", "served_at", "updated_at"])
    record(office=desk.office, kind=QueueEvent.Kind.STARTED, at=now, ticket=ticket, desk=desk, log=False)
    return ticket


@transaction.atomic
def ticket_complete(*, desk: Desk, ticket: Ticket, actor: Any, rendered: Service | None = None) -> Ticket:
    """Served: records the service actually rendered (the ticket's own unless said otherwise)."""
    desk = _desk_locked(desk, actor)
    ticket = _current(desk, ticket, Ticket.ACTIVE_AT_DESK)
    if rendered is not None and rendered.office_id != desk.office_id:
        raise ConflictError(_("That service belongs to another office."))
    now = clock.now()
    ticket.status = Ticket.Status.DONE
    ticket.served_at = ticket.served_at or ticket.called_at or now
    ticket.finished_at = now
    ticket.rendered_service = rendered or ticket.service
    ticket.phone = ""  # out of the queue: the SMS phone is not kept
    ticket.save(
        update_fields=["status", "served_at", "finished_at", "rendered_service", "phone", "updated_at"]
    )
    record(office=desk.office, kind=QueueEvent.Kind.DONE, at=now, ticket=ticket, desk=desk)
    return ticket


@transaction.atomic
def ticket_transfer(*, desk: Desk, ticket: Ticket, actor: Any, service: Service) -> Ticket:
    """Send the visitor to another service of the office: the ticket waits again, keeping its place in
    time (its original arrival), so nobody is pushed to the end for the office's own routing."""
    desk = _desk_locked(desk, actor)
    ticket = _current(desk, ticket, Ticket.ACTIVE_AT_DESK)
    if service.office_id != desk.office_id or not service.is_active:
        raise ConflictError(_("This office does not offer that service."), code="service_not_offered")
    ticket.service = service
    ticket.status = Ticket.Status.WAITING
    ticket.desk = None
    ticket.called_at = None
    ticket.served_at = None
    ticket.notified_ahead = False
    ticket.save()
    record(office=desk.office, kind=QueueEvent.Kind.TRANSFERRED, at=clock.now(), ticket=ticket, desk=desk)
    return ticket


@transaction.atomic
def ticket_return(*, desk: Desk, ticket: Ticket, actor: Any) -> Ticket:
    """Put a called visitor back in the queue (e.g. a missing document): they wait again from now."""
    desk = _desk_locked(desk, actor)
    ticket = _current(desk, ticket, Ticket.ACTIVE_AT_DESK)
    now = clock.now()
    ticket.status = Ticket.Status.WAITING
    ticket.desk = None
    ticket.called_at = None
    ticket.served_at = None
    ticket.queued_at = now
    ticket.appointment_at = None
    ticket.save()
    record(office=desk.office, kind=QueueEvent.Kind.RETURNED, at=now, ticket=ticket, desk=desk)
    return ticket


@transaction.atomic
def desk_set_state(*, desk: Desk, actor: Any, state: str) -> Desk:
    """Open, pause or close a desk. A desk with a visitor finishes them first."""
    desk = _desk_locked(desk, actor)
    if state not in Desk.State.values:
        raise ApplicationError(_("Unknown desk state."))
    if state != Desk.State.OPEN and _active(desk) is not None:
        raise ConflictError(_("Finish the current visitor first."), code="desk_busy")
    desk.state = state
    desk.save(update_fields=["state", "updated_at"])
    record(office=desk.office, kind=QueueEvent.Kind.DESK, at=clock.now(), desk=desk, log=False)
    return desk

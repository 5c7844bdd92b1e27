"""Home visits and the mobile office ("мобільний кейс").

A resident who cannot come asks for a visit on one of the grounds the office accepts; the coordinator (the
office's manager) confirms the ground (a document or a phone call, noted in ``proof``) or refuses it,
schedules the visit into an operator's day — the day's visits are put in a nearest-neighbour route from
the office — and the operator marks each visit done or failed with a reason. The mobile office's stops
are published by the manager; residents book slots at a stop like at any office.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import IO, Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.permissions import is_authenticated, require
from hromada.core.uploads import DOCUMENTS, IMAGES, CleanUpload, clean_upload
from hromada.ledger.actions import ledger_append

from .. import route
from ..models import HomeVisit, MobileStop, Office, Service, StaffMember
from ..permissions import answers_calls, manages_office


@transaction.atomic
def home_visit_request(
    *,
    office: Office,
    service: Service,
    person: Any,
    ground: str,
    address: str,
    phone: str,
    note: str = "",
    lat: float | None = None,
    lon: float | None = None,
    actor: Any | None = None,
    document: bytes | IO[bytes] | None = None,
    document_name: str = "",
) -> HomeVisit:
    """Ask for a home visit for a service on a ground the office accepts; one open request per person and
    service. The call centre may ask for a caller (``actor``). ``document``, when given, is a scan or photo
    proving the ground, cleaned by core's upload policy (size limit, type sniffed, images re-encoded)."""
    if not is_authenticated(person):
        raise PermissionDeniedError(_("Log in to ask for a home visit."))
    if actor is not None and actor != person:
        require(answers_calls, actor, office, _("Only the call centre asks for others."))
    if service.office_id != office.pk or not service.is_active:
        raise ConflictError(_("This office does not offer that service."), code="service_not_offered")
    if ground not in office.grounds():
        raise ApplicationError(
            _("This office does not make home visits on this ground."),
            code="ground_not_accepted",
            fields={"ground": [_("Choose one of the grounds listed.")]},
        )
    if not address.strip() or not phone.strip():
        raise ApplicationError(
            _("Give the address and a phone number."),
            fields={
                **({"address": [_("Give the address.")]} if not address.strip() else {}),
                **({"phone": [_("Give a phone number.")]} if not phone.strip() else {}),
            },
        )
    if (lat is None) != (lon is None) or (
        lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)
    ):
        raise ApplicationError(_("The point on the map is not valid."), fields={"lat": [_("Check it.")]})
    clean = _clean_document(document, document_name) if document is not None else None
    try:
        with transaction.atomic():
            visit = HomeVisit.objects.create(
                hromada=office.hromada,
                office=office,
                service=service,
                person=person,
                ground=ground,
                address=address.strip(),
                phone=phone.strip(),
                note=note.strip(),
                lat=lat,
                lon=lon,
            )
    except IntegrityError:
        raise ConflictError(
            _("You have already asked for a home visit for this service."), code="already_requested"
        ) from None
    if clean is not None:
        _store_document(visit, clean)
    return visit


def _clean_document(data: bytes | IO[bytes], filename: str) -> CleanUpload:
    return clean_upload(data, filename=filename or "document", allowed=IMAGES | DOCUMENTS)


def _store_document(visit: HomeVisit, clean: CleanUpload) -> None:
    """Save the cleaned file under a random name; a file it replaces is deleted once the change commits."""
    old = visit.document.name if visit.document else ""
    visit.document.save(f"proof.{clean.extension}", clean.as_file(), save=False)
    visit.document_type = clean.content_type
    visit.document_size = clean.size
    visit.save(update_fields=["document", "document_type", "document_size", "updated_at"])
    if old:
        transaction.on_commit(functools.partial(_delete_files, [old]))


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


@transaction.atomic
def home_visit_document_attach(
    *, visit: HomeVisit, person: Any, data: bytes | IO[bytes], filename: str
) -> HomeVisit:
    """The person adds (or replaces) the document proving the ground while the request waits for the
    coordinator; cleaned by core's upload policy. The old file is deleted."""
    if not (is_authenticated(person) and person.pk == visit.person_id):
        raise PermissionDeniedError(_("This is not your request."))
    visit = _locked(visit)
    if visit.status != HomeVisit.Status.REQUESTED:
        raise ConflictError(_("The coordinator has already decided on this request."), code="not_requested")
    _store_document(visit, _clean_document(data, filename))
    return visit


def _locked(visit: HomeVisit) -> HomeVisit:
    return (
        HomeVisit.objects.select_for_update(of=("self",))
        .select_related("office__institution", "service")
        .get(pk=visit.pk)
    )


@transaction.atomic
def home_visit_decide(
    *, visit: HomeVisit, actor: Any, eligible: bool, proof: str = "", reason: str = ""
) -> HomeVisit:
    """The coordinator confirms the ground (saying how: a document seen, a phone call) or refuses it with a
    reason; the person is told."""
    require(manages_office, actor, visit.office, _("Only the office's coordinator decides."))
    visit = _locked(visit)
    if visit.status != HomeVisit.Status.REQUESTED:
        raise ConflictError(_("This request has already been decided."), code="not_requested")
    if eligible and not proof.strip():
        raise ApplicationError(
            _("Say how the ground was confirmed."), fields={"proof": [_("A document, a phone call…")]}
        )
    if not eligible and not reason.strip():
        raise ApplicationError(
            _("Give the reason for the refusal."), fields={"reason": [_("Give a reason.")]}
        )
    visit.status = HomeVisit.Status.APPROVED if eligible else HomeVisit.Status.REJECTED
    visit.proof = proof.strip()
    visit.reason = "" if eligible else reason.strip()
    visit.decided_by = actor
    visit.save(update_fields=["status", "proof", "reason", "decided_by", "updated_at"])
    notify_on_commit(
        hromada=visit.hromada,
        recipients=[visit.person],
        kind="cnapqueue.home_visit_approved" if eligible else "cnapqueue.home_visit_refused",
        params={"service": visit.service.name, "reason": visit.reason},
        url="/queue/my/",
    )
    return visit


def _reroute(*, office: Office, operator_id: int, day: dt.date) -> None:
    """Number the operator's scheduled visits of the day in nearest-neighbour order from the office."""
    visits = list(
        HomeVisit.objects.select_for_update(of=("self",))
        .filter(office=office, operator_id=operator_id, day=day, status=HomeVisit.Status.SCHEDULED)
        .order_by("id")
    )
    start = (office.institution.lat, office.institution.lon)
    order = route.nearest_neighbour(start=start, stops=[route.Stop(v.pk, v.lat, v.lon) for v in visits])
    place = {pk: n for n, pk in enumerate(order, start=1)}
    for visit in visits:
        if visit.route_order != place[visit.pk]:
            visit.route_order = place[visit.pk]
            visit.save(update_fields=["route_order", "updated_at"])


@transaction.atomic
def home_visit_schedule(*, visit: HomeVisit, actor: Any, day: dt.date, operator: Any) -> HomeVisit:
    """Put an eligible (or already scheduled) visit into an operator's day; the day's route is recomputed
    (and the old day's, when the visit moves)."""
    require(manages_office, actor, visit.office, _("Only the office's coordinator schedules visits."))
    visit = _locked(visit)
    if visit.status not in (HomeVisit.Status.APPROVED, HomeVisit.Status.SCHEDULED):
        raise ConflictError(_("Only an eligible request can be scheduled."), code="not_approved")
    if day < clock.today():
        raise ConflictError(_("This day has passed."), code="day_past")
    if not StaffMember.objects.filter(
        office=visit.office, user=operator, role=StaffMember.Role.OPERATOR
    ).exists():
        raise ApplicationError(
            _("The operator must be on the office's staff."), fields={"operator": [_("Choose an operator.")]}
        )
    old = (visit.operator_id, visit.day) if visit.status == HomeVisit.Status.SCHEDULED else None
    visit.status = HomeVisit.Status.SCHEDULED
    visit.day = day
    visit.operator = operator
    visit.save(update_fields=["status", "day", "operator", "updated_at"])
    _reroute(office=visit.office, operator_id=operator.pk, day=day)
    if old is not None and old != (operator.pk, day) and old[0] is not None and old[1] is not None:
        _reroute(office=visit.office, operator_id=old[0], day=old[1])
    visit.refresh_from_db(fields=["route_order"])
    notify_on_commit(
        hromada=visit.hromada,
        recipients=[visit.person],
        kind="cnapqueue.home_visit_scheduled",
        params={"service": visit.service.name, "day": day.strftime("%d.%m.%Y")},
        url="/queue/my/",
    )
    return visit


@transaction.atomic
def home_visit_finish(*, visit: HomeVisit, actor: Any, done: bool, reason: str = "") -> HomeVisit:
    """The operator (or the coordinator) marks a scheduled visit done, or failed with a reason. Logged
    publicly without personal data: office, service, day and outcome."""
    if not (is_authenticated(actor) and actor.pk == visit.operator_id):
        require(manages_office, actor, visit.office, _("This visit is not yours."))
    visit = _locked(visit)
    if visit.status != HomeVisit.Status.SCHEDULED:
        raise ConflictError(_("This visit is not scheduled."), code="not_scheduled")
    if not done and not reason.strip():
        raise ApplicationError(_("Say why the visit failed."), fields={"reason": [_("Give a reason.")]})
    visit.status = HomeVisit.Status.DONE if done else HomeVisit.Status.FAILED
    visit.reason = "" if done else reason.strip()
    visit.finished_at = clock.now()
    visit.save(update_fields=["status", "reason", "finished_at", "updated_at"])
    ledger_append(
        hromada=visit.hromada,
        kind="cnapqueue.home_visit.done" if done else "cnapqueue.home_visit.failed",
        subject=visit,
        payload={
            "office": visit.office_id,
            "service": visit.service_id,
            "day": visit.day.isoformat() if visit.day else None,
            "ground": visit.ground,
        },
    )
    return visit


@transaction.atomic
def home_visit_cancel(*, visit: HomeVisit, actor: Any) -> HomeVisit:
    """The person withdraws an open request (or the coordinator cancels it)."""
    if not (is_authenticated(actor) and actor.pk == visit.person_id):
        require(manages_office, actor, visit.office, _("This is not your request."))
    visit = _locked(visit)
    if visit.status not in HomeVisit.OPEN:
        raise ConflictError(_("This request is no longer open."), code="not_open")
    was = (visit.operator_id, visit.day) if visit.status == HomeVisit.Status.SCHEDULED else None
    visit.status = HomeVisit.Status.CANCELLED
    visit.route_order = None
    visit.save(update_fields=["status", "route_order", "updated_at"])
    if was is not None and was[0] is not None and was[1] is not None:
        _reroute(office=visit.office, operator_id=was[0], day=was[1])
    return visit


@transaction.atomic
def mobile_stop_save(*, stop: MobileStop, actor: Any | None = None) -> MobileStop:
    """Publish (or change) a stop on a mobile office's timetable."""
    stop.hromada = stop.office.hromada
    if actor is not None:
        require(manages_office, actor, stop.office)
    if not stop.office.is_mobile:
        raise ApplicationError(_("Only a mobile office has stops."), code="not_mobile")
    if stop.ends <= stop.starts:
        raise ApplicationError(
            _("The stop must end after it starts."), fields={"ends": [_("Check the times.")]}
        )
    if stop.district is not None and stop.district.hromada_id != stop.hromada_id:
        raise PermissionDeniedError(_("This district belongs to another hromada."))
    try:
        with transaction.atomic():
            stop.save()
    except IntegrityError:
        raise ConflictError(_("The office already has a stop at that time."), code="stop_taken") from None
    return stop

"""Writes to problem reports: filing (every channel), support, state changes, hand-over, updates and the
reporter's verdict on a fix. Each state change appends a ledger entry (commitments only, no personal data)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.calendar import calendar_for, deadline_after
from hromada.core.errors import ApplicationError, ensure
from hromada.core.geo import contains
from hromada.core.models import Hromada
from hromada.core.notifications import site_url
from hromada.core.permissions import require
from hromada.core.tenancy import require_same_hromada
from hromada.core.uploads import IMAGES, clean_upload
from hromada.ledger.actions import ledger_append
from hromada.territory.models import Department
from hromada.territory.selectors import district_at, districts_of

from .. import blur, lifecycle, nearby, routing, timing
from ..gazetteer import APPROXIMATE
from ..models import (
    ApiKey,
    Category,
    Channel,
    LocationPrecision,
    Photo,
    Report,
    Status,
    Support,
    Update,
    Zone,
)
from ..permissions import files_for_callers, handles_report, reported
from ._common import _department_staff, _followers, _notification_params, _public_text, _refuse_transition
from .summary import summary_facts, summary_record

if TYPE_CHECKING:
    from hromada.accounts.models import User

MAX_DESCRIPTION = 4000
MAX_PHOTOS = 3
NO_DISTRICTS_RADIUS_M = 60_000  # a hromada without district boundaries: this far from its map centre


def _ledger_time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _working_days(report: Report, moment: datetime) -> int:
    """Working days from the report's filing to ``moment`` in its hromada's calendar (for the analytics)."""
    counter = timing.WorkingDayCounter(calendar_for(hromada=report.hromada))
    return counter.between(report.submitted_at, moment)


def _check_point(hromada: Hromada, lat: float, lon: float) -> None:
    ok = -90 <= lat <= 90 and -180 <= lon <= 180
    if ok:
        districts = list(districts_of(hromada=hromada).only("boundary"))
        if districts:
            ok = any(contains(d.boundary, lon, lat) for d in districts)
        else:
            ok = nearby.haversine_m(lat, lon, hromada.center_lat, hromada.center_lon) <= NO_DISTRICTS_RADIUS_M
    ensure(
        ok,
        _("This place is outside the hromada. Move the pin inside its boundary."),
        code="outside_hromada",
        field="location",
    )


def _check_answers(category: Category, answers: Mapping[str, str]) -> dict[str, str]:
    """The category's extra questions (Open311 attributes): required ones answered, list answers known."""
    clean: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for question in category.questions or []:
        code = str(question.get("code", ""))
        value = str(answers.get(code, "") or "").strip()[:500]
        if not value:
            if question.get("required"):
                errors[f"attribute[{code}]"] = [_("Answer this question.")]
            continue
        allowed = {str(v.get("key")) for v in question.get("values") or []}
        if allowed and value not in allowed:
            errors[f"attribute[{code}]"] = [_("Choose one of the listed answers.")]
            continue
        clean[code] = value
    if errors:
        raise ApplicationError(_("Answer the category's questions."), code="attribute_invalid", fields=errors)
    return clean


def _zones(hromada: Hromada) -> list[routing.ZoneSpec]:
    specs = []
    for zone in Zone.objects.filter(hromada=hromada).prefetch_related("categories"):
        specs.append(
            routing.ZoneSpec(
                key=zone.pk,
                boundary=zone.boundary,
                department=zone.department_id,
                categories=frozenset(c.code for c in zone.categories.all()),
                priority=zone.priority,
            )
        )
    return specs


def _add_photos(report: Report, photos: Sequence[tuple[bytes, str]], update: Update | None = None) -> None:
    for data, filename in photos:
        upload = clean_upload(data, filename=filename or "photo", allowed=IMAGES)
        photo = Photo(report=report, update=update, width=upload.width, height=upload.height)
        # Staff's own photos are public at once; a resident's waits for staff to look (and blur if needed).
        photo.is_public = update is not None
        photo.image.save(upload.original_name, upload.as_file(), save=False)
        photo.save()


@transaction.atomic
def report_create(
    *,
    hromada: Hromada,
    category: Category,
    lat: float,
    lon: float,
    description: str,
    channel: str,
    reporter: User | None = None,
    by: User | None = None,
    address: str = "",
    show_name: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    answers: Mapping[str, str] | None = None,
    media_url: str = "",
    photos: Sequence[tuple[bytes, str]] = (),
    api_key: ApiKey | None = None,
    location_precision: str = LocationPrecision.POINT,
) -> Report:
    """File a problem report from any channel (web, Open311 API, the call centre for a caller, the bot),
    route it by category and area (or to triage), start its SLA clock in working days. A point placed from
    an address (``location_precision`` other than the point or its building) sends it to triage as well,
    where an official sets the point (``report_relocate``)."""
    require_same_hromada(hromada, category, api_key)
    ensure(
        category.is_active,
        _("This category is not taking reports."),
        code="category_closed",
        field="category",
    )
    ensure(channel in Channel.values, _("Unknown channel."), code="channel_unknown")
    ensure(
        location_precision in LocationPrecision.values,
        _("Unknown location precision."),
        code="precision_unknown",
    )
    if channel == Channel.WEB:
        ensure(reporter is not None, _("Log in to report a problem."), code="login_required")
    if channel == Channel.CALL_CENTRE:
        require(files_for_callers, by, hromada)
    if channel == Channel.API:
        ensure(api_key is not None and api_key.is_active, _("An API key is required."), code="api_key")
    description = description.strip()
    ensure(description, _("Describe the problem."), code="description_missing", field="description")
    ensure(
        len(description) <= MAX_DESCRIPTION,
        _("The description is too long: at most %(limit)s characters.") % {"limit": MAX_DESCRIPTION},
        code="description_too_long",
        field="description",
    )
    ensure(len(photos) <= MAX_PHOTOS, _("At most 3 photos."), code="too_many_photos", field="photos")
    _check_point(hromada, lat, lon)
    clean_answers = _check_answers(category, answers or {})
    now = clock.now()
    route = routing.route(
        lat=lat,
        lon=lon,
        category=category.code,
        category_department=category.department_id,
        zones=_zones(hromada),
    )
    district = district_at(hromada=hromada, lon=lon, lat=lat)
    report = Report.objects.create(
        hromada=hromada,
        category=category,
        department_id=route.department,
        zone_id=route.zone,
        district=district,
        needs_triage=route.code == routing.TRIAGE or location_precision in APPROXIMATE,
        lat=lat,
        lon=lon,
        address=address.strip()[:300],
        location_precision=location_precision,
        description=description,
        public_description=_public_text(description),
        attributes=clean_answers,
        media_url=media_url.strip()[:500],
        status=Status.NEW,
        channel=channel,
        api_key=api_key,
        token=secrets.token_hex(16),
        reporter=reporter,
        contact_name=contact_name.strip()[:200],
        contact_email=contact_email.strip()[:254],
        contact_phone=contact_phone.strip()[:40],
        show_name=show_name and reporter is not None,
        submitted_at=now,
        submitted_month=timing.month_of(now),
        due_at=deadline_after(hromada=hromada, moment=now, days=category.sla_days),
        status_changed_at=now,
    )
    summary_record(report=report, before=None)
    Update.objects.create(
        report=report, kind=Update.Kind.STATUS, author=by or reporter, status_to=Status.NEW, at=now
    )
    _add_photos(report, photos)
    if api_key is not None:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    ledger_append(
        hromada=hromada,
        kind="opencity.report_filed",
        subject=report,
        payload={
            "category": category.code,
            "channel": channel,
            "department": route.department,
            "triage": report.needs_triage,
            "location": location_precision,
            "due": _ledger_time(report.due_at),
        },
        people=[reporter] if reporter is not None else [],
    )
    notify_on_commit(
        hromada=hromada,
        recipients=_department_staff(report.department_id),
        kind="opencity.assigned",
        params={**_notification_params(report), "due": report.due_at.date().isoformat()},
        url=report.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_support(*, report: Report, person: User) -> Support:
    """+1 a report instead of filing a duplicate: raises its weight and subscribes the person to it."""
    report = Report.objects.select_for_update(of=("self",)).get(pk=report.pk)
    ensure(report.reporter_id != person.pk, _("This is your own report."), code="own_report")
    ensure(report.is_open, _("This report is closed."), code="report_closed")
    support, created = Support.objects.get_or_create(report=report, person=person)
    if created:
        Report.objects.filter(pk=report.pk).update(supporters_count=F("supporters_count") + 1)
    return support


@transaction.atomic
def report_transition(
    *,
    report: Report,
    by: User,
    target: str,
    reason: str = "",
    responsible_elsewhere: str = "",
    forwarded_to_email: str = "",
    duplicate_of: Report | None = None,
    text: str = "",
) -> Report:
    """Move a report through its states (staff of the responsible department, or triage). Closing without
    a fix needs a reason; "not our responsibility" names who is and may forward the report by e-mail."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("category", "reporter")
        .get(pk=report.pk)
    )
    require(handles_report, by, report)
    before = summary_facts(report=report)
    if duplicate_of is not None:
        require_same_hromada(report.hromada, duplicate_of)
        ensure(duplicate_of.pk != report.pk, _("A report cannot duplicate itself."), field="duplicate_of")
    problem = lifecycle.check_transition(
        report.status,
        target,
        reason=reason,
        responsible=responsible_elsewhere,
        duplicate_of=duplicate_of.pk if duplicate_of else None,
    )
    if problem is not None:
        raise _refuse_transition(problem)
    _move(report, target=target, by=by, reason=reason, text=text)
    report.responsible_elsewhere = (
        responsible_elsewhere.strip()[:250] if reason == lifecycle.NOT_RESPONSIBLE else ""
    )
    report.forwarded_to_email = forwarded_to_email.strip() if reason == lifecycle.NOT_RESPONSIBLE else ""
    report.duplicate_of = duplicate_of if reason == lifecycle.DUPLICATE else None
    report.save()
    summary_record(report=report, before=before)
    if report.forwarded_to_email:
        _forward(report)
    return report


def _move(
    report: Report, *, target: str, by: Any, reason: str, text: str, kind: str = Update.Kind.STATUS
) -> Update:
    now = clock.now()
    previous = report.status
    report.status = target
    report.close_reason = reason if target == Status.CLOSED else ""
    report.status_changed_at = now
    if report.responded_at is None and by is not None and by.pk != report.reporter_id:
        report.responded_at = now
        report.response_working_days = _working_days(report, now)
    if target in lifecycle.FINAL_STATUSES:
        report.closed_at = now
    else:
        report.closed_at = None
    # The analytics' time to a fix is the current fix's: set when fixed, gone when closed or reopened.
    report.fix_working_days = _working_days(report, now) if target == Status.FIXED else None
    if target == Status.REOPENED:
        report.reopen_count += 1
    text = text.strip()[:4000]
    update = Update.objects.create(
        report=report,
        kind=kind,
        author=by,
        text=text,
        public_text=_public_text(text),
        status_from=previous,
        status_to=target,
        reason=reason,
        at=now,
    )
    ledger_append(
        hromada=report.hromada,
        kind="opencity.report_status",
        subject=report,
        payload={
            "from": previous,
            "to": target,
            "reason": reason or None,
            "responsible": report.responsible_elsewhere or None,
            "due": _ledger_time(report.due_at),
            "overdue": now > report.due_at,
        },
    )
    notify_on_commit(
        hromada=report.hromada,
        recipients=_followers(report, without=[by]),
        kind="opencity.status",
        params=_notification_params(report, update.public_text),
        url=report.get_absolute_url(),
    )
    return update


def _forward(report: Report) -> None:
    subject = _("A problem report forwarded to you: %(category)s") % {"category": report.category.name}
    body = "\n".join(
        [
            report.public_description,
            report.address,
            f"{report.lat:.6f}, {report.lon:.6f}",
            site_url(report.hromada, report.get_absolute_url()),
        ]
    )
    recipient = report.forwarded_to_email

    def send() -> None:
        send_mail(subject, body, None, [recipient])

    transaction.on_commit(send, robust=True)


@transaction.atomic
def report_reassign(*, report: Report, by: User, department: Department, text: str = "") -> Report:
    """Hand a report to another department (out of triage, or a wrong department's hand-over); the report
    stays open and its clock keeps running."""
    report = Report.objects.select_for_update(of=("self",)).select_related("category").get(pk=report.pk)
    require(handles_report, by, report)
    require_same_hromada(report.hromada, department=department)
    ensure(report.is_open, _("This report is closed."), code="report_closed")
    previous = report.department_id
    report.department = department
    report.needs_triage = False
    report.save(update_fields=["department", "needs_triage", "updated_at"])
    note = text.strip()[:4000]
    Update.objects.create(
        report=report,
        kind=Update.Kind.INTERNAL,
        author=by,
        text=note or _("Handed over to another department."),
        at=clock.now(),
    )
    ledger_append(
        hromada=report.hromada,
        kind="opencity.report_routed",
        subject=report,
        payload={"from_department": previous, "to_department": department.pk},
    )
    notify_on_commit(
        hromada=report.hromada,
        recipients=_department_staff(department.pk),
        kind="opencity.assigned",
        params={**_notification_params(report), "due": report.due_at.date().isoformat()},
        url=report.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_relocate(*, report: Report, by: User, lat: float, lon: float, text: str = "") -> Report:
    """Set a report's point (one placed from its address, or placed wrongly): its district and zone follow;
    a report in triage is routed again by the new point."""
    report = Report.objects.select_for_update(of=("self",)).select_related("category").get(pk=report.pk)
    require(handles_report, by, report)
    ensure(report.is_open, _("This report is closed."), code="report_closed")
    _check_point(report.hromada, lat, lon)
    before = summary_facts(report=report)
    route = routing.route(
        lat=lat,
        lon=lon,
        category=report.category.code,
        category_department=report.category.department_id,
        zones=_zones(report.hromada),
    )
    was = report.location_precision
    report.lat, report.lon = lat, lon
    report.location_precision = LocationPrecision.POINT
    report.district = district_at(hromada=report.hromada, lon=lon, lat=lat)
    report.zone_id = route.zone
    fields = ["lat", "lon", "location_precision", "district", "zone", "updated_at"]
    if report.needs_triage:
        report.department_id = route.department or report.department_id
        report.needs_triage = report.department_id is None
        fields += ["department", "needs_triage"]
    report.save(update_fields=fields)
    summary_record(report=report, before=before)
    Update.objects.create(
        report=report,
        kind=Update.Kind.INTERNAL,
        author=by,
        text=text.strip()[:4000] or _("The place of the problem was set on the map."),
        at=clock.now(),
    )
    ledger_append(
        hromada=report.hromada,
        kind="opencity.report_relocated",
        subject=report,
        payload={"from": was, "district": report.district_id, "department": report.department_id},
    )
    return report


@transaction.atomic
def report_recategorise(*, report: Report, by: User, category: Category, text: str = "") -> Report:
    """Put an open report in the right category (the resident picked a wrong one); it keeps its
    department and its deadline (a hand-over is ``report_reassign``). The analytics count it in the new
    category from now on."""
    report = Report.objects.select_for_update(of=("self",)).select_related("category").get(pk=report.pk)
    require(handles_report, by, report)
    require_same_hromada(report.hromada, category)
    ensure(report.is_open, _("This report is closed."), code="report_closed")
    before = summary_facts(report=report)
    previous = report.category.code
    report.category = category
    report.save(update_fields=["category", "updated_at"])
    summary_record(report=report, before=before)
    Update.objects.create(
        report=report,
        kind=Update.Kind.INTERNAL,
        author=by,
        text=text.strip()[:4000] or _("The category was changed."),
        at=clock.now(),
    )
    ledger_append(
        hromada=report.hromada,
        kind="opencity.report_recategorised",
        subject=report,
        payload={"from": previous, "to": category.code},
    )
    return report


@transaction.atomic
def report_update_add(
    *, report: Report, by: User, text: str, public: bool, photos: Sequence[tuple[bytes, str]] = ()
) -> Update:
    """A staff update: public (redacted, subscribers told) or an internal note only staff see."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("category", "reporter")
        .get(pk=report.pk)
    )
    require(handles_report, by, report)
    text = text.strip()
    ensure(text, _("Write the update."), code="text_missing", field="text")
    ensure(len(text) <= MAX_DESCRIPTION, _("The update is too long."), code="text_too_long", field="text")
    ensure(len(photos) <= MAX_PHOTOS, _("At most 3 photos."), code="too_many_photos", field="photos")
    now = clock.now()
    update = Update.objects.create(
        report=report,
        kind=Update.Kind.PUBLIC if public else Update.Kind.INTERNAL,
        author=by,
        text=text,
        public_text=_public_text(text) if public else "",
        at=now,
    )
    if public:
        _add_photos(report, photos, update=update)
        if report.responded_at is None:
            before = summary_facts(report=report)
            report.responded_at = now
            report.response_working_days = _working_days(report, now)
            report.save(update_fields=["responded_at", "response_working_days", "updated_at"])
            summary_record(report=report, before=before)
        notify_on_commit(
            hromada=report.hromada,
            recipients=_followers(report, without=[by]),
            kind="opencity.update",
            params=_notification_params(report, update.public_text),
            url=report.get_absolute_url(),
        )
    return update


@transaction.atomic
def report_verdict(*, report: Report, person: User, fixed: bool, text: str = "") -> Report:
    """The reporter confirms a fix, or disputes it: a disputed report is reopened and the department told."""
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("category", "reporter")
        .get(pk=report.pk)
    )
    require(reported, person, report, _("Only the reporter can confirm or dispute the fix."))
    ensure(
        report.status == Status.FIXED,
        _("Only a report marked fixed can be confirmed or disputed."),
        code="not_fixed",
    )
    if fixed:
        report.reporter_verdict = "confirmed"
        report.save(update_fields=["reporter_verdict", "updated_at"])
        Update.objects.create(
            report=report,
            kind=Update.Kind.FEEDBACK,
            author=person,
            text=_("The reporter confirmed the fix."),
            public_text=_("The reporter confirmed the fix."),
            at=clock.now(),
        )
        ledger_append(
            hromada=report.hromada,
            kind="opencity.report_verdict",
            subject=report,
            payload={"verdict": "confirmed"},
        )
        return report
    before = summary_facts(report=report)
    report.reporter_verdict = "disputed"
    _move(report, target=Status.REOPENED, by=person, reason="", text=text, kind=Update.Kind.FEEDBACK)
    report.save()
    summary_record(report=report, before=before)
    ledger_append(
        hromada=report.hromada,
        kind="opencity.report_verdict",
        subject=report,
        payload={"verdict": "disputed"},
    )
    notify_on_commit(
        hromada=report.hromada,
        recipients=_department_staff(report.department_id),
        kind="opencity.disputed",
        params=_notification_params(report, _public_text(text)),
        url=report.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_photo_publish(*, photo: Photo, by: User, public: bool = True) -> Photo:
    """Staff publish a resident's photo after looking at it (or hide it again)."""
    photo = Photo.objects.select_related("report__hromada").select_for_update(of=("self",)).get(pk=photo.pk)
    require(handles_report, by, photo.report)
    photo.is_public = public
    photo.save(update_fields=["is_public", "updated_at"])
    return photo


@transaction.atomic
def report_photo_blur(
    *, photo: Photo, by: User, left: float, top: float, width: float, height: float
) -> Photo:
    """Staff blur a rectangle of a report's photo (a face, a licence plate), given in fractions of the
    picture's width and height, before publishing it. The picture is pixelated and blurred there
    (``blur.py``), re-encoded by ``core.uploads`` and stored in place of the unblurred file, which is deleted
    once the change commits: the unblurred picture is never served to the public (and, once blurred, to no
    one). Blur several boxes one after another; an internal note records each."""
    photo = Photo.objects.select_related("report__hromada").select_for_update(of=("self",)).get(pk=photo.pk)
    require(handles_report, by, photo.report)
    box = blur.Box(left=left, top=top, width=width, height=height)
    ensure(box.is_valid(), _("Select a rectangle inside the photo."), code="box_invalid", field="box")
    with photo.image.open("rb") as stored:
        content = stored.read()
    try:
        blurred = blur.blur_image_bytes(content, box)
    except ValueError:
        message = _("The rectangle is too small to blur: select a larger one.")
        raise ApplicationError(message, code="box_too_small", fields={"box": [message]}) from None
    upload = clean_upload(blurred, filename=photo.image.name.rsplit("/", 1)[-1], allowed=IMAGES)
    storage, old_name = photo.image.storage, photo.image.name
    photo.image.save(upload.original_name, upload.as_file(), save=False)
    photo.width, photo.height = upload.width, upload.height
    photo.save(update_fields=["image", "width", "height", "updated_at"])
    Update.objects.create(
        report=photo.report,
        kind=Update.Kind.INTERNAL,
        author=by,
        text=_("A part of photo %(number)s was blurred.") % {"number": photo.pk},
        at=clock.now(),
    )
    transaction.on_commit(lambda: storage.delete(old_name), robust=True)
    return photo

"""Public hearings: the department sets one up while preparing the consultation (frozen with it at the
announcement); residents register for a place or a turn on the waiting list and may cancel until it
starts; the department publishes the minutes (text and a document) afterwards. Registrations and the
minutes are recorded in the transparency log (counts and hashes, never who)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, ensure
from hromada.core.permissions import require
from hromada.core.uploads import DOCUMENTS, IMAGES, CleanUpload
from hromada.ledger.actions import ledger_append
from hromada.ledger.jcs import JSONValue

from ..models import (
    WALK_IN_NAMES_KEPT,
    Consultation,
    Hearing,
    HearingRegistration,
    HearingReminder,
    RegistrationStatus,
)
from ..permissions import prepares_consultation
from ..selectors import attendance_open, hearing_counts
from ._common import _locked, _require_participant
from .consultation import _preparing

if TYPE_CHECKING:
    from hromada.accounts.models import User

MAX_PLACES = 10_000
MINUTES_TYPES = DOCUMENTS | IMAGES


def _checked(
    consultation: Consultation,
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    online_url: str,
    capacity: int,
) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the hearing a title.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The hearing must end after it starts.")]
    if not consultation.opens_at <= starts_at <= consultation.closes_at:
        errors["starts_at"] = [_("The hearing takes place while the consultation is open.")]
    place, online_url = place.strip(), online_url.strip()
    if not place and not online_url:
        errors["place"] = [_("Give the place, the online link, or both.")]
    if online_url:
        try:
            URLValidator(schemes=["https"])(online_url)
        except ValidationError:
            errors["online_url"] = [_("Give a link starting with https://.")]
    if not 1 <= capacity <= MAX_PLACES:
        errors["capacity"] = [_("Give from 1 to %(max)d places.") % {"max": MAX_PLACES}]
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), code="invalid_hearing", fields=errors)
    return {
        "title": title.strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "online_url": online_url,
        "capacity": capacity,
    }


@transaction.atomic
def hearing_add(
    *,
    consultation: Consultation,
    by: User,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    place: str = "",
    online_url: str = "",
    title_en: str = "",
) -> Hearing:
    """Add a public hearing to a consultation not yet announced: its time (while the consultation is
    open), its place or online link (https), its number of places."""
    consultation = _preparing(consultation, by)
    fields = _checked(
        consultation,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        capacity=capacity,
    )
    return Hearing.objects.create(consultation=consultation, title_en=title_en.strip(), **fields)  # type: ignore[arg-type]


def _hearing_of(consultation: Consultation, hearing: Hearing) -> Hearing:
    found = Hearing.objects.select_for_update().filter(consultation=consultation, pk=hearing.pk).first()
    if found is None:
        raise NotFoundError(_("There is no such hearing."))
    return found


@transaction.atomic
def hearing_update(
    *,
    hearing: Hearing,
    by: User,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    place: str = "",
    online_url: str = "",
    title_en: str = "",
) -> Hearing:
    """Change a hearing of a consultation not yet announced (the same checks as ``hearing_add``)."""
    consultation = _preparing(hearing.consultation, by)
    hearing = _hearing_of(consultation, hearing)
    fields = _checked(
        consultation,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        capacity=capacity,
    )
    for name, value in fields.items():
        setattr(hearing, name, value)
    hearing.title_en = title_en.strip()
    hearing.save()
    return hearing


@transaction.atomic
def hearing_remove(*, hearing: Hearing, by: User) -> Consultation:
    """Remove a hearing of a consultation not yet announced (nobody can have registered yet)."""
    consultation = _preparing(hearing.consultation, by)
    _hearing_of(consultation, hearing).delete()
    return consultation


def _require_registration_open(consultation: Consultation, hearing: Hearing) -> None:
    now = clock.now()
    ensure(consultation.published_at is not None, _("There is no such hearing."), code="not_found")
    if now >= hearing.starts_at:
        raise ConflictError(
            _("The hearing started on %(date)s; registration is over.")
            % {"date": clock.written(hearing.starts_at)},
            code="started",
        )


def _log(hearing: Hearing, kind: str, *, people: Sequence[User] = (), **payload: JSONValue) -> int | None:
    """A log entry with the hearing's counts after the change; a registrant is only a salted commitment
    (``people``), which lets them prove their registration and nobody else learn it."""
    receipt = ledger_append(
        hromada=hearing.consultation.hromada,
        kind=kind,
        subject=hearing.consultation,
        payload={"hearing": hearing.pk, **payload, **hearing_counts(hearing=hearing)},
        people=people,
    )
    return receipt.receipt_id


def _hearing_url(hearing: Hearing) -> str:
    return f"{hearing.consultation.get_absolute_url()}#hearing-{hearing.pk}"


@transaction.atomic
def hearing_register(*, hearing: Hearing, person: User) -> HearingRegistration:
    """Register for a hearing until it starts: a place while there is one, else a turn on the waiting
    list. The hearing's row is locked, so concurrent registrations never take more places than there are."""
    hearing = Hearing.objects.select_for_update().select_related("consultation__hromada").get(pk=hearing.pk)
    consultation = hearing.consultation
    _require_registration_open(consultation, hearing)
    _require_participant(person, consultation)
    now = clock.now()
    existing = HearingRegistration.objects.filter(hearing=hearing, person=person).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise ConflictError(_("You are already registered for this hearing."), code="registered")
    confirmed = hearing.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    status = RegistrationStatus.CONFIRMED if confirmed < hearing.capacity else RegistrationStatus.WAITING
    if existing is None:
        try:
            with transaction.atomic():
                registration = HearingRegistration.objects.create(
                    hearing=hearing, person=person, status=status, registered_at=now, changed_at=now
                )
        except IntegrityError:
            raise ConflictError(
                _("You are already registered for this hearing."), code="registered"
            ) from None
    else:  # registering again after cancelling: at the end of the queue
        registration = existing
        registration.status, registration.registered_at, registration.changed_at = status, now, now
        registration.save(update_fields=["status", "registered_at", "changed_at"])
    _log(hearing, "consultation.hearing_registration", people=[person], status=str(status))
    notify_on_commit(
        hromada=consultation.hromada,
        recipients=[person],
        kind="consultations.hearing_registered"
        if status == RegistrationStatus.CONFIRMED
        else "consultations.hearing_waiting",
        params={"title": hearing.title, "title_en": hearing.title_en, "date": hearing.starts_at.isoformat()},
        url=_hearing_url(hearing),
    )
    return registration


@transaction.atomic
def hearing_cancel(*, hearing: Hearing, person: User) -> HearingRegistration:
    """Cancel one's registration until the hearing starts; a freed place goes to the first one waiting,
    who is told."""
    hearing = Hearing.objects.select_for_update().select_related("consultation__hromada").get(pk=hearing.pk)
    consultation = hearing.consultation
    _require_registration_open(consultation, hearing)
    registration = (
        HearingRegistration.objects.select_for_update()
        .filter(hearing=hearing, person=person)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        raise ConflictError(_("You are not registered for this hearing."), code="not_registered")
    now = clock.now()
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status, registration.changed_at = RegistrationStatus.CANCELLED, now
    registration.save(update_fields=["status", "changed_at"])
    promoted = _promote_first_waiting(hearing, now) if freed else None
    _log(hearing, "consultation.hearing_cancelled", people=[person], promoted=promoted is not None)
    return registration


def _promote_first_waiting(hearing: Hearing, now: Any) -> HearingRegistration | None:
    """A place was freed (``hearing`` locked): the first one waiting gets it and is told."""
    promoted = (
        HearingRegistration.objects.select_for_update()
        .filter(hearing=hearing, status=RegistrationStatus.WAITING)
        .order_by("registered_at", "pk")
        .first()
    )
    if promoted is not None:
        promoted.status, promoted.changed_at = RegistrationStatus.CONFIRMED, now
        promoted.save(update_fields=["status", "changed_at"])
        notify_on_commit(
            hromada=hearing.consultation.hromada,
            recipients=[promoted.person],
            kind="consultations.hearing_place",
            params={
                "title": hearing.title,
                "title_en": hearing.title_en,
                "date": hearing.starts_at.isoformat(),
            },
            url=_hearing_url(hearing),
        )
    return promoted


# How long before a hearing its confirmed registrants are reminded of it ("the day before").
REMINDER_AHEAD = dt.timedelta(hours=24)


@transaction.atomic
def hearing_reminders_send() -> int:
    """The periodic job: each confirmed registrant of a hearing that starts within ``REMINDER_AHEAD`` is
    reminded of it once. The once-marker is a ``HearingReminder`` row whose primary key is the registration:
    written in this transaction before the reminder goes out (on commit), so a second run, or a run on
    another worker at the same moment, finds it (or fails to insert it) and sends nothing. Returns how many
    reminders went out."""
    now = clock.now()
    due = (
        HearingRegistration.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=RegistrationStatus.CONFIRMED,
            hearing__starts_at__gt=now,
            hearing__starts_at__lte=now + REMINDER_AHEAD,
            hearing__consultation__published_at__isnull=False,
        )
        .exclude(Exists(HearingReminder.objects.filter(registration=OuterRef("pk"))))
        .select_related("hearing__consultation__hromada", "person")
        .order_by("hearing_id", "pk")
    )
    reminded: dict[int, list[HearingRegistration]] = {}
    for registration in due:
        try:
            with transaction.atomic():
                HearingReminder.objects.create(registration=registration, sent_at=now)
        except IntegrityError:
            continue  # reminded by a run that committed after this one read the registrations
        reminded.setdefault(registration.hearing_id, []).append(registration)
    for registrations in reminded.values():
        hearing = registrations[0].hearing
        notify_on_commit(
            hromada=hearing.consultation.hromada,
            recipients=[r.person for r in registrations],
            kind="consultations.hearing_reminder",
            params={
                "title": hearing.title,
                "title_en": hearing.title_en,
                "date": hearing.starts_at.isoformat(),
                "place": hearing.place or hearing.online_url,
            },
            url=_hearing_url(hearing),
        )
    return sum(len(r) for r in reminded.values())


@transaction.atomic
def hearing_places_free(*, person: User) -> int:
    """The places of ``person``'s confirmed registrations for hearings still to come go to those waiting
    (their account is being erased); each change is logged. Runs inside the erasure's transaction, before
    the registrations are deleted; returns how many places went to someone waiting."""
    now = clock.now()
    moved = 0
    coming = HearingRegistration.objects.filter(
        person=person, status=RegistrationStatus.CONFIRMED, hearing__starts_at__gt=now
    ).values_list("hearing_id", flat=True)
    for hearing in (
        Hearing.objects.select_for_update()
        .select_related("consultation__hromada")
        .filter(pk__in=list(coming))
    ):
        HearingRegistration.objects.filter(hearing=hearing, person=person).delete()
        promoted = _promote_first_waiting(hearing, now)
        _log(hearing, "consultation.hearing_cancelled", promoted=promoted is not None)
        moved += promoted is not None
    return moved


# The longest name of someone who came without registration.
WALK_IN_NAME_LIMIT = 200


def _walk_ins_checked(walk_ins: int, names: Sequence[str]) -> list[str]:
    """The names (trimmed, empty lines dropped), checked against the number of walk-ins."""
    kept = [n.strip() for n in names if n.strip()]
    errors: dict[str, list[str]] = {}
    if not 0 <= walk_ins <= MAX_PLACES:
        errors["walk_ins"] = [_("Give a number from 0 to %(max)d.") % {"max": MAX_PLACES}]
    elif len(kept) > walk_ins:
        errors["walk_ins"] = [
            ngettext(
                "You named %(count)d person: give at least that many who came without registration.",
                "You named %(count)d people: give at least that many who came without registration.",
                len(kept),
            )
            % {"count": len(kept)}
        ]
    if any(len(n) > WALK_IN_NAME_LIMIT for n in kept):
        errors["walk_in_names"] = [
            _("A name is at most %(limit)d characters.") % {"limit": WALK_IN_NAME_LIMIT}
        ]
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), code="invalid_walk_ins", fields=errors)
    return kept


@transaction.atomic
def hearing_attendance_mark(
    *,
    hearing: Hearing,
    by: User,
    present: Collection[int],
    walk_ins: int = 0,
    walk_in_names: Sequence[str] = (),
) -> int:
    """The department ticks off who came to a hearing: ``present`` is the ids of the confirmed
    registrations whose people came (the whole list each time: the others are unticked), ``walk_ins`` how
    many came without a registration (no account needed) and ``walk_in_names`` those of their names they
    gave (at most ``walk_ins``; seen only by the department). From the start of the hearing until the
    consultation's report is published. A change is logged with the counts only, never who; returns how
    many came in all."""
    consultation = _locked(hearing.consultation)
    require(prepares_consultation, by, consultation)
    hearing = _hearing_of(consultation, hearing)
    ensure(consultation.published_at is not None, _("There is no such hearing."), code="not_found")
    if not attendance_open(consultation=consultation, hearing=hearing):
        ensure(
            consultation.report_published_at is None,
            _("The report is published: the attendance can no longer change."),
            code="reported",
        )
        raise ConflictError(
            _("Attendance is taken from the start of the hearing, on %(date)s.")
            % {"date": clock.written(hearing.starts_at)},
            code="not_started",
        )
    names = "\n".join(_walk_ins_checked(walk_ins, walk_in_names))
    now = clock.now()
    if names and now >= hearing.walk_in_names_until:
        raise ApplicationError(
            _("Please correct the marked fields."),
            code="names_expired",
            fields={
                "walk_in_names": [
                    _("The names of those who came without registration are kept until %(date)s only.")
                    % {"date": clock.written(hearing.walk_in_names_until)}
                ]
            },
        )
    confirmed = dict(
        HearingRegistration.objects.select_for_update()
        .filter(hearing=hearing, status=RegistrationStatus.CONFIRMED)
        .values_list("pk", "attended_at")
    )
    wanted = set(present)
    ensure(
        wanted <= confirmed.keys(),
        _("Only people with a confirmed place can be ticked off."),
        code="not_confirmed",
    )
    came = [pk for pk in wanted if confirmed[pk] is None]
    left = [pk for pk, at in confirmed.items() if at is not None and pk not in wanted]
    # A change of the counts is logged (the names never are: a change of names alone is not).
    counts_changed = bool(came or left) or walk_ins != hearing.walk_ins or hearing.attendance_taken_at is None
    if counts_changed or names != hearing.walk_in_names:
        HearingRegistration.objects.filter(pk__in=came).update(attended_at=now)
        HearingRegistration.objects.filter(pk__in=left).update(attended_at=None)
        hearing.attendance_taken_at = now
        hearing.walk_ins, hearing.walk_in_names = walk_ins, names
        hearing.save(update_fields=["attendance_taken_at", "walk_ins", "walk_in_names"])
    if counts_changed:
        _log(hearing, "consultation.hearing_attendance", attended=len(wanted), walk_ins=walk_ins)
    return len(wanted) + walk_ins


@transaction.atomic
def hearing_minutes_publish(
    *, hearing: Hearing, by: User, text: str, document: CleanUpload | None = None
) -> Hearing:
    """The department publishes the minutes of a hearing once it has ended: the text and, if there is
    one, the signed document (a file cleaned by ``core.uploads.clean_upload``: PDF or image). Once; the
    hashes go to the transparency log and the registered participants are told."""
    consultation = _locked(hearing.consultation)
    require(prepares_consultation, by, consultation)
    hearing = _hearing_of(consultation, hearing)
    ensure(consultation.published_at is not None, _("There is no such hearing."), code="not_found")
    ensure(
        clock.now() >= hearing.ends_at,
        _("The minutes follow the hearing, which ends on %(date)s.")
        % {"date": clock.written(hearing.ends_at)},
        code="not_ended",
    )
    if hearing.minutes_published_at is not None:
        raise ConflictError(_("The minutes of this hearing are already published."), code="published")
    text = text.strip()
    ensure(
        len(text) >= 20, _("Write the minutes (at least 20 characters)."), field="minutes", code="too_short"
    )
    if document is not None:
        ensure(
            document.content_type in MINUTES_TYPES,
            _("Attach the minutes as a PDF or an image."),
            field="document",
            code="file_type",
        )
        hearing.minutes_document.save(document.original_name, document.as_file(), save=False)
    hearing.minutes = text
    hearing.minutes_published_at = clock.now()
    hearing.minutes_receipt_id = _log(
        hearing,
        "consultation.hearing_minutes",
        minutes_sha256=hashlib.sha256(text.encode()).hexdigest(),
        document_sha256=hashlib.sha256(document.content).hexdigest() if document is not None else None,
    )
    hearing.save()
    notify_on_commit(
        hromada=consultation.hromada,
        recipients=[
            r.person
            for r in hearing.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
                "person"
            )
        ],
        kind="consultations.hearing_minutes",
        params={"title": hearing.title, "title_en": hearing.title_en},
        url=_hearing_url(hearing),
    )
    return hearing


@transaction.atomic
def walk_in_names_erase_due() -> int:
    """The periodic job ``consultations.walk_in_names``: delete the names of those who came to a hearing
    without registration once ``WALK_IN_NAMES_KEPT`` has passed since the hearing ended; the number who
    came stays (the report, the log and the API give only it). One UPDATE, so running it twice, or on two
    workers at once, deletes the names once. Returns how many hearings lost their names."""
    now = clock.now()
    return (
        Hearing.objects.filter(ends_at__lte=now - WALK_IN_NAMES_KEPT)
        .exclude(walk_in_names="")
        .update(walk_in_names="", walk_in_names_erased_at=now)
    )

"""Applications: drafts, submission (online, API, at the ЦНАП desk), correction, decisions, the result."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.accounts.actions import audit_actor
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.calendar import calendar_for
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.permissions import require
from hromada.core.uploads import DOCUMENTS, IMAGES, CleanUpload, clean_upload
from hromada.core.workdays import KYIV
from hromada.ledger.audit import audit_record
from hromada.territory import streets
from hromada.territory.selectors import district_at, district_by_street, districts_of

from .. import deadlines, lifecycle, selectors
from ..definitions import (
    DISTRICT,
    LAT,
    LON,
    check_data,
    check_point,
    district_fields,
    district_names,
    file_fields,
    refusal_codes,
    stages,
    two_step,
)
from ..models import Application, ApplicationFile, Channel, Definition, NumberSeries, Service, Tariff
from ..permissions import approves_application, files_at_desk, handles_application, owns_application
from ._common import _field_label, _field_message, _history, _log

if TYPE_CHECKING:
    from hromada.accounts.models import User
    from hromada.core.models import Hromada
    from hromada.territory.models import Institution

KEY_MAX = 64
ACCESS_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ACCESS_LENGTH = 8
COMMENT_MAX = 5000
FILE_KINDS = {"pdf": DOCUMENTS, "image": IMAGES}


# ----------------------------------------------------------------------------------------- helpers


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("service", "definition", "hromada")
        .get(pk=application.pk)
    )


def _move(application: Application, move: str) -> str:
    new = lifecycle.next_status(application.status, move)
    if new is None:
        raise ConflictError(
            _("This cannot be done while the application is “%(status)s”.")
            % {"status": application.get_status_display()},
            code="wrong_status",
        )
    old = application.status
    application.status = new
    return old


def _url(application: Application) -> str:
    from django.urls import reverse

    return reverse("services:application", args=[application.pk])


def _notify(application: Application, kind: str, **params: Any) -> None:
    notify_on_commit(
        hromada=application.hromada,
        recipients=[application.applicant],
        kind=f"services.{kind}",
        params={"number": application.number, "service": application.service.title, **params},
        url=_url(application),
    )


def _clean_files(
    definition: Definition, uploads: Mapping[str, Any]
) -> tuple[dict[str, CleanUpload], dict[str, list[str]]]:
    cleaned: dict[str, CleanUpload] = {}
    errors: dict[str, list[str]] = {}
    for field in file_fields(definition.spec):
        name = field["name"]
        upload = uploads.get(name)
        if upload is None:
            continue
        if isinstance(upload, CleanUpload):
            cleaned[name] = upload
            continue
        allowed = frozenset().union(*(FILE_KINDS[k] for k in field.get("file_types", ["pdf", "image"])))
        try:
            upload.seek(0)
            cleaned[name] = clean_upload(
                upload, filename=upload.name or name, max_bytes=int(field.get("max_mb", 5)) * 1024 * 1024,
                allowed=allowed,
            )  # fmt: skip
        except ApplicationError as error:
            errors[name] = [f"{_field_label(field)}: {error.message}"]
    return cleaned, errors


def _districts(
    hromada: Hromada, spec: Mapping[str, Any], data: Mapping[str, Any], clean: dict[str, Any]
) -> dict[str, str]:
    """The district of each filled address field that asks for it (``"district": true``), when the hromada
    has districts: the one whose boundary holds the map point; without a point, the one the hromada's street
    lists give for the typed street (and house number, where a street is split between districts); else the
    one chosen from the list — among the districts the street runs through, when it is split. Adds the
    point and the district's name to ``clean``; returns error codes by the address field's name."""
    fields = [f for f in district_fields(spec) if clean.get(f["name"])]
    districts = list(districts_of(hromada=hromada)) if fields else []
    if not districts:
        return {}
    by_name = {d.name: d for d in districts}
    by_id = {d.pk: d for d in districts}
    errors: dict[str, str] = {}
    for field in fields:
        name = field["name"]
        point, error = check_point(data.get(name + LAT), data.get(name + LON))
        if error:
            errors[name] = error
            continue
        if point is not None:
            found = district_at(hromada=hromada, lon=point[1], lat=point[0])
            if found is None:
                errors[name] = "point_outside"
                continue
            clean[name + LAT], clean[name + LON] = f"{point[0]:.6f}", f"{point[1]:.6f}"
            clean[name + DISTRICT] = found.name
            continue
        match = district_by_street(hromada=hromada, address=clean[name])  # None: no street lists
        if match is not None and match.district in by_id:
            clean[name + DISTRICT] = by_id[match.district].name
            continue
        chosen = str(data.get(name + DISTRICT) or "").strip()
        allowed = (
            {by_id[pk].name for pk in match.districts if pk in by_id}
            if match is not None and match.status == streets.SPLIT
            else set(by_name)
        )
        if chosen in allowed:
            clean[name + DISTRICT] = chosen
        elif match is not None and (match.status == streets.SPLIT or not chosen):
            errors[name] = {
                streets.SPLIT: "street_split",
                streets.UNKNOWN_NUMBER: "house_not_listed",
            }.get(match.status, "street_not_listed")
        else:
            errors[name] = "invalid_district" if chosen else "district_required"
    return errors


def _checked(
    definition: Definition,
    data: Mapping[str, Any],
    uploads: Mapping[str, Any],
    have: frozenset[str],
    *,
    hromada: Hromada,
) -> tuple[dict[str, Any], dict[str, CleanUpload]]:
    cleaned_files, file_errors = _clean_files(definition, uploads)
    clean, codes = check_data(definition.spec, data, files=have | frozenset(cleaned_files))
    for name, code in _districts(hromada, definition.spec, data, clean).items():
        codes.setdefault(name, code)
    labels = {f["name"]: f for f in definition.spec.get("fields", [])}
    errors = {name: [_field_message(code, _field_label(labels[name]))] for name, code in codes.items()}
    for name, messages in file_errors.items():
        errors[name] = messages
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), code="invalid", fields=errors)
    return clean, cleaned_files


def _store_files(application: Application, files: Mapping[str, CleanUpload]) -> None:
    for name, upload in files.items():
        ApplicationFile.objects.filter(application=application, field=name).delete()
        stored = ApplicationFile(
            hromada=application.hromada,
            application=application,
            field=name,
            original_name=upload.original_name[:120],
            content_type=upload.content_type,
            size=upload.size,
        )
        stored.file.save(f"{name}.{upload.extension}", upload.as_file(), save=False)
        stored.save()


def _next_number(application: Application) -> str:
    year = clock.now().year
    series, _created = NumberSeries.objects.get_or_create(hromada=application.hromada, year=year)
    series = NumberSeries.objects.select_for_update().get(pk=series.pk)
    series.last += 1
    series.save(update_fields=["last", "updated_at"])
    return f"{year}-{series.last:06d}"


def _tariff(service: Service, variant: str) -> Tariff | None:
    return selectors.tariff_of(service=service, variant=variant)


def _start_clock(application: Application) -> None:
    now = clock.now()
    tariff = _tariff(application.service, application.variant)
    application.submitted_at = now
    application.due_at = None
    if tariff is not None and tariff.term_unit:
        application.due_at = deadlines.due_at(
            calendar_for(hromada=application.hromada),
            filed=now,
            value=tariff.term_value or 0,
            unit=tariff.term_unit,
        )
    application.fee_kop = selectors.fee_for(tariff=tariff, on=now.astimezone(KYIV).date()) if tariff else None
    first = stages(application.definition.spec)
    application.stage = first[0]["key"] if first else ""


# -------------------------------------------------------------------------------------------- drafts


@transaction.atomic
def application_draft_save(
    *, service: Service, applicant: User, data: Mapping[str, Any], application: Application | None = None
) -> Application:
    """Keep what the resident typed so far (autosave): nothing is checked but the size; a draft is private."""
    if application is not None:
        require(owns_application, applicant, application)
    definition = selectors.definition_current(service=service)
    if definition is None:
        raise ApplicationError(_("This service cannot be applied for online yet."), code="not_online")
    names = {f["name"] for f in definition.spec.get("fields", []) if f.get("type") != "file"}
    names.update(district_names(definition.spec))
    kept = {k: str(v)[:5000] for k, v in data.items() if k in names}
    if application is None:
        application = Application.objects.create(
            hromada=service.hromada, service=service, definition=definition, applicant=applicant, data=kept
        )
        return application
    application = _locked(application)
    if application.status != lifecycle.DRAFT:
        raise ConflictError(_("This application has been submitted already."), code="not_draft")
    application.data = kept
    application.save(update_fields=["data", "updated_at"])
    return application


# ---------------------------------------------------------------------------------------- submitting


@transaction.atomic
def application_submit(
    *,
    service: Service,
    applicant: User | None,
    data: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
    variant: str = "regular",
    idempotency_key: str = "",
    channel: str = Channel.ONLINE,
    filed_by: User | None = None,
    office: Institution | None = None,
    draft: Application | None = None,
) -> Application:
    """File an application: checked against the service's current definition, numbered, its fee and
    deadline computed, logged. The same ``idempotency_key`` of the same applicant gives back the
    application already filed (a double click or a retry files once). At the ЦНАП desk (``filed_by``) the
    administrator checked the person's identity in person; ``office`` is the ЦНАП whose desk it is (one of
    ``selectors.desk_offices``), recorded for the statistics per office."""
    if filed_by is not None:
        require(files_at_desk, filed_by, service.hromada)
        channel = Channel.DESK
    elif applicant is None:
        raise PermissionDeniedError(_("Log in to apply."))
    if office is not None and (
        filed_by is None or office.pk not in {o.pk for o in selectors.desk_offices(service=service)}
    ):
        raise ApplicationError(
            _("Choose the TsNAP office of this desk."),
            code="office",
            fields={"office": [_("This TsNAP office does not provide this service.")]},
        )
    key = idempotency_key.strip()[:KEY_MAX]
    if applicant is not None and key:
        earlier = selectors.application_by_key(applicant=applicant, key=key)
        if earlier is not None and earlier.status != lifecycle.DRAFT:
            return earlier
    if not service.is_published:
        raise ApplicationError(_("This service is not offered now."), code="not_published")
    definition = (draft.definition if draft is not None else None) or selectors.definition_current(
        service=service
    )
    if definition is None:
        raise ApplicationError(_("This service cannot be applied for online yet."), code="not_online")
    if draft is not None:
        definition = selectors.definition_current(service=service) or definition
    level = int(definition.spec.get("identity_level", 0))
    if filed_by is None and applicant is not None and not applicant.meets(level):
        raise PermissionDeniedError(
            _("This service needs a higher level of identity verification: verify your identity first."),
            code="not_verified",
        )
    if variant not in selectors.variants_of(service=service):
        raise ApplicationError(
            _("Choose a variant this service offers."),
            code="variant",
            fields={
                "variant": [_("This service has no such variant (an urgent one only where its card has it).")]
            },
        )
    clean, cleaned_files = _checked(definition, data, files or {}, frozenset(), hromada=service.hromada)
    if draft is not None:
        application = _locked(draft)
        if application.applicant_id != (applicant.pk if applicant else None):
            raise PermissionDeniedError(_("This is not your application."))
        if application.status != lifecycle.DRAFT:
            return application
    else:
        application = Application(hromada=service.hromada, service=service, applicant=applicant)
    application.definition = definition
    application.data = clean
    application.variant = variant
    application.channel = channel
    application.filed_by = filed_by
    application.office = office
    application.idempotency_key = key if applicant is not None else ""
    application.access_code = "".join(secrets.choice(ACCESS_ALPHABET) for _i in range(ACCESS_LENGTH))
    _move(application, "submit")
    application.number = _next_number(application)
    _start_clock(application)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        # Two requests with the same key raced: the other one filed it.
        earlier = selectors.application_by_key(applicant=cast("User", applicant), key=key) if key else None
        if earlier is None:
            raise
        return earlier
    _store_files(application, cleaned_files)
    _history(application, "submitted", actor=filed_by or applicant)
    _log(
        application,
        "submitted",
        payload={
            "version": definition.version,
            "channel": channel,
            "due": application.due_at.isoformat() if application.due_at else None,
        },
    )
    _notify(application, "submitted", code=application.access_code)
    return application


@transaction.atomic
def application_withdraw(*, application: Application, applicant: User) -> Application:
    """The applicant takes back an application nobody has started working on (or a draft)."""
    require(owns_application, applicant, application)
    application = _locked(application)
    was = _move(application, "withdraw")
    application.save(update_fields=["status", "updated_at"])
    if was != lifecycle.DRAFT:
        _history(application, "withdrawn", actor=applicant)
        _log(application, "withdrawn", payload={})
    return application


@transaction.atomic
def application_copy_as_draft(*, application: Application, applicant: User) -> Application:
    """A new draft under the service's current definition, prefilled with the answers of a refused or
    withdrawn application (to apply again)."""
    require(owns_application, applicant, application)
    if application.status not in lifecycle.RESUBMITTABLE:
        raise ConflictError(
            _("Only a refused or withdrawn application can be filed again."), code="wrong_status"
        )
    return application_draft_save(service=application.service, applicant=applicant, data=application.data)


# ------------------------------------------------------------------------------------------ officials


@transaction.atomic
def application_take(*, application: Application, actor: User, assignee: User | None = None) -> Application:
    """Start work on an application (assigned to ``assignee``, by default the actor)."""
    require(handles_application, actor, application)
    application = _locked(application)
    _move(application, "take")
    target = assignee or actor
    if assignee is not None and not handles_application(assignee, application):
        raise ApplicationError(
            _("This person does not work on this service."), fields={"assignee": [_("Not allowed.")]}
        )
    application.assignee = target
    application.save(update_fields=["status", "assignee", "updated_at"])
    _history(application, "taken", actor=actor, internal=True, text=target.full_name)
    return application


@transaction.atomic
def application_note(*, application: Application, actor: User, text: str) -> Application:
    """An internal note of the officials (never shown to the applicant)."""
    require(handles_application, actor, application)
    text = text.strip()
    if not text or len(text) > COMMENT_MAX:
        raise ApplicationError(
            _("Write a note of up to 5,000 characters."), fields={"text": [_("Required.")]}
        )
    _history(application, "note", actor=actor, text=text, internal=True)
    return application


@transaction.atomic
def application_stage(*, application: Application, actor: User, stage: str) -> Application:
    """Move an application in progress to a stage of its technology card."""
    require(handles_application, actor, application)
    application = _locked(application)
    keys = [s["key"] for s in stages(application.definition.spec)]
    if stage not in keys:
        raise ApplicationError(_("Choose a stage of this service."), fields={"stage": [_("Unknown stage.")]})
    if application.status != lifecycle.IN_PROGRESS:
        raise ConflictError(_("Only an application in progress moves between stages."), code="wrong_status")
    application.stage = stage
    application.save(update_fields=["stage", "updated_at"])
    _history(application, "stage", actor=actor, text=stage, internal=True)
    return application


@transaction.atomic
def application_return(*, application: Application, actor: User, comment: str) -> Application:
    """Return the application to the applicant to correct (the clock stops until it comes back)."""
    require(handles_application, actor, application)
    comment = comment.strip()
    if not comment or len(comment) > COMMENT_MAX:
        raise ApplicationError(
            _("Say what the applicant must correct."), fields={"comment": [_("Say what to correct.")]}
        )
    application = _locked(application)
    _move(application, "return")
    application.correction_comment = comment
    application.stopped_at = clock.now()
    application.save(update_fields=["status", "correction_comment", "stopped_at", "updated_at"])
    _history(application, "returned", actor=actor, text=comment)
    _log(application, "returned", payload={})
    _notify(application, "returned", comment=comment)
    return application


@transaction.atomic
def application_correct(
    *,
    application: Application,
    applicant: User,
    data: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
) -> Application:
    """The applicant sends the corrected application back; the working days left when it was returned
    count again from today. It stays under the definition version it was filed under."""
    require(owns_application, applicant, application)
    application = _locked(application)
    if application.status != lifecycle.CORRECTION:
        raise ConflictError(_("This application is not waiting for corrections."), code="wrong_status")
    have = frozenset(ApplicationFile.objects.filter(application=application).values_list("field", flat=True))
    clean, cleaned_files = _checked(
        application.definition, data, files or {}, have, hromada=application.hromada
    )
    _move(application, "correct")
    now = clock.now()
    if application.due_at is not None and application.stopped_at is not None:
        application.due_at = deadlines.resume_due(
            calendar_for(hromada=application.hromada),
            returned=now,
            stopped=application.stopped_at,
            due=application.due_at,
        )
    application.data = clean
    application.stopped_at = None
    application.save(update_fields=["status", "data", "due_at", "stopped_at", "updated_at"])
    _store_files(application, cleaned_files)
    _history(application, "corrected", actor=applicant)
    _log(
        application,
        "corrected",
        payload={"due": application.due_at.isoformat() if application.due_at else None},
    )
    return application


def _decision_checked(application: Application, *, approve: bool, refusal_code: str, text: str) -> str:
    text = text.strip()
    if len(text) > COMMENT_MAX:
        raise ApplicationError(_("The explanation is too long."), fields={"text": [_("Too long.")]})
    if not approve:
        if refusal_code not in refusal_codes(application.definition.spec):
            raise ApplicationError(
                _("Choose the ground for refusal."), fields={"refusal_code": [_("Choose a ground.")]}
            )
        if not text:
            raise ApplicationError(
                _("Explain the refusal to the applicant."), fields={"text": [_("Explain the refusal.")]}
            )
    return text


@transaction.atomic
def application_decide(
    *, application: Application, actor: User, approve: bool, refusal_code: str = "", text: str = ""
) -> Application:
    """Decide: grant or refuse with a coded ground and an explanation. Under a two-step workflow a
    specialist's decision is a proposal the head of department approves (or changes); the head's, or a
    one-step decision, is final, logged and audited."""
    application = _locked(application)
    text = _decision_checked(application, approve=approve, refusal_code=refusal_code, text=text)
    code = "" if approve else refusal_code
    if (
        two_step(application.definition.spec)
        and application.status == lifecycle.IN_PROGRESS
        and not approves_application(actor, application)
    ):
        require(handles_application, actor, application)
        _move(application, "prepare")
        application.refusal_code, application.decision_text = code, text
        application.save(update_fields=["status", "refusal_code", "decision_text", "updated_at"])
        _history(application, "prepared", actor=actor, internal=True, text=text)
        return application
    if application.status == lifecycle.AWAITING_APPROVAL or two_step(application.definition.spec):
        require(approves_application, actor, application)
    else:
        require(handles_application, actor, application)
    _move(application, "approve" if approve else "refuse")
    now = clock.now()
    application.refusal_code, application.decision_text = code, text
    application.decided_at, application.decided_by = now, actor
    application.save(
        update_fields=["status", "refusal_code", "decision_text", "decided_at", "decided_by", "updated_at"]
    )
    on_time = application.due_at is None or now <= application.due_at
    _history(application, "approved" if approve else "refused", actor=actor, text=text)
    _log(application, "decided", payload={"decision": application.status, "reason": code, "on_time": on_time})
    audit_record(
        hromada=application.hromada,
        actor=audit_actor(user=actor, hromada=application.hromada),
        verb="application.approved" if approve else "application.refused",
        subject=application,
        changes=["status", "refusal_code", "decision_text"],
    )
    _notify(application, "approved" if approve else "refused", reason=text)
    return application


@transaction.atomic
def application_send_back(*, application: Application, actor: User, comment: str) -> Application:
    """The head sends a proposed decision back to the specialist with a comment."""
    require(approves_application, actor, application)
    application = _locked(application)
    _move(application, "send_back")
    application.save(update_fields=["status", "updated_at"])
    _history(application, "sent_back", actor=actor, text=comment.strip()[:COMMENT_MAX], internal=True)
    return application


RESULT_TYPES = DOCUMENTS | IMAGES
DOCUMENT_CODE_LENGTH = 10


def _result_document_text(application: Application) -> str:
    """The result document from the definition's template (or the default one), in Ukrainian, the
    language of official documents; choice answers by their labels."""
    return selectors.document_text(application=application, language="uk") or ""


def _result_document(document: Any) -> CleanUpload | None:
    """The uploaded result document cleaned by the upload policy; a refusal names the form's "document"
    field (the policy itself speaks of a generic "file")."""
    if document is None or isinstance(document, CleanUpload):
        return document
    try:
        return clean_upload(
            document, filename=getattr(document, "name", "") or "result", allowed=RESULT_TYPES
        )
    except ApplicationError as error:
        message = _("Result document: %(reason)s") % {"reason": error.message}
        raise ApplicationError(message, code=error.code, fields={"document": [message]}) from error


@transaction.atomic
def application_issue(
    *, application: Application, actor: User, result_text: str, document: CleanUpload | Any | None = None
) -> Application:
    """Issue the result of a granted application: a text (what was done, the document's number) and/or
    the document itself (an upload, cleaned here: PDF or image within the platform's limit; a refusal
    names the ``document`` field); the applicant is told it is ready."""
    require(handles_application, actor, application)
    document = _result_document(document)
    application = _locked(application)
    result_text = result_text.strip()
    if not result_text and document is None:
        raise ApplicationError(
            _("Describe the result or attach the document."), fields={"result_text": [_("Required.")]}
        )
    _move(application, "issue")
    application.result_text = result_text[:COMMENT_MAX]
    application.issued_at = clock.now()
    application.document_text = _result_document_text(application)
    application.document_code = "".join(secrets.choice(ACCESS_ALPHABET) for _i in range(DOCUMENT_CODE_LENGTH))
    application.save(
        update_fields=["status", "result_text", "issued_at", "document_text", "document_code", "updated_at"]
    )
    if document is not None:
        _store_files(application, {"result": document})
    _history(application, "issued", actor=actor)
    _log(application, "issued", payload={"document": document is not None})
    _notify(application, "issued")
    return application


@transaction.atomic
def application_mark_paid(*, application: Application, actor: User) -> Application:
    """An official records that the fee was paid (online payment comes with the payments module)."""
    require(handles_application, actor, application)
    application = _locked(application)
    if application.fee_paid_at is not None:
        return application
    if not application.fee_kop:
        raise ConflictError(_("This application has no fee to pay."), code="no_fee")
    application.fee_paid_at = clock.now()
    application.save(update_fields=["fee_paid_at", "updated_at"])
    _history(application, "paid", actor=actor)
    return application


ESCALATE_BATCH = 500  # applications per run of the periodic task


def applications_escalate() -> int:
    """Tell the heads of departments about applications that passed their deadline (once each)."""
    now = clock.now()
    told = 0
    for application in selectors.overdue_open(now=now).filter(stopped_at__isnull=True)[:ESCALATE_BATCH]:
        with transaction.atomic():
            locked = _locked(application)
            if locked.events.filter(kind="escalated").exists():
                continue
            heads = list(
                selectors.staff_of_department(department_id=locked.service.department_id, roles=("head",))
            )
            _history(locked, "escalated", actor=None, internal=True)
            notify_on_commit(
                hromada=locked.hromada,
                recipients=heads,
                kind="services.overdue",
                params={"number": locked.number, "service": locked.service.title},
                url="",
            )
            told += 1
    return told

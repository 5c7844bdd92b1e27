"""Writes of the petitions module: every status change, signature and job goes through here.

Each action is keyword-only, runs in one transaction, checks permissions and the lifecycle
(:mod:`.lifecycle`), appends a ledger entry for every transition (``petition.<event>``, subject the
petition, people as salted commitments) and sends notifications after commit.

Signing is the hot path (:func:`signature_add`): it reads nothing it does not need, inserts the ledger's
pending entry, the signer's personal receipt and the signature in one transaction, and never touches a
counter row. Counts are refreshed by :func:`petition_counts_refresh`, run every few seconds by the
periodic job ``petitions.aggregate`` (:func:`petitions_aggregate`), which also detects thresholds and
signature spikes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts.actions import UnresolvedToken, api_tokens_resolve
from hromada.accounts.permissions import can_moderate, manages_hromada, roles_in, works_for_hromada
from hromada.accounts.selectors import active_persons
from hromada.core import ratelimit
from hromada.core.batchsql import any_of, hot_cursor, insert_rows
from hromada.core.calendar import calendar_for
from hromada.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ensure,
)
from hromada.core.groupcommit import GroupCommit
from hromada.core.models import Hromada
from hromada.core.permissions import is_authenticated, require
from hromada.core.text import search_key
from hromada.core.uploads import DOCUMENTS, IMAGES, CleanUpload
from hromada.ledger.actions import EntryDraft, Receipt, ledger_append, ledger_append_many
from hromada.ledger.audit import AuditActor, audit_changes, audit_record
from hromada.ledger.jcs import JSONValue
from hromada.ledger.receipts import ReceiptToKeep, receipts_keep_many
from hromada.territory.models import District

from . import clocks, eligibility, fraud, selectors
from .lifecycle import IN_MODERATION, OPEN, WITHDRAWABLE, Status, TransitionError, check_transition
from .models import (
    MAX_COLLECTION_DAYS,
    Addressee,
    AddresseeKind,
    FraudAlert,
    JobMark,
    Petition,
    PetitionAnswer,
    PetitionRules,
    PetitionStatus,
    PetitionTally,
    PetitionUpdate,
    RejectionReason,
    Signature,
    SignatureDayCount,
    SignatureDistrictCount,
    SignatureStatus,
    Topic,
)

if TYPE_CHECKING:
    from hromada.accounts.models import User

logger = logging.getLogger("hromada.petitions")

__all__ = [
    "ANSWER_DOCUMENT_TYPES",
    "SignatureResult",
    "addressee_save",
    "petition_add_update",
    "petition_answer",
    "petition_counts_refresh",
    "petition_create_draft",
    "petition_forward",
    "petition_moderation_take",
    "petition_publish",
    "petition_reject",
    "petition_submit",
    "petition_threshold_reach",
    "petition_update",
    "petition_withdraw",
    "petitions_aggregate",
    "petitions_anonymise",
    "petitions_expire",
    "petitions_forward_due",
    "petitions_tick",
    "rules_version_create",
    "signature_add",
    "signature_submit",
    "signature_withdraw",
    "signatures_add",
    "signatures_invalidate_bulk",
]

TITLE_MIN, TITLE_MAX = 10, 200
TEXT_MIN, TEXT_MAX = 50, 10_000
ANSWER_DOCUMENT_TYPES = DOCUMENTS | IMAGES
RECOUNT_WINDOW = dt.timedelta(seconds=70)
"""Margin of the recount: signature changes since the previous recount minus this are recounted (longer
than any signing transaction can stay open)."""
FRAUD_WINDOW = dt.timedelta(minutes=10)

# Per-person limit on signing, on top of the platform-wide write limit per client address
# (HROMADA_WRITE_LIMIT_PER_MINUTE, WriteRateLimitMiddleware).
SIGN_LIMIT_PER_ACCOUNT = (30, 60)  # 30 signatures a minute


# ----------------------------------------------------------------------------------------- helpers


def _now() -> dt.datetime:
    return timezone.now()


def _iso(moment: dt.datetime | dt.date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _actor_payload(actor: User | None, hromada: Hromada) -> dict[str, JSONValue]:
    if actor is None:
        return {"roles": ["system"], "departments": []}
    roles: list[JSONValue] = [*sorted(roles_in(actor, hromada))]
    return {"roles": roles, "departments": []}


def _entry(
    petition: Petition,
    event: str,
    *,
    actor: User | None,
    payload: dict[str, JSONValue] | None = None,
    people: Iterable[Any] = (),
    include_actor: bool = True,
) -> EntryDraft:
    """The ledger entry ``petition.<event>`` for this petition; the actor (if any) as the first commitment."""
    body: dict[str, JSONValue] = {"petition": petition.pk, "status": petition.status}
    if include_actor:
        body["actor"] = _actor_payload(actor, _hromada(petition))
    body.update(payload or {})
    persons = [actor] if (actor is not None and include_actor) else []
    persons.extend(p for p in people if p is not None and p not in persons)
    return EntryDraft(kind=f"petition.{event}", payload=body, subject=petition, people=persons)


def _log(petition: Petition, event: str, **entry: Any) -> Receipt:
    """Append ``petition.<event>`` for this petition (the arguments of :func:`_entry`); its receipt."""
    draft = _entry(petition, event, **entry)
    return ledger_append(
        hromada=_hromada(petition),
        kind=draft.kind,
        payload=draft.payload,
        subject=draft.subject,
        people=draft.people,
    )


def _hromada(petition: Petition) -> Hromada:
    return petition.hromada


def _transition(petition: Petition, target: PetitionStatus) -> str:
    """Check the lifecycle allows ``petition.status`` → ``target``; returns the old status."""
    old = petition.status
    try:
        check_transition(old, target)
    except TransitionError:
        raise ConflictError(
            _("This petition cannot go from “%(current)s” to “%(target)s”.")
            % {"current": PetitionStatus(old).label, "target": PetitionStatus(target).label},
            code="petition_status",
        ) from None
    petition.status = target
    return old


def _locked(petition: Petition) -> Petition:
    """The petition row locked for this transaction (fresh from the database)."""
    locked = (
        Petition.objects.select_for_update(of=("self",))
        .select_related("hromada", "rules", "addressee", "author")
        .filter(pk=petition.pk)
        .first()
    )
    if locked is None:
        raise NotFoundError(_("No such petition."))
    return locked


def _text_digest(petition: Petition) -> str:
    return hashlib.sha256(f"{petition.title}\n\n{petition.text}".encode()).hexdigest()


def _notify(
    *, hromada: Hromada, recipients: Iterable[User], kind: str, title: str, body: str = "", url: str = ""
) -> None:
    """Put a notification in each recipient's inbox after the current transaction commits."""
    people = [r for r in recipients if r is not None]
    if not people:
        return

    def send() -> None:
        from hromada.core.actions import notification_send

        for person in people:
            notification_send(hromada=hromada, recipient=person, kind=kind, title=title, body=body, url=url)

    transaction.on_commit(send, robust=True)


def _moderators(hromada: Hromada) -> list[User]:
    from .selectors import moderators_of

    return list(moderators_of(hromada=hromada))


def _petition_url(petition: Petition) -> str:
    return f"/petitions/{petition.pk}/"


def _require_author(petition: Petition, actor: User) -> None:
    require(is_authenticated, actor)
    if petition.author_id != actor.pk:
        raise PermissionDeniedError(_("Only the author can do this."))


def _eligibility_message(codes: list[str], *, creating: bool) -> str:
    messages = {
        eligibility.LEVEL: _("Your identity is not verified enough: confirm it in your cabinet first."),
        eligibility.AGE: _("You are younger than the rules of this hromada allow."),
        eligibility.AGE_UNKNOWN: _("Your date of birth is not known: it is needed to check your age."),
        eligibility.RESIDENCY: _("Only residents of this hromada may do this."),
    }
    lead = _("You cannot create a petition here.") if creating else _("You cannot sign this petition.")
    return " ".join([lead, *(messages[c] for c in codes)])


def _check_eligible(person: User, rules: PetitionRules, *, level: int, creating: bool) -> None:
    codes = selectors.eligibility_codes(person=person, rules=rules, level=level)
    if codes:
        raise PermissionDeniedError(_eligibility_message(codes, creating=creating), code="not_eligible")


# ------------------------------------------------------------------------------------ rules, addressees


@transaction.atomic
def rules_version_create(
    *,
    hromada: Hromada,
    actor: User,
    signature_threshold: int,
    collection_days: int,
    create_level: int,
    sign_level: int,
    min_signer_age: int = 18,
    residency_required: bool = True,
    against_allowed: bool = False,
    addressee_kinds: list[str] | None = None,
    answer_working_days: int = 10,
    moderation_working_days: int = 2,
    appeal_answer_days: int = 30,
    names_hidden_after_days: int = 183,
    legal_basis: str = "",
) -> PetitionRules:
    """Write the next version of the hromada's rules (administrators). Versions are never changed."""
    require(manages_hromada, actor, hromada)
    ensure(
        signature_threshold >= 1, _("The threshold is at least one signature."), field="signature_threshold"
    )
    ensure(
        1 <= collection_days <= MAX_COLLECTION_DAYS,
        _("Signatures are collected for at most three months (%(days)d days).")
        % {"days": MAX_COLLECTION_DAYS},
        field="collection_days",
    )
    kinds = list(dict.fromkeys(addressee_kinds or [k.value for k in AddresseeKind]))
    ensure(
        kinds and all(k in AddresseeKind.values for k in kinds),
        _("Choose the addressees from the mayor, the executive committee and the council."),
        field="addressee_kinds",
    )
    ensure(0 <= create_level <= 3 and 0 <= sign_level <= 3, _("Unknown identity level."), field="sign_level")
    ensure(0 <= min_signer_age <= 120, _("Unknown minimum age."), field="min_signer_age")
    ensure(
        answer_working_days >= 1 and moderation_working_days >= 1 and appeal_answer_days >= 1,
        _("Deadlines are at least one day."),
        field="answer_working_days",
    )
    Hromada.objects.select_for_update().filter(pk=hromada.pk).first()  # one version number at a time
    last = (
        PetitionRules.objects.filter(hromada=hromada).order_by("-version").values_list("version", flat=True)
    )
    version = (last.first() or 0) + 1
    rules = PetitionRules.objects.create(
        hromada=hromada,
        version=version,
        signature_threshold=signature_threshold,
        collection_days=collection_days,
        create_level=create_level,
        sign_level=sign_level,
        min_signer_age=min_signer_age,
        residency_required=residency_required,
        against_allowed=against_allowed,
        addressee_kinds=kinds,
        answer_working_days=answer_working_days,
        moderation_working_days=moderation_working_days,
        appeal_answer_days=appeal_answer_days,
        names_hidden_after_days=names_hidden_after_days,
        legal_basis=legal_basis[:300],
        created_by=actor,
    )
    fields = [
        "version", "signature_threshold", "collection_days", "create_level", "sign_level", "min_signer_age",
        "residency_required", "against_allowed", "addressee_kinds", "answer_working_days",
        "moderation_working_days", "appeal_answer_days", "names_hidden_after_days", "legal_basis",
    ]  # fmt: skip
    values = audit_changes(rules, fields)
    if isinstance(values, dict):
        values["created_by"] = None  # who: the actor's commitment, not a reference
    audit_record(
        hromada=hromada,
        actor=AuditActor(person=actor, roles=tuple(roles_in(actor, hromada))),
        verb="petition_rules.created",
        subject=f"petitions.petitionrules:{rules.pk}",
        changes=values,
    )
    return rules


@transaction.atomic
def addressee_save(
    *,
    hromada: Hromada,
    actor: User,
    kind: str,
    name: str,
    name_en: str = "",
    is_active: bool = True,
) -> Addressee:
    """Create or rename the hromada's addressee of a kind (administrators); recorded in the log."""
    require(manages_hromada, actor, hromada)
    ensure(kind in AddresseeKind.values, _("Unknown kind of addressee."), field="kind")
    name = name.strip()
    ensure(name, _("Give the addressee's name."), field="name")
    addressee, created = Addressee.objects.select_for_update().get_or_create(
        hromada=hromada,
        kind=kind,
        defaults={"name": name[:250], "name_en": name_en[:250], "is_active": is_active},
    )
    if not created:
        addressee.name, addressee.name_en, addressee.is_active = name[:250], name_en[:250], is_active
        addressee.save(update_fields=["name", "name_en", "is_active", "updated_at"])
    audit_record(
        hromada=hromada,
        actor=AuditActor(person=actor, roles=tuple(roles_in(actor, hromada))),
        verb="petition_addressee.created" if created else "petition_addressee.changed",
        subject=addressee,
        changes=audit_changes(addressee, ["kind", "name", "name_en", "is_active"]),
    )
    return addressee


# ------------------------------------------------------------------------------------------- drafts


def _clean_content(
    *, hromada: Hromada, rules: PetitionRules, title: str, text: str, topic: str, addressee: Addressee,
    district: District | None,
) -> tuple[str, str]:  # fmt: skip
    title, text = title.strip(), text.strip()
    errors: dict[str, list[str]] = {}
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = [
            _("The title is %(min)d to %(max)d characters.") % {"min": TITLE_MIN, "max": TITLE_MAX}
        ]
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        errors["text"] = [
            _("The text is %(min)d to %(max)d characters: say what you ask for and why.")
            % {"min": TEXT_MIN, "max": TEXT_MAX}
        ]
    if "\x00" in title or "\x00" in text:
        errors["text"] = [_("The text contains characters that cannot be stored.")]
    if topic not in Topic.values:
        errors["topic"] = [_("Choose a topic.")]
    if addressee.hromada_id != hromada.pk or not addressee.is_active:
        errors["addressee"] = [_("Choose an addressee of this hromada.")]
    elif rules.addressee_kinds and addressee.kind not in rules.addressee_kinds:
        errors["addressee"] = [_("Petitions cannot be addressed to this body under the current rules.")]
    if district is not None and district.hromada_id != hromada.pk:
        errors["district"] = [_("Choose a district of this hromada.")]
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), fields=errors)
    return title, text


def _rules_or_refuse(hromada: Hromada) -> PetitionRules:
    rules = selectors.rules_current(hromada=hromada)
    if rules is None:
        raise ApplicationError(
            _("E-petitions are not open in this hromada yet: its rules have not been set."), code="no_rules"
        )
    return rules


@transaction.atomic
def petition_create_draft(
    *,
    hromada: Hromada,
    author: User,
    title: str,
    text: str,
    topic: str,
    addressee: Addressee,
    district: District | None = None,
) -> Petition:
    """Start a private draft (eligible people under the current rules' creation level and residency)."""
    require(is_authenticated, author)
    rules = _rules_or_refuse(hromada)
    _check_eligible(author, rules, level=rules.create_level, creating=True)
    title, text = _clean_content(
        hromada=hromada,
        rules=rules,
        title=title,
        text=text,
        topic=topic,
        addressee=addressee,
        district=district,
    )
    return Petition.objects.create(
        hromada=hromada,
        author=author,
        title=title,
        text=text,
        topic=topic,
        addressee=addressee,
        district=district,
        status=PetitionStatus.DRAFT,
        search_text=search_key(title, text),
    )


@transaction.atomic
def petition_update(
    *,
    petition: Petition,
    actor: User,
    title: str,
    text: str,
    topic: str,
    addressee: Addressee,
    district: District | None = None,
) -> Petition:
    """Change a draft's content (its author, only while it is a draft)."""
    petition = _locked(petition)
    _require_author(petition, actor)
    ensure(
        petition.status == PetitionStatus.DRAFT,
        _("Only a draft can be changed; a submitted petition keeps its text."),
        code="petition_status",
    )
    rules = _rules_or_refuse(petition.hromada)
    title, text = _clean_content(
        hromada=petition.hromada, rules=rules, title=title, text=text, topic=topic, addressee=addressee,
        district=district,
    )  # fmt: skip
    petition.title, petition.text, petition.topic = title, text, topic
    petition.addressee, petition.district = addressee, district
    petition.search_text = search_key(title, text)
    petition.save(
        update_fields=["title", "text", "topic", "addressee", "district", "search_text", "updated_at"]
    )
    return petition


@transaction.atomic
def petition_submit(*, petition: Petition, actor: User) -> Petition:
    """The author sends the draft to moderation; the moderation clock (working days) starts."""
    petition = _locked(petition)
    _require_author(petition, actor)
    rules = _rules_or_refuse(petition.hromada)
    _check_eligible(actor, rules, level=rules.create_level, creating=True)
    old = _transition(petition, PetitionStatus.SUBMITTED)
    now = _now()
    petition.submitted_at = now
    petition.moderation_due_at = clocks.moderation_due(
        calendar_for(hromada=petition.hromada), submitted_at=now, working_days=rules.moderation_working_days
    )
    petition.save(update_fields=["status", "submitted_at", "moderation_due_at", "updated_at"])
    _log(
        petition,
        "submitted",
        actor=actor,
        payload={
            "from": old,
            "text_sha256": _text_digest(petition),
            "moderation_due": _iso(petition.moderation_due_at),
        },
    )
    _notify(
        hromada=petition.hromada,
        recipients=_moderators(petition.hromada),
        kind="petitions.submitted",
        title=_("A petition awaits moderation: %(title)s") % {"title": petition.title},
        url="/petitions/moderation/",
    )
    return petition


# --------------------------------------------------------------------------------------- moderation


@transaction.atomic
def petition_moderation_take(*, petition: Petition, actor: User) -> Petition:
    """A moderator takes a submitted petition (other moderators see it is being handled)."""
    petition = _locked(petition)
    require(can_moderate, actor, petition.hromada)
    old = _transition(petition, PetitionStatus.MODERATION)
    petition.moderator = actor
    petition.moderation_started_at = _now()
    petition.save(update_fields=["status", "moderator", "moderation_started_at", "updated_at"])
    _log(petition, "moderation_started", actor=actor, payload={"from": old})
    return petition


@transaction.atomic
def petition_publish(*, petition: Petition, actor: User) -> Petition:
    """A moderator publishes: collection starts under the current rules version, frozen from now on."""
    petition = _locked(petition)
    require(can_moderate, actor, petition.hromada)
    ensure(petition.author_id != actor.pk, _("Moderators do not moderate their own petitions."))
    rules = _rules_or_refuse(petition.hromada)
    old = _transition(petition, PetitionStatus.COLLECTING)
    now = _now()
    petition.rules = rules
    petition.moderator = actor
    petition.published_at = now
    petition.collection_ends_at = clocks.collection_end(published_at=now, days=rules.collection_days)
    petition.save(
        update_fields=["status", "rules", "moderator", "published_at", "collection_ends_at", "updated_at"]
    )
    PetitionTally.objects.get_or_create(
        petition=petition, defaults={"hromada_id": petition.hromada_id, "counted_at": now}
    )
    on_time = petition.moderation_due_at is None or now <= petition.moderation_due_at
    _log(
        petition,
        "published",
        actor=actor,
        payload={
            "from": old,
            "rules_version": rules.version,
            "signature_threshold": rules.signature_threshold,
            "collection_ends": _iso(petition.collection_ends_at),
            "text_sha256": _text_digest(petition),
            "moderated_on_time": on_time,
        },
        people=[petition.author],
    )
    _notify(
        hromada=petition.hromada,
        recipients=[petition.author],
        kind="petitions.published",
        title=_("Your petition is published: %(title)s") % {"title": petition.title},
        url=_petition_url(petition),
    )
    return petition


@transaction.atomic
def petition_reject(
    *,
    petition: Petition,
    actor: User,
    reason: str,
    text: str,
    duplicate_of: Petition | None = None,
) -> Petition:
    """A moderator refuses publication, citing the law's category and giving reasons (published)."""
    petition = _locked(petition)
    require(can_moderate, actor, petition.hromada)
    errors: dict[str, list[str]] = {}
    if reason not in RejectionReason.values:
        errors["reason"] = [_("Choose the reason for the refusal from the law's list.")]
    text = text.strip()
    if len(text) < 20:
        errors["text"] = [_("Explain the refusal (at least 20 characters).")]
    if reason == RejectionReason.DUPLICATE:
        if duplicate_of is None:
            errors["duplicate_of"] = [_("Name the open petition this one duplicates.")]
        elif (
            duplicate_of.hromada_id != petition.hromada_id
            or duplicate_of.pk == petition.pk
            or duplicate_of.status not in OPEN
            or duplicate_of.status in IN_MODERATION
        ):
            errors["duplicate_of"] = [_("The duplicated petition must be an open, published petition here.")]
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), fields=errors)
    old = _transition(petition, PetitionStatus.REJECTED)
    petition.rejected_at = _now()
    petition.rejection_reason = reason
    petition.rejection_text = text
    petition.duplicate_of = duplicate_of if reason == RejectionReason.DUPLICATE else None
    petition.moderator = actor
    PetitionTally.objects.get_or_create(
        petition=petition, defaults={"hromada_id": petition.hromada_id, "counted_at": petition.rejected_at}
    )
    petition.save(
        update_fields=[
            "status", "rejected_at", "rejection_reason", "rejection_text", "duplicate_of", "moderator",
            "updated_at",
        ]
    )  # fmt: skip
    _log(
        petition,
        "rejected",
        actor=actor,
        payload={
            "from": old,
            "reason": reason,
            "reasons_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "duplicate_of": duplicate_of.pk if duplicate_of is not None and reason == "duplicate" else None,
        },
        people=[petition.author],
    )
    _notify(
        hromada=petition.hromada,
        recipients=[petition.author],
        kind="petitions.rejected",
        title=_("Your petition was not published: %(title)s") % {"title": petition.title},
        body=text,
        url=_petition_url(petition),
    )
    return petition


@transaction.atomic
def petition_withdraw(*, petition: Petition, actor: User) -> Petition:
    """The author withdraws the petition — only before it reaches its threshold."""
    petition = _locked(petition)
    _require_author(petition, actor)
    ensure(
        petition.status in WITHDRAWABLE,
        _("A petition can be withdrawn only before it reaches the threshold."),
        code="petition_status",
    )
    old = _transition(petition, PetitionStatus.WITHDRAWN)
    now = _now()
    petition.withdrawn_at = now
    if petition.published_at is not None:
        petition.closed_at = now
    petition.save(update_fields=["status", "withdrawn_at", "closed_at", "updated_at"])
    if old != Status.DRAFT:  # a private draft leaves no public trace
        _log(petition, "withdrawn", actor=actor, payload={"from": old})
    return petition


# ------------------------------------------------------------------------------------------ signing


@dataclass(frozen=True)
class SignatureResult:
    """What signing gives back: the signature, the ledger receipt (with the signer's salt) and the id of
    the signer's personal receipt (downloadable at /ledger/receipts/<id>/download/ once published)."""

    signature: Signature
    receipt: Receipt | None
    personal_receipt_id: int | None
    created: bool


@dataclass(frozen=True)
class SignRequest:
    """One request of a batch of signatures (:func:`signatures_add`)."""

    petition_id: int
    # The person; or their id, or a bearer token not yet looked up: then resolved and read (active only)
    # with the batch's other signers.
    signer: User | int | UnresolvedToken
    against: bool = False
    show_name: bool = False  # private unless the person chose to show their name
    address: str = ""  # the client's IP: the per-address limit and the anti-fraud spike detector
    write_hit: ratelimit.Hit | None = None  # the platform's write-limit hit deferred to signing
    language: str | None = None  # the language of this request's messages (None: the current one)


SignOutcome = SignatureResult | Exception  # a refusal (ApplicationError) or a failure of that request
SIGN_ATTEMPTS = 3  # a batch that lost a race for a (petition, signer) pair is re-read and written again


def _signable(petition: Petition, now: dt.datetime) -> PetitionRules:
    if petition.status != PetitionStatus.COLLECTING or petition.rules is None:
        raise ConflictError(_("This petition is not collecting signatures."), code="not_collecting")
    if petition.collection_ends_at is not None and now > petition.collection_ends_at:
        raise ConflictError(
            _("The collection of signatures for this petition has ended."), code="not_collecting"
        )
    return petition.rules


def signature_add(
    *,
    petition: Petition,
    signer: User,
    against: bool = False,
    show_name: bool = False,
    address: str = "",
) -> SignatureResult:
    """Sign a collecting petition once (UNIQUE (petition, signer)); returns the signature and receipt.

    One request of :func:`signatures_add` (which see); its refusal is raised.
    """
    request = _this_request(petition.pk, signer, against=against, show_name=show_name, address=address)
    outcome = signatures_add(hromada=_hromada(petition), requests=[request])[0]
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def signature_submit(
    *,
    hromada: Hromada,
    petition_id: int,
    signer: User | int | UnresolvedToken,
    against: bool = False,
    show_name: bool = False,
    address: str = "",
) -> SignatureResult:
    """:func:`signature_add` for the signing API: batched with this process's concurrent requests.

    A surge of signatures is written by group commit (:mod:`hromada.core.groupcommit`): the requests
    that arrive while a batch is in the database form the next batch, one transaction for all of them.
    Each request gets its own outcome (its refusal raised here, in its own language); nobody waits on
    purpose, so a lone request is a batch of one.
    """
    request = _this_request(petition_id, signer, against=against, show_name=show_name, address=address)
    return _signing_intake.submit((hromada, request))  # a refusal is raised here by the intake


def _this_request(
    petition_id: int, signer: User | int | UnresolvedToken, *, against: bool, show_name: bool, address: str
) -> SignRequest:
    """The current HTTP request's signing request: its deferred write hit and its language go along."""
    return SignRequest(
        petition_id=petition_id,
        signer=signer,
        against=against,
        show_name=show_name,
        address=address,
        write_hit=ratelimit.take_deferred_write(),
        language=translation.get_language(),
    )


def _signatures_add_grouped(jobs: list[tuple[Hromada, SignRequest]]) -> list[SignOutcome]:
    """The group commit's batch: :func:`signatures_add` per hromada. A group that fails is signed again
    one request at a time, so one request's failure is only its own (and never re-runs a group that
    already committed)."""
    outcomes: list[SignOutcome | None] = [None] * len(jobs)
    groups: dict[int, list[int]] = defaultdict(list)
    for index, (hromada, _request) in enumerate(jobs):
        groups[hromada.pk].append(index)
    for indices in groups.values():
        hromada = jobs[indices[0]][0]
        try:
            results = signatures_add(hromada=hromada, requests=[jobs[i][1] for i in indices])
        except Exception:
            if len(indices) > 1:
                logger.exception("a batch of %d signatures failed; signing them one by one", len(indices))
            results = [_signature_alone(hromada, jobs[i][1]) for i in indices]
        for index, result in zip(indices, results, strict=True):
            outcomes[index] = result
    return [outcome for outcome in outcomes if outcome is not None]


def _signature_alone(hromada: Hromada, request: SignRequest) -> SignOutcome:
    try:
        return signatures_add(hromada=hromada, requests=[request])[0]
    except Exception as error:  # this request's own failure, raised in its own request
        return error


_signing_intake: GroupCommit[tuple[Hromada, SignRequest], SignatureResult] = GroupCommit(
    _signatures_add_grouped, max_batch=64
)


def signatures_add(*, hromada: Hromada, requests: Sequence[SignRequest]) -> list[SignOutcome]:
    """Sign petitions of ``hromada`` for a batch of requests; one outcome per request, in order.

    Checks for each request, in order: the petition exists (404) and is collecting (409
    ``not_collecting``); the per-account and per-address rate limits (429); eligibility under the
    petition's frozen rules (403 ``not_eligible``: identity level, age, residency); "against" allowed
    (400). Then, in ONE transaction for the whole batch: one ``petition.signed`` ledger entry per
    signature (the signer only as a salted commitment), the signers' personal receipts, the signatures
    (multi-row INSERTs). A second signature is refused with 409 ``already_signed``; a signature the
    signer withdrew is given again (a new entry). Exactly once is the database's UNIQUE (petition,
    signer): a batch that meets a concurrent writer's signature rolls back and is re-read. Counts follow
    within seconds (:func:`petitions_aggregate`). Reads: the petitions (one query), the rate limits
    (one upsert for all the batch's keys), the existing signatures of the batch's pairs (one query).
    """
    now = _now()
    outcomes: list[SignOutcome | None] = [None] * len(requests)
    requests = _signers_read(requests, outcomes)
    petitions = selectors.petitions_for_signing(
        hromada=hromada, petition_ids=[r.petition_id for r in requests]
    )
    for index, request in enumerate(requests):
        if outcomes[index] is not None:
            continue
        with _speaking(request.language):
            try:
                require(is_authenticated, request.signer)
                petition = petitions.get(request.petition_id)
                if petition is None:
                    raise NotFoundError(_("No such petition."))
                _signable(petition, now)
            except ApplicationError as error:
                outcomes[index] = error
    _sign_rate_limits(requests, outcomes)
    for index, request in enumerate(requests):
        if outcomes[index] is not None:
            continue
        rules = petitions[request.petition_id].rules
        assert rules is not None  # _signable
        with _speaking(request.language):
            try:
                _check_eligible(_signer(request), rules, level=rules.sign_level, creating=False)
                if request.against and not rules.against_allowed:
                    raise ApplicationError(
                        _("This petition takes no votes against."),
                        code="against_not_allowed",
                        fields={"against": [_("This petition takes no votes against.")]},
                    )
            except ApplicationError as error:
                outcomes[index] = error
    accepted = [i for i, outcome in enumerate(outcomes) if outcome is None]
    if accepted:
        for attempt in range(SIGN_ATTEMPTS):
            try:
                with transaction.atomic():
                    written = _signatures_write(hromada, requests, accepted, petitions, now)
                break
            except IntegrityError:
                if attempt == SIGN_ATTEMPTS - 1:
                    raise
        for index, outcome in written.items():
            outcomes[index] = outcome
    return [outcome for outcome in outcomes if outcome is not None]


def _receipt_title(petition_id: int) -> str:
    return gettext_lazy("Signature under petition %(number)s") % {"number": petition_id}


def _signer(request: SignRequest) -> User:
    """The request's person, once :func:`_signers_read` has read it."""
    assert not isinstance(request.signer, int | UnresolvedToken), "signers are read first"
    return request.signer


def _signers_read(requests: Sequence[SignRequest], outcomes: list[SignOutcome | None]) -> list[SignRequest]:
    """The requests with every signer given by token or id read: the tokens resolved in one query, the
    people in another; an unknown, revoked or expired token or an inactive person is 401."""
    tokens = api_tokens_resolve(
        digests=[r.signer.digest for r in requests if isinstance(r.signer, UnresolvedToken)]
    )
    # Each signer as the person, their id, or None (a token that resolved to nobody).
    given = [
        tokens.get(r.signer.digest) if isinstance(r.signer, UnresolvedToken) else r.signer for r in requests
    ]
    people = active_persons(user_ids=[signer for signer in given if isinstance(signer, int)])
    read = []
    for index, (request, signer) in enumerate(zip(requests, given, strict=True)):
        if signer is None or isinstance(signer, int):
            person = people.get(signer) if signer is not None else None
            if person is None:
                with _speaking(request.language):
                    outcomes[index] = ApplicationError(
                        _("Log in or send a valid API token (Authorization: Bearer …)."),
                        code="unauthenticated",
                        status=401,
                    )
            else:
                request = replace(request, signer=person)
        read.append(request)
    return read


def _speaking(language: str | None) -> AbstractContextManager[None]:
    """Messages of a request in a batch are in that request's language."""
    if not language or language == translation.get_language():
        return nullcontext()  # the usual case: a batch mostly speaks its leader's language
    return translation.override(language)


def _sign_rate_limits(requests: Sequence[SignRequest], outcomes: list[SignOutcome | None]) -> None:
    """Count the batch's hits in one upsert: every request's deferred write hit (per address) and the
    per-account signing limit of each request still open; refuse (429) the requests over a limit."""
    if not settings.HROMADA_RATE_LIMITS:
        return
    limit, window = SIGN_LIMIT_PER_ACCOUNT
    items: list[ratelimit.Hit] = []
    owners: list[int] = []
    for index, request in enumerate(requests):
        if request.write_hit is not None:
            # Counted for the signer once known (a token's person), else for the address.
            write_key = (
                f"write:user:{_signer(request).pk}" if outcomes[index] is None else request.write_hit[0]
            )
            items.append((write_key, *request.write_hit[1:]))
            owners.append(index)
        if outcomes[index] is None:
            items.append((f"petition_sign:user:{_signer(request).pk}", limit, window))
            owners.append(index)
    if not items:
        return
    for index, (allowed, retry_after) in zip(owners, ratelimit.hits(items), strict=True):
        if not allowed and outcomes[index] is None:
            with _speaking(requests[index].language):
                outcomes[index] = RateLimitedError(
                    _("Too many signatures in a short time. Please wait a little and try again."),
                    retry_after=retry_after,
                )


def _signatures_write(
    hromada: Hromada,
    requests: Sequence[SignRequest],
    accepted: Sequence[int],
    petitions: dict[int, Petition],
    now: dt.datetime,
) -> dict[int, SignOutcome]:
    """The batch's writes (inside its transaction): outcomes of the accepted requests by index."""
    existing = _signatures_existing(
        petition_ids={requests[i].petition_id for i in accepted},
        signer_ids={_signer(requests[i]).pk for i in accepted},
    )
    outcomes: dict[int, SignOutcome] = {}
    signing: list[int] = []
    taken: set[tuple[int, int]] = set()
    for index in accepted:
        request = requests[index]
        pair = (request.petition_id, _signer(request).pk)
        current = existing.get(pair)
        with _speaking(request.language):
            if pair in taken or (current is not None and current.status == SignatureStatus.VALID):
                outcomes[index] = ConflictError(
                    _("You have already signed this petition."), code="already_signed"
                )
            elif current is not None and current.status == SignatureStatus.INVALIDATED:
                outcomes[index] = ConflictError(
                    _("Your signature under this petition was invalidated and cannot be given again."),
                    code="signature_invalidated",
                )
            else:
                taken.add(pair)
                signing.append(index)
    if not signing:
        return outcomes
    receipts = ledger_append_many(
        hromada=hromada,
        entries=[
            _entry(
                petitions[requests[i].petition_id],
                "signed",
                actor=None,
                include_actor=False,
                payload={"against": requests[i].against},
                people=[_signer(requests[i])],
            )
            for i in signing
        ],
    )
    personal = receipts_keep_many(
        items=[
            ReceiptToKeep(
                user=_signer(requests[i]),
                receipt=receipt,
                reference=_signer(requests[i]),
                title=gettext_lazy("Signature under petition %(number)s")
                % {"number": requests[i].petition_id},
            )
            for i, receipt in zip(signing, receipts, strict=True)
        ]
    )
    fresh: list[tuple[int, Signature]] = []
    for index, receipt, kept in zip(signing, receipts, personal, strict=True):
        request = requests[index]
        signer = _signer(request)
        signature = existing.get((request.petition_id, signer.pk)) or Signature(
            hromada_id=hromada.pk, petition_id=request.petition_id, signer=signer
        )
        signature.status = SignatureStatus.VALID
        signature.against, signature.show_name = request.against, request.show_name
        signature.public_name = signer.full_name[:200] if request.show_name else ""
        signature.district_id = signer.district_id
        signature.signed_at, signature.signed_on, signature.changed_at = now, clocks.local_date(now), now
        signature.network = fraud.network_of(request.address) if request.address else ""
        signature.email_domain = fraud.email_domain(signer.email)
        signature.receipt_id, signature.personal_receipt_id = receipt.receipt_id, kept.pk
        if signature.pk is None:
            fresh.append((index, signature))
        else:  # a withdrawn signature given again (rare): its row, locked above
            signature.save(update_fields=_SIGNED_FIELDS)
        outcomes[index] = SignatureResult(
            signature=signature, receipt=receipt, personal_receipt_id=kept.pk, created=True
        )
    # One multi-row INSERT, in (petition, signer) order so that concurrent batches wait for each
    # other's rows in one order; a pair a concurrent batch committed meanwhile raises IntegrityError.
    fresh.sort(key=lambda item: (item[1].petition_id, item[1].signer_id))
    insert_rows([signature for _index, signature in fresh])
    return outcomes


_SIGNED_FIELDS = [
    "status",
    "against",
    "show_name",
    "public_name",
    "district",
    "signed_at",
    "signed_on",
    "changed_at",
    "network",
    "email_domain",
    "receipt_id",
    "personal_receipt_id",
]


def _signatures_existing(*, petition_ids: set[int], signer_ids: set[int]) -> dict[tuple[int, int], Signature]:
    """The batch's existing signatures (a superset of its pairs), locked: one hand-written SELECT."""
    table = Signature._meta.db_table
    petitions, signers = sorted(petition_ids), sorted(signer_ids)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    of_petitions, petition_params = any_of("petition_id", petitions)
    of_signers, signer_params = any_of("signer_id", signers)
    sql = (
        f"SELECT id, petition_id, signer_id, status FROM {table} "  # noqa: S608 - our own table
        f"WHERE {of_petitions} AND {of_signers} ORDER BY petition_id, signer_id{lock}"
    )
    with hot_cursor() as cursor:
        cursor.execute(sql, [*petition_params, *signer_params])
        rows = cursor.fetchall()
    fields = ["id", "petition_id", "signer_id", "status"]
    return {(row[1], row[2]): Signature.from_db(DEFAULT_DB_ALIAS, fields, list(row)) for row in rows}


@transaction.atomic
def signature_withdraw(*, petition: Petition, signer: User) -> Signature:
    """The signer withdraws their signature while the petition is collecting (logged)."""
    require(is_authenticated, signer)
    petition = _locked(petition)
    ensure(
        petition.status == PetitionStatus.COLLECTING,
        _("A signature can be withdrawn only while the petition is collecting signatures."),
        code="not_collecting",
    )
    signature = (
        Signature.objects.select_for_update()
        .filter(petition=petition, signer=signer, status=SignatureStatus.VALID)
        .first()
    )
    if signature is None:
        raise NotFoundError(_("You have not signed this petition."), code="not_signed")
    now = _now()
    signature.status = SignatureStatus.WITHDRAWN
    signature.changed_at = now
    signature.save(update_fields=["status", "changed_at"])
    _log(petition, "signature_withdrawn", actor=None, include_actor=False, people=[signer])
    return signature


@transaction.atomic
def signatures_invalidate_bulk(
    *,
    petition: Petition,
    actor: User,
    reason: str,
    signature_ids: Iterable[int] = (),
    network: str = "",
    email_domain: str = "",
) -> int:
    """A moderator invalidates signatures (by id, or all from one network / e-mail domain) with a reason.

    Logged as one ``petition.signatures_invalidated`` entry with the count; the petition's counts are
    recomputed in the same transaction. Returns how many signatures were invalidated.
    """
    petition = _locked(petition)
    require(can_moderate, actor, petition.hromada)
    reason = reason.strip()
    ensure(len(reason) >= 10, _("Give the reason (at least 10 characters)."), field="reason")
    ids = [int(i) for i in signature_ids]
    ensure(ids or network or email_domain, _("Choose which signatures to invalidate."), field="signature_ids")
    scope = Signature.objects.filter(petition=petition, status=SignatureStatus.VALID)
    selector = Q(pk__in=ids) if ids else Q()
    if network:
        selector &= Q(network=network)
    if email_domain:
        selector &= Q(email_domain=email_domain.lower())
    count = scope.filter(selector).update(
        status=SignatureStatus.INVALIDATED, invalidation_reason=reason[:300], changed_at=_now()
    )
    _log(
        petition,
        "signatures_invalidated",
        actor=actor,
        payload={
            "count": count,
            "reason_sha256": hashlib.sha256(reason.encode()).hexdigest(),
            "by": "ids" if ids else ("network" if network else "email_domain"),
        },
    )
    _recount([petition.pk])
    return count


# ---------------------------------------------------------------------------------------- aggregation


def _recount(petition_ids: list[int], now: dt.datetime | None = None) -> dict[int, tuple[int, int]]:
    """Recompute tallies, day and district counts of the petitions in the caller's transaction.

    One grouped read over the petitions' valid signatures, then the aggregate rows are replaced.
    Returns {petition id: (for, against)}.
    """
    if not petition_ids:
        return {}
    now = now or _now()
    # Serialise recounts of the same petitions (several workers may run the job).
    list(PetitionTally.objects.select_for_update().filter(petition_id__in=petition_ids).values_list("pk"))
    rows = (
        Signature.objects.filter(petition_id__in=petition_ids, status=SignatureStatus.VALID)
        .values("petition_id", "hromada_id", "signed_on", "district_id", "against")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals: dict[int, list[int]] = {pid: [0, 0] for pid in petition_ids}
    owners: dict[int, int] = {}
    days: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    districts: dict[tuple[int, int | None], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        pid, side = row["petition_id"], 1 if row["against"] else 0
        owners[pid] = row["hromada_id"]
        totals[pid][side] += row["n"]
        days[(pid, row["signed_on"])][side] += row["n"]
        districts[(pid, row["district_id"])][side] += row["n"]
    if len(owners) < len(petition_ids):
        owners.update(
            Petition.objects.filter(pk__in=[p for p in petition_ids if p not in owners]).values_list(
                "pk", "hromada_id"
            )
        )
    SignatureDayCount.objects.filter(petition_id__in=petition_ids).delete()
    SignatureDistrictCount.objects.filter(petition_id__in=petition_ids).delete()
    SignatureDayCount.objects.bulk_create(
        [
            SignatureDayCount(
                hromada_id=owners[pid], petition_id=pid, day=day, count_for=c[0], count_against=c[1]
            )
            for (pid, day), c in days.items()
        ]
    )
    SignatureDistrictCount.objects.bulk_create(
        [
            SignatureDistrictCount(
                hromada_id=owners[pid],
                petition_id=pid,
                district_id=district,
                count_for=c[0],
                count_against=c[1],
            )
            for (pid, district), c in districts.items()
        ]
    )
    PetitionTally.objects.bulk_create(
        [
            PetitionTally(
                petition_id=pid, hromada_id=owners[pid], count_for=c[0], count_against=c[1], counted_at=now
            )
            for pid, c in totals.items()
            if pid in owners
        ],
        update_conflicts=True,
        unique_fields=["petition"],
        update_fields=["count_for", "count_against", "counted_at"],
    )
    return {pid: (c[0], c[1]) for pid, c in totals.items()}


def petition_counts_refresh(*, petition_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Recount the petitions now (one transaction) and move those at their threshold on.

    Returns {petition id: (signatures for, against)}.
    """
    return _refresh(petition_ids)[0]


def _refresh(
    petition_ids: list[int], now: dt.datetime | None = None
) -> tuple[dict[int, tuple[int, int]], list[int]]:
    with transaction.atomic():
        counts = _recount(sorted(set(petition_ids)), now)
    return counts, _thresholds(counts)


def _thresholds(counts: dict[int, tuple[int, int]]) -> list[int]:
    if not counts:
        return []
    reached = list(
        Petition.objects.filter(pk__in=list(counts), status=PetitionStatus.COLLECTING)
        .select_related("rules")
        .only("pk", "rules__signature_threshold")
    )
    moved = []
    for petition in reached:
        assert petition.rules is not None
        if counts[petition.pk][0] >= petition.rules.signature_threshold:
            try:
                petition_threshold_reach(petition=petition)
                moved.append(petition.pk)
            except ApplicationError:  # another worker got there first
                continue
    return moved


@transaction.atomic
def petition_threshold_reach(*, petition: Petition) -> Petition:
    """The count reached the threshold: signing stops; forwarding is scheduled for the next working day."""
    petition = _locked(petition)
    assert petition.rules is not None or petition.status != PetitionStatus.COLLECTING
    tally = PetitionTally.objects.filter(petition=petition).first()
    count = tally.count_for if tally is not None else 0
    ensure(
        petition.rules is not None and count >= petition.rules.signature_threshold,
        _("The petition has not reached its threshold."),
        code="petition_status",
    )
    old = _transition(petition, PetitionStatus.THRESHOLD_REACHED)
    now = _now()
    petition.threshold_reached_at = now
    petition.closed_at = now
    petition.forward_on = clocks.forward_day(calendar_for(hromada=petition.hromada), threshold_reached_at=now)
    petition.save(update_fields=["status", "threshold_reached_at", "closed_at", "forward_on", "updated_at"])
    _log(
        petition,
        "threshold_reached",
        actor=None,
        payload={"from": old, "signatures": count, "forward_on": _iso(petition.forward_on)},
    )
    _notify(
        hromada=petition.hromada,
        recipients=[petition.author],
        kind="petitions.threshold_reached",
        title=_("Your petition has collected the signatures it needs: %(title)s") % {"title": petition.title},
        url=_petition_url(petition),
    )
    return petition


@transaction.atomic
def petition_forward(*, petition: Petition, actor: User | None = None) -> Petition:
    """Forward a petition that reached its threshold to the addressee: "consideration started" is
    published and the answer clock (working days) starts. Run by the job on the next working day, or by
    staff of the hromada earlier."""
    petition = _locked(petition)
    if actor is not None:
        require(works_for_hromada, actor, petition.hromada)
    old = _transition(petition, PetitionStatus.UNDER_CONSIDERATION)
    assert petition.rules is not None
    now = _now()
    calendar = calendar_for(hromada=petition.hromada)
    petition.forwarded_at = now
    petition.answer_due_at = clocks.answer_due(
        calendar, forwarded_on=clocks.local_date(now), working_days=petition.rules.answer_working_days
    )
    petition.save(update_fields=["status", "forwarded_at", "answer_due_at", "updated_at"])
    _log(
        petition,
        "forwarded",
        actor=actor,
        payload={
            "from": old,
            "addressee": petition.addressee.kind,
            "answer_due": _iso(petition.answer_due_at),
        },
    )
    return petition


def _answer_document(petition: Petition, document: CleanUpload | None) -> CleanUpload | None:
    if document is not None:
        ensure(
            document.content_type in ANSWER_DOCUMENT_TYPES,
            _("Attach the decision as a PDF or an image."),
            field="document",
        )
    return document


@transaction.atomic
def petition_answer(
    *,
    petition: Petition,
    actor: User,
    decision: str,
    text: str,
    document: CleanUpload | None = None,
) -> PetitionAnswer:
    """The addressee's answer (staff of the hromada): supported / not supported with reasons and the
    decision document (a file already cleaned by ``core.uploads.clean_upload``). An expired petition is
    answered as an ordinary appeal (decision ``appeal_answered``)."""
    petition = _locked(petition)
    require(works_for_hromada, actor, petition.hromada)
    text = text.strip()
    errors: dict[str, list[str]] = {}
    allowed = (
        [PetitionAnswer.Decision.APPEAL_ANSWERED]
        if petition.status == PetitionStatus.EXPIRED
        else [PetitionAnswer.Decision.SUPPORTED, PetitionAnswer.Decision.NOT_SUPPORTED]
    )
    if decision not in allowed:
        errors["decision"] = [_("Choose whether the petition is supported.")]
    if len(text) < 20:
        errors["text"] = [_("Give the reasons for the decision (at least 20 characters).")]
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), fields=errors)
    _answer_document(petition, document)
    old = _transition(petition, PetitionStatus.ANSWERED)
    now = _now()
    on_time = petition.answer_due_at is None or now <= petition.answer_due_at
    petition.answered_at = now
    petition.save(update_fields=["status", "answered_at", "updated_at"])
    answer = PetitionAnswer(
        hromada_id=petition.hromada_id,
        petition=petition,
        decision=decision,
        text=text,
        answered_by=actor,
        answered_at=now,
        on_time=on_time,
    )
    if document is not None:
        answer.document.save(document.original_name, document.as_file(), save=False)
    answer.save()
    _log(
        petition,
        "answered",
        actor=actor,
        payload={
            "from": old,
            "decision": decision,
            "on_time": on_time,
            "answer_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "document_sha256": hashlib.sha256(document.content).hexdigest() if document is not None else None,
        },
    )
    hromada, petition_id, title = petition.hromada, petition.pk, petition.title
    _notify(
        hromada=hromada,
        recipients=[petition.author],
        kind="petitions.answered",
        title=_("Your petition has been answered: %(title)s") % {"title": title},
        url=_petition_url(petition),
    )

    def notify_signers() -> None:
        from .tasks import petition_notify_signers

        petition_notify_signers.enqueue(petition_id=petition_id)

    transaction.on_commit(notify_signers, robust=True)
    return answer


@transaction.atomic
def petition_add_update(*, petition: Petition, actor: User, text: str) -> PetitionUpdate:
    """Staff report how an answered petition is being implemented (public, logged)."""
    petition = _locked(petition)
    require(works_for_hromada, actor, petition.hromada)
    ensure(petition.status == PetitionStatus.ANSWERED, _("Updates follow an answer."), code="petition_status")
    text = text.strip()
    ensure(len(text) >= 10, _("Write the update (at least 10 characters)."), field="text")
    update = PetitionUpdate.objects.create(
        hromada_id=petition.hromada_id, petition=petition, text=text, author=actor
    )
    _log(
        petition,
        "updated",
        actor=actor,
        payload={"update": update.pk, "text_sha256": hashlib.sha256(text.encode()).hexdigest()},
    )
    return update


# ---------------------------------------------------------------------------------------------- jobs


@transaction.atomic
def _expire_one(petition: Petition, now: dt.datetime) -> bool:
    petition = _locked(petition)
    if petition.status != PetitionStatus.COLLECTING or petition.collection_ends_at is None:
        return False
    if petition.collection_ends_at >= now:
        return False
    assert petition.rules is not None
    old = _transition(petition, PetitionStatus.EXPIRED)
    petition.expired_at = now
    petition.closed_at = now
    petition.answer_due_at = clocks.appeal_due(expired_at=now, days=petition.rules.appeal_answer_days)
    petition.save(update_fields=["status", "expired_at", "closed_at", "answer_due_at", "updated_at"])
    tally = PetitionTally.objects.filter(petition=petition).values_list("count_for", flat=True).first() or 0
    _log(
        petition,
        "expired",
        actor=None,
        payload={"from": old, "signatures": tally, "appeal_answer_due": _iso(petition.answer_due_at)},
    )
    _notify(
        hromada=petition.hromada,
        recipients=[petition.author],
        kind="petitions.expired",
        title=_("Your petition did not collect enough signatures: %(title)s") % {"title": petition.title},
        body=_("It will be answered as an ordinary appeal within a month."),
        url=_petition_url(petition),
    )
    return True


def petitions_expire(*, now: dt.datetime | None = None) -> int:
    """Close collecting petitions whose term ended without the threshold (counted first, so a last-second
    signature still counts); each becomes an ordinary appeal with its own answer clock. Returns how many
    expired."""
    now = now or _now()
    due = list(
        Petition.objects.filter(status=PetitionStatus.COLLECTING, collection_ends_at__lt=now).values_list(
            "pk", flat=True
        )
    )
    if not due:
        return 0
    petition_counts_refresh(petition_ids=due)
    expired = 0
    for petition in Petition.objects.filter(pk__in=due, status=PetitionStatus.COLLECTING):
        expired += _expire_one(petition, now)
    return expired


def petitions_forward_due(*, today: dt.date | None = None) -> int:
    """Forward every petition whose forwarding day (the working day after the threshold) has come."""
    today = today or clocks.local_date(_now())
    forwarded = 0
    for petition in Petition.objects.filter(status=PetitionStatus.THRESHOLD_REACHED, forward_on__lte=today):
        try:
            petition_forward(petition=petition)
            forwarded += 1
        except ApplicationError:
            continue
    return forwarded


def petitions_anonymise(*, now: dt.datetime | None = None) -> int:
    """Hide signatories' names (and drop anti-fraud network/domain data) of petitions closed longer than
    their rules' period; the ledger's commitments stay. Returns how many petitions were anonymised."""
    now = now or _now()
    done = 0
    candidates = Petition.objects.filter(
        closed_at__isnull=False, names_hidden_at__isnull=True, rules__isnull=False
    ).select_related("rules")
    for petition in candidates:
        assert petition.rules is not None and petition.closed_at is not None
        if petition.closed_at + dt.timedelta(days=petition.rules.names_hidden_after_days) > now:
            continue
        with transaction.atomic():
            locked = _locked(petition)
            if locked.names_hidden_at is not None:
                continue
            hidden = Signature.objects.filter(petition=locked).update(
                public_name="", network="", email_domain=""
            )
            locked.names_hidden_at = now
            locked.save(update_fields=["names_hidden_at", "updated_at"])
            _log(locked, "names_hidden", actor=None, payload={"signatures": hidden})
        done += 1
    return done


AGGREGATE_MARK = "petitions.aggregate"


def _dirty_petitions(now: dt.datetime) -> list[int]:
    """Petitions with signature changes since the previous aggregation started (minus a margin for
    transactions that were still open then), so a worker that was stopped for a while catches up."""
    since = now - RECOUNT_WINDOW
    last = JobMark.objects.filter(name=AGGREGATE_MARK).values_list("at", flat=True).first()
    if last is not None:
        since = min(since, last - RECOUNT_WINDOW)
    return list(
        Signature.objects.filter(changed_at__gte=since)
        .values_list("petition_id", flat=True)
        .distinct()
        .order_by()
    )


def _mark(name: str, at: dt.datetime) -> None:
    JobMark.objects.bulk_create(
        [JobMark(name=name, at=at)], update_conflicts=True, unique_fields=["name"], update_fields=["at"]
    )


def _fraud_scan(petition_ids: list[int], now: dt.datetime) -> int:
    """Alert moderators once per petition, key and window about spikes of recent signatures."""
    since = now - FRAUD_WINDOW
    recent = Signature.objects.filter(
        petition_id__in=petition_ids, signed_at__gte=since, status=SignatureStatus.VALID
    )
    totals = dict(
        recent.values("petition_id").annotate(n=Count("pk")).order_by().values_list("petition_id", "n")
    )
    if not totals or max(totals.values()) < fraud.Thresholds().min_count:
        return 0
    networks: dict[int, dict[str, int]] = defaultdict(dict)
    domains: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, key, n in (
        recent.values("petition_id", "network")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("petition_id", "network", "n")
    ):
        networks[pid][key] = n
    for pid, key, n in (
        recent.values("petition_id", "email_domain")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("petition_id", "email_domain", "n")
    ):
        domains[pid][key] = n
    window_start = now - dt.timedelta(seconds=now.timestamp() % FRAUD_WINDOW.total_seconds())
    raised = 0
    for pid, total in totals.items():
        for spike in fraud.detect(total=total, networks=networks[pid], domains=domains[pid]):
            raised += _fraud_alert(pid, spike, window_start)
    return raised


@transaction.atomic
def _fraud_alert(petition_id: int, spike: fraud.Spike, window_start: dt.datetime) -> int:
    petition = Petition.objects.select_related("hromada").get(pk=petition_id)
    _alert, created = FraudAlert.objects.get_or_create(
        petition=petition,
        kind=spike.kind,
        key=spike.key,
        window_start=window_start,
        defaults={"hromada_id": petition.hromada_id, "count": spike.count, "share": spike.share},
    )
    if not created:
        return 0
    _notify(
        hromada=petition.hromada,
        recipients=_moderators(petition.hromada),
        kind="petitions.fraud_alert",
        title=_("Unusual signatures under petition %(number)s: %(count)d from %(key)s")
        % {"number": petition.pk, "count": spike.count, "key": spike.key},
        body=_("%(share)d%% of the signatures of the last 10 minutes came from this %(kind)s.")
        % {"share": round(spike.share * 100), "kind": FraudAlert.Kind(spike.kind).label},
        url=_petition_url(petition),
    )
    return 1


def petitions_aggregate(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic aggregation (every 5 s): recount petitions with recent signature changes, move those
    at their threshold on, and scan them for spikes. Idempotent; safe on several workers."""
    now = now or _now()
    dirty = _dirty_petitions(now)
    counts, reached = _refresh(dirty, now) if dirty else ({}, [])
    alerts = _fraud_scan(dirty, now) if dirty else 0
    _mark(AGGREGATE_MARK, now)
    return {"recounted": len(counts), "threshold_reached": len(reached), "alerts": alerts}


def petitions_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The slower periodic job (every minute): expiry, forwarding on the working day, anonymisation."""
    now = now or _now()
    return {
        "expired": petitions_expire(now=now),
        "forwarded": petitions_forward_due(today=clocks.local_date(now)),
        "anonymised": petitions_anonymise(now=now),
    }

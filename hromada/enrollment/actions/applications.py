"""Applications: register a child, change the choices, withdraw; priority claims and their decisions."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.accounts.actions import audit_actor
from hromada.accounts.models import User, VerificationLevel
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError, ensure
from hromada.core.geo import contains
from hromada.core.permissions import require
from hromada.core.uploads import DOCUMENTS, IMAGES, clean_upload

from .. import facts
from ..models import Application, Choice, Group, Offer, PriorityClaim, ProofFile, Round, State, Territory
from ..permissions import checks_documents
from ..selectors import round_rules
from ._common import _lock_rounds, _log_application_event


@dataclass(frozen=True)
class ClaimIn:
    """A claimed category with its proof (document kind and number, as the parent typed them)."""

    category: str
    proof: str = ""
    expires_on: dt.date | None = None


def _round_open(round: Round) -> bool:
    now = clock.now()
    return round.status == Round.Status.OPEN and round.opens_at <= now < round.closes_at


def _choices_checked(*, round: Round, group_ids: Sequence[int], birth_date: dt.date) -> list[Group]:
    ensure(group_ids, _("Choose at least one institution."), field="choices")
    ensure(len(set(group_ids)) == len(group_ids), _("Each institution can be chosen once."), field="choices")
    ensure(
        len(group_ids) <= round.max_choices,
        _("You can choose at most %(count)d institutions in this round.") % {"count": round.max_choices},
        field="choices",
    )
    groups = {
        g.pk: g for g in Group.objects.filter(round=round, pk__in=group_ids).select_related("institution")
    }
    ensure(len(groups) == len(group_ids), _("A chosen group is not part of this round."), field="choices")
    age = facts.age_months(birth_date, facts.band_day(round.school_year))
    for gid in group_ids:
        group = groups[gid]
        if not group.min_age_months <= age <= group.max_age_months:
            raise ApplicationError(
                _(
                    "%(group)s takes children of another age; on 1 September the child will be "
                    "%(years)d years %(months)d months old."
                )
                % {"group": group, "years": age // 12, "months": age % 12},
                code="wrong_age",
                fields={"choices": [_("A chosen group does not take children of this age.")]},
            )
    return [groups[g] for g in group_ids]


def _in_territory(*, territory: Territory | None, street: str, lat: float | None, lon: float | None) -> bool:
    if territory is None or territory.published_at is None:
        return False
    if territory.boundary and lat is not None and lon is not None and contains(territory.boundary, lon, lat):
        return True
    return bool(street) and street in set(territory.streets or [])


def _write_choices(application: Application, groups: Sequence[Group]) -> None:
    territories = {
        t.institution_id: t
        for t in Territory.objects.filter(institution_id__in=[g.institution_id for g in groups])
    }
    Choice.objects.bulk_create(
        Choice(
            application=application,
            group=g,
            rank=rank,
            in_territory=_in_territory(
                territory=territories.get(g.institution_id),
                street=application.street,
                lat=application.lat,
                lon=application.lon,
            ),
        )
        for rank, g in enumerate(groups, start=1)
    )


def _claims_checked(round: Round, claims: Sequence[ClaimIn]) -> None:
    rules, local = round_rules(round)
    known = set(rules.category_codes()) | {c.code for c in local}
    seen = set()
    for claim in claims:
        ensure(claim.category in known, _("This round knows no such priority category."), field="claims")
        ensure(claim.category not in seen, _("Each category can be claimed once."), field="claims")
        seen.add(claim.category)


@transaction.atomic
def application_register(
    *,
    round: Round,
    parent: User,
    child_name: str,
    birth_date: dt.date,
    certificate: str,
    address: str,
    group_ids: Sequence[int],
    claims: Sequence[ClaimIn] = (),
    consent: bool,
    lat: float | None = None,
    lon: float | None = None,
) -> Application:
    """Register a child in an open round: one active application per child (by the salted hash of the
    birth certificate, a database constraint), the choices in order, the claimed categories pending until
    staff check the proof. The registration time is fixed here and never changes; the ledger gets an
    entry with the child as a commitment, and the parent keeps the receipt."""
    round = Round.objects.select_related("hromada").get(pk=round.pk)
    ensure(_round_open(round), _("This round is not taking applications."), code="round_closed")
    if parent.verification_level < VerificationLevel.STRONG:
        raise PermissionDeniedError(
            _("Only a parent with a verified identity can register a child."), code="not_verified"
        )
    ensure(consent, _("Please agree to the rules of the round."), field="consent")
    ensure(child_name.strip(), _("Enter the child's name."), field="child_name")
    normalised = facts.certificate_normalise(certificate)
    ensure(
        normalised is not None,
        _("Enter the birth certificate's series and number, e.g. І-БК 123456."),
        field="certificate",
    )
    assert normalised is not None
    ensure(birth_date <= clock.now().date(), _("The birth date is in the future."), field="birth_date")
    ensure(address.strip(), _("Enter the address where the child lives."), field="address")
    groups = _choices_checked(round=round, group_ids=group_ids, birth_date=birth_date)
    _claims_checked(round, claims)
    child_hash = facts.child_hash(normalised, pepper=settings.HROMADA_IDENTITY_PEPPER)
    refusal = _("This child already has an application in this round. Change its choices instead.")
    if Application.objects.filter(round=round, child_hash=child_hash).exclude(status="withdrawn").exists():
        raise ConflictError(refusal, code="already_applied")
    street = facts.street_key(address.split(",")[0]) if address else ""
    try:
        with transaction.atomic():
            application = Application.objects.create(
                hromada=round.hromada,
                round=round,
                parent=parent,
                public_id=secrets.token_hex(5),
                child_hash=child_hash,
                child_name=child_name.strip(),
                birth_date=birth_date,
                certificate_tail=normalised[-3:],
                address=address.strip(),
                street=street,
                lat=lat,
                lon=lon,
                registered_at=clock.now(),
            )
    except IntegrityError:
        # The same child registered at the same moment by another request: that one won.
        raise ConflictError(refusal, code="already_applied") from None
    _write_choices(application, groups)
    PriorityClaim.objects.bulk_create(
        PriorityClaim(
            hromada=round.hromada,
            application=application,
            category=c.category,
            proof=c.proof.strip(),
            proof_expires_on=c.expires_on,
        )
        for c in claims
    )
    application.receipt_id = _log_application_event(
        application=application,
        kind="enrollment.registered",
        payload={
            "registered_at": application.registered_at.isoformat(),
            "choices": [g.public_id for g in groups],
            "claimed": sorted(c.category for c in claims),
        },
    )
    application.save(update_fields=["receipt_id"])
    return application


def _own(application: Application, parent: User) -> Application:
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("round", "hromada", "parent")
        .get(pk=application.pk)
    )
    if application.parent_id != parent.pk:
        raise PermissionDeniedError(_("This is not your application."))
    return application


def application_choices_change(
    *, application: Application, parent: User, group_ids: Sequence[int]
) -> Application:
    """Change the institutions and their order while the round is open (the registration time stays).
    After the deadline the change is refused, and the refusal itself is logged."""
    with transaction.atomic():
        application = _own(application, parent)
        round = application.round
        if not _round_open(round):
            _log_application_event(
                application=application,
                kind="enrollment.change_refused",
                payload={"reason": "after_deadline" if clock.now() >= round.closes_at else "round_not_open"},
            )
            refused = True
        else:
            refused = False
            ensure(application.state == State.ACTIVE, _("This application can no longer change."))
            groups = _choices_checked(round=round, group_ids=group_ids, birth_date=application.birth_date)
            application.choices.all().delete()
            _write_choices(application, groups)
            _log_application_event(
                application=application,
                kind="enrollment.choices_changed",
                payload={"choices": [g.public_id for g in groups]},
            )
    if refused:
        raise ApplicationError(
            _("Applications of this round can no longer be changed. The attempt was recorded."),
            code="round_closed",
        )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, parent: User) -> Application:
    """Take the child out of the round; a place offered or accepted goes to the next on the list."""
    from .offers import vacancy_fill

    _lock_rounds([application.round_id])
    application = _own(application, parent)
    ensure(
        application.state in (State.ACTIVE, State.OFFERED, State.ACCEPTED),
        _("This application can no longer be withdrawn."),
    )
    live = (
        Offer.objects.select_for_update(of=("self",))
        .filter(application=application, status__in=("open", "accepted"))
        .first()
    )
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    _log_application_event(application=application, kind="enrollment.withdrawn", payload={})
    if live is not None:
        live.status = Offer.Status.RELEASED
        live.answered_at = clock.now()
        live.save(update_fields=["status", "answered_at", "updated_at"])
        vacancy_fill(group=live.group)
    return application


@transaction.atomic
def claim_decide(*, claim: PriorityClaim, official: User, grant: bool, reason: str = "") -> PriorityClaim:
    """Grant or refuse a priority claim after checking its proof; the decision cites the rule and is
    logged. A claim whose proof expired before the deadline cannot be granted."""
    claim = (
        PriorityClaim.objects.select_for_update()
        .select_related("application__round", "hromada")
        .get(pk=claim.pk)
    )
    require(checks_documents, official, claim.hromada)
    ensure(claim.status == PriorityClaim.Status.PENDING, _("This claim was already decided."), code="decided")
    application = claim.application
    rules, local = round_rules(application.round)
    sources = {c.code: c.source for c in rules.categories} | {c.code: c.decision for c in local}
    if grant:
        ensure(claim.files.exists(), _("A priority needs an uploaded proof document."), code="no_proof")
        ensure(
            claim.proof_expires_on is None or claim.proof_expires_on >= clock.now().date(),
            _("The proof has expired."),
            code="proof_expired",
        )
    elif not reason.strip():
        raise ApplicationError(
            _("Say why the claim is refused."), fields={"reason": [_("Say why the claim is refused.")]}
        )
    claim.status = PriorityClaim.Status.GRANTED if grant else PriorityClaim.Status.REFUSED
    claim.rule = sources.get(claim.category, "")
    claim.reason = reason.strip()
    claim.decided_by = official
    claim.decided_at = clock.now()
    claim.save()
    _log_application_event(
        application=application,
        kind="enrollment.priority_granted" if grant else "enrollment.priority_refused",
        payload={
            "category": claim.category,
            "rule": claim.rule,
            "decided_by": audit_actor(user=official, hromada=claim.hromada).as_payload(),
        },
    )
    notify_on_commit(
        hromada=claim.hromada,
        recipients=[application.parent],
        kind="enrollment.claim_decided",
        params={"number": application.public_id, "status": claim.get_status_display()},
    )
    return claim


MAX_PROOF_FILES = 5


@transaction.atomic
def claim_proof_attach(
    *, claim: PriorityClaim, parent: User, data: bytes | IO[bytes], filename: str
) -> ProofFile:
    """Attach a scan or photo proving a pending claim: core's upload policy cleans it (size limit, type
    sniffed from the content, images re-encoded without metadata, PDFs checked). The claim stays pending
    until staff check it; the log records that a proof was added (never the file or its hash)."""
    claim = PriorityClaim.objects.select_for_update().select_related("application").get(pk=claim.pk)
    application = _own(claim.application, parent)
    ensure(
        claim.status == PriorityClaim.Status.PENDING,
        _("Proof can be added only to a claim waiting for the check."),
        code="decided",
    )
    ensure(
        claim.files.count() < MAX_PROOF_FILES,
        _("A claim can have at most %(count)d files.") % {"count": MAX_PROOF_FILES},
        code="too_many_files",
    )
    clean = clean_upload(data, filename=filename, allowed=IMAGES | DOCUMENTS)
    proof = ProofFile(hromada=claim.hromada, claim=claim, content_type=clean.content_type, size=clean.size)
    proof.file.save(f"proof.{clean.extension}", clean.as_file(), save=False)
    proof.save()
    _log_application_event(
        application=application,
        kind="enrollment.proof_added",
        payload={"category": claim.category, "files": claim.files.count()},
    )
    return proof


@transaction.atomic
def claims_expire(*, round: Round) -> int:
    """Mark granted claims whose proof expired (before the round's deadline counts) and log each."""
    today = min(clock.now().date(), round.closes_at.date())
    expired = list(
        PriorityClaim.objects.select_for_update()
        .filter(application__round=round, status=PriorityClaim.Status.GRANTED, proof_expires_on__lt=today)
        .select_related("application__round", "application__parent", "application__hromada")
    )
    for claim in expired:
        claim.status = PriorityClaim.Status.EXPIRED
        claim.save(update_fields=["status", "updated_at"])
        _log_application_event(
            application=claim.application,
            kind="enrollment.priority_expired",
            payload={"category": claim.category, "expired_on": claim.proof_expires_on.isoformat()},  # type: ignore[union-attr]
        )
    return len(expired)


__all__ = [
    "ClaimIn",
    "application_choices_change",
    "application_register",
    "application_withdraw",
    "applications_erase",
    "claim_decide",
    "claim_proof_attach",
    "claims_expire",
]


ERASED = "erased"


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


@transaction.atomic
def applications_erase(*, person: User) -> int:
    """The erasure of a parent's data: active applications are withdrawn (a place goes to the next child),
    and every application keeps only what the public record needs (number, choices, status, lottery); the
    child's name, birth date (kept as 1 January of its year, for the open data's birth year), certificate
    tail and address are cleared."""
    count = 0
    _lock_rounds(Application.objects.filter(parent=person).values_list("round_id", flat=True))
    for application in Application.objects.select_for_update().filter(parent=person):
        if application.state in (State.ACTIVE, State.OFFERED, State.ACCEPTED):
            application_withdraw(application=application, parent=person)
            application.refresh_from_db()
        application.child_name = ERASED
        application.birth_date = application.birth_date.replace(month=1, day=1)
        application.certificate_tail = ""
        application.address = ERASED
        application.street = ""
        application.lat = application.lon = None
        application.save()
        PriorityClaim.objects.filter(application=application).update(proof="")
        proofs = ProofFile.objects.filter(claim__application=application)
        names = [p.file.name for p in proofs if p.file]
        proofs.delete()
        transaction.on_commit(functools.partial(_delete_files, names))
        count += 1
    return count

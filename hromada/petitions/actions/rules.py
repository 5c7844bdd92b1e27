"""Versions of a hromada's petition rules (a new version for each change; petitions keep theirs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.permissions import manages_hromada, roles_in
from hromada.core.errors import ensure
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.ledger.audit import AuditActor, audit_changes, audit_record

from ..models import MAX_COLLECTION_DAYS, AddresseeKind, PetitionRules

if TYPE_CHECKING:
    from hromada.accounts.models import User


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

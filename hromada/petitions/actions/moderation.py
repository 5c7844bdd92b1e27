"""Moderation: a moderator takes a submitted petition, publishes it or refuses it on a legal ground."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.permissions import can_moderate
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError, ensure
from hromada.core.permissions import require

from .. import clocks
from ..lifecycle import IN_MODERATION, OPEN
from ..models import Petition, PetitionStatus, PetitionTally, RejectionReason
from ._common import _iso, _locked, _log, _petition_url, _text_digest, _transition
from .petition import _rules_or_refuse

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def petition_moderation_take(*, petition: Petition, actor: User) -> Petition:
    """A moderator takes a submitted petition (other moderators see it is being handled)."""
    petition = _locked(petition)
    require(can_moderate, actor, petition.hromada)
    old = _transition(petition, PetitionStatus.MODERATION)
    petition.moderator = actor
    petition.moderation_started_at = clock.now()
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
    now = clock.now()
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
    notify_on_commit(
        hromada=petition.hromada,
        recipients=[petition.author],
        kind="petitions.published",
        params={"title": petition.title},
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
    petition.rejected_at = clock.now()
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
    notify_on_commit(
        hromada=petition.hromada,
        recipients=[petition.author],
        kind="petitions.rejected",
        params={"title": petition.title, "reason": text},
        url=_petition_url(petition),
    )
    return petition

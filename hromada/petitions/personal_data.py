"""The petitions' part of a person's data: petitions they wrote, their signatures, and (for officials)
what they decided.

Erasure (decisions per model in docs/accounts.md, "What erasure keeps"):

- a **draft** petition (never submitted, never in the log) is deleted;
- a submitted petition stays — it is a public procedure under art. 23-1 of the Law "On Citizens'
  Appeals", with its answer and deadlines — pointing at the anonymised account;
- a **signature** stays counted (its status, district and day feed the public counts; its commitment and
  receipt id stay in the log) but loses the name shown publicly, the consent to show it, and the
  anti-fraud network and mail domain;
- what an official did (rules versions, moderation, answers, implementation updates) stays: acts of public
  authority, pointing at the anonymised account.

The receipts (salts) themselves are the ledger's section.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .models import (
    Petition,
    PetitionAnswer,
    PetitionRules,
    PetitionStatus,
    PetitionUpdate,
    Signature,
    SignatureStatus,
)

# ---------------------------------------------------------------------------------------- selectors


def petitions_authored_by(*, person: User) -> list[Petition]:
    """Every petition the person wrote, in every hromada, oldest first."""
    return list(
        Petition.objects.filter(author=person)
        .select_related("hromada", "addressee")
        .order_by("created_at", "id")
    )


def signatures_given_by(*, person: User) -> list[Signature]:
    """Every signature of the person, in every hromada, oldest first."""
    return list(
        Signature.objects.filter(signer=person)
        .select_related("hromada", "petition", "district")
        .order_by("signed_at", "id")
    )


def _export(person: User) -> dict[str, Any]:
    return {
        "petitions": [
            {
                "id": p.pk,
                "hromada": p.hromada.name,
                "title": p.title,
                "text": p.text,
                "topic": str(p.get_topic_display()),
                "addressee": p.addressee.name,
                "status": p.status,
                "status_label": str(p.get_status_display()),
                "created_at": iso(p.created_at),
                "submitted_at": iso(p.submitted_at),
                "published_at": iso(p.published_at),
                "closed_at": iso(p.closed_at),
            }
            for p in petitions_authored_by(person=person)
        ],
        "signatures": [
            {
                "petition": s.petition_id,
                "petition_title": s.petition.title,
                "hromada": s.hromada.name,
                "against": s.against,
                "name_may_be_shown": s.show_name,
                "name_shown": s.public_name,
                "status": s.status,
                "status_label": str(SignatureStatus(s.status).label),
                "invalidation_reason": s.invalidation_reason,
                "district": s.district.name if s.district else None,
                "signed_at": iso(s.signed_at),
                "network": s.network,
                "email_domain": s.email_domain,
                "receipt_id": s.receipt_id,
            }
            for s in signatures_given_by(person=person)
        ],
        # Officials: what they decided (public acts, by reference).
        "rules_versions_written": [
            {"hromada": r.hromada.name, "version": r.version}
            for r in PetitionRules.objects.filter(created_by=person).select_related("hromada")
        ],
        "petitions_moderated": list(
            Petition.objects.filter(moderator=person).order_by("id").values_list("id", flat=True)
        ),
        "petitions_answered": list(
            PetitionAnswer.objects.filter(answered_by=person)
            .order_by("petition_id")
            .values_list("petition_id", flat=True)
        ),
        "implementation_updates_written": list(
            PetitionUpdate.objects.filter(author=person).order_by("id").values_list("petition_id", flat=True)
        ),
    }


# ------------------------------------------------------------------------------------------ actions


@transaction.atomic
def petition_drafts_delete(*, author: User) -> int:
    """Delete the person's unsubmitted drafts (private, never logged); returns how many."""
    deleted = 0
    for draft in Petition.objects.filter(author=author, status=PetitionStatus.DRAFT):
        draft.delete()
        deleted += 1
    return deleted


@transaction.atomic
def signatures_unname(*, signer: User) -> int:
    """Strip a person's signatures of everything that names them; they stay counted. Returns how many.

    ``changed_at`` is left alone: status, district and day do not change, so neither do the counts.
    """
    return Signature.objects.filter(signer=signer).update(
        public_name="", show_name=False, network="", email_domain=""
    )


def _erase(person: User) -> None:
    petition_drafts_delete(author=person)
    signatures_unname(signer=person)


def register() -> None:
    """Called from ``PetitionsConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="petitions",
            title=_("Petitions"),
            export=_export,
            erase=_erase,
            covers=(
                Petition.author,
                Petition.moderator,
                Signature.signer,
                PetitionRules.created_by,
                PetitionAnswer.answered_by,
                PetitionUpdate.author,
            ),
            order=50,
        )
    )

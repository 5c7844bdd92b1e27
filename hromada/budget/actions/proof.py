"""Proofs of ties to the hromada (work, study, …) declared by people and checked by officials."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.errors import ensure
from hromada.core.models import Hromada
from hromada.core.permissions import require

from ..models import EligibilityProof, ProofKind
from ..permissions import enters_ballots
from ._common import _actor_audit


@transaction.atomic
def eligibility_proof_declare(
    *, person: User, hromada: Hromada, kind: str, document: str = ""
) -> EligibilityProof:
    """A person declares a tie to the hromada (work, study, …) for an official to check."""
    ensure(kind in ProofKind.values, _("Unknown proof."), field="kind")
    proof, created = EligibilityProof.objects.get_or_create(
        hromada=hromada, person=person, kind=kind, defaults={"document": document.strip()[:200]}
    )
    if not created and proof.status == EligibilityProof.Status.REFUSED:
        proof.status = EligibilityProof.Status.PENDING
        proof.document = document.strip()[:200]
        proof.save(update_fields=["status", "document", "updated_at"])
    return proof


@transaction.atomic
def eligibility_proof_check(
    *, official: User, proof: EligibilityProof, accepted: bool, reason: str = ""
) -> EligibilityProof:
    """An official who saw the document accepts or refuses a declared proof."""
    proof = EligibilityProof.objects.select_for_update().select_related("hromada").get(pk=proof.pk)
    require(
        enters_ballots, official, proof.hromada, _("Only TsNAP administrators of this hromada check proofs.")
    )
    ensure(proof.person_id != official.pk, _("You cannot check your own proof."))
    proof.status = EligibilityProof.Status.ACCEPTED if accepted else EligibilityProof.Status.REFUSED
    proof.checked_by, proof.checked_at, proof.reason = official, clock.now(), reason.strip()[:500]
    proof.save()
    _actor_audit(official, proof.hromada, "budget_proof.checked", proof, ["status"])
    return proof

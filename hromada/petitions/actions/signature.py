"""Signatures after signing: withdrawn by the signer, invalidated by officials."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hromada.accounts.permissions import can_moderate
from hromada.core import clock
from hromada.core.errors import NotFoundError, ensure
from hromada.core.permissions import is_authenticated, require
from hromada.core.phases import Feature

from ..models import Petition, Signature, SignatureStatus
from ._common import _locked, _log
from .aggregation import _recount

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def signature_withdraw(*, petition: Petition, signer: User) -> Signature:
    """The signer withdraws their signature while the petition is collecting (logged)."""
    require(is_authenticated, signer)
    petition = _locked(petition)
    ensure(
        petition.allows(Feature.SIGN),
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
    now = clock.now()
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
        status=SignatureStatus.INVALIDATED, invalidation_reason=reason[:300], changed_at=clock.now()
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

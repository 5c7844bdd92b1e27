"""Helpers shared by the petitions' actions (not part of the public API): ledger entries, the
lifecycle check, the locked row, eligibility refusals in words."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from hromada.accounts import eligibility
from hromada.accounts.permissions import roles_in
from hromada.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from hromada.core.models import Hromada
from hromada.core.permissions import is_authenticated, require
from hromada.ledger.actions import EntryDraft, Receipt, ledger_append
from hromada.ledger.jcs import JSONValue

from .. import selectors
from ..lifecycle import TransitionError, check_transition
from ..models import Petition, PetitionRules, PetitionStatus

if TYPE_CHECKING:
    from hromada.accounts.models import User


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

"""Offers: accept, decline, expire, enrol; a place that frees up goes to the next eligible child."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.calendar import add_working_days
from hromada.core.errors import PermissionDeniedError, ensure
from hromada.core.permissions import require

from ..models import Application, Group, Offer, Round, State
from ..permissions import checks_documents
from ..selectors import group_waiting_list
from ._common import _lock_rounds, _log_application_event


def _lock(offer: Offer) -> Offer:
    _lock_rounds(Offer.objects.filter(pk=offer.pk).values_list("application__round_id", flat=True))
    return (
        Offer.objects.select_for_update(of=("self",))
        .select_related(
            "application__round",
            "application__parent",
            "application__hromada",
            "group__institution",
            "hromada",
        )
        .get(pk=offer.pk)
    )


def _mine(offer: Offer, parent: User) -> Offer:
    offer = _lock(offer)
    if offer.application.parent_id != parent.pk:
        raise PermissionDeniedError(_("This is not your offer."))
    return offer


def _answerable(offer: Offer) -> None:
    ensure(offer.status == Offer.Status.OPEN, _("This offer was already answered."), code="answered")
    ensure(
        clock.now().date() <= offer.deadline, _("The time to answer this offer has passed."), code="expired"
    )


def _settle(offer: Offer, *, status: str, kind: str, answered: bool = False) -> None:
    """Move the offer to its new status (the application's state follows from it) and log ``kind``."""
    offer.status = status
    fields = ["status", "updated_at"]
    if answered:
        offer.answered_at = clock.now()
        fields.append("answered_at")
    offer.save(update_fields=fields)
    application = offer.application
    _log_application_event(application=application, kind=kind, payload={"group": offer.group.public_id})


@transaction.atomic
def offer_accept(*, offer: Offer, parent: User) -> Offer:
    """Accept an open offer before its deadline."""
    offer = _mine(offer, parent)
    _answerable(offer)
    _settle(
        offer,
        status=Offer.Status.ACCEPTED,
        kind="enrollment.accepted",
        answered=True,
    )
    return offer


@transaction.atomic
def offer_decline(*, offer: Offer, parent: User) -> Offer:
    """Decline an open offer: the child stays on the other lists, the place goes to the next child."""
    offer = _mine(offer, parent)
    _answerable(offer)
    _settle(
        offer,
        status=Offer.Status.DECLINED,
        kind="enrollment.declined",
        answered=True,
    )
    vacancy_fill(group=offer.group, skip=offer.application_id)
    return offer


@transaction.atomic
def offer_enroll(*, offer: Offer, official: User) -> Offer:
    """Record that an accepted place was taken up (the child is enrolled)."""
    offer = _lock(offer)
    require(checks_documents, official, offer.hromada)
    ensure(
        offer.status == Offer.Status.ACCEPTED,
        _("Only an accepted offer can be enrolled."),
        code="not_accepted",
    )
    _settle(
        offer,
        status=Offer.Status.ENROLLED,
        kind="enrollment.enrolled",
    )
    return offer


@transaction.atomic
def vacancy_fill(*, group: Group, skip: int | None = None) -> int:
    """Offer the group's free places to the first eligible children on its list (class, then lottery):
    a child waiting without an offer, or a child holding an open or accepted place at an institution they
    ranked lower, who moves up — the place they leave is filled the same way in turn. A child who
    declined this group's offer or let it expire (or ``skip``) is not offered it again; an enrolled child
    is not moved. Runs inside the caller's transaction; each group row is locked while it is filled, so
    two freed places never go to one child or one place to two. Returns the offers made."""
    _lock_rounds([group.round_id])  # the caller holds it already; a direct call takes it here, first
    made = 0
    freed = [group]
    while freed:
        made += _fill(freed.pop(0), skip=skip, freed=freed)
        skip = None
    return made


def _fill(group: Group, *, skip: int | None, freed: list[Group]) -> int:
    group = (
        Group.objects.select_for_update(of=("self",))
        .select_related("round", "hromada", "institution")
        .get(pk=group.pk)
    )
    if group.round.status != Round.Status.ALLOCATED:
        return 0
    free = group.places - Offer.objects.filter(group=group, status__in=Offer.HOLDS_PLACE).count()
    if free <= 0:
        return 0
    said_no = set(
        Offer.objects.filter(
            group=group, status__in=(Offer.Status.DECLINED, Offer.Status.EXPIRED)
        ).values_list("application_id", flat=True)
    )
    if skip is not None:
        said_no.add(skip)
    made = 0
    now = clock.now()
    deadline = add_working_days(hromada=group.hromada, start=now.date(), days=group.round.offer_days)
    for item in group_waiting_list(group=group):
        if made >= free:
            break
        if item.application_id in said_no or item.status not in WAITING_OR_HOLDING:
            continue
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("round", "parent", "hromada")
            .get(pk=item.application_id)
        )
        if application.status != Application.Status.ACTIVE:
            continue
        held = (
            Offer.objects.select_for_update(of=("self",))
            .select_related("group__institution")
            .filter(application=application, status__in=Offer.HOLDS_PLACE)
            .first()
        )
        if held is not None and not _prefers(item.choices, group.public_id, held):
            continue
        _offer(application, group=group, held=held, now=now, deadline=deadline)
        if held is not None:
            freed.append(held.group)
        made += 1
    return made


WAITING_OR_HOLDING = (State.ACTIVE, State.OFFERED, State.ACCEPTED)


def _prefers(choices: list[str], gid: str, held: Offer) -> bool:
    """Whether a child holding ``held`` ranked group ``gid`` above it (and may move up to it)."""
    if held.status == Offer.Status.ENROLLED or held.group.public_id not in choices:
        return False
    return choices.index(gid) < choices.index(held.group.public_id)


def _offer(
    application: Application, *, group: Group, held: Offer | None, now: dt.datetime, deadline: dt.date
) -> Offer:
    """Offer ``group`` to the application; a child who held a less-preferred place moves up: that offer is
    released, and the new one keeps its answer (an accepted place moves up accepted)."""
    status: str = Offer.Status.OPEN
    if held is not None:
        status = held.status
        held.status = Offer.Status.RELEASED
        held.answered_at = now
        held.save(update_fields=["status", "answered_at", "updated_at"])
    offer = Offer.objects.create(
        hromada=group.hromada,
        application=application,
        group=group,
        origin=Offer.Origin.VACANCY,
        made_at=now,
        deadline=deadline,
        status=status,
        answered_at=now if status == Offer.Status.ACCEPTED else None,
    )
    params = {"number": application.public_id, "group": str(group), "deadline": deadline.isoformat()}
    if held is None:
        kind = "enrollment.offer"
        payload: dict[str, Any] = {
            "group": group.public_id,
            "deadline": deadline.isoformat(),
            "origin": "vacancy",
        }
    else:
        kind = "enrollment.moved_up"
        payload = {
            "from": held.group.public_id,
            "group": group.public_id,
            "deadline": deadline.isoformat(),
            "accepted": status == Offer.Status.ACCEPTED,
        }
        params["from"] = str(held.group)
    _log_application_event(application=application, kind=kind, payload=payload)
    notify_on_commit(hromada=group.hromada, recipients=[application.parent], kind=kind, params=params)
    return offer


@transaction.atomic
def offers_expire() -> int:
    """Open offers past their deadline expire (logged); each place passes to the next child."""
    today = clock.now().date()
    rounds = set(
        Offer.objects.filter(status=Offer.Status.OPEN, deadline__lt=today).values_list(
            "application__round_id", flat=True
        )
    )
    _lock_rounds(rounds)
    expired = list(
        Offer.objects.select_for_update(of=("self",))
        .filter(status=Offer.Status.OPEN, deadline__lt=today, application__round_id__in=rounds)
        .select_related("application__round", "application__parent", "application__hromada", "group")
    )
    for offer in expired:
        _settle(
            offer,
            status=Offer.Status.EXPIRED,
            kind="enrollment.expired",
        )
    for group in {o.group for o in expired}:
        vacancy_fill(group=group, skip=None)
    return len(expired)

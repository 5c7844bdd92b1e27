"""Offers: accept, decline, expire, enrol; a place that frees up goes to the next eligible child."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.calendar import add_working_days
from hromada.core.errors import PermissionDeniedError, ensure
from hromada.core.permissions import require

from ..models import Application, Group, Offer, Round
from ..permissions import checks_documents
from ..selectors import group_waiting_list
from ._common import _log_application_event


def _lock(offer: Offer) -> Offer:
    return (
        Offer.objects.select_for_update()
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


def _settle(offer: Offer, *, status: str, application_status: str, kind: str, answered: bool = False) -> None:
    """Move the offer and its application to their new states and log ``kind`` (with the group)."""
    offer.status = status
    fields = ["status", "updated_at"]
    if answered:
        offer.answered_at = clock.now()
        fields.append("answered_at")
    offer.save(update_fields=fields)
    application = offer.application
    application.status = application_status
    application.save(update_fields=["status", "updated_at"])
    _log_application_event(application=application, kind=kind, payload={"group": offer.group.public_id})


@transaction.atomic
def offer_accept(*, offer: Offer, parent: User) -> Offer:
    """Accept an open offer before its deadline."""
    offer = _mine(offer, parent)
    _answerable(offer)
    _settle(
        offer,
        status=Offer.Status.ACCEPTED,
        application_status=Application.Status.ACCEPTED,
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
        application_status=Application.Status.ACTIVE,
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
        application_status=Application.Status.ENROLLED,
        kind="enrollment.enrolled",
    )
    return offer


@transaction.atomic
def vacancy_fill(*, group: Group, skip: int | None = None) -> int:
    """Offer the group's free places to the first children on its list who wait without an offer (not
    ``skip``, who just declined it). Runs inside the caller's transaction; the group row is locked so two
    freed places never go to one child or one place to two. Returns the offers made."""
    group = (
        Group.objects.select_for_update().select_related("round", "hromada", "institution").get(pk=group.pk)
    )
    if group.round.status != Round.Status.ALLOCATED:
        return 0
    free = group.places - Offer.objects.filter(group=group, status__in=Offer.HOLDS_PLACE).count()
    if free <= 0:
        return 0
    waiting = [
        f
        for f in group_waiting_list(group=group)
        if f.status == Application.Status.ACTIVE and f.application_id != skip
    ]
    made = 0
    now = clock.now()
    deadline = add_working_days(hromada=group.hromada, start=now.date(), days=group.round.offer_days)
    for item in waiting[:free]:
        application = (
            Application.objects.select_for_update()
            .select_related("round", "parent", "hromada")
            .get(pk=item.application_id)
        )
        if application.status != Application.Status.ACTIVE:
            continue
        Offer.objects.create(
            hromada=group.hromada,
            application=application,
            group=group,
            origin=Offer.Origin.VACANCY,
            made_at=now,
            deadline=deadline,
        )
        application.status = Application.Status.OFFERED
        application.save(update_fields=["status", "updated_at"])
        _log_application_event(
            application=application,
            kind="enrollment.offer",
            payload={"group": group.public_id, "deadline": deadline.isoformat(), "origin": "vacancy"},
        )
        notify_on_commit(
            hromada=group.hromada,
            recipients=[application.parent],
            kind="enrollment.offer",
            params={"number": application.public_id, "group": str(group), "deadline": deadline.isoformat()},
        )
        made += 1
    return made


@transaction.atomic
def offers_expire() -> int:
    """Open offers past their deadline expire (logged); each place passes to the next child."""
    today = clock.now().date()
    expired = list(
        Offer.objects.select_for_update()
        .filter(status=Offer.Status.OPEN, deadline__lt=today)
        .select_related("application__round", "application__parent", "application__hromada", "group")
    )
    for offer in expired:
        _settle(
            offer,
            status=Offer.Status.EXPIRED,
            application_status=Application.Status.ACTIVE,
            kind="enrollment.expired",
        )
    for group in {o.group for o in expired}:
        vacancy_fill(group=group, skip=None)
    return len(expired)

"""A freed place goes to the first eligible child on the group's list: one waiting without an offer, or one
holding a less-preferred place, who moves up (logged, notified); the place they leave passes on in turn."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.core.models import Notification
from hromada.enrollment import actions
from hromada.enrollment.models import Application, Offer, State
from hromada.ledger.actions import ledger_integrate
from hromada.ledger.models import Entry, PendingEntry

from .factories import make_parent, make_round, register


def _allocated_three(hromada, clock):
    """Two groups of one place; three children choose both in the same order, all of one class at each:
    the lottery gives the first group to X, the second to Y, nothing to Z."""
    round = make_round(hromada, places=(1, 1))
    for _ in range(3):
        register(round, make_parent(hromada))
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)
    ledger_integrate(hromada=hromada)
    admin = round.admin
    round = actions.round_allocate(round=round, official=admin)
    round.admin = admin
    first, second = round.groups.order_by("id")
    x = Offer.objects.get(group=first).application
    y = Offer.objects.get(group=second).application
    z = Application.objects.filter(round=round).exclude(pk__in=[x.pk, y.pk]).get()
    return round, first, second, x, y, z


def _live(application):
    return Offer.objects.get(application=application, status__in=Offer.HOLDS_PLACE)


def _kinds(hromada):
    return list(PendingEntry.objects.filter(hromada=hromada).values_list("kind", flat=True)) + list(
        Entry.objects.filter(hromada=hromada).values_list("kind", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_a_child_holding_a_less_preferred_offer_moves_up_when_a_place_frees(hromada, clock):
    _round, first, second, x, y, z = _allocated_three(hromada, clock)
    old = _live(y)

    actions.offer_decline(offer=_live(x), parent=x.parent)

    moved = _live(y)
    assert moved.group == first and moved.status == Offer.Status.OPEN and moved.origin == Offer.Origin.VACANCY
    old.refresh_from_db()
    assert old.status == Offer.Status.RELEASED
    # The place Y left passes on: X declined the first group but still wants the second, and is ahead of Z.
    assert _live(x).group == second
    assert not Offer.objects.filter(application=z).exists()
    assert "enrollment.moved_up" in _kinds(hromada)
    assert Notification.objects.filter(recipient=y.parent, kind="enrollment.moved_up").exists()


@pytest.mark.django_db(transaction=True)
def test_an_accepted_place_moves_up_as_accepted(hromada, clock):
    _round, first, _second, x, y, _z = _allocated_three(hromada, clock)
    actions.offer_accept(offer=_live(y), parent=y.parent)

    actions.offer_decline(offer=_live(x), parent=x.parent)

    moved = _live(y)
    assert moved.group == first and moved.status == Offer.Status.ACCEPTED
    y.refresh_from_db()
    assert y.state == State.ACCEPTED and y.status == Application.Status.ACTIVE


@pytest.mark.django_db(transaction=True)
def test_an_enrolled_child_is_not_moved(hromada, clock):
    round, first, second, x, y, z = _allocated_three(hromada, clock)
    actions.offer_accept(offer=_live(y), parent=y.parent)
    actions.offer_enroll(offer=_live(y), official=round.admin)

    actions.offer_decline(offer=_live(x), parent=x.parent)

    assert _live(y).group == second and _live(y).status == Offer.Status.ENROLLED
    assert _live(z).group == first
    assert "enrollment.moved_up" not in _kinds(hromada)


@pytest.mark.django_db(transaction=True)
def test_a_child_who_declined_a_group_is_not_offered_it_again(hromada, clock):
    round, first, _second, x, y, z = _allocated_three(hromada, clock)
    actions.offer_accept(offer=_live(y), parent=y.parent)
    actions.offer_enroll(offer=_live(y), official=round.admin)
    actions.offer_decline(offer=_live(x), parent=x.parent)  # Z gets the first group
    actions.offer_decline(offer=_live(z), parent=z.parent)

    assert not Offer.objects.filter(group=first, status__in=Offer.HOLDS_PLACE).exists()
    assert not Offer.objects.filter(application=x, group=first, status=Offer.Status.OPEN).exists()


@pytest.mark.django_db(transaction=True)
def test_an_expired_offer_passes_to_the_next_child_not_back_to_the_same_one(hromada, clock):
    round = make_round(hromada, places=(1,))
    for _ in range(2):
        register(round)
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)
    ledger_integrate(hromada=hromada)
    actions.round_allocate(round=round, official=round.admin)
    expired = Offer.objects.get(application__round=round)
    clock.advance(dt.timedelta(days=30))

    actions.offers_expire()

    live = Offer.objects.get(application__round=round, status=Offer.Status.OPEN)
    assert live.application_id != expired.application_id

"""Enrollment under real concurrent clients (each thread has its own database connection).

- The same child registered twice at once (two parents' devices, two tabs): exactly one application; on
  PostgreSQL the partial unique index ``enrollment_one_active_application_per_child`` makes the loser wait
  for the winner's commit and fail.
- Two places freed at the same moment (two declines, two withdrawals): each freed place is offered exactly
  once and no child is offered two places; the row locks of the answering actions (the offer's or the
  application's row with its round) and of ``vacancy_fill`` (each group) serialise the filling.
"""

import datetime as dt
import json

import pytest

from hromada.core.errors import ConflictError
from hromada.enrollment import actions, selectors
from hromada.enrollment.models import Application, Offer
from hromada.ledger.actions import ledger_integrate
from hromada.ledger.models import Entry, PendingEntry
from tests.concurrency import postgres_only, race

from .factories import make_parent, make_round, register

RACERS = 6


@pytest.mark.django_db(transaction=True)
def test_the_same_child_registered_at_once_gets_one_application(hromada):
    round = make_round(hromada)
    parents = [make_parent(hromada) for _ in range(RACERS)]

    outcomes = race([lambda p=p: register(round, p, certificate="І-БК 654321") for p in parents])

    unexpected = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, ConflictError)]
    assert not unexpected, unexpected
    assert sum(isinstance(o, Application) for o in outcomes) == 1
    assert all(o.code == "already_applied" for o in outcomes if isinstance(o, ConflictError))
    assert Application.objects.filter(round=round).count() == 1
    logged = Entry.objects.filter(hromada=hromada, kind="enrollment.registered").count()
    pending = PendingEntry.objects.filter(hromada=hromada, kind="enrollment.registered").count()
    assert logged + pending == 1


def _allocated(hromada, clock, *, places, children):
    """A round of one group per entry of ``places``; ``children`` children choose every group in the same
    order and are of one class at each; allocated (lottery from the closing entry's root)."""
    round = make_round(hromada, places=places)
    for _ in range(children):
        register(round, make_parent(hromada))
    clock.set(round.closes_at + dt.timedelta(minutes=1))
    actions.round_close(round=round)
    ledger_integrate(hromada=hromada)
    actions.round_allocate(round=round, official=round.admin)
    return round, list(round.groups.order_by("id"))


def _live(application):
    return Offer.objects.get(application=application, status__in=Offer.HOLDS_PLACE)


def _vacancy_offers_logged(hromada):
    """``enrollment.offer`` entries of freed places, integrated into the log or still pending."""
    entries = [
        *Entry.objects.filter(hromada=hromada, kind="enrollment.offer"),
        *PendingEntry.objects.filter(hromada=hromada, kind="enrollment.offer"),
    ]
    return sum(json.loads(bytes(e.data))["payload"].get("origin") == "vacancy" for e in entries)


@pytest.mark.django_db(transaction=True)
def test_two_places_declined_at_once_are_each_offered_once_to_two_different_children(hromada, clock):
    postgres_only()
    _round, (group,) = _allocated(hromada, clock, places=(2,), children=5)
    holders = [o.application for o in Offer.objects.filter(group=group).select_related("application__parent")]
    waiting = [
        f.application_id
        for f in selectors.group_waiting_list(group=group)
        if f.application_id not in {h.pk for h in holders}
    ]

    outcomes = race([lambda h=h: actions.offer_decline(offer=_live(h), parent=h.parent) for h in holders])

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    vacancy = Offer.objects.filter(group=group, origin=Offer.Origin.VACANCY)
    assert sorted(vacancy.values_list("application_id", flat=True)) == sorted(waiting[:2])
    assert all(o.status == Offer.Status.OPEN for o in vacancy)
    assert Offer.objects.filter(group=group, status__in=Offer.HOLDS_PLACE).count() == group.places
    assert not Offer.objects.filter(application_id=waiting[2]).exists()
    assert _vacancy_offers_logged(hromada) == 2


@pytest.mark.django_db(transaction=True)
def test_two_withdrawals_at_once_free_two_places_that_cascade_to_the_same_result_as_one_after_the_other(
    hromada, clock
):
    postgres_only()
    # Two groups of one place; four children rank the first above the second: lottery 1 holds the first,
    # lottery 2 the second, 3 and 4 wait. Both holders withdraw at once. In either order the child with
    # lottery 3 ends up in the first group (moving up from the second when it got that first) and
    # the child with lottery 4 in the second: each freed place is offered once, nobody holds two.
    round, (first, second) = _allocated(hromada, clock, places=(1, 1), children=4)
    x, y, z, w = Application.objects.filter(round=round).select_related("parent").order_by("lottery")
    assert _live(x).group == first and _live(y).group == second

    outcomes = race(
        [lambda a=a: actions.application_withdraw(application=a, parent=a.parent) for a in (x, y)]
    )

    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert _live(z).group == first and _live(w).group == second
    for group in (first, second):
        assert Offer.objects.filter(group=group, status__in=Offer.HOLDS_PLACE).count() == 1
    for application in (x, y):
        assert not Offer.objects.filter(application=application, status__in=Offer.HOLDS_PLACE).exists()
    # No child was offered one group twice.
    pairs = list(Offer.objects.filter(application__round=round).values_list("application_id", "group_id"))
    assert len(pairs) == len(set(pairs))

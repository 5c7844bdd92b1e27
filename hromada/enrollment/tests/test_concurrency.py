"""The same child registered twice at once (two parents' devices, two tabs): exactly one application.

Each thread has its own database connection; on PostgreSQL the partial unique index
``enrollment_one_active_application_per_child`` makes the loser wait for the winner's commit and fail."""

import pytest

from hromada.core.errors import ConflictError
from hromada.enrollment.models import Application
from hromada.ledger.models import Entry, PendingEntry
from tests.concurrency import race

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

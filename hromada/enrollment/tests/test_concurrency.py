"""The same child registered twice at once (two parents' devices, two tabs): exactly one application.

Each thread has its own database connection; on PostgreSQL the partial unique index
``enrollment_one_active_application_per_child`` makes the loser wait for the winner's commit and fail."""

import threading

import pytest
from django.db import connections

from hromada.core.errors import ConflictError
from hromada.enrollment.models import Application
from hromada.ledger.models import Entry, PendingEntry

from .factories import make_parent, make_round, register

RACERS = 6


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=60)
            outcomes[index] = call()
        except BaseException as exc:  # collected and asserted below
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_the_same_child_registered_at_once_gets_one_application(hromada):
    round = make_round(hromada)
    parents = [make_parent(hromada) for _ in range(RACERS)]

    outcomes = _race([lambda p=p: register(round, p, certificate="І-БК 654321") for p in parents])

    unexpected = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, ConflictError)]
    assert not unexpected, unexpected
    assert sum(isinstance(o, Application) for o in outcomes) == 1
    assert all(o.code == "already_applied" for o in outcomes if isinstance(o, ConflictError))
    assert Application.objects.filter(round=round).count() == 1
    logged = Entry.objects.filter(hromada=hromada, kind="enrollment.registered").count()
    pending = PendingEntry.objects.filter(hromada=hromada, kind="enrollment.registered").count()
    assert logged + pending == 1

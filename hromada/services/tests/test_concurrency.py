"""Real concurrent clients, each on its own database connection (PostgreSQL; SQLite serialises writers)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from hromada.services import actions
from hromada.services.models import Application

from .factories import GOOD, make_world

CLIENTS = 20


def run_concurrently(count, work):
    barrier = threading.Barrier(count)
    outcomes: list[object] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        try:
            barrier.wait(timeout=60)
            result: object = work(number)
        except BaseException as exc:  # reported by the test
            result = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (run with scripts/with-postgres)")


@pytest.mark.django_db(transaction=True)
def test_twenty_submits_of_one_draft_at_once_file_one_application(hromada):
    _postgres_only()
    world = make_world(hromada)

    outcomes = run_concurrently(
        CLIENTS,
        lambda n: actions.application_submit(
            service=world.service, applicant=world.resident, data=GOOD, idempotency_key="double-click"
        ),
    )

    assert [o for o in outcomes if not isinstance(o, Application)] == []
    assert len({o.pk for o in outcomes}) == 1
    assert Application.objects.filter(applicant=world.resident).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_numbers(hromada):
    _postgres_only()
    world = make_world(hromada)

    outcomes = run_concurrently(
        CLIENTS,
        lambda n: actions.application_submit(
            service=world.service, applicant=world.resident, data=GOOD, idempotency_key=f"k{n}"
        ),
    )

    assert [o for o in outcomes if not isinstance(o, Application)] == []
    numbers = sorted(Application.objects.values_list("number", flat=True))
    assert len(set(numbers)) == CLIENTS
    assert [int(n.split("-")[1]) for n in numbers] == list(range(1, CLIENTS + 1))

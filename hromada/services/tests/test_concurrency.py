"""Real concurrent clients, each on its own database connection (PostgreSQL; SQLite serialises writers)."""

from __future__ import annotations

import pytest

from hromada.services import actions
from hromada.services.models import Application
from tests.concurrency import postgres_only, run_concurrently

from .factories import GOOD, make_world

CLIENTS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_submits_of_one_draft_at_once_file_one_application(hromada):
    postgres_only()
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
    postgres_only()
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

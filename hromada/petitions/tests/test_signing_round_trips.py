"""The signing request's round trips: the write limit folded into the account limit's upsert, no health
check, the ledger's publish task coalesced per process — with every limit still enforced."""

import datetime as dt
import json

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from hromada.accounts.actions import api_token_create
from hromada.core import ratelimit
from hromada.core.models import RateLimitBucket
from hromada.ledger import actions as ledger_actions
from hromada.ledger.actions import ledger_append
from hromada.petitions.actions import signing
from hromada.petitions.api import CachedBearerToken
from hromada.petitions.models import Signature

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.HROMADA_RATE_LIMITS = True
    settings.HROMADA_NUM_PROXIES = 1
    CachedBearerToken.forget_all()
    yield
    CachedBearerToken.forget_all()


def sign(client, petition_id, person, address="10.1.2.3"):
    _token, secret = api_token_create(user=person, name="t")
    return client.post(
        f"/api/v1/petitions/{petition_id}/signatures",
        data=json.dumps({"show_name": True}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_X_FORWARDED_FOR=address,
    )


def test_one_upsert_counts_the_write_and_the_account_limit_of_the_person(world):
    petition = world.collecting()
    person = world.resident()
    _token, secret = api_token_create(user=person, name="t")
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(
            f"/api/v1/petitions/{petition.pk}/signatures",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_X_FORWARDED_FOR="10.9.9.9",
        )
    assert response.status_code == 201, response.content
    limit_statements = [q["sql"] for q in queries.captured_queries if "core_ratelimitbucket" in q["sql"]]
    assert len(limit_statements) == 1
    counted = dict(RateLimitBucket.objects.values_list("key", "count"))
    # The write limit counts for the token's person, not the address (issue 12): same single upsert.
    assert counted == {f"write:user:{person.pk}": 1, f"petition_sign:user:{person.pk}": 1}


def test_the_write_limit_counts_each_signer_not_the_shared_address(world, settings):
    settings.HROMADA_WRITE_LIMIT_PER_MINUTE = 2
    petition = world.collecting()
    client = Client()
    codes = [sign(client, petition.pk, world.resident()).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 201]  # four people behind one NAT
    person = world.resident()
    own = [sign(client, world.collecting().pk, person).status_code for _ in range(3)]
    assert own == [201, 201, 429]  # one person over the write limit
    assert Signature.objects.filter(petition=petition).count() == 4


def test_the_account_limit_still_refuses_signing(world, monkeypatch):
    monkeypatch.setattr(signing, "SIGN_LIMIT_PER_ACCOUNT", (2, 60))
    person = world.resident()
    _token, secret = api_token_create(user=person, name="t")
    client = Client()
    codes = [
        client.post(
            f"/api/v1/petitions/{world.collecting().pk}/signatures",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i + 1}",
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]


def test_refused_requests_still_count_against_the_address(world, settings):
    settings.HROMADA_WRITE_LIMIT_PER_MINUTE = 2
    client = Client()
    missing = [sign(client, 999_999, world.resident()).status_code for _ in range(2)]
    assert missing == [404, 404]
    no_token = client.post(
        f"/api/v1/petitions/{world.collecting().pk}/signatures", HTTP_X_FORWARDED_FOR="10.1.2.3"
    )
    assert no_token.status_code == 401  # refused before the endpoint's own check: counted on the way out
    assert RateLimitBucket.objects.get(key="write:addr:10.1.2.3").count == 3
    # The address is over its limit, but a person known by their token is counted on their own.
    assert sign(client, world.collecting().pk, world.resident()).status_code == 201


def test_hits_counts_several_keys_in_one_statement():
    now = 1_000_000.0
    assert ratelimit.hits([("b", 1, 60), ("a", 2, 60)], now=now) == [(True, 20), (True, 20)]
    assert ratelimit.hits([("a", 2, 60), ("b", 1, 60)], now=now) == [(True, 20), (False, 20)]
    assert ratelimit.hits([("a", 2, 60)], now=now + 1) == [(False, 19)]
    assert ratelimit.hits([("a", 2, 60)], now=now + 20) == [(True, 60)]  # a new window


def test_hits_judges_each_occurrence_of_a_repeated_key_by_its_own_count():
    now = 2_000_000.0
    assert ratelimit.hits([("c", 2, 60), ("d", 5, 60), ("c", 2, 60), ("c", 2, 60)], now=now) == [
        (True, 40),
        (True, 40),
        (True, 40),
        (False, 40),
    ]
    assert RateLimitBucket.objects.get(key="c").count == 3
    assert ratelimit.hits([("c", 2, 60)], now=now) == [(False, 40)]


@pytest.fixture
def deferring_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ledger_actions._publish_due.clear()
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()
    ledger_actions._publish_due.clear()


def test_publish_is_queued_at_most_once_a_second_per_process(hromada, deferring_backend, monkeypatch):
    clock = [1_900_000_000.0]
    monkeypatch.setattr(ledger_actions.time, "time", lambda: clock[0])
    for _ in range(5):  # what five commits in 0.5 s schedule after they commit
        ledger_actions._schedule_publish(hromada.pk)
        clock[0] += 0.1
    results = deferring_backend.results
    assert len(results) == 1
    assert results[0].task.run_after == dt.datetime.fromtimestamp(1_900_000_001.0, tz=dt.UTC)  # after all 5
    ledger_actions._schedule_publish(hromada.pk + 1)  # another hromada's log has a task of its own
    assert len(deferring_backend.results) == 2
    clock[0] = 1_900_000_001.0
    ledger_actions._schedule_publish(hromada.pk)
    assert len(deferring_backend.results) == 3


@pytest.mark.django_db(transaction=True)
def test_immediate_backends_publish_every_commit(hromada):
    from hromada.ledger.models import Log

    for size in (1, 2):
        with transaction.atomic():
            ledger_append(hromada=hromada, kind="demo.noted", payload={})
        assert Log.objects.get(hromada=hromada).tree_size == size


def test_petition_for_signing_reads_one_row_scoped_to_the_hromada(world, other_world):
    from hromada.petitions import selectors

    petition = world.collecting()
    with CaptureQueriesContext(connection) as queries:
        found = selectors.petition_for_signing(hromada=world.hromada, petition_id=petition.pk)
        assert found is not None and found.hromada is world.hromada
        assert found.status == "collecting" and found.collection_ends_at == petition.collection_ends_at
        assert found.collection_ends_at.tzinfo is not None
        assert found.rules.pk == petition.rules_id and found.rules.sign_level == world.rules.sign_level
        assert found.rules.residency_required is world.rules.residency_required
    assert len(queries) == 1
    assert found.title == petition.title  # the fields not read are deferred, not blank
    assert selectors.petition_for_signing(hromada=other_world.hromada, petition_id=petition.pk) is None
    assert selectors.petition_for_signing(hromada=world.hromada, petition_id=999_999) is None

"""Bearer tokens resolved one at a time and in batches: the same rules, one query for a batch."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hromada.accounts.actions import (
    UnresolvedToken,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    api_tokens_resolve,
)
from hromada.accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def digest(secret):
    token = UnresolvedToken.of(secret)
    assert token is not None
    return token.digest


def test_a_batch_resolves_only_valid_tokens_of_active_people(hromada):
    people = [UserFactory(hromada=hromada) for _ in range(5)]
    secrets = [api_token_create(user=person, name="t")[1] for person in people]
    revoked = ApiToken.objects.get(user=people[1])
    api_token_revoke(user=people[1], token_id=revoked.pk)
    ApiToken.objects.filter(user=people[2]).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    type(people[3]).objects.filter(pk=people[3].pk).update(is_active=False)
    unknown = digest("hrm_" + "x" * 43)
    with CaptureQueriesContext(connection) as queries:
        found = api_tokens_resolve(digests=[*map(digest, secrets), unknown, digest(secrets[0])])
    assert found == {digest(secrets[0]): people[0].pk, digest(secrets[4]): people[4].pk}
    assert len(queries) == 2  # one SELECT, one UPDATE of last_used_at for both


def test_last_use_is_written_at_most_hourly(hromada):
    person = UserFactory(hromada=hromada)
    _token, secret = api_token_create(user=person, name="t")
    assert api_tokens_resolve(digests=[digest(secret)]) == {digest(secret): person.pk}
    first_use = ApiToken.objects.get(user=person).last_used_at
    assert first_use is not None
    with CaptureQueriesContext(connection) as queries:
        api_tokens_resolve(digests=[digest(secret)])
    assert len(queries) == 1  # used a moment ago: no UPDATE
    ApiToken.objects.filter(user=person).update(last_used_at=first_use - dt.timedelta(hours=2))
    api_tokens_resolve(digests=[digest(secret)])
    assert ApiToken.objects.get(user=person).last_used_at > first_use


def test_one_token_authenticates_as_its_person(hromada):
    person = UserFactory(hromada=hromada)
    _token, secret = api_token_create(user=person, name="t")
    assert api_token_authenticate(secret=secret) == person
    assert api_token_authenticate(secret=secret + "x") is None
    assert api_token_authenticate(secret="not-ours") is None
    assert UnresolvedToken.of("not-ours") is None
    assert UnresolvedToken.of("hrm_\udcff") is not None  # a lone surrogate is hashed, never an error

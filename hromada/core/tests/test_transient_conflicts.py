"""A real PostgreSQL deadlock is recognised as worth a retry; other database errors are not."""

import threading

import pytest
from django.db import IntegrityError, OperationalError, transaction

from hromada.core.errors import is_transient_conflict
from hromada.core.models import RateLimitBucket
from tests.concurrency import postgres_only, race

pytestmark = pytest.mark.django_db(transaction=True)


def _bucket(key: str) -> RateLimitBucket:
    return RateLimitBucket.objects.create(key=key, window_start=0, window_end=60, count=0)


def test_a_deadlock_between_two_transactions_is_a_transient_conflict():
    postgres_only()
    first, second = _bucket("deadlock-a"), _bucket("deadlock-b")
    both_hold_one = threading.Barrier(2)

    def lock(mine: RateLimitBucket, theirs: RateLimitBucket) -> str:
        with transaction.atomic():
            RateLimitBucket.objects.select_for_update().get(pk=mine.pk)
            both_hold_one.wait(timeout=30)
            RateLimitBucket.objects.select_for_update().get(pk=theirs.pk)
        return "committed"

    outcomes = race([lambda: lock(first, second), lambda: lock(second, first)])
    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert len(failures) == 1 and "committed" in outcomes, outcomes
    assert isinstance(failures[0], OperationalError)
    assert is_transient_conflict(failures[0])


def test_a_unique_violation_is_not_a_transient_conflict():
    _bucket("twice")
    with pytest.raises(IntegrityError) as caught:
        _bucket("twice")
    assert not is_transient_conflict(caught.value)

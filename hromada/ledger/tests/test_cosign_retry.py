"""Witnesses that did not cosign are asked again by a periodic job, each with exponential backoff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hromada.core.registry import periodic_jobs
from hromada.ledger import witness
from hromada.ledger.actions import ledger_publish
from hromada.ledger.models import Checkpoint, Cosignature, Witness
from hromada.ledger.witness import RETRY_FIRST, RETRY_MAX, cosignatures_retry_due, retry_delay

pytestmark = pytest.mark.django_db(transaction=True)  # the tasks run at once, after real commits


def test_the_delay_doubles_from_30_seconds_up_to_an_hour():
    assert retry_delay(0) == dt.timedelta(0)
    assert [retry_delay(n).total_seconds() for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert retry_delay(10_000) == RETRY_MAX
    assert "ledger.cosign_retry" in {job.key for job in periodic_jobs()}


@pytest.fixture
def down_witness(hromada, other_hromada):
    """hromada's log, witnessed by other_hromada in-process; other_hromada is switched off (unreachable)."""
    mine, _theirs = witness.witness_mutually(a=hromada, b=other_hromada)
    other_hromada.is_active = False
    other_hromada.save(update_fields=["is_active"])
    return mine


def test_a_witness_that_was_down_is_asked_again_with_backoff_until_it_cosigns(
    hromada, other_hromada, append, down_witness
):
    append(hromada, 3)  # each commit publishes; the witness is asked and fails each time
    checkpoint = Checkpoint.objects.filter(hromada=hromada).latest()
    first = Witness.objects.get(pk=down_witness.pk)
    assert first.failures >= 1 and not Cosignature.objects.exists()
    assert first.retry_at is not None
    failures = first.failures

    # Before its retry time, the job asks nobody.
    assert cosignatures_retry_due(now=first.retry_at - dt.timedelta(seconds=1)) == {}
    assert Witness.objects.get(pk=down_witness.pk).failures == failures

    # Due, still down: asked once more, the next wait doubles.
    started = timezone.now()
    assert cosignatures_retry_due(now=first.retry_at) == {hromada.pk: [down_witness.pk]}
    second = Witness.objects.get(pk=down_witness.pk)
    assert second.failures == failures + 1
    assert second.retry_at - started >= retry_delay(failures + 1) - dt.timedelta(seconds=1)
    assert second.retry_at - started > first.retry_at - first.updated_at

    # Back up: the next due retry gets the cosignature of the latest checkpoint and resets the backoff.
    other_hromada.is_active = True
    other_hromada.save(update_fields=["is_active"])
    assert cosignatures_retry_due(now=second.retry_at) == {hromada.pk: [down_witness.pk]}
    cosigned = Witness.objects.get(pk=down_witness.pk)
    assert (cosigned.failures, cosigned.retry_at, cosigned.cosigned_size) == (0, None, checkpoint.tree_size)
    assert Cosignature.objects.get().checkpoint == checkpoint
    line = witness.checkpoint_note_cosigned(checkpoint=checkpoint).splitlines()[-1]
    assert line.startswith("— verbivka.localhost/witness ")

    # Nothing is missing any more: the job has nothing to do, however late.
    assert cosignatures_retry_due(now=timezone.now() + RETRY_MAX) == {}


def test_a_lost_request_is_retried_once_the_checkpoint_is_older_than_the_first_delay(
    hromada, other_hromada, append, monkeypatch
):
    monkeypatch.setattr("hromada.ledger.actions._schedule_cosign", lambda hromada_id: None)  # lost
    monkeypatch.setattr("hromada.ledger.witness.cosignatures_request", lambda hromada_id: None)
    mine, _theirs = witness.witness_mutually(a=hromada, b=other_hromada)
    append(hromada, 2)
    checkpoint = ledger_publish(hromada=hromada)
    assert not Cosignature.objects.exists() and Witness.objects.get(pk=mine.pk).retry_at is None

    assert cosignatures_retry_due(now=checkpoint.created_at + RETRY_FIRST / 2) == {}  # may still come
    assert cosignatures_retry_due(now=checkpoint.created_at + RETRY_FIRST) == {hromada.pk: [mine.pk]}
    assert Cosignature.objects.get().witness_id == mine.pk


def test_inactive_witnesses_and_other_hromadas_witnesses_are_left_alone(
    hromada, other_hromada, append, down_witness
):
    append(hromada, 1)
    Witness.objects.filter(pk=down_witness.pk).update(is_active=False, retry_at=None)
    assert cosignatures_retry_due(now=timezone.now() + RETRY_MAX) == {}
    assert not Witness.objects.filter(hromada=other_hromada, failures__gt=0).exists()

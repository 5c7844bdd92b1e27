"""The jobs that count signatures and move petitions on: recount now, reach the threshold, the minute tick."""

import datetime as dt

import pytest

from hromada.core.errors import ApplicationError
from hromada.petitions import actions
from hromada.petitions.models import Petition, PetitionStatus, PetitionTally

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


def test_petition_counts_refresh_recounts_now_and_moves_a_petition_at_its_threshold(world):
    below = world.collecting()
    at = world.collecting()
    world.sign(below, 2)
    world.sign(at, 3)  # the world's threshold

    counts = actions.petition_counts_refresh(petition_ids=[below.pk, at.pk, at.pk])

    assert counts == {below.pk: (2, 0), at.pk: (3, 0)}
    assert PetitionTally.objects.get(petition=below).count_for == 2
    assert Petition.objects.get(pk=below.pk).status == PetitionStatus.COLLECTING
    reached = Petition.objects.get(pk=at.pk)
    assert reached.status == PetitionStatus.THRESHOLD_REACHED
    assert reached.threshold_reached_at is not None and reached.forward_on is not None


def test_petition_threshold_reach_refuses_a_petition_below_its_threshold(world):
    petition = world.collecting()
    world.sign(petition, 2)
    actions.petition_counts_refresh(petition_ids=[petition.pk])

    with pytest.raises(ApplicationError) as refused:
        actions.petition_threshold_reach(petition=petition)

    assert refused.value.code == "petition_status"
    assert Petition.objects.get(pk=petition.pk).status == PetitionStatus.COLLECTING


def test_petition_threshold_reach_stops_signing_at_the_threshold(world):
    petition = world.collecting()
    world.sign(petition, 3)
    actions.petitions_aggregate()  # counts, and the job itself moves the petition on
    Petition.objects.filter(pk=petition.pk).update(status=PetitionStatus.COLLECTING)

    reached = actions.petition_threshold_reach(petition=petition)

    assert reached.status == PetitionStatus.THRESHOLD_REACHED
    with pytest.raises(ApplicationError):
        actions.signature_add(petition=reached, signer=world.resident())


def test_petitions_tick_expires_petitions_past_their_collection_period(world):
    expiring = world.collecting()
    world.sign(expiring, 1)
    after = expiring.collection_ends_at + dt.timedelta(minutes=1)

    done = actions.petitions_tick(now=after)

    assert done == {"expired": 1, "forwarded": 0, "anonymised": 0}
    assert Petition.objects.get(pk=expiring.pk).status == PetitionStatus.EXPIRED
    assert actions.petitions_tick(now=after + dt.timedelta(minutes=1))["expired"] == 0

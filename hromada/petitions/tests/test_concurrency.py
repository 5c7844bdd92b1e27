"""Real concurrent clients, each on its own database connection (PostgreSQL; SQLite serialises writers)."""

import pytest

from hromada.core.errors import ConflictError
from hromada.ledger.models import PendingEntry, PersonalReceipt
from hromada.petitions import actions
from hromada.petitions.actions import signing
from hromada.petitions.models import PetitionTally, Signature
from tests.concurrency import postgres_only, run_concurrently

CLIENTS = 50


@pytest.mark.django_db(transaction=True)
def test_the_same_person_signing_50_times_at_once_gives_one_signature(world, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    petition = world.collecting()
    signer = world.resident()

    outcomes = run_concurrently(CLIENTS, lambda n: actions.signature_add(petition=petition, signer=signer))

    created = [o for o in outcomes if isinstance(o, actions.SignatureResult)]
    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    unexpected = [o for o in outcomes if not isinstance(o, actions.SignatureResult | ConflictError)]
    assert unexpected == []
    assert len(created) == 1
    assert len(refused) == CLIENTS - 1
    assert {e.code for e in refused} == {"already_signed"}
    assert Signature.objects.filter(petition=petition, signer=signer).count() == 1
    # The refused attempts rolled back their ledger entries and receipts with them.
    assert PendingEntry.objects.filter(kind="petition.signed").count() + _integrated("petition.signed") == 1
    assert PersonalReceipt.objects.filter(user=signer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_people_signing_at_once_are_all_counted_once(world, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    petition = world.collecting()
    petition.rules.signature_threshold = 1000
    petition.rules.save()
    people = [world.resident() for _ in range(30)]

    outcomes = run_concurrently(
        len(people),
        lambda n: actions.signature_add(petition=petition, signer=people[n], address=f"10.0.{n}.1"),
    )
    assert all(isinstance(o, actions.SignatureResult) for o in outcomes), outcomes
    # Aggregation runs concurrently on several "workers": the count is still exact.
    run_concurrently(4, lambda n: actions.petitions_aggregate())
    assert PetitionTally.objects.get(petition=petition).count_for == 30


def _integrated(kind: str) -> int:
    from hromada.ledger.models import Entry

    return Entry.objects.filter(kind=kind).count()


@pytest.mark.django_db(transaction=True)
def test_racing_batches_with_overlapping_pairs_sign_each_pair_once(world, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    petitions = [world.collecting() for _ in range(2)]
    people = [world.resident() for _ in range(6)]
    pairs = [(p.pk, person) for p in petitions for person in people]  # 12 pairs

    def batch(number: int) -> list[object]:
        # 8 batches, each the 12 pairs in its own order: every pair raced by 8 transactions.
        order = pairs[number % len(pairs) :] + pairs[: number % len(pairs)]
        if number % 2:
            order.reverse()
        requests = [actions.SignRequest(petition_id=pk, signer=person) for pk, person in order]
        return actions.signatures_add(hromada=world.hromada, requests=requests)

    results = run_concurrently(8, batch)
    assert not [r for r in results if isinstance(r, BaseException)], results
    outcomes = [o for result in results for o in result]
    created = [o for o in outcomes if isinstance(o, actions.SignatureResult)]
    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(created) == 12 and len(refused) == 8 * 12 - 12, outcomes
    assert {e.code for e in refused} == {"already_signed"}
    assert Signature.objects.count() == 12
    assert PendingEntry.objects.filter(kind="petition.signed").count() + _integrated("petition.signed") == 12
    assert PersonalReceipt.objects.count() == 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_api_requests_of_one_process_share_batches(world, settings):
    postgres_only()
    settings.HROMADA_RATE_LIMITS = False
    petition = world.collecting()
    people = [world.resident() for _ in range(40)]
    before = signing._signing_intake.batches, signing._signing_intake.jobs

    outcomes = run_concurrently(
        40,
        lambda n: actions.signature_submit(
            hromada=world.hromada, petition_id=petition.pk, signer=people[n % 20]
        ),  # each person twice
    )
    created = [o for o in outcomes if isinstance(o, actions.SignatureResult)]
    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(created) == 20 and len(refused) == 20, outcomes
    assert Signature.objects.filter(petition=petition).count() == 20
    batches = signing._signing_intake.batches - before[0]
    assert signing._signing_intake.jobs - before[1] == 40
    assert batches < 40  # requests that arrived while a batch was in the database shared the next one

import datetime as dt

import pytest
from django.utils import timezone

from hromada.accounts.models import VerificationLevel
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError, RateLimitedError
from hromada.ledger.models import PendingEntry, PersonalReceipt
from hromada.petitions import actions, selectors
from hromada.petitions.actions import signing
from hromada.petitions.models import (
    FraudAlert,
    PetitionStatus,
    PetitionTally,
    Signature,
    SignatureDayCount,
    SignatureDistrictCount,
    SignatureStatus,
)
from hromada.petitions.tests.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


def test_signature_writes_a_commitment_and_a_receipt_without_personal_data(world):
    petition = world.collecting()
    signer = world.resident(full_name="Коваленко Марія Іванівна")
    result = actions.signature_add(petition=petition, signer=signer, address="203.0.113.7")
    assert result.created and result.receipt is not None
    entry = PendingEntry.objects.get(pk=result.receipt.receipt_id)
    assert entry.kind == "petition.signed"
    assert b"Kovalenko" not in entry.data and "Коваленко".encode() not in entry.data
    assert f"accounts.user:{signer.pk}".encode() not in entry.data
    assert signer.email.encode() not in entry.data
    assert PersonalReceipt.objects.get(pk=result.personal_receipt_id).user == signer
    signature = result.signature
    assert signature.network == "203.0.113.0/24"
    assert signature.email_domain == "example.org"
    assert signature.receipt_id == result.receipt.receipt_id


def test_second_signature_by_the_same_person_is_refused(world):
    petition = world.collecting()
    signer = world.resident()
    actions.signature_add(petition=petition, signer=signer)
    with pytest.raises(ConflictError) as refused:
        actions.signature_add(petition=petition, signer=signer)
    assert refused.value.code == "already_signed"
    assert Signature.objects.filter(petition=petition).count() == 1


def test_eligibility_follows_the_frozen_rules(world):
    petition = world.collecting()
    unverified = world.resident(verification_level=VerificationLevel.EMAIL)
    child = world.resident(birth_date=timezone.localdate() - dt.timedelta(days=365 * 15))
    unknown_age = world.resident(birth_date=None)
    outsider = world.resident(hromada=None)
    for person in (unverified, child, unknown_age, outsider):
        with pytest.raises(PermissionDeniedError) as refused:
            actions.signature_add(petition=petition, signer=person)
        assert refused.value.code == "not_eligible"
    with pytest.raises(ApplicationError) as against:
        actions.signature_add(petition=petition, signer=world.resident(), against=True)
    assert against.value.code == "against_not_allowed"
    assert not Signature.objects.filter(petition=petition).exists()


def test_rules_version_is_frozen_at_publication(world):
    petition = world.collecting()
    newer = actions.rules_version_create(
        hromada=world.hromada,
        actor=world.administrator,
        signature_threshold=500,
        collection_days=60,
        create_level=VerificationLevel.PHONE,
        sign_level=VerificationLevel.PHONE,
        against_allowed=True,
    )
    assert newer.version == world.rules.version + 1
    petition.refresh_from_db()
    assert petition.rules_id == world.rules.pk
    assert petition.rules.signature_threshold == 3
    later = world.collecting()
    assert later.rules_id == newer.pk
    phone_only = world.resident(verification_level=VerificationLevel.PHONE)
    with pytest.raises(PermissionDeniedError):
        actions.signature_add(petition=petition, signer=phone_only)
    actions.signature_add(petition=later, signer=phone_only, against=True)


def test_rules_collection_term_at_most_three_months(world):
    with pytest.raises(ApplicationError):
        actions.rules_version_create(
            hromada=world.hromada,
            actor=world.administrator,
            signature_threshold=10,
            collection_days=120,
            create_level=3,
            sign_level=3,
        )
    from django.db import IntegrityError, transaction

    from hromada.petitions.models import PetitionRules

    with pytest.raises(IntegrityError), transaction.atomic():
        PetitionRules.objects.create(
            hromada=world.hromada, version=99, signature_threshold=1, collection_days=93
        )


def test_only_administrators_write_rules(world):
    with pytest.raises(PermissionDeniedError):
        actions.rules_version_create(
            hromada=world.hromada, actor=world.moderator, signature_threshold=1, collection_days=10,
            create_level=3, sign_level=3,
        )  # fmt: skip


def test_withdrawal_while_collecting_is_logged_and_counted(world):
    petition = world.collecting()
    signer = world.resident()
    actions.signature_add(petition=petition, signer=signer)
    world.sign(petition, 1)
    actions.petitions_aggregate()
    assert PetitionTally.objects.get(petition=petition).count_for == 2
    withdrawn = actions.signature_withdraw(petition=petition, signer=signer)
    assert withdrawn.status == SignatureStatus.WITHDRAWN
    assert PendingEntry.objects.filter(kind="petition.signature_withdrawn").count() == 1
    actions.petitions_aggregate()
    assert PetitionTally.objects.get(petition=petition).count_for == 1
    again = actions.signature_add(petition=petition, signer=signer)
    assert again.signature.pk == withdrawn.pk and again.signature.status == SignatureStatus.VALID


def test_bulk_invalidation_with_a_reason_recounts_at_once(world):
    petition = world.collecting(author=world.resident())
    petition.rules.signature_threshold = 3  # (the frozen version is 3 already)
    honest = world.resident()
    actions.signature_add(petition=petition, signer=honest, address="198.51.100.20")
    for _i in range(2):
        actions.signature_add(petition=petition, signer=world.resident(), address="203.0.113.9")
    with pytest.raises(PermissionDeniedError):
        actions.signatures_invalidate_bulk(
            petition=petition,
            actor=world.resident(),
            reason="Підписи з однієї мережі",
            network="203.0.113.0/24",
        )
    count = actions.signatures_invalidate_bulk(
        petition=petition,
        actor=world.moderator,
        reason="Підписи з однієї мережі за хвилину",
        network="203.0.113.0/24",
    )
    assert count == 2
    assert PetitionTally.objects.get(petition=petition).count_for == 1
    assert Signature.objects.filter(status=SignatureStatus.INVALIDATED).count() == 2
    assert PendingEntry.objects.filter(kind="petition.signatures_invalidated").count() == 1
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.COLLECTING


def test_aggregation_counts_per_day_and_district_and_public_count_lags_until_the_job(world, district):
    petition = world.collecting()
    world.sign(petition, 2)
    actions.signature_add(petition=petition, signer=world.resident(district=None))
    # Not yet aggregated: the public count is the last aggregate, not a live count.
    assert PetitionTally.objects.get(petition=petition).count_for == 0
    actions.petitions_aggregate()
    assert PetitionTally.objects.get(petition=petition).count_for == 3
    days = list(SignatureDayCount.objects.filter(petition=petition).values_list("count_for", flat=True))
    assert days == [3]
    by_district = dict(
        SignatureDistrictCount.objects.filter(petition=petition).values_list("district_id", "count_for")
    )
    assert by_district == {district.pk: 2, None: 1}
    # Nothing changed since: a later run (well after the margin) recounts nothing.
    later = timezone.now() + dt.timedelta(minutes=5)
    actions.petitions_aggregate(now=later)
    assert actions.petitions_aggregate(now=later + dt.timedelta(minutes=5))["recounted"] == 0


def test_publishing_another_petition_does_not_hide_uncounted_signatures(world):
    petition = world.collecting()
    actions.petitions_aggregate()
    world.sign(petition, 1)
    later = timezone.now() + dt.timedelta(minutes=10)
    # Another petition is published before the job runs again (its tally is new).
    with_time = world.collecting()
    PetitionTally.objects.filter(petition=with_time).update(counted_at=later)
    actions.petitions_aggregate(now=later + dt.timedelta(seconds=5))
    assert PetitionTally.objects.get(petition=petition).count_for == 1


def test_aggregation_catches_up_after_the_worker_was_stopped(world):
    petition = world.collecting()
    actions.petitions_aggregate()
    world.sign(petition, 2)
    # The worker comes back an hour later: the signatures are still counted.
    assert actions.petitions_aggregate(now=timezone.now() + dt.timedelta(hours=1))["recounted"] == 1
    assert PetitionTally.objects.get(petition=petition).count_for == 2


def test_expired_petition_becomes_an_ordinary_appeal_with_a_month_clock(world):
    petition = world.collecting()
    world.sign(petition, 1)
    after = petition.collection_ends_at + dt.timedelta(minutes=1)
    assert actions.petitions_expire(now=after) == 1
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.EXPIRED
    assert (petition.answer_due_at - after).days in (29, 30)
    with pytest.raises(ApplicationError):
        actions.petition_answer(petition=petition, actor=world.official, decision="supported", text="x" * 30)
    answer = actions.petition_answer(
        petition=petition,
        actor=world.official,
        decision="appeal_answered",
        text="Звернення розглянуто, ремонт дороги заплановано на весну.",
    )
    assert answer.on_time
    petition.refresh_from_db()
    moderation_clock, appeal_clock = selectors.petition_clocks(petition)
    assert moderation_clock.on_time
    assert appeal_clock.kind == "appeal" and appeal_clock.on_time


def test_last_second_signatures_reaching_the_threshold_win_over_expiry(world):
    petition = world.collecting()
    world.sign(petition, 3)
    after = petition.collection_ends_at + dt.timedelta(minutes=1)
    assert actions.petitions_expire(now=after) == 0
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.THRESHOLD_REACHED


def test_anonymisation_hides_names_after_the_period_and_keeps_commitments(world):
    petition = world.collecting()
    world.sign(petition, 3)
    actions.petitions_aggregate()
    petition.refresh_from_db()
    assert selectors.signatories(petition=petition).count() == 3
    entries_before = PendingEntry.objects.filter(kind="petition.signed").count()
    assert actions.petitions_anonymise(now=petition.closed_at + dt.timedelta(days=100)) == 0
    assert actions.petitions_anonymise(now=petition.closed_at + dt.timedelta(days=184)) == 1
    petition.refresh_from_db()
    assert petition.names_hidden_at is not None
    assert selectors.signatories(petition=petition).count() == 0
    assert not Signature.objects.filter(petition=petition).exclude(public_name="").exists()
    assert not Signature.objects.filter(petition=petition).exclude(network="").exists()
    assert PendingEntry.objects.filter(kind="petition.signed").count() == entries_before
    assert actions.petitions_anonymise(now=petition.closed_at + dt.timedelta(days=400)) == 0


def test_names_shown_only_with_consent(world):
    petition = world.collecting()
    actions.signature_add(petition=petition, signer=world.resident(full_name="Шевчук Тарас"), show_name=True)
    actions.signature_add(
        petition=petition, signer=world.resident(full_name="Мельник Ірина"), show_name=False
    )
    actions.signature_add(petition=petition, signer=world.resident(full_name="Бойко Олег"))  # no choice made
    names = list(selectors.signatories(petition=petition).values_list("public_name", flat=True))
    assert names == ["Шевчук Тарас"]


def test_rate_limit_per_account(world, settings, monkeypatch):
    settings.HROMADA_RATE_LIMITS = True
    signer = world.resident()
    petitions = [world.collecting() for _ in range(3)]
    monkeypatch.setattr(signing, "SIGN_LIMIT_PER_ACCOUNT", (2, 60))

    actions.signature_add(petition=petitions[0], signer=signer)
    actions.signature_add(petition=petitions[1], signer=signer)
    with pytest.raises(RateLimitedError):
        actions.signature_add(petition=petitions[2], signer=signer)


def test_spike_from_one_network_alerts_moderators_once(world, django_capture_on_commit_callbacks):
    from hromada.core.models import Notification

    petition = world.collecting()
    petition.rules.signature_threshold = 10_000
    petition.rules.save()
    for i in range(55):
        actions.signature_add(petition=petition, signer=world.resident(), address=f"192.0.2.{i + 1}")
    with django_capture_on_commit_callbacks(execute=True):
        result = actions.petitions_aggregate()
    assert result["alerts"] == 2  # one network, and one (uncommon) e-mail domain
    alerts = dict(FraudAlert.objects.values_list("key", "count"))
    assert alerts == {"192.0.2.0/24": 55, "example.org": 55}
    assert Notification.objects.filter(kind="petitions.fraud_alert", recipient=world.moderator).count() == 2
    assert actions.petitions_aggregate()["alerts"] == 0


def test_another_hromada_sees_nothing(world, other_world):
    petition = world.collecting()
    assert selectors.petition_get(hromada=other_world.hromada, petition_id=petition.pk) is None
    assert not selectors.petition_list(hromada=other_world.hromada).exists()
    assert selectors.petition_list(hromada=world.hromada).count() == 1
    outsider = other_world.resident()
    with pytest.raises(PermissionDeniedError):
        actions.signature_add(petition=petition, signer=outsider)
    with pytest.raises(PermissionDeniedError):
        actions.petition_publish(petition=world.submitted(), actor=other_world.moderator)
    with pytest.raises(ApplicationError):
        other_world.draft(addressee=world.mayor)
    assert list(selectors.opendata_petitions(hromada=other_world.hromada)) == []


def test_search_finds_inflected_ukrainian_words_and_similar_open_petitions(world):
    road = world.collecting(title="Відремонтувати дорогу на вулиці Шевченка")
    world.collecting(
        title="Облаштувати сквер біля ліцею № 2",
        text="Просимо облаштувати сквер з лавками та деревами біля ліцею, щоб діти мали де відпочити.",
    )
    assert road in selectors.petition_list(hromada=world.hromada, query="дороги шевченка")
    similar = selectors.similar_open_petitions(
        hromada=world.hromada, text="Ремонт дороги на вулиці Шевченка, ями після дощу, автобус"
    )
    assert similar and similar[0][0] == road


def test_make_world_in_another_hromada_is_independent(other_hromada):
    w = make_world(other_hromada)
    assert w.rules.version == 1

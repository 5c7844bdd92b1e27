import pytest

from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.ledger.models import PendingEntry
from hromada.petitions import actions, selectors
from hromada.petitions.lifecycle import TRANSITIONS, Status, TransitionError, can_transition, check_transition
from hromada.petitions.models import Petition, PetitionAnswer, PetitionStatus, RejectionReason


def kinds(hromada):
    return list(PendingEntry.objects.filter(hromada=hromada).order_by("pk").values_list("kind", flat=True))


def test_state_machine_allows_only_the_listed_transitions():
    assert can_transition("draft", "submitted")
    assert can_transition("expired", "answered")
    assert not can_transition("threshold_reached", "withdrawn")
    assert not can_transition("answered", "collecting")
    assert not can_transition("nonsense", "draft")
    with pytest.raises(TransitionError):
        check_transition("rejected", "collecting")
    terminal = {s for s, targets in TRANSITIONS.items() if not targets}
    assert terminal == {Status.ANSWERED, Status.REJECTED, Status.WITHDRAWN}


@pytest.mark.django_db
def test_whole_lifecycle_writes_a_ledger_entry_for_every_transition(world, settings):
    settings.HROMADA_RATE_LIMITS = False
    petition = world.submitted()
    assert petition.status == PetitionStatus.SUBMITTED
    assert petition.moderation_due_at is not None
    petition = actions.petition_moderation_take(petition=petition, actor=world.moderator)
    petition = actions.petition_publish(petition=petition, actor=world.moderator)
    assert petition.status == PetitionStatus.COLLECTING
    assert petition.rules_id == world.rules.pk
    world.sign(petition, 3)
    result = actions.petitions_aggregate()
    assert result["threshold_reached"] == 1
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.THRESHOLD_REACHED
    assert petition.forward_on is not None
    assert actions.petitions_forward_due(today=petition.forward_on) == 1
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.UNDER_CONSIDERATION
    assert petition.answer_due_at is not None
    answer = actions.petition_answer(
        petition=petition,
        actor=world.official,
        decision=PetitionAnswer.Decision.SUPPORTED,
        text="Ремонт включено до програми на наступний рік, кошти передбачено.",
    )
    assert answer.on_time
    actions.petition_add_update(
        petition=petition, actor=world.official, text="Підрядника обрано через Prozorro."
    )
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.ANSWERED
    petition_kinds = [k for k in kinds(world.hromada) if k.startswith("petition.")]
    assert petition_kinds == [
        "petition.submitted",
        "petition.moderation_started",
        "petition.published",
        "petition.signed",
        "petition.signed",
        "petition.signed",
        "petition.threshold_reached",
        "petition.forwarded",
        "petition.answered",
        "petition.updated",
    ]


@pytest.mark.django_db
def test_prohibited_content_is_rejected_with_the_law_category_and_reasons(world):
    petition = world.submitted(title="Заклик до насильства проти сусідів з іншого села")
    with pytest.raises(ApplicationError) as refused:
        actions.petition_reject(petition=petition, actor=world.moderator, reason="spam", text="коротко")
    assert set(refused.value.fields) == {"reason", "text"}
    petition = actions.petition_reject(
        petition=petition,
        actor=world.moderator,
        reason=RejectionReason.WAR_PROPAGANDA,
        text="Петиція містить заклики до насильства, що заборонено ч. 2 ст. 23-1 Закону.",
    )
    assert petition.status == PetitionStatus.REJECTED
    assert kinds(world.hromada)[-1] == "petition.rejected"
    with pytest.raises(ConflictError):
        actions.petition_publish(petition=petition, actor=world.moderator)


@pytest.mark.django_db
def test_duplicate_rejection_names_an_open_petition(world):
    original = world.collecting()
    copy = world.submitted()
    with pytest.raises(ApplicationError):
        actions.petition_reject(
            petition=copy,
            actor=world.moderator,
            reason=RejectionReason.DUPLICATE,
            text="Така петиція вже збирає підписи.",
        )
    copy = actions.petition_reject(
        petition=copy,
        actor=world.moderator,
        reason=RejectionReason.DUPLICATE,
        text="Така петиція вже збирає підписи.",
        duplicate_of=original,
    )
    assert copy.duplicate_of_id == original.pk


@pytest.mark.django_db
def test_residents_without_rights_cannot_moderate_and_author_cannot_self_publish(world):
    petition = world.submitted()
    with pytest.raises(PermissionDeniedError):
        actions.petition_publish(petition=petition, actor=world.resident())
    with pytest.raises(PermissionDeniedError):
        actions.petition_publish(petition=petition, actor=petition.author)


@pytest.mark.django_db
def test_author_withdraws_before_the_threshold_but_not_after(world, settings):
    settings.HROMADA_RATE_LIMITS = False
    petition = world.collecting()
    with pytest.raises(PermissionDeniedError):
        actions.petition_withdraw(petition=petition, actor=world.resident())
    withdrawn = actions.petition_withdraw(petition=petition, actor=petition.author)
    assert withdrawn.status == PetitionStatus.WITHDRAWN
    assert kinds(world.hromada)[-1] == "petition.withdrawn"

    reached = world.collecting()
    world.sign(reached, 3)
    actions.petitions_aggregate()
    reached.refresh_from_db()
    assert reached.status == PetitionStatus.THRESHOLD_REACHED
    with pytest.raises(ApplicationError):
        actions.petition_withdraw(petition=reached, actor=reached.author)


@pytest.mark.django_db
def test_only_drafts_change_and_only_by_their_author(world):
    petition = world.draft()
    changed = actions.petition_update(
        petition=petition,
        actor=petition.author,
        title="Встановити світлофор біля школи № 3",
        text="Діти щодня переходять жваву дорогу біля школи без світлофора; просимо встановити його.",
        topic="safety",
        addressee=world.executive_committee,
    )
    assert changed.search_text.startswith("встановити світлофор")
    actions.petition_submit(petition=petition, actor=petition.author)
    with pytest.raises(ApplicationError):
        actions.petition_update(
            petition=petition,
            actor=petition.author,
            title=changed.title,
            text=changed.text,
            topic="safety",
            addressee=world.mayor,
        )
    assert Petition.objects.get(pk=petition.pk).addressee_id == world.executive_committee.pk
    assert selectors.petition_get(hromada=world.hromada, petition_id=petition.pk) is None  # not public
    assert selectors.petition_get(hromada=world.hromada, petition_id=petition.pk, viewer=world.moderator)

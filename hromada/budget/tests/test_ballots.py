"""Ballots: validation per ballot type, one ballot per person across channels, changes, ledger receipts."""

import datetime as dt
import json

import pytest

from hromada.budget.actions import ChoiceIn, ballot_cast, ballot_cast_by_official, ballot_change
from hromada.budget.models import Ballot, BallotChoice, Channel, Phase
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from hromada.ledger.models import PendingEntry, PersonalReceipt

from .factories import make_cnap_officer, make_cycle, make_project, make_voter

pytestmark = pytest.mark.django_db


def _fields(exc) -> dict:
    return exc.value.fields


def test_approval_ballot_is_limited_to_k_projects(hromada):
    cycle = make_cycle(hromada, max_choices=2)
    projects = [make_project(cycle) for _ in range(3)]
    voter = make_voter(hromada)

    with pytest.raises(ApplicationError) as exc:
        ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(p.pk) for p in projects])

    assert exc.value.code == "invalid_ballot"
    assert "choices" in _fields(exc)
    assert not Ballot.objects.exists()
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(p.pk) for p in projects[:2]])
    assert BallotChoice.objects.count() == 2


def test_approval_limit_per_category(hromada):
    cycle = make_cycle(
        hromada, categories=(("north", 500_000_00), ("south", 500_000_00)), max_choices_per_category=1
    )
    north = [make_project(cycle, category="north") for _ in range(2)]
    south = make_project(cycle, category="south")
    voter = make_voter(hromada)

    with pytest.raises(ApplicationError):
        ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(north[0].pk), ChoiceIn(north[1].pk)])

    receipt = ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(north[0].pk), ChoiceIn(south.pk)])
    assert receipt.ballot.choices.count() == 2


def test_cost_limited_approval_stays_within_the_category_amount(hromada):
    cycle = make_cycle(hromada, categories=(("all", 300_000_00),), ballot_type="cost_approval")
    a, b, c = (make_project(cycle, cost=cost) for cost in (200_000_00, 100_000_00, 50_000_00))
    voter = make_voter(hromada)

    with pytest.raises(ApplicationError) as exc:
        ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk), ChoiceIn(b.pk), ChoiceIn(c.pk)])

    assert "choices" in _fields(exc)
    receipt = ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk), ChoiceIn(b.pk)])
    assert receipt.ballot.pk


def test_cumulative_ballot_points_total_and_per_project(hromada):
    cycle = make_cycle(hromada, ballot_type="cumulative", points_total=10, max_points_per_project=6)
    a, b = make_project(cycle), make_project(cycle)
    voter = make_voter(hromada)

    with pytest.raises(ApplicationError) as exc:
        ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk, 6), ChoiceIn(b.pk, 5)])
    assert "choices" in _fields(exc)
    with pytest.raises(ApplicationError) as exc:
        ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk, 7)])
    assert "choices.0.points" in _fields(exc)

    receipt = ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk, 6), ChoiceIn(b.pk, 4)])
    assert sorted(receipt.ballot.choices.values_list("points", flat=True)) == [4, 6]


def test_ordinal_ballot_rank_length_and_order(hromada):
    cycle = make_cycle(hromada, ballot_type="ordinal", max_rank_length=2)
    a, b, c = (make_project(cycle) for _ in range(3))
    voter = make_voter(hromada)

    with pytest.raises(ApplicationError):
        ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk), ChoiceIn(b.pk), ChoiceIn(c.pk)])

    receipt = ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(c.pk), ChoiceIn(a.pk)])
    ranks = dict(receipt.ballot.choices.values_list("project_id", "rank"))
    assert ranks == {c.pk: 1, a.pk: 2}


def test_points_on_an_approval_ballot_and_unknown_projects_are_refused(hromada, other_hromada):
    cycle = make_cycle(hromada)
    project = make_project(cycle)
    foreign = make_project(make_cycle(other_hromada))
    rejected = make_project(cycle, status="rejected")
    voter = make_voter(hromada)

    for choices, field in (
        ([ChoiceIn(project.pk, 3)], "choices.0.points"),
        ([ChoiceIn(foreign.pk)], "choices.0.project_id"),
        ([ChoiceIn(rejected.pk)], "choices.0.project_id"),
        ([ChoiceIn(project.pk), ChoiceIn(project.pk)], "choices"),
    ):
        with pytest.raises(ApplicationError) as exc:
            ballot_cast(voter=voter, cycle=cycle, choices=choices)
        assert field in _fields(exc)
    assert not Ballot.objects.exists()


def test_ineligible_voters_are_refused(hromada, other_hromada):
    cycle = make_cycle(hromada, vote_min_age=16)
    project = make_project(cycle)
    too_young = make_voter(hromada, birth_date=dt.date.today().replace(year=2020, day=1))
    unverified = make_voter(hromada, verification_level=1)
    outsider = make_voter(other_hromada)

    for voter in (too_young, unverified, outsider):
        with pytest.raises(PermissionDeniedError) as exc:
            ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(project.pk)])
        assert exc.value.code == "not_eligible"
    assert not Ballot.objects.exists()


def test_voting_outside_the_voting_phase_is_refused(hromada):
    cycle = make_cycle(hromada, phase=Phase.REVIEW)
    project = make_project(cycle)

    with pytest.raises(ApplicationError) as exc:
        ballot_cast(voter=make_voter(hromada), cycle=cycle, choices=[ChoiceIn(project.pk)])

    assert exc.value.code == "voting_closed"


def test_each_ballot_writes_a_ledger_entry_and_a_receipt_without_personal_data(hromada):
    cycle = make_cycle(hromada)
    project = make_project(cycle)
    voter = make_voter(hromada, full_name="Шевченко Тарас Григорович")

    receipt = ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(project.pk)])

    entry = PendingEntry.objects.get(pk=receipt.receipt_id)
    data = json.loads(bytes(entry.data))
    assert data["kind"] == "budget.ballot.cast"
    assert data["subject"] == f"budget.budgetcycle:{cycle.pk}"
    assert len(data["people"]) == 1
    assert data["payload"] == {"cycle": cycle.slug, "channel": "web", "version": 1, "rules_version": 1}
    text = bytes(entry.data).decode()
    assert "Шевченко" not in text and voter.email not in text
    kept = PersonalReceipt.objects.get(user=voter)
    assert kept.receipt_id == receipt.receipt_id
    assert Ballot.objects.get().receipt_id == receipt.receipt_id


def test_second_ballot_is_refused_across_channels(hromada):
    cycle = make_cycle(hromada)
    project = make_project(cycle)
    voter = make_voter(hromada)
    officer = make_cnap_officer(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(project.pk)])

    with pytest.raises(ConflictError) as exc:
        ballot_cast_by_official(
            official=officer,
            voter=voter,
            cycle=cycle,
            choices=[ChoiceIn(project.pk)],
            channel=Channel.CNAP,
            identity_document="паспорт",
        )

    assert exc.value.code == "already_voted"
    assert Ballot.objects.count() == 1
    assert Ballot.objects.get().channel == Channel.WEB


def test_official_channel_needs_a_cnap_officer_and_an_identity_document(hromada):
    cycle = make_cycle(hromada)
    project = make_project(cycle)
    voter = make_voter(hromada, verification_level=0)  # not verified online: the official checks identity
    officer = make_cnap_officer(hromada)

    with pytest.raises(PermissionDeniedError):
        ballot_cast_by_official(
            official=make_voter(hromada),
            voter=voter,
            cycle=cycle,
            choices=[ChoiceIn(project.pk)],
            channel=Channel.PAPER,
            identity_document="паспорт",
        )
    with pytest.raises(ApplicationError):
        ballot_cast_by_official(
            official=officer,
            voter=voter,
            cycle=cycle,
            choices=[ChoiceIn(project.pk)],
            channel="paper",
            identity_document=" ",
        )

    receipt = ballot_cast_by_official(
        official=officer,
        voter=voter,
        cycle=cycle,
        choices=[ChoiceIn(project.pk)],
        channel=Channel.PAPER,
        identity_document="ID-картка",
    )
    assert receipt.ballot.entered_by == officer
    assert PersonalReceipt.objects.filter(user=voter).count() == 1


def test_ballot_change_replaces_the_ballot_when_allowed(hromada):
    cycle = make_cycle(hromada, ballot_change_allowed=True)
    a, b = make_project(cycle), make_project(cycle)
    voter = make_voter(hromada)
    first = ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk)])

    second = ballot_change(voter=voter, cycle=cycle, choices=[ChoiceIn(b.pk)])

    ballot = Ballot.objects.get()
    assert ballot.version == 2
    assert list(ballot.choices.values_list("project_id", flat=True)) == [b.pk]
    assert second.changed and second.receipt_id != first.receipt_id
    assert ballot.receipt_id == second.receipt_id
    kinds = list(PendingEntry.objects.filter(kind__startswith="budget.ballot").values_list("kind", flat=True))
    assert sorted(kinds) == ["budget.ballot.cast", "budget.ballot.changed"]


def test_ballot_change_is_refused_when_the_rules_forbid_it(hromada):
    cycle = make_cycle(hromada)
    a, b = make_project(cycle), make_project(cycle)
    voter = make_voter(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk)])

    with pytest.raises(ConflictError):
        ballot_change(voter=voter, cycle=cycle, choices=[ChoiceIn(b.pk)])
    with pytest.raises(ConflictError):
        ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(b.pk)])

    assert list(Ballot.objects.get().choices.values_list("project_id", flat=True)) == [a.pk]


def test_changing_without_a_ballot_is_not_found(hromada):
    cycle = make_cycle(hromada, ballot_change_allowed=True)
    project = make_project(cycle)

    with pytest.raises(NotFoundError):
        ballot_change(voter=make_voter(hromada), cycle=cycle, choices=[ChoiceIn(project.pk)])


def test_an_official_entry_never_replaces_an_online_ballot_unasked_even_where_changes_are_allowed(hromada):
    cycle = make_cycle(hromada, ballot_change_allowed=True)
    a, b = make_project(cycle), make_project(cycle)
    voter = make_voter(hromada)
    officer = make_cnap_officer(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk)])

    with pytest.raises(ConflictError) as refused:
        ballot_cast_by_official(
            official=officer,
            voter=voter,
            cycle=cycle,
            choices=[ChoiceIn(b.pk)],
            channel=Channel.CNAP,
            identity_document="паспорт",
        )

    assert refused.value.code == "already_voted"
    assert str(Channel.WEB.label) in refused.value.message
    ballot = Ballot.objects.get()
    assert (ballot.version, ballot.channel, ballot.entered_by) == (1, Channel.WEB, None)
    assert list(ballot.choices.values_list("project_id", flat=True)) == [a.pk]


def test_a_ballot_change_asked_in_person_is_recorded_logged_and_told_to_the_voter(
    hromada, django_capture_on_commit_callbacks
):
    from hromada.core.models import Notification

    cycle = make_cycle(hromada, ballot_change_allowed=True)
    a, b = make_project(cycle), make_project(cycle)
    voter = make_voter(hromada)
    officer = make_cnap_officer(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(a.pk)])

    with django_capture_on_commit_callbacks(execute=True):
        receipt = ballot_cast_by_official(
            official=officer,
            voter=voter,
            cycle=cycle,
            choices=[ChoiceIn(b.pk)],
            channel=Channel.CNAP,
            identity_document="паспорт",
            replace_existing=True,
        )

    ballot = Ballot.objects.get()
    assert receipt.changed and (ballot.version, ballot.channel, ballot.entered_by) == (
        2,
        Channel.CNAP,
        officer,
    )
    assert PendingEntry.objects.filter(kind="budget.ballot.changed").exists()
    told = Notification.objects.get(recipient=voter, kind="budget.ballot_changed")
    assert "ЦНАП" in told.title + told.body


def test_a_change_asked_in_person_is_refused_where_the_rules_forbid_changes(hromada):
    cycle = make_cycle(hromada)
    project = make_project(cycle)
    voter = make_voter(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(project.pk)])

    with pytest.raises(ConflictError):
        ballot_cast_by_official(
            official=make_cnap_officer(hromada),
            voter=voter,
            cycle=cycle,
            choices=[ChoiceIn(project.pk)],
            channel=Channel.PAPER,
            identity_document="паспорт",
            replace_existing=True,
        )
    assert Ballot.objects.get().version == 1


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1, "щонайбільше 1 проєкт."),
        (4, "щонайбільше 4 проєкти."),
        (5, "щонайбільше 5 проєктів."),
        (21, "щонайбільше 21 проєкт."),
    ],
)
def test_ballot_limits_are_worded_with_ukrainian_plural_forms(hromada, limit, expected):
    from django.utils import translation

    cycle = make_cycle(hromada, max_choices=limit)
    projects = [make_project(cycle) for _ in range(limit + 1)]

    with translation.override("uk"), pytest.raises(ApplicationError) as refused:
        ballot_cast(voter=make_voter(hromada), cycle=cycle, choices=[ChoiceIn(p.pk) for p in projects])

    assert refused.value.fields["choices"] == [f"Оберіть {expected}"]

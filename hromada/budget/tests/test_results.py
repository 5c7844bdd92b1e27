"""Results computed through the counting core equal hand-checked outcomes; ties are reported."""

import pytest

from hromada.budget.actions import (
    ChoiceIn,
    MilestoneIn,
    milestone_add,
    milestone_update,
    results_compute,
    results_publish,
    results_ties_acknowledge,
)
from hromada.budget.models import CategoryResult, Phase, Project, ProjectResult
from hromada.budget.selectors import ballot_state, implementation_tracker, results_of, rules_comparison
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.models import Notification
from hromada.ledger.models import PendingEntry

from .factories import make_administrator, make_ballot, make_cycle, make_official, make_project, make_voter

pytestmark = pytest.mark.django_db

UAH100 = 100_00  # 100 hryvnias in kopiyky


def _four_projects(hromada, **rules):
    """Budget 1000 UAH·100; A 600, B 500, C 300, D 200; votes A 5, B 4, C 3, D 1 (five voters)."""
    cycle = make_cycle(hromada, phase=Phase.RESULTS, categories=(("all", 10 * UAH100 * 100),), **rules)
    a, b, c, d = (make_project(cycle, cost=cost * UAH100 * 100) for cost in (6, 5, 3, 2))
    for chosen in ([a, b, c], [a, b, c], [a, b, c], [a, b], [a, d]):
        make_ballot(cycle, chosen)
    return cycle, (a, b, c, d)


def _winners(cycle):
    return [result.winners for result in CategoryResult.objects.filter(cycle=cycle)]


def test_greedy_skips_projects_that_no_longer_fit(hromada):
    cycle, (a, b, c, d) = _four_projects(hromada, counting_rule="greedy")

    results_compute(actor=make_administrator(hromada), cycle=cycle)

    assert _winners(cycle) == [[str(a.number), str(c.number)]]
    result = CategoryResult.objects.get(cycle=cycle)
    assert result.total_cost == (6 + 3) * UAH100 * 100
    assert result.voters == 5
    lines = {line.project_id: line for line in ProjectResult.objects.filter(result=result)}
    assert [lines[p.pk].votes for p in (a, b, c, d)] == [5, 4, 3, 1]
    assert lines[b.pk].explanation == "does-not-fit" and not lines[b.pk].won
    assert lines[a.pk].explanation == "funded" and lines[a.pk].won


def test_greedy_without_skipping_stops_at_the_first_that_does_not_fit(hromada):
    cycle, (a, *_rest) = _four_projects(hromada, counting_rule="greedy-no-skip")

    results_compute(actor=make_administrator(hromada), cycle=cycle)

    assert _winners(cycle) == [[str(a.number)]]


def test_equal_shares_funds_only_what_supporters_can_pay(hromada):
    # Five voters with 200 each: A (600, five supporters) costs each 120; afterwards every voter has 80,
    # so B (500, four supporters: 320), C (300, three: 240) and D (200, one: 80) are out of reach.
    cycle, (a, b, _c, _d) = _four_projects(hromada, counting_rule="mes")

    results_compute(actor=make_administrator(hromada), cycle=cycle)

    assert _winners(cycle) == [[str(a.number)]]
    line = ProjectResult.objects.get(project=b)
    assert line.explanation == "supporters-short"
    assert line.details["shortfall"] == pytest.approx((5 - 4 * 0.8) * UAH100 * 100)


def test_ties_are_reported_and_block_publication_until_acknowledged(
    hromada, django_capture_on_commit_callbacks
):
    admin = make_administrator(hromada)
    cycle = make_cycle(hromada, phase=Phase.RESULTS, categories=(("all", 500_00),))
    first, second = make_project(cycle, cost=400_00), make_project(cycle, cost=400_00)
    for _ in range(3):
        make_ballot(cycle, [first, second])

    with django_capture_on_commit_callbacks(execute=True):
        results_compute(actor=admin, cycle=cycle)

    result = CategoryResult.objects.get(cycle=cycle)
    assert result.winners == [str(first.number)]  # project id compared as text, as pabutools
    assert result.ties and set(result.ties[0]["projects"]) == {str(first.number), str(second.number)}
    assert Notification.objects.filter(recipient=admin, kind="budget.ties").exists()
    with pytest.raises(ApplicationError) as exc:
        results_publish(actor=admin, cycle=cycle)
    assert exc.value.code == "ties_pending"

    results_ties_acknowledge(
        actor=admin, result=result, note="Нічия розв'язана за номером проєкту, як у правилах."
    )
    with django_capture_on_commit_callbacks(execute=True):
        results_publish(actor=admin, cycle=cycle)

    assert Project.objects.get(pk=first.pk).status == Project.Status.WON
    assert Project.objects.get(pk=second.pk).status == Project.Status.LOST
    assert results_of(cycle=cycle)[0].result.published_at is not None
    assert first.author.notifications.filter(kind="budget.won").count() == 1
    assert second.author.notifications.filter(kind="budget.not_funded").count() == 1


def test_results_are_computed_only_after_voting_by_administrators(hromada):
    open_cycle = make_cycle(hromada, phase=Phase.VOTING)
    with pytest.raises(ApplicationError) as exc:
        results_compute(actor=make_administrator(hromada), cycle=open_cycle)
    assert exc.value.code == "voting_open"
    closed, _projects = _four_projects(hromada)
    with pytest.raises(PermissionDeniedError):
        results_compute(actor=make_voter(hromada), cycle=closed)


def test_published_results_are_final_and_logged(hromada):
    admin = make_administrator(hromada)
    cycle, _projects = _four_projects(hromada)
    results_compute(actor=admin, cycle=cycle)
    results_publish(actor=admin, cycle=cycle)

    with pytest.raises(ApplicationError):
        results_compute(actor=admin, cycle=cycle)
    with pytest.raises((ApplicationError, ConflictError)):
        results_publish(actor=admin, cycle=cycle)
    kinds = set(PendingEntry.objects.values_list("kind", flat=True))
    assert {"audit.budget_results.computed", "audit.budget_results.published"} <= kinds


def test_rules_side_by_side_for_officials(hromada):
    cycle, (a, _b, c, _d) = _four_projects(hromada)

    comparison = rules_comparison(cycle=cycle, category=cycle.categories.get())

    assert [label.split("/")[0] for label in comparison.labels] == [
        "greedy",
        "greedy-no-skip",
        "mes",
        "mes-add1",
        "phragmen",
    ]
    selected = {row["number"]: row["selected_by"] for row in comparison.rows}
    assert selected[a.number] == comparison.labels
    assert "greedy" in selected[c.number] and "greedy-no-skip" not in selected[c.number]
    assert comparison.totals["greedy"] == (6 + 3) * UAH100 * 100
    assert not CategoryResult.objects.exists()  # nothing stored


def test_winners_are_tracked_through_milestones(hromada):
    admin = make_administrator(hromada)
    cycle, (a, b, *_rest) = _four_projects(hromada)
    results_compute(actor=admin, cycle=cycle)
    results_publish(actor=admin, cycle=cycle)
    official = make_official(hromada)

    with pytest.raises(ApplicationError):
        milestone_add(actor=official, project=b, data=MilestoneIn(title="Не переможець"))
    with pytest.raises(PermissionDeniedError):
        milestone_add(actor=make_voter(hromada), project=a, data=MilestoneIn(title="Договір"))
    first = milestone_add(
        actor=official, project=a, data=MilestoneIn(title="Договір", status="done", progress=20, spent=100_00)
    )
    a.refresh_from_db()
    assert (a.status, a.progress, a.spent) == (Project.Status.IMPLEMENTING, 20, 100_00)
    milestone_update(
        actor=official,
        milestone=first,
        data=MilestoneIn(title="Об'єкт відкрито", status="done", progress=100, spent=590_000_00),
    )
    a.refresh_from_db()
    assert (a.status, a.progress) == (Project.Status.DONE, 100)
    projects, summary = implementation_tracker(hromada=hromada)
    assert [p.pk for p in projects] == [a.pk, _rest[0].pk]
    assert summary.done == 1 and summary.spent == 590_000_00


def test_ballot_state_shows_running_totals_without_saving(hromada):
    cycle = make_cycle(hromada, phase=Phase.VOTING, ballot_type="cumulative", points_total=10)
    a, b = make_project(cycle, cost=100_00), make_project(cycle, cost=250_00)
    voter = make_voter(hromada)

    state = ballot_state(cycle=cycle, voter=voter, choices=[ChoiceIn(a.pk, 4), ChoiceIn(b.pk, 3)])
    over = ballot_state(cycle=cycle, voter=voter, choices=[ChoiceIn(a.pk, 8), ChoiceIn(b.pk, 3)])

    assert (state.count, state.cost, state.points, state.points_left) == (2, 350_00, 7, 3)
    assert state.errors == {} and state.may_vote and state.problem is None
    assert "choices" in over.errors and over.points_left == 0
    assert ballot_state(cycle=cycle, voter=None).problem


def test_cumulative_ballots_are_counted_by_their_points(hromada):
    cycle = make_cycle(
        hromada,
        phase=Phase.RESULTS,
        categories=(("all", 1_000_00),),
        ballot_type="cumulative",
        points_total=10,
    )
    a, b, c = (make_project(cycle, cost=cost * 100) for cost in (600, 500, 300))
    make_ballot(cycle, [a, b], points={a.pk: 5, b.pk: 5})
    make_ballot(cycle, [c], points={c.pk: 10})
    make_ballot(cycle, [b, c], points={b.pk: 3, c.pk: 2})

    results_compute(actor=make_administrator(hromada), cycle=cycle)

    # points: A 5, B 8, C 12 → C (300) and B (500) fit in 1000; A (600) no longer does
    assert _winners(cycle) == [[str(c.number), str(b.number)]]
    assert ProjectResult.objects.get(project=b).points == 8


def test_ranked_ballots_are_counted(hromada):
    cycle = make_cycle(hromada, phase=Phase.RESULTS, categories=(("all", 1_000_00),), ballot_type="ordinal")
    a, b, c = (make_project(cycle, cost=cost * 100) for cost in (600, 500, 300))
    make_ballot(cycle, [b, c, a])
    make_ballot(cycle, [b, a])
    make_ballot(cycle, [b, c])

    results_compute(actor=make_administrator(hromada), cycle=cycle)

    winners = _winners(cycle)[0]
    assert winners[0] == str(b.number)
    assert str(a.number) not in winners  # 500 + 600 exceed the 1000 available


def test_the_declared_tie_breaking_decides_and_is_reported(hromada):
    cycle = make_cycle(hromada, phase=Phase.RESULTS, categories=(("all", 500_00),), tie_breaking="lower_cost")
    dear, cheap = make_project(cycle, cost=450_00), make_project(cycle, cost=400_00)
    for _ in range(2):
        make_ballot(cycle, [dear, cheap])

    results_compute(actor=make_administrator(hromada), cycle=cycle)

    result = CategoryResult.objects.get(cycle=cycle)
    assert result.winners == [str(cheap.number)]
    assert result.ties[0]["chosen"] == str(cheap.number) and result.ties[0]["criterion"] == "min-cost"

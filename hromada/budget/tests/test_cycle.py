"""Cycles and rules: creation, versions, the freeze when voting opens; projects through review and appeal."""

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from hromada.budget.actions import (
    CategoryIn,
    ChoiceIn,
    CostLineIn,
    ProjectIn,
    RulesIn,
    Schedule,
    admitted_publish,
    appeal_decide,
    ballot_cast,
    cycle_create,
    cycle_update,
    cycles_freeze_due,
    project_admit,
    project_appeal,
    project_reject,
    project_submit,
    project_update,
    project_withdraw,
    review_record,
    rules_update,
    support_add,
)
from hromada.budget.models import BudgetCycle, BudgetRules, Criterion, Phase, Project, Review
from hromada.budget.selectors import cycle_phase, projects_list, review_queue
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.ledger.models import PendingEntry

from .factories import (
    make_administrator,
    make_cycle,
    make_official,
    make_project,
    make_voter,
    schedule_for,
)

pytestmark = pytest.mark.django_db


def _create(hromada, admin, phase=Phase.SUBMISSION, **rules):
    dates = schedule_for(phase)
    return cycle_create(
        actor=admin,
        hromada=hromada,
        year=2027,
        slug="2027",
        title="Громадський бюджет 2027",
        schedule=Schedule(**{k: v for k, v in dates.items() if v is not None}),
        rules=RulesIn(total_amount=2_000_000_00, max_choices=3, **rules),
        categories=[
            CategoryIn(key="small", name="Малі проєкти", amount=500_000_00, max_cost=100_000_00),
            CategoryIn(key="large", name="Великі проєкти", amount=1_500_000_00, min_cost=100_000_00),
        ],
    )


def test_an_administrator_creates_a_cycle_with_its_first_rules(hromada):
    admin = make_administrator(hromada)

    cycle = _create(hromada, admin)

    rules = BudgetRules.objects.get(cycle=cycle)
    assert rules.version == 1 and rules.max_choices == 3
    assert [c["key"] for c in rules.categories_snapshot] == ["small", "large"]
    assert cycle_phase(cycle=cycle).phase == Phase.SUBMISSION
    assert PendingEntry.objects.filter(kind="audit.budget_cycle.created").exists()
    with pytest.raises(PermissionDeniedError):
        _create(hromada, make_voter(hromada))


def test_categories_cannot_exceed_the_total(hromada):
    with pytest.raises(ApplicationError) as exc:
        cycle_create(
            actor=make_administrator(hromada),
            hromada=hromada,
            year=2027,
            slug="x",
            title="X",
            schedule=Schedule(**{k: v for k, v in schedule_for(Phase.SUBMISSION).items() if v is not None}),
            rules=RulesIn(total_amount=100),
            categories=[CategoryIn(key="a", name="A", amount=101)],
        )
    assert "categories" in exc.value.fields


def test_rules_change_writes_a_new_version_before_voting(hromada):
    admin = make_administrator(hromada)
    cycle = _create(hromada, admin)
    first = BudgetRules.objects.get(cycle=cycle)

    second = rules_update(
        actor=admin,
        cycle=cycle,
        rules=dataclasses.replace(RulesIn.of(first), max_choices=5, counting_rule="mes"),
        reason="Рішення ради № 12",
    )

    assert second.version == 2 and second.max_choices == 5 and second.counting_rule == "mes"
    assert BudgetRules.objects.get(pk=first.pk).max_choices == 3  # the old version is kept as it was
    entry = PendingEntry.objects.filter(kind="audit.budget_rules.changed").get()
    assert b'"max_choices":5' in bytes(entry.data)


def test_rules_are_frozen_once_voting_opens(hromada):
    admin = make_administrator(hromada)
    cycle = make_cycle(hromada, phase=Phase.VOTING)
    rules = BudgetRules.objects.get(cycle=cycle)

    with pytest.raises(ConflictError) as exc:
        rules_update(actor=admin, cycle=cycle, rules=dataclasses.replace(RulesIn.of(rules), max_choices=9))

    assert exc.value.code == "rules_frozen"
    assert BudgetRules.objects.filter(cycle=cycle).count() == 1
    assert cycles_freeze_due() == 1
    assert BudgetCycle.objects.get(pk=cycle.pk).rules_frozen_at is not None
    assert cycles_freeze_due() == 0
    assert PendingEntry.objects.filter(kind="budget.rules.frozen").count() == 1


def test_first_ballot_freezes_the_rules_and_the_vote_cannot_move(hromada):
    admin = make_administrator(hromada)
    cycle = make_cycle(hromada, phase=Phase.VOTING)
    project = make_project(cycle)

    ballot_cast(voter=make_voter(hromada), cycle=cycle, choices=[ChoiceIn(project.pk)])

    cycle.refresh_from_db()
    assert cycle.rules_frozen_at is not None
    dates = schedule_for(Phase.SUBMISSION)
    with pytest.raises(ConflictError):
        cycle_update(
            actor=admin,
            cycle=cycle,
            title=cycle.title,
            schedule=Schedule(
                submission_starts=cycle.submission_starts,
                review_starts=cycle.review_starts,
                voting_starts=dates["voting_starts"],
                voting_ends=dates["voting_ends"],
            ),
        )


def _submit(cycle, author, **overrides):
    category = cycle.categories.get(key="small")
    data = ProjectIn(
        category_id=category.pk,
        title="Дитячий майданчик на Садовій",
        description="Гойдалки, гірка, пісочниця та лавки для батьків.",
        cost_lines=(
            CostLineIn(item="Гойдалка", unit_cost=12_500_00, quantity=2),
            CostLineIn("Лавка", 4_300_50, 3),
        ),
    )
    return project_submit(author=author, cycle=cycle, data=dataclasses.replace(data, **overrides))


def test_project_cost_is_the_exact_sum_of_its_lines_and_within_limits(hromada):
    cycle = _create(hromada, make_administrator(hromada))
    author = make_voter(hromada)

    project = _submit(cycle, author)

    assert project.cost == 2 * 12_500_00 + 3 * 4_300_50
    assert project.number == 1 and project.status == Project.Status.SUBMITTED
    with pytest.raises(ApplicationError) as exc:
        _submit(cycle, author, cost_lines=(CostLineIn(item="Сцена", unit_cost=150_000_00),))
    assert "cost_lines" in exc.value.fields
    young = make_voter(hromada, birth_date=timezone.localdate() - dt.timedelta(days=365 * 10))
    with pytest.raises(PermissionDeniedError):
        _submit(cycle, young)


def _review_all(project, reviewer, conclusion=Review.Conclusion.POSITIVE):
    for criterion in Criterion.values:
        review_record(
            reviewer=reviewer,
            project=project,
            criterion=criterion,
            conclusion=conclusion,
            reasons="Перевірено.",
        )


def test_review_revision_admission_and_appeal(hromada, django_capture_on_commit_callbacks):
    admin = make_administrator(hromada)
    cycle = _create(hromada, admin)
    author = make_voter(hromada)
    official = make_official(hromada)
    project = _submit(cycle, author)
    other = _submit(cycle, author, title="Лавки в парку")
    BudgetCycle.objects.filter(pk=cycle.pk).update(**schedule_for(Phase.REVIEW))
    cycle.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        review_record(
            reviewer=official,
            project=project,
            criterion=Criterion.COST,
            conclusion=Review.Conclusion.NEEDS_REVISION,
            reasons="Ціна гойдалки завищена.",
        )
    assert [p.pk for p in review_queue(hromada=hromada)] == [project.pk, other.pk]
    assert author.notifications.filter(kind="budget.review").exists()
    with pytest.raises(ApplicationError):
        project_admit(actor=official, project=project)

    revised = project_update(
        author=author,
        project=project,
        data=ProjectIn(
            category_id=project.category_id,
            title=project.title,
            description=project.description,
            cost_lines=(CostLineIn(item="Гойдалка", unit_cost=9_900_00, quantity=2),),
        ),
    )
    assert revised.revision == 2 and revised.cost == 19_800_00
    _review_all(revised, official)
    project_admit(actor=official, project=revised)
    assert Project.objects.get(pk=project.pk).status == Project.Status.ADMITTED

    project_reject(actor=official, project=other, reason="Земля не належить громаді.")
    appeal = project_appeal(author=author, project=other, text="Ділянка комунальна, витяг додаю.")
    with pytest.raises(PermissionDeniedError):
        appeal_decide(actor=official, appeal=appeal, upheld=True, reason="…")
    appeal_decide(actor=admin, appeal=appeal, upheld=True, reason="Витяг підтверджує комунальну власність.")
    assert Project.objects.get(pk=other.pk).status == Project.Status.ADMITTED

    admitted_publish(actor=official, cycle=cycle)
    assert [p.pk for p in projects_list(cycle=cycle, status=Project.Status.ADMITTED)] == [
        project.pk,
        other.pk,
    ]
    kinds = set(PendingEntry.objects.values_list("kind", flat=True))
    assert {
        "audit.budget_review.recorded",
        "audit.budget_project.admitted",
        "budget.project.appealed",
    } <= kinds


def test_author_withdraws_and_strangers_cannot(hromada):
    cycle = _create(hromada, make_administrator(hromada))
    author = make_voter(hromada)
    project = _submit(cycle, author)

    with pytest.raises(PermissionDeniedError):
        project_withdraw(author=make_voter(hromada), project=project)
    project_withdraw(author=author, project=project, reason="Зробимо самі.")

    assert Project.objects.get(pk=project.pk).status == Project.Status.WITHDRAWN


def test_support_phase_signatures_once_per_person(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUPPORT, support_threshold=2)
    project = make_project(cycle)
    supporter = make_voter(hromada)

    support_add(person=supporter, project=project)
    with pytest.raises(ConflictError):
        support_add(person=supporter, project=project)

    assert project.supports.count() == 1


def test_the_phase_follows_the_calendar_through_every_phase_type(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION, support=True)
    moments = {
        Phase.SCHEDULED: cycle.submission_starts - dt.timedelta(hours=1),
        Phase.SUBMISSION: cycle.submission_starts,
        Phase.REVIEW: cycle.review_starts,
        Phase.SUPPORT: cycle.support_starts,
        Phase.VOTING: cycle.voting_starts,
        Phase.RESULTS: cycle.voting_ends,
        Phase.IMPLEMENTATION: cycle.implementation_starts,
    }

    for phase, moment in moments.items():
        info = cycle_phase(cycle=cycle, at=moment)
        assert info.phase == phase
        if phase != Phase.SCHEDULED:
            assert info.type is not None and info.type.key == f"budget:{phase}"
    assert cycle_phase(cycle=cycle, at=cycle.voting_starts).type.allows("vote")
    assert not cycle_phase(cycle=cycle, at=cycle.review_starts).type.allows("vote")


def test_rules_the_counting_core_cannot_apply_are_refused_when_set(hromada):
    admin = make_administrator(hromada)
    cycle = _create(hromada, admin)
    rules = RulesIn.of(BudgetRules.objects.get(cycle=cycle))

    with pytest.raises(ApplicationError) as exc:
        rules_update(
            actor=admin, cycle=cycle, rules=dataclasses.replace(rules, counting_rule="mes", utility="points")
        )

    assert "counting_rule" in exc.value.fields
    assert BudgetRules.objects.filter(cycle=cycle).count() == 1


def test_a_notification_that_cannot_be_sent_does_not_fail_the_review(
    hromada, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """Budget notifications go through core.actions.notify_on_commit (robust): before, a failing inbox
    write raised out of the committed review, so the official saw an error for a review that was stored."""
    from hromada.core import actions as core_actions

    cycle = _create(hromada, make_administrator(hromada))
    project = _submit(cycle, make_voter(hromada))
    BudgetCycle.objects.filter(pk=cycle.pk).update(**schedule_for(Phase.REVIEW))

    def inbox_down(**kwargs):
        raise ConnectionError("the inbox is unreachable")

    monkeypatch.setattr(core_actions, "notifications_send_many", inbox_down)
    with django_capture_on_commit_callbacks(execute=True):
        review = review_record(
            reviewer=make_official(hromada),
            project=project,
            criterion=Criterion.COST,
            conclusion=Review.Conclusion.NEEDS_REVISION,
            reasons="Ціна гойдалки завищена.",
        )

    assert Review.objects.filter(pk=review.pk).exists()
    assert "the inbox is unreachable" in caplog.text

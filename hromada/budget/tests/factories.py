"""Factories of the public-budget tests: real rows through the real models."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from hromada.accounts.models import DepartmentMembership, User, VerificationLevel
from hromada.budget.actions._common import _search_text
from hromada.budget.models import (
    BudgetCategory,
    BudgetCycle,
    BudgetRules,
    CostLine,
    Phase,
    Project,
)
from tests.factories import UserFactory, make_administrator, make_official

DAY = dt.timedelta(days=1)


def schedule_for(phase: Phase, *, support: bool = False) -> dict[str, Any]:
    """Phase dates around now such that ``phase`` is running."""
    now = timezone.now()
    start = {
        Phase.SUBMISSION: now - DAY,
        Phase.REVIEW: now - 11 * DAY,
        Phase.SUPPORT: now - 16 * DAY,
        Phase.VOTING: now - 25 * DAY,
        Phase.RESULTS: now - 40 * DAY,
        Phase.IMPLEMENTATION: now - 60 * DAY,
    }[phase]
    dates = {
        "submission_starts": start,
        "review_starts": start + 10 * DAY,
        "voting_starts": start + 20 * DAY,
        "voting_ends": start + 30 * DAY,
        "support_starts": start + 15 * DAY if support or phase == Phase.SUPPORT else None,
        "implementation_starts": start + 45 * DAY,
    }
    return dates


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetCycle

    year = 2027
    slug = factory.Sequence(lambda n: f"cycle-{n}")
    title = factory.Sequence(lambda n: f"Бюджет участі {n}")
    submission_starts = factory.LazyFunction(lambda: schedule_for(Phase.VOTING)["submission_starts"])
    review_starts = factory.LazyFunction(lambda: schedule_for(Phase.VOTING)["review_starts"])
    voting_starts = factory.LazyFunction(lambda: schedule_for(Phase.VOTING)["voting_starts"])
    voting_ends = factory.LazyFunction(lambda: schedule_for(Phase.VOTING)["voting_ends"])


def make_cycle(
    hromada,
    *,
    phase: Phase = Phase.VOTING,
    categories: tuple[tuple[str, int], ...] = (("all", 1_000_000_00),),
    support: bool = False,
    **rules: Any,
) -> BudgetCycle:
    """A cycle in ``phase`` with rules version 1 (``rules`` override fields) and the given categories."""
    cycle = CycleFactory(hromada=hromada, **schedule_for(phase, support=support))
    for position, (key, amount) in enumerate(categories):
        BudgetCategory.objects.create(
            cycle=cycle, key=key, name=f"Категорія {key}", amount=amount, position=position
        )
    values: dict[str, Any] = {
        "total_amount": sum(amount for _, amount in categories),
        "submit_proofs": ["residence"],
        "vote_proofs": ["residence"],
    }
    values.update(rules)
    BudgetRules.objects.create(cycle=cycle, version=1, **values)
    return cycle


def make_project(
    cycle: BudgetCycle, *, cost: int = 100_000_00, category: str | None = None, **kwargs: Any
) -> Project:
    """An admitted project (by default) with one cost line summing to ``cost``."""
    cat = cycle.categories.get(key=category) if category else cycle.categories.order_by("position").first()
    number = (cycle.projects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    author = kwargs.pop("author", None) or UserFactory(hromada=cycle.hromada)
    values: dict[str, Any] = {
        "title": f"Проєкт {number}",
        "description": "Опис проєкту",
        "status": Project.Status.ADMITTED,
    }
    values.update(kwargs)
    project = Project.objects.create(
        hromada=cycle.hromada, cycle=cycle, category=cat, number=number, author=author, cost=cost, **values
    )
    CostLine.objects.create(project=project, item="Роботи", quantity=1, unit_cost=cost, amount=cost)
    project.search_text = _search_text(project)
    project.save(update_fields=["search_text"])
    return project


def make_voter(hromada, **kwargs: Any) -> User:
    """A verified adult resident of ``hromada``."""
    kwargs.setdefault("verification_level", VerificationLevel.STRONG)
    kwargs.setdefault("birth_date", dt.date(1990, 5, 17))
    return UserFactory(hromada=hromada, **kwargs)


__all__ = ["make_administrator", "make_official"]  # the shared ones (tests/factories.py), as before


def make_cnap_officer(hromada) -> User:
    return make_official(hromada, role=DepartmentMembership.Role.CNAP_OFFICER)


def make_ballot(
    cycle: BudgetCycle, projects: list[Project], *, voter: User | None = None, points=None
) -> Any:
    """A stored web ballot (bypassing the phase check, for counting tests of closed cycles)."""
    from hromada.budget.models import Ballot, BallotChoice

    ballot = Ballot.objects.create(
        hromada=cycle.hromada,
        cycle=cycle,
        voter=voter or make_voter(cycle.hromada),
        channel="web",
        rules_version=1,
        cast_at=timezone.now(),
    )
    for rank, project in enumerate(projects, start=1):
        BallotChoice.objects.create(
            ballot=ballot, project=project, points=(points or {}).get(project.pk, 1), rank=rank
        )
    return ballot

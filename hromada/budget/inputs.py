"""What the budget's actions take as input: plain frozen dataclasses that forms, the API and the back office
build and :mod:`hromada.budget.actions` checks. Kept apart from the actions so selectors (a ballot's
problems) and forms can use them without importing the writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from hromada.accounts.models import VerificationLevel

from .models import BallotType, BudgetCategory, BudgetRules, Milestone, ProofKind


@dataclass(frozen=True)
class Schedule:
    """When each phase starts (the end of one phase is the start of the next)."""

    submission_starts: dt.datetime
    review_starts: dt.datetime
    voting_starts: dt.datetime
    voting_ends: dt.datetime
    support_starts: dt.datetime | None = None
    implementation_starts: dt.datetime | None = None


@dataclass(frozen=True)
class CategoryIn:
    """A category as a council sets it; ``key`` identifies it across rules versions."""

    key: str
    name: str
    amount: int
    name_en: str = ""
    kind: str = BudgetCategory.Kind.GENERAL
    district_id: int | None = None
    min_cost: int | None = None
    max_cost: int | None = None
    max_winners: int | None = None

    @classmethod
    def of(cls, category: BudgetCategory) -> CategoryIn:
        """The input that would set ``category`` as it is (to keep it in a new rules version)."""
        return cls(
            key=category.key,
            name=category.name,
            name_en=category.name_en,
            kind=category.kind,
            district_id=category.district_id,
            amount=category.amount,
            min_cost=category.min_cost,
            max_cost=category.max_cost,
            max_winners=category.max_winners,
        )


@dataclass(frozen=True)
class RulesIn:
    """Everything a council sets for a cycle (see ``BudgetRules`` for the meaning of each field)."""

    total_amount: int
    min_project_cost: int = 0
    max_project_cost: int | None = None
    submit_min_age: int = 16
    vote_min_age: int = 16
    submit_proofs: tuple[str, ...] = (ProofKind.RESIDENCE,)
    vote_proofs: tuple[str, ...] = (ProofKind.RESIDENCE,)
    vote_min_level: int = VerificationLevel.STRONG
    ballot_type: str = BallotType.APPROVAL
    min_choices: int = 1
    max_choices: int | None = None
    max_choices_per_category: int | None = None
    points_total: int | None = None
    max_points_per_project: int | None = None
    max_rank_length: int | None = None
    counting_rule: str = "greedy"
    utility: str = "cost"
    tie_breaking: str = "project_id"
    ballot_change_allowed: bool = False
    support_threshold: int | None = None

    @classmethod
    def of(cls, rules: BudgetRules) -> RulesIn:
        """The settings of a stored version (to change a few fields with ``dataclasses.replace``)."""
        values = {f.name: getattr(rules, f.name) for f in fields(cls)}
        values["submit_proofs"] = tuple(values["submit_proofs"])
        values["vote_proofs"] = tuple(values["vote_proofs"])
        return cls(**values)


@dataclass(frozen=True)
class CostLineIn:
    item: str
    unit_cost: int
    quantity: int = 1


@dataclass(frozen=True)
class ProjectIn:
    """What an author writes; ``cost_lines`` sum to the project's cost."""

    category_id: int
    title: str
    description: str
    cost_lines: tuple[CostLineIn, ...]
    summary: str = ""
    address: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class ChoiceIn:
    """One project on a ballot: ``points`` for cumulative ballots (1 otherwise). An ordinal ballot ranks
    its choices in the order given (best first)."""

    project_id: int
    points: int = 1


@dataclass(frozen=True)
class MilestoneIn:
    title: str
    description: str = ""
    due_date: dt.date | None = None
    completed_on: dt.date | None = None
    status: str = Milestone.Status.PLANNED
    progress: int = 0
    spent: int = 0

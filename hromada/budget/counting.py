"""The thin adapter between the database and the counting core (:mod:`hromada.budget.rules`).

It builds the core's :class:`~hromada.budget.rules.Election` of one category from the rows (projects on
the ballot, each ballot's choices in that category), runs :func:`~hromada.budget.rules.tally` with the
cycle's frozen rule, and turns the :class:`~hromada.budget.rules.Outcome` into plain values the actions
store. The core counts in hryvnias — the currency unit, as Pabulib files do, so MES + Add1 raises each
voter's endowment by one hryvnia per step and a published ``.pb`` file recounts to the same outcome — kept
exact as ``int`` or ``Fraction`` (kopiyky / 100); what is stored goes back to integer kopiyky. Project
ids in the core and in Pabulib files are the projects' numbers as text.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError

from . import rules as core
from .ballots import ballot_projects
from .models import Ballot, BallotChoice, BallotType, BudgetCategory, BudgetCycle, BudgetRules, Project

RULE_NAMES: tuple[str, ...] = core.RULES
TIE_BREAKS: dict[str, tuple[str, ...]] = {
    "project_id": ("id",),
    "lower_cost": ("min-cost", "id"),
    "higher_cost": ("max-cost", "id"),
    "more_votes": ("max-votes", "id"),
}
MES_RULES = ("mes", "mes-add1")
MONEY_DETAILS = ("remaining_budget", "max_payment", "paid_by_voters", "supporters_money", "shortfall")


def uah(kopiyky: int) -> int | Fraction:
    """An exact amount in hryvnias: an ``int`` when whole, else a ``Fraction``."""
    value = Fraction(kopiyky, 100)
    return int(value) if value.denominator == 1 else value


def kopiyky(amount: Any) -> int:
    """Hryvnias from the core (int, Fraction or a display float) back to integer kopiyky."""
    return round(Fraction(amount) * 100) if not isinstance(amount, float) else round(amount * 100)


@dataclass(frozen=True)
class Line:
    """One project's line of a counted category."""

    project_id: int
    number: str
    votes: int
    points: int
    won: bool
    position: int
    reason: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CountedCategory:
    category: BudgetCategory
    utility: str
    voters: int
    winners: tuple[str, ...]
    total_cost: int
    ties: list[dict[str, Any]]
    lines: list[Line]


def _vote_type_of(ballot_type: str) -> core.VoteType:
    return {
        BallotType.APPROVAL: core.VoteType.APPROVAL,
        BallotType.COST_APPROVAL: core.VoteType.APPROVAL,
        BallotType.CUMULATIVE: core.VoteType.CUMULATIVE,
        BallotType.ORDINAL: core.VoteType.ORDINAL,
    }[BallotType(ballot_type)]


def _vote_type(rules: BudgetRules) -> core.VoteType:
    return _vote_type_of(rules.ballot_type)


def _limits(rules: BudgetRules, category: BudgetCategory) -> core.BallotLimits:
    max_length = rules.max_choices_per_category or rules.max_choices
    if rules.ballot_type == BallotType.ORDINAL:
        max_length = rules.max_rank_length or max_length
    return core.BallotLimits(
        max_length=max_length,
        max_points=rules.max_points_per_project if rules.ballot_type == BallotType.CUMULATIVE else None,
        max_sum_points=rules.points_total if rules.ballot_type == BallotType.CUMULATIVE else None,
        max_sum_cost=uah(category.amount) if rules.ballot_type == BallotType.COST_APPROVAL else None,
    )


def _anonymous_id(cycle: BudgetCycle, ballot_id: int) -> str:
    """A stable voter id for published files that reveals neither the ballot row nor the order of voting."""
    key = f"{settings.SECRET_KEY}:budget-voter:{cycle.pk}".encode()
    return hmac.new(key, str(ballot_id).encode(), hashlib.sha256).hexdigest()[:16]


def election_for(
    *, cycle: BudgetCycle, rules: BudgetRules, category: BudgetCategory, anonymous: bool = False
) -> tuple[core.Election, dict[str, Project]]:
    """The core's election of one category (money in hryvnias), and its projects by core id (their
    numbers as text).

    Voters are the ballots with at least one choice in the category (as in Pabulib's per-district files).
    With ``anonymous`` the voter ids are keyed hashes and the ballots are ordered by them.
    """
    on_ballot = [p for p in ballot_projects(cycle, rules).values() if p.category_id == category.pk]
    on_ballot.sort(key=lambda p: p.number)
    by_id = {p.pabulib_id: p for p in on_ballot}
    number_of = {p.pk: p.pabulib_id for p in on_ballot}
    choices: dict[int, list[tuple[str, int, int | None]]] = defaultdict(list)
    rows = (
        BallotChoice.objects.filter(ballot__cycle=cycle, project_id__in=number_of)
        .order_by("ballot_id", "rank", "id")
        .values_list("ballot_id", "project_id", "points", "rank")
    )
    for ballot_id, project_id, points, rank in rows:
        choices[ballot_id].append((number_of[project_id], points, rank))
    vote_type = _vote_type(rules)
    ballots: list[core.Ballot] = []
    for ballot_id, chosen in choices.items():
        voter_id = _anonymous_id(cycle, ballot_id) if anonymous else str(ballot_id)
        if vote_type == core.VoteType.APPROVAL:
            ballots.append(core.ApprovalBallot(voter_id=voter_id, projects=tuple(c[0] for c in chosen)))
        elif vote_type == core.VoteType.CUMULATIVE:
            ballots.append(core.CumulativeBallot(voter_id=voter_id, points={c[0]: c[1] for c in chosen}))
        else:
            ranked = sorted(chosen, key=lambda c: c[2] or 0)
            ballots.append(core.OrdinalBallot(voter_id=voter_id, ranking=tuple(c[0] for c in ranked)))
    if anonymous:
        ballots.sort(key=lambda b: b.voter_id)
    projects = tuple(
        core.Project(id=p.pabulib_id, cost=uah(p.cost), name=p.title, category=category.key)
        for p in on_ballot
    )
    caps = {category.key: category.max_winners} if category.max_winners else {}
    election = core.Election(
        budget=uah(category.amount),
        projects=projects,
        ballots=tuple(ballots),
        vote_type=vote_type,
        limits=_limits(rules, category),
        category_budgets={category.key: uah(category.amount)} if caps else {},
        category_max_winners=caps,
    )
    return election, by_id


def combination_problem(*, ballot_type: str, rule: str, utility: str) -> str | None:
    """Why the counting core cannot count ``ballot_type`` ballots with ``rule`` and ``utility`` (asked of
    the core on a one-project election, so rules that could not be counted are refused when they are set,
    not discovered after the vote); None when it can."""
    vote_type = _vote_type_of(ballot_type)
    ballot: core.Ballot
    if vote_type == core.VoteType.APPROVAL:
        ballot = core.ApprovalBallot(voter_id="1", projects=("1",))
    elif vote_type == core.VoteType.CUMULATIVE:
        ballot = core.CumulativeBallot(voter_id="1", points={"1": 1})
    else:
        ballot = core.OrdinalBallot(voter_id="1", ranking=("1",))
    election = core.Election(
        budget=1, projects=(core.Project(id="1", cost=1),), ballots=(ballot,), vote_type=vote_type
    )
    try:
        core.tally(election, rule=rule, utility=utility if rule in MES_RULES else None)
    except ValueError as exc:
        return str(exc)
    return None


def utility_for(rules: BudgetRules) -> str | None:
    """The MES utility passed to the core (None for rules without utilities)."""
    if rules.counting_rule not in MES_RULES:
        return None
    return rules.utility


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int) else round(value)


def count_category(*, cycle: BudgetCycle, rules: BudgetRules, category: BudgetCategory) -> CountedCategory:
    """Count one category with the cycle's rule; an empty category (no projects or no votes) funds none."""
    election, by_id = election_for(cycle=cycle, rules=rules, category=category)
    utility = utility_for(rules)
    if not election.projects or not election.ballots:
        lines = [
            Line(p.pk, p.pabulib_id, 0, 0, False, position, "no-support")
            for position, p in enumerate(by_id.values(), start=1)
        ]
        return CountedCategory(category, utility or "", len(election.ballots), (), 0, [], lines)
    try:
        outcome = core.tally(
            election, rule=rules.counting_rule, utility=utility, tie_break=TIE_BREAKS[rules.tie_breaking]
        )
    except ValueError as exc:
        raise ApplicationError(
            _("The counting rule cannot count these ballots: %(problem)s") % {"problem": exc},
            code="count_failed",
        ) from exc
    ties = [
        {"position": t.position, "projects": list(t.projects), "chosen": t.chosen, "criterion": t.criterion}
        for t in outcome.ties
    ]
    unresolved = outcome.unresolved_tie
    if unresolved is not None and not any(
        t["position"] == unresolved.position and t["chosen"] is None for t in ties
    ):
        ties.append(
            {
                "position": unresolved.position,
                "projects": list(unresolved.projects),
                "chosen": None,
                "criterion": None,
            }
        )
    winners = tuple(outcome.winners)
    order = {pid: index for index, pid in enumerate(winners)}
    explanations = outcome.explanations

    def score(pid: str) -> Any:
        expl = explanations.get(pid)
        return expl.score if expl is not None else 0

    losers = sorted(
        (pid for pid in by_id if pid not in order), key=lambda pid: (-score(pid), by_id[pid].number)
    )
    lines = []
    for position, pid in enumerate([*winners, *losers], start=1):
        project = by_id[pid]
        expl = explanations.get(pid)
        details: dict[str, Any] = {}
        if expl is not None:
            for name in (
                "reason",
                "score",
                "supporters",
                "position",
                "remaining_budget",
                "payers",
                "max_payment",
                "paid_by_voters",
                "supporters_money",
                "shortfall",
            ):
                value = getattr(expl, name)
                if value is not None:
                    details[name] = kopiyky(value) if name in MONEY_DETAILS else _plain(value)
        lines.append(
            Line(
                project_id=project.pk,
                number=pid,
                votes=expl.supporters if expl is not None else 0,
                points=_int(expl.score) if expl is not None else 0,
                won=pid in order,
                position=position,
                reason=expl.reason if expl is not None else "no-support",
                details=details,
            )
        )
    return CountedCategory(
        category=category,
        utility=outcome.utility or "",
        voters=len(election.ballots),
        winners=winners,
        total_cost=kopiyky(outcome.total_cost),
        ties=ties,
        lines=lines,
    )


def count_cycle(*, cycle: BudgetCycle, rules: BudgetRules) -> list[CountedCategory]:
    """Count every category of the cycle, in the categories' order."""
    return [
        count_category(cycle=cycle, rules=rules, category=category)
        for category in BudgetCategory.objects.filter(cycle=cycle)
        .select_related("district")
        .order_by("position", "id")
    ]


def compare_rules(
    *,
    cycle: BudgetCycle,
    rules: BudgetRules,
    category: BudgetCategory,
    rule_names: Sequence[str] = RULE_NAMES,
) -> core.Comparison:
    """Several counting rules side by side on one category's ballots (for officials; changes nothing)."""
    election, _by_id = election_for(cycle=cycle, rules=rules, category=category)
    specs: list[str | tuple[str, str]] = []
    for name in rule_names:
        utility = utility_for(rules) if name in MES_RULES else None
        specs.append((name, utility) if utility else name)
    return core.compare(election, rules=specs, tie_break=TIE_BREAKS[rules.tie_breaking])


def ballots_in(*, cycle: BudgetCycle) -> int:
    return Ballot.objects.filter(cycle=cycle).count()

"""The data model of the counting rules: plain frozen dataclasses, no Django.

Money is exact: a project's cost and the budget are ``int`` or ``fractions.Fraction`` (never float), so a
comparison that decides who wins is never rounded. Points of cumulative and scoring ballots are ``int`` or
``Fraction`` too.

An :class:`Election` is what the counting rules read; an :class:`Outcome` is what they return. The Django
app builds an ``Election`` from its rows (one ``Project`` per admitted project, one ballot per voter) and
stores or renders the ``Outcome``; ``hromada.budget.pabulib`` converts ``.pb`` files to and from these
classes.

Vote types and their ballots:

- ``approval``: :class:`ApprovalBallot` — the set of approved project ids (order kept as given, meaningless);
- ``cumulative``: :class:`CumulativeBallot` — points per project (a voter spreads a total of points);
- ``scoring``: :class:`ScoringBallot` — a score per project (each within a range);
- ``ordinal``: :class:`OrdinalBallot` — project ids ranked best first.

Budget categories: a project's ``category`` names the pool it competes in ("" = the general pool). If
``Election.category_budgets`` is non-empty, every category is counted as its own election with its own amount
(and at most ``category_max_winners[category]`` winners when given); otherwise ``budget`` is the one pool.
Thematic tags (Pabulib's ``category`` column, beneficiaries, coordinates…) stay in ``Project.extra``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import TypeAlias

Number: TypeAlias = int | Fraction
"""An exact amount of money or points."""


class VoteType(StrEnum):
    APPROVAL = "approval"
    CUMULATIVE = "cumulative"
    SCORING = "scoring"
    ORDINAL = "ordinal"


RULES: tuple[str, ...] = ("greedy", "greedy-no-skip", "mes", "mes-add1", "phragmen")
"""The counting rules ``tally`` knows (see ``hromada.budget.rules.tally``)."""

UTILITIES: tuple[str, ...] = ("cost", "cardinality", "points")
"""MES utilities: ``cost`` (a voter's utility of an approved project is its cost; the default for approval),
``cardinality`` (1 per approved project), ``points`` (the points/score on cumulative and scoring ballots;
their default)."""

TIE_BREAK_CRITERIA: tuple[str, ...] = ("id", "max-votes", "min-cost", "max-cost")
"""Criteria a tie-break sequence is made of, applied in order until one project remains:

- ``id``: the smallest project id compared as a string (pabutools' lexicographic default: "10" < "9");
- ``max-votes``: the most supporters (approvals / voters giving it a positive mark);
- ``min-cost`` / ``max-cost``: the cheapest / the most expensive.

A tie that the sequence leaves unresolved stops the count and is reported in ``Outcome.unresolved_tie``.
"""

DEFAULT_TIE_BREAK: tuple[str, ...] = ("id",)


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    cost: Number
    name: str = ""
    category: str = ""
    """The budget pool this project competes in ("" = the general pool)."""
    extra: Mapping[str, str] = field(default_factory=dict)
    """Other attributes (Pabulib columns such as ``category``, ``target``, ``latitude``), kept verbatim."""


@dataclass(frozen=True, slots=True)
class ApprovalBallot:
    voter_id: str
    projects: tuple[str, ...]
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CumulativeBallot:
    voter_id: str
    points: Mapping[str, Number]
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ScoringBallot:
    voter_id: str
    points: Mapping[str, Number]
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OrdinalBallot:
    voter_id: str
    ranking: tuple[str, ...]
    """Best first."""
    extra: Mapping[str, str] = field(default_factory=dict)


Ballot: TypeAlias = ApprovalBallot | CumulativeBallot | ScoringBallot | OrdinalBallot


@dataclass(frozen=True, slots=True)
class BallotLimits:
    """What a valid ballot may contain (None = no limit). Informative for counting; enforced by the app."""

    min_length: int | None = None
    max_length: int | None = None
    min_points: Number | None = None
    max_points: Number | None = None
    min_sum_points: Number | None = None
    max_sum_points: Number | None = None
    max_sum_cost: Number | None = None


@dataclass(frozen=True, slots=True)
class Election:
    budget: Number
    projects: tuple[Project, ...]
    ballots: tuple[Ballot, ...]
    vote_type: VoteType = VoteType.APPROVAL
    limits: BallotLimits = BallotLimits()
    category_budgets: Mapping[str, Number] = field(default_factory=dict)
    category_max_winners: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why one project won or lost.

    ``reason`` is a stable code, explained for residents in docs/budget.md:

    - ``funded``: selected (``position`` is its 1-based order of selection);
    - ``does-not-fit`` (greedy, phragmen, MES completion): not enough budget left when its turn came
      (``remaining_budget`` is what was left);
    - ``stopped`` (greedy-no-skip): counting stopped at an earlier project that did not fit;
    - ``supporters-short`` (MES): its supporters' remaining money was less than its cost
      (``supporters_money``, ``shortfall``);
    - ``category-cap``: its category already has the maximum number of winners;
    - ``no-support``: nobody voted for it;
    - ``tie-unresolved``: the count stopped at a tie involving it.

    MES money amounts (``max_payment``, ``supporters_money``, ``shortfall``, ``paid_by_voters``) are for
    display: they are rounded to floats, the decisions were taken exactly.
    """

    project_id: str
    selected: bool
    reason: str
    score: Number
    """Approvals (approval), points (cumulative/scoring), Borda points (ordinal)."""
    supporters: int
    position: int | None = None
    remaining_budget: Number | None = None
    """Budget left (of its pool) when the rule considered it (greedy/phragmen) or at the end (MES)."""
    payers: int | None = None
    """MES: how many voters paid for it."""
    max_payment: float | None = None
    """MES: the most that one voter paid (voters with less left paid all they had)."""
    paid_by_voters: float | None = None
    """MES: the sum paid by voters (equals the cost for a project funded by MES itself)."""
    supporters_money: float | None = None
    """MES: money its supporters had left at the end (lost projects)."""
    shortfall: float | None = None
    """MES: cost minus ``supporters_money`` (lost projects; > 0)."""


@dataclass(frozen=True, slots=True)
class Tie:
    """Several projects equally good at one step of a rule."""

    position: int
    """The 1-based selection step where the tie occurred."""
    projects: tuple[str, ...]
    chosen: str | None
    """None: the tie-break sequence could not break it (the count stopped)."""
    criterion: str | None
    """The tie-break criterion that decided, or None."""


@dataclass(frozen=True, slots=True)
class Outcome:
    rule: str
    utility: str | None
    """MES utility used (None for greedy and phragmen)."""
    winners: tuple[str, ...]
    """Project ids in the order the rule selected them (category after category when there are several)."""
    total_cost: Number
    budget: Number
    explanations: Mapping[str, Explanation]
    ties: tuple[Tie, ...] = ()
    """Every tie met and how it was broken (an exact tie: found with exact arithmetic)."""
    unresolved_tie: Tie | None = None
    """Set when the count stopped at a tie the tie-break could not break; ``winners`` is then incomplete."""
    add1_increments: int | None = None
    """mes-add1: how often each voter's endowment was raised by one unit before the last fitting outcome."""
    endowment: Fraction | None = None
    """MES: the per-voter endowment of the outcome kept (budget / voters, plus the Add1 increments)."""

    @property
    def complete(self) -> bool:
        return self.unresolved_tie is None

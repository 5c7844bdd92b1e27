"""An election turned into index structures shared by the rules (identical ballots merged)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeAlias

from hromada.budget.rules.model import (
    TIE_BREAK_CRITERIA,
    ApprovalBallot,
    Ballot,
    Election,
    Number,
    OrdinalBallot,
    Project,
)

_Key: TypeAlias = Callable[[int], tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class Prepared:
    projects: tuple[Project, ...]
    costs: tuple[Number, ...]
    budget: Number
    voters: int
    """Number of ballots (the MES endowment is budget / voters)."""
    groups: tuple[tuple[tuple[int, Number], ...], ...]
    """Distinct ballots as (project index, mark) pairs: mark 1 for approval, points for cumulative/scoring,
    Borda points (length - position) for ordinal. Zero marks are left out."""
    weights: tuple[int, ...]
    """How many voters cast each distinct ballot."""
    scores: tuple[Number, ...]
    """Approvals, points or Borda points per project."""
    supporters: tuple[int, ...]
    """Voters giving the project a positive mark."""
    rank: tuple[int, ...]
    """Tie-break rank per project: smaller wins; equal ranks cannot be told apart by the tie-break."""
    tie_criteria: tuple[str, ...]

    def choose(self, tied: Sequence[int]) -> int | None:
        """The tie-break's pick among ``tied`` project indices, or None if it cannot tell them apart."""
        best = min(self.rank[i] for i in tied)
        winners = [i for i in tied if self.rank[i] == best]
        return winners[0] if len(winners) == 1 else None

    def decided_by(self, tied: Sequence[int]) -> str | None:
        """The first criterion of the tie-break sequence separating the best of ``tied`` from the others."""
        best = min(tied, key=lambda i: self.rank[i])
        for criterion in self.tie_criteria:
            key = _criterion_key(criterion, self)
            if all(key(best) < key(j) for j in tied if j != best):
                return criterion
            if not all(key(best) <= key(j) for j in tied):
                return None
        return None


def _criterion_key(criterion: str, prep: Prepared) -> _Key:
    if criterion == "id":
        return lambda i: (prep.projects[i].id,)
    if criterion == "max-votes":
        return lambda i: (-prep.supporters[i],)
    if criterion == "min-cost":
        return lambda i: (prep.costs[i],)
    if criterion == "max-cost":
        return lambda i: (-prep.costs[i],)
    raise ValueError(f"unknown tie-break criterion {criterion!r} (expected one of {TIE_BREAK_CRITERIA})")


def prepare(election: Election, tie_break: tuple[str, ...]) -> Prepared:
    projects = election.projects
    index: dict[str, int] = {}
    for i, p in enumerate(projects):
        if p.id in index:
            raise ValueError(f"project {p.id!r} appears twice")
        if not isinstance(p.cost, int | Fraction) or isinstance(p.cost, bool):
            raise ValueError(f"the cost of project {p.id!r} must be an int or a Fraction")
        if p.cost < 0:
            raise ValueError(f"the cost of project {p.id!r} is negative")
        index[p.id] = i
    if not isinstance(election.budget, int | Fraction) or election.budget < 0:
        raise ValueError("the budget must be a non-negative int or Fraction")
    # identical ballots first merged as written (cheap), then turned into index form and merged again
    raw: dict[tuple[object, ...], int] = {}
    kinds: dict[tuple[object, ...], Ballot] = {}
    for ballot in election.ballots:
        rkey: tuple[object, ...]
        if isinstance(ballot, ApprovalBallot):
            rkey = ("a", *ballot.projects)
        elif isinstance(ballot, OrdinalBallot):
            rkey = ("o", *ballot.ranking)
        else:
            rkey = ("p", *ballot.points.items())
        if rkey in raw:
            raw[rkey] += 1
        else:
            raw[rkey] = 1
            kinds[rkey] = ballot
    counts: dict[tuple[tuple[int, Number], ...], int] = {}
    for rkey, w in raw.items():
        ballot = kinds[rkey]
        marks: list[tuple[int, Number]]
        try:
            if isinstance(ballot, ApprovalBallot):
                marks = [(index[pid], 1) for pid in dict.fromkeys(ballot.projects)]
            elif isinstance(ballot, OrdinalBallot):
                length = len(ballot.ranking)
                marks = [(index[pid], length - pos) for pos, pid in enumerate(ballot.ranking)]
            else:
                marks = [(index[pid], x) for pid, x in ballot.points.items() if x != 0]
        except KeyError as exc:
            raise ValueError(f"ballot {ballot.voter_id!r} names an unknown project {exc.args[0]!r}") from None
        if not isinstance(ballot, ApprovalBallot):
            for _, x in marks:
                if x < 0:
                    raise ValueError(f"ballot {ballot.voter_id!r} gives negative points")
        key = tuple(sorted(marks))
        counts[key] = counts.get(key, 0) + w
    scores: list[Number] = [0] * len(projects)
    supporters = [0] * len(projects)
    for key, w in counts.items():
        for i, x in key:
            scores[i] += w * x
            supporters[i] += w
    costs = tuple(p.cost for p in projects)
    prep = Prepared(
        projects=projects,
        costs=costs,
        budget=election.budget,
        voters=len(election.ballots),
        groups=tuple(counts),
        weights=tuple(counts.values()),
        scores=tuple(scores),
        supporters=tuple(supporters),
        rank=(),
        tie_criteria=tie_break,
    )
    keys = [_criterion_key(c, prep) for c in tie_break]
    order = sorted(range(len(projects)), key=lambda i: tuple(k(i) for k in keys))
    rank = [0] * len(projects)
    previous: tuple[object, ...] | None = None
    r = -1
    for i in order:
        current = tuple(k(i) for k in keys)
        if current != previous:
            r += 1
            previous = current
        rank[i] = r
    return Prepared(
        projects=prep.projects,
        costs=costs,
        budget=prep.budget,
        voters=prep.voters,
        groups=prep.groups,
        weights=prep.weights,
        scores=prep.scores,
        supporters=prep.supporters,
        rank=tuple(rank),
        tie_criteria=tie_break,
    )


def money_scale(prep: Prepared) -> int:
    """The least common multiple of the denominators of the costs and the budget (1 for whole amounts)."""
    scale = 1
    for value in (*prep.costs, prep.budget):
        if isinstance(value, Fraction):
            scale = math.lcm(scale, value.denominator)
    return scale

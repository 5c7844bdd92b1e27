"""Sequential Phragmén for participatory budgets, as pabutools defines it, in exact arithmetic.

Voters earn virtual money continuously; a project is bought as soon as its supporters together can pay its
cost, and the payment evens out their loads: the candidate with the smallest new load
``(cost + sum of its supporters' loads) / supporters`` is bought next and all its supporters get that load.
The rule stops when a best candidate no longer fits in the budget. Projects costing more than the whole budget
never take part. Approval ballots; for other ballots any positive mark counts as an approval.

Each round, float loads of every candidate (numpy) pick the few within a relative 1e-9 of the best; those are
compared exactly (fractions), so ties and the order are those of exact arithmetic.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hromada.budget.rules._prep import Prepared
from hromada.budget.rules.model import Explanation, Number, Tie


def run_phragmen(
    prep: Prepared, *, max_winners: int | None = None
) -> tuple[list[int], dict[int, Explanation], list[Tie], Tie | None]:
    m = len(prep.projects)
    budget = prep.budget
    remaining = {i for i in range(m) if prep.costs[i] <= budget}
    loads: list[Fraction] = [Fraction(0)]
    """Distinct load values; every distinct ballot points at one."""
    group_class = [0] * len(prep.groups)
    supporters_of: list[list[int]] = [[] for _ in range(m)]
    for g, marks in enumerate(prep.groups):
        for i, _ in marks:
            supporters_of[i].append(g)
    screen = _FloatScreen.build(prep, supporters_of)

    def exact_new_load(i: int) -> Fraction:
        per_class: dict[int, int] = {}
        for g in supporters_of[i]:
            c = group_class[g]
            per_class[c] = per_class.get(c, 0) + prep.weights[g]
        total = sum((w * loads[c] for c, w in per_class.items()), start=Fraction(0))
        return (total + prep.costs[i]) / prep.supporters[i]

    spent: Number = 0
    winners: list[int] = []
    ties: list[Tie] = []
    unresolved: Tie | None = None
    explanations: dict[int, Explanation] = {}
    stop_reason = "does-not-fit"
    while remaining:
        if max_winners is not None and len(winners) >= max_winners:
            stop_reason = "category-cap"
            break
        supported = [i for i in remaining if prep.supporters[i] > 0]
        # candidates: those whose float new load is within a relative 1e-9 of the smallest (floats only add
        # positive numbers here, so their error is far below that); the smallest is then found exactly
        near = screen.near_best(supported) if screen is not None else supported
        best: Fraction | None = None
        tied: list[int] = []
        for i in near:
            value = exact_new_load(i)
            if best is None or value < best:
                best, tied = value, [i]
            elif value == best:
                tied.append(i)
        if best is None:  # only projects nobody supports are left: infinite load, all tied
            tied = list(remaining)
        if any(spent + prep.costs[i] > budget for i in tied):
            break
        choice = prep.choose(tied)
        if len(tied) > 1:
            tie = Tie(
                position=len(winners) + 1,
                projects=tuple(prep.projects[j].id for j in sorted(tied, key=lambda j: prep.rank[j])),
                chosen=None if choice is None else prep.projects[choice].id,
                criterion=None if choice is None else prep.decided_by(tied),
            )
            if choice is None:
                unresolved = tie
                break
            ties.append(tie)
        assert choice is not None
        remaining.discard(choice)
        explanations[choice] = _expl(prep, choice, True, "funded", budget - spent, len(winners) + 1)
        winners.append(choice)
        spent += prep.costs[choice]
        if best is not None:
            loads.append(best)
            new_class = len(loads) - 1
            for g in supporters_of[choice]:
                group_class[g] = new_class
            if screen is not None:
                screen.set_load(choice, float(best))
    for i in range(m):
        if i not in explanations:
            reason = (
                "tie-unresolved" if unresolved and prep.projects[i].id in unresolved.projects else stop_reason
            )
            explanations[i] = _expl(prep, i, False, reason, budget - spent, None)
    return winners, explanations, ties, unresolved


class _FloatScreen:
    """Float new loads of all projects at once (numpy), to pick the few candidates worth an exact look."""

    def __init__(self, np: Any, ptr: Any, grp: Any, weight: Any, cost: Any, score: Any, groups: int) -> None:
        self.np = np
        self.ptr = ptr
        self.grp = grp
        self.weight = weight
        self.cost = cost
        self.score = score
        self.load = np.zeros(groups, dtype=np.float64)

    @classmethod
    def build(cls, prep: Prepared, supporters_of: list[list[int]]) -> _FloatScreen | None:
        try:
            import numpy as np
        except ImportError:
            return None
        sizes = [len(s) for s in supporters_of]
        ptr = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=ptr[1:])
        grp = np.fromiter((g for s in supporters_of for g in s), dtype=np.int64, count=int(ptr[-1]))
        weights = np.array(prep.weights, dtype=np.float64)
        screen = cls(
            np,
            ptr,
            grp,
            weights[grp] if len(grp) else np.zeros(0),
            np.array([float(c) for c in prep.costs], dtype=np.float64),
            np.array([max(s, 1) for s in prep.supporters], dtype=np.float64),
            len(prep.groups),
        )
        screen.supporters_of = supporters_of
        return screen

    supporters_of: list[list[int]]

    def near_best(self, candidates: list[int]) -> list[int]:
        if not candidates:
            return []
        np = self.np
        picked = np.array(candidates, dtype=np.int64)
        contrib = self.weight * self.load[self.grp] if len(self.grp) else np.zeros(0)
        sums = np.add.reduceat(np.append(contrib, 0.0), self.ptr[:-1])
        empty = self.ptr[1:] == self.ptr[:-1]
        sums[empty] = 0.0
        values = (sums[picked] + self.cost[picked]) / self.score[picked]
        low = values.min()
        return [int(i) for i in picked[values <= low * (1 + 1e-9)]]

    def set_load(self, project: int, value: float) -> None:
        self.load[self.supporters_of[project]] = value


def _expl(
    prep: Prepared, i: int, selected: bool, reason: str, left: Number, position: int | None
) -> Explanation:
    return Explanation(
        project_id=prep.projects[i].id,
        selected=selected,
        reason=reason,
        score=prep.scores[i],
        supporters=prep.supporters[i],
        position=position,
        remaining_budget=left,
    )

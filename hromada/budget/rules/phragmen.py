"""Sequential Phragmén for participatory budgets, as pabutools defines it, in exact arithmetic.

Voters earn virtual money continuously; a project is bought as soon as its supporters together can pay its
cost, and the payment evens out their loads: the candidate with the smallest new load
``(cost + sum of its supporters' loads) / supporters`` is bought next and all its supporters get that load.
The rule stops when a best candidate no longer fits in the budget. Projects costing more than the whole budget
never take part. Approval ballots; for other ballots any positive mark counts as an approval.

Voters with equal loads are kept in classes so a round costs a few operations per project.
"""

from __future__ import annotations

from fractions import Fraction

from hromada.budget.rules._prep import Prepared
from hromada.budget.rules.model import Explanation, Number, Tie


def run_phragmen(
    prep: Prepared, *, max_winners: int | None = None
) -> tuple[list[int], dict[int, Explanation], list[Tie], Tie | None]:
    m = len(prep.projects)
    budget = prep.budget
    remaining = {i for i in range(m) if prep.costs[i] <= budget}
    # load classes: value per class; per project, voters per class among its supporters
    loads: list[Fraction] = [Fraction(0)]
    group_class = [0] * len(prep.groups)
    per_project: list[dict[int, int]] = [{} for _ in range(m)]
    supporters_of: list[list[int]] = [[] for _ in range(m)]
    for g, marks in enumerate(prep.groups):
        w = prep.weights[g]
        for i, _ in marks:
            per_project[i][0] = per_project[i].get(0, 0) + w
            supporters_of[i].append(g)
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
        best: Fraction | None = None
        tied: list[int] = []
        for i in remaining:
            n = prep.supporters[i]
            if n == 0:
                continue
            value = (sum(w * loads[c] for c, w in per_project[i].items()) + prep.costs[i]) / Fraction(n)
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
                old = group_class[g]
                w = prep.weights[g]
                for i, _ in prep.groups[g]:
                    d = per_project[i]
                    d[old] -= w
                    if not d[old]:
                        del d[old]
                    d[new_class] = d.get(new_class, 0) + w
                group_class[g] = new_class
    for i in range(m):
        if i not in explanations:
            reason = (
                "tie-unresolved" if unresolved and prep.projects[i].id in unresolved.projects else stop_reason
            )
            explanations[i] = _expl(prep, i, False, reason, budget - spent, None)
    return winners, explanations, ties, unresolved


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

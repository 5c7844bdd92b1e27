"""Greedy rules: fund projects by score, skipping (``greedy``) or stopping at (``greedy-no-skip``) the first
project that no longer fits. Exact integers/fractions throughout.

``utility="cost"`` (default) ranks by score (approvals, points, Borda points) — pabutools'
``greedy_utilitarian_welfare`` with cost satisfaction; ``utility="cardinality"`` ranks by score per unit of
cost — the same with cardinality satisfaction. A free project ranks first. Projects nobody supports are funded
too when money is left, as in pabutools.
"""

from __future__ import annotations

from fractions import Fraction

from hromada.budget.rules._prep import Prepared
from hromada.budget.rules.model import Explanation, Number, Tie


def run_greedy(
    prep: Prepared, *, skip: bool, utility: str, max_winners: int | None = None
) -> tuple[list[int], dict[int, Explanation], list[Tie], Tie | None]:
    m = len(prep.projects)

    def key(i: int) -> tuple[int, Number]:
        cost = prep.costs[i]
        if utility == "cardinality":
            return (0, 0) if cost == 0 else (1, -Fraction(prep.scores[i]) / cost)
        return (0, 0) if cost == 0 else (1, -prep.scores[i])

    order = sorted(range(m), key=lambda i: (key(i), prep.rank[i]))
    left: Number = prep.budget
    winners: list[int] = []
    explanations: dict[int, Explanation] = {}
    ties: list[Tie] = []
    unresolved: Tie | None = None
    stopped = False
    pos = 0
    while pos < len(order):
        i = order[pos]
        if stopped or unresolved is not None:
            reason = "tie-unresolved" if unresolved is not None else "stopped"
            explanations[i] = _expl(prep, i, selected=False, reason=reason, left=left)
            pos += 1
            continue
        if max_winners is not None and len(winners) >= max_winners:
            explanations[i] = _expl(prep, i, selected=False, reason="category-cap", left=left)
            pos += 1
            continue
        group = [j for j in order[pos:] if key(j) == key(i)]
        fits = prep.costs[i] <= left
        candidates = [j for j in group if prep.costs[j] <= left] if fits else []
        if not fits and not skip:
            candidates = [j for j in group if prep.rank[j] == prep.rank[i]]
        if len(candidates) > 1:
            choice = prep.choose(candidates)
            tie = Tie(
                position=len(winners) + 1,
                projects=tuple(prep.projects[j].id for j in sorted(candidates, key=lambda j: prep.rank[j])),
                chosen=None if choice is None else prep.projects[choice].id,
                criterion=None if choice is None else prep.decided_by(candidates),
            )
            if choice is None:
                unresolved = tie
                continue
            if fits:
                ties.append(tie)
        if fits:
            explanations[i] = _expl(
                prep, i, selected=True, reason="funded", left=left, position=len(winners) + 1
            )
            winners.append(i)
            left -= prep.costs[i]
        else:
            explanations[i] = _expl(prep, i, selected=False, reason="does-not-fit", left=left)
            stopped = not skip
        pos += 1
    return winners, explanations, ties, unresolved


def _expl(
    prep: Prepared, i: int, *, selected: bool, reason: str, left: Number, position: int | None = None
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

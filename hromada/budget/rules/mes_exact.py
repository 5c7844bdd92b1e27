"""The Method of Equal Shares in exact arithmetic (fractions): the reference the fast path must equal.

Every voter starts with an equal share ``endowment`` of the budget. In each round, for every project still in
the running, find the smallest ``rho`` such that its supporters can pay its cost when each pays
``min(own money, rho * utility)``; a project whose supporters together have less money than its cost drops
out for good. The project with the smallest ``rho`` is funded (ties: the tie-break), its supporters pay, and
the next round begins; the count ends when no project is affordable. This is pabutools'
``method_of_equal_shares`` (with its lazy evaluation: a project's ``rho`` can only grow from round to round).

Voters are kept in classes of equal remaining money, per project keyed by (class, utility), so a round costs a
few operations per class rather than per voter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hromada.budget.rules._prep import Prepared
from hromada.budget.rules.model import Number, Tie


@dataclass(slots=True)
class MesRun:
    """One MES run's result (project indices; amounts as floats for display)."""

    winners: list[int]
    rho: list[float]
    """Per winner, the price per unit of utility its supporters paid."""
    payers: list[int]
    max_payment: list[float]
    group_money: Any
    """Money left per distinct ballot at the end (a sequence of floats, or a numpy array)."""
    ties: list[Tie] = field(default_factory=list)
    unresolved: Tie | None = None
    project_money: list[float] | None = None
    """Money left to each project's supporters at the end (computed from ``group_money`` when None)."""
    explain: Callable[[list[int]], tuple[list[float], Any]] | None = None
    """Computes (project_money, group_money) on demand, project_money only for the projects given (the fast
    engine: only for the outcome kept, only for the projects not funded)."""


def utilities(prep: Prepared, utility: str) -> list[list[tuple[int, Number]]]:
    """Per distinct ballot, (project, utility) for the projects it supports."""
    out = []
    for marks in prep.groups:
        row: list[tuple[int, Number]] = []
        for i, x in marks:
            if utility == "cost":
                row.append((i, prep.costs[i]))
            elif utility == "cardinality":
                row.append((i, 1))
            else:
                row.append((i, x))
        out.append(row)
    return out


def mes_exact(prep: Prepared, utility: str, endowment: Fraction, active: list[int]) -> MesRun:
    """MES over the projects in ``active`` (supported, positive cost) with ``endowment`` per voter."""
    util = utilities(prep, utility)
    is_active = [False] * len(prep.projects)
    for i in active:
        is_active[i] = True
    class_money: list[Fraction] = [endowment]
    class_of_money: dict[Fraction, int] = {endowment: 0}
    group_class = [0] * len(prep.groups)
    # per project: (class, utility) -> voters
    table: dict[int, dict[tuple[int, Number], int]] = {i: {} for i in active}
    supporters: dict[int, list[tuple[int, Number]]] = {i: [] for i in active}
    for g, row in enumerate(util):
        w = prep.weights[g]
        for i, u in row:
            if is_active[i]:
                key = (0, u)
                table[i][key] = table[i].get(key, 0) + w
                supporters[i].append((g, u))
    stale: dict[int, Fraction] = {}
    for i in active:
        total = sum(w * u for (_, u), w in table[i].items())
        stale[i] = Fraction(prep.costs[i]) / total
    remaining = set(active)
    run = MesRun(winners=[], rho=[], payers=[], max_payment=[], group_money=[])
    while True:
        best: Fraction | None = None
        tied: list[int] = []
        for i in sorted(remaining, key=lambda j: stale[j]):
            cost = prep.costs[i]
            entries = [(class_money[c], u, w) for (c, u), w in table[i].items()]
            if sum(b * w for b, _, w in entries) < cost:
                remaining.discard(i)
                continue
            if best is not None and stale[i] > best:
                break
            rho = _rho(cost, entries)
            stale[i] = rho
            if best is None or rho < best:
                best, tied = rho, [i]
            elif rho == best:
                tied.append(i)
        if best is None:
            break
        choice = prep.choose(tied)
        if len(tied) > 1:
            tie = Tie(
                position=len(run.winners) + 1,
                projects=tuple(prep.projects[j].id for j in sorted(tied, key=lambda j: prep.rank[j])),
                chosen=None if choice is None else prep.projects[choice].id,
                criterion=None if choice is None else prep.decided_by(tied),
            )
            if choice is None:
                run.unresolved = tie
                break
            run.ties.append(tie)
        assert choice is not None
        remaining.discard(choice)
        payers = 0
        max_pay = Fraction(0)
        moved: dict[tuple[int, Number], int] = {}
        for g, u in supporters[choice]:
            c = group_class[g]
            money = class_money[c]
            if money == 0:
                continue
            w = prep.weights[g]
            pay = min(money, best * u)
            payers += w
            max_pay = max(max_pay, pay)
            key = (c, u)
            if key not in moved:
                new_money = money - pay
                if new_money not in class_of_money:
                    class_of_money[new_money] = len(class_money)
                    class_money.append(new_money)
                moved[key] = class_of_money[new_money]
            new_class = moved[key]
            for i, ui in util[g]:
                if i in remaining:
                    d = table[i]
                    d[(c, ui)] -= w
                    if not d[(c, ui)]:
                        del d[(c, ui)]
                    if class_money[new_class]:
                        d[(new_class, ui)] = d.get((new_class, ui), 0) + w
            group_class[g] = new_class
        run.winners.append(choice)
        run.rho.append(float(best))
        run.payers.append(payers)
        run.max_payment.append(float(max_pay))
    run.group_money = [float(class_money[c]) for c in group_class]
    return run


def _rho(cost: Number, entries: list[tuple[Fraction, Number, int]]) -> Fraction:
    entries = [e for e in entries if e[0] > 0]
    entries.sort(key=lambda e: e[0] / e[1])
    paid: Fraction = Fraction(0)
    total = Fraction(sum(u * w for _, u, w in entries))
    for money, u, w in entries:
        rho = (cost - paid) / total
        if rho * u <= money:
            return rho
        paid += money * w
        total -= u * w
    raise AssertionError("an affordable project always has a price")

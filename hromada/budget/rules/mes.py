"""The Method of Equal Shares, alone (``mes``) or with the Add1 completion (``mes-add1``).

Add1 (equalshares.net, pabutools ``voter_budget_increment=1``): run MES with each voter's endowment
``budget / voters``; while the outcome is not exhaustive (some supported project not chosen would still fit in
the real budget), raise every endowment by one currency unit and run MES again; as soon as an outcome costs
more than the budget, return the previous one; an exhaustive outcome that fits is returned at once. Every
increment is run: the stopping rule is not monotone, so skipping or bisecting could return another outcome.

Each run uses the compiled float engine (``_kernel``) when it is available and its result is provably the
exact one (no decision within a safety margin of a tie, or exact ties settled with integers); otherwise the
run is repeated in exact arithmetic (``mes_exact``). Free projects with supporters are funded first, as in
pabutools.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from hromada.budget.rules import _fast
from hromada.budget.rules._prep import Prepared
from hromada.budget.rules.mes_exact import MesRun, mes_exact
from hromada.budget.rules.model import Explanation, Number, Tie


class MesStats:
    """Counters for the benchmark: runs done by the fast engine and in exact arithmetic."""

    fast_runs = 0
    exact_runs = 0


def run_mes(
    prep: Prepared, *, utility: str, add1: bool, max_winners: int | None = None
) -> tuple[list[int], dict[int, Explanation], list[Tie], Tie | None, int | None, Fraction | None]:
    m = len(prep.projects)
    free = sorted(
        (i for i in range(m) if prep.costs[i] == 0 and prep.supporters[i] > 0), key=lambda i: prep.rank[i]
    )
    active = [i for i in range(m) if prep.costs[i] > 0 and prep.supporters[i] > 0]
    budget = prep.budget
    free_cost: Number = 0
    if prep.voters == 0 or not active:
        empty = MesRun(winners=[], rho=[], payers=[], max_payment=[], group_money=[])
        return (*_assemble(prep, free, empty, max_winners), None, None)
    engine = _fast.cached_engine(prep, utility, active)
    base = Fraction(budget) / prep.voters

    def exact(endowment: Fraction) -> MesRun:
        MesStats.exact_runs += 1
        return mes_exact(prep, utility, endowment, active)

    def one(endowment: Fraction) -> MesRun:
        if engine is not None:
            run = engine.run(endowment)
            if run is not None:
                MesStats.fast_runs += 1
                return run
        return exact(endowment)

    endowment = base
    run = one(endowment)
    increments: int | None = None
    if add1:
        increments = 0
        costs = [(prep.costs[i], i) for i in active]
        width = _fast.parallelism(engine) if engine is not None else 1
        ahead: list[MesRun] = []
        if engine is not None and engine.budget_i is not None:
            run, endowment, increments = _add1_in_kernel(engine, run, endowment, exact, costs, budget)
        while engine is None or engine.budget_i is None:
            if run.unresolved is not None:
                break
            chosen = set(run.winners)
            left = budget - free_cost - sum(prep.costs[i] for i in run.winners)
            if not any(c <= left for c, i in costs if i not in chosen):
                break  # exhaustive
            if not ahead:
                # the next runs, computed side by side (each is needed unless the count stops on the way)
                if engine is not None and width > 1:
                    nexts = [endowment + j for j in range(1, width + 1)]
                    for e, r in zip(nexts, engine.run_many(nexts), strict=True):
                        if r is None:
                            r = exact(e)
                        else:
                            MesStats.fast_runs += 1
                        ahead.append(r)
                else:
                    ahead = [one(endowment + 1)]
            nxt = ahead.pop(0)
            nxt_cost = free_cost + sum(prep.costs[i] for i in nxt.winners)
            if nxt_cost > budget:
                break  # keep the last outcome that fits
            run, endowment = nxt, endowment + 1
            increments += 1
    return (*_assemble(prep, free, run, max_winners), increments, endowment)


def _add1_in_kernel(
    engine: _fast.Engine,
    run: MesRun,
    endowment: Fraction,
    exact: Callable[[Fraction], MesRun],
    costs: list[tuple[Number, int]],
    budget: Number,
) -> tuple[MesRun, Fraction, int]:
    """Add1 with its loop in the kernel: chunks of consecutive endowments per call, as many chunks side by
    side as there are cores (the kernel releases the GIL; a chunk's runs are kept only if every run before
    them was kept, so at most one round of chunks is wasted at the end); a run the kernel cannot settle is
    done in exact arithmetic here, and the count goes on after it."""
    from hromada.budget.rules._kernel import EXHAUSTIVE, MORE, OVER

    prep = engine.prep
    width = _fast.parallelism(engine)
    pool = _fast._pool() if width > 1 else None
    increments = 0
    chunk = 16
    rounds = 0
    while run.unresolved is None:
        chosen = set(run.winners)
        left = budget - sum(prep.costs[i] for i in run.winners)
        if not any(c <= left for c, i in costs if i not in chosen):
            break  # exhaustive
        starts = [endowment + 1 + j * chunk for j in range(width)]
        if pool is not None:
            futures = [pool.submit(engine.add1, start, chunk) for start in starts]
            results = [f.result() for f in futures]
        else:
            results = [engine.add1(starts[0], chunk)]
        stop = False
        for accepted, status, kept in results:
            MesStats.fast_runs += accepted + (status == OVER)
            if kept is not None:
                run, endowment, increments = kept, endowment + accepted, increments + accepted
            if status in (OVER, EXHAUSTIVE):
                stop = True
                break
            if status != MORE:
                nxt = exact(endowment + 1)
                if sum(prep.costs[i] for i in nxt.winners) > budget:
                    stop = True
                else:
                    run, endowment, increments = nxt, endowment + 1, increments + 1
                break  # the next chunks started from endowments assuming this one went on
        if stop:
            break
        rounds += 1
        if rounds >= 8:
            chunk = min(2 * chunk, 1024)
    return run, endowment, increments


def _assemble(
    prep: Prepared, free: list[int], run: MesRun, max_winners: int | None
) -> tuple[list[int], dict[int, Explanation], list[Tie], Tie | None]:
    winners = free + run.winners
    capped = max_winners is not None and len(winners) > max_winners
    if max_winners is not None:
        winners = winners[:max_winners]
    explanations: dict[int, Explanation] = {}
    details = {i: k for k, i in enumerate(run.winners)}
    for pos, i in enumerate(winners, start=1):
        k = details.get(i)
        explanations[i] = Explanation(
            project_id=prep.projects[i].id,
            selected=True,
            reason="funded",
            score=prep.scores[i],
            supporters=prep.supporters[i],
            position=pos,
            payers=run.payers[k] if k is not None else 0,
            max_payment=run.max_payment[k] if k is not None else 0.0,
            paid_by_voters=float(prep.costs[i]),
        )
    money = [0.0] * len(prep.projects)
    if run.explain is not None:
        run.project_money, run.group_money = run.explain(
            [i for i in range(len(prep.projects)) if i not in explanations]
        )
    if run.project_money is not None:
        money = run.project_money
    elif len(run.group_money):
        for g, marks in enumerate(prep.groups):
            left = run.group_money[g] * prep.weights[g]
            for i, _ in marks:
                money[i] += left
    unresolved_ids = set(run.unresolved.projects) if run.unresolved else set()
    for i, p in enumerate(prep.projects):
        if i in explanations:
            continue
        if prep.supporters[i] == 0:
            reason = "no-support"
        elif p.id in unresolved_ids:
            reason = "tie-unresolved"
        elif capped and i in run.winners:
            reason = "category-cap"
        else:
            reason = "supporters-short"
        explanations[i] = Explanation(
            project_id=p.id,
            selected=False,
            reason=reason,
            score=prep.scores[i],
            supporters=prep.supporters[i],
            supporters_money=money[i],
            shortfall=max(float(p.cost) - money[i], 0.0),
        )
    return winners, explanations, run.ties, run.unresolved

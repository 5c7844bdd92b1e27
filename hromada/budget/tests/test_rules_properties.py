"""Properties on generated elections: the rules against a naive reading of their definitions, budgets never
exceeded, and the compiled MES engine equal to exact arithmetic."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hromada.budget.rules import ApprovalBallot, CumulativeBallot, Election, Project, VoteType, tally
from hromada.budget.rules._prep import prepare
from hromada.budget.rules.mes_exact import mes_exact

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def elections(draw: st.DrawFn, cumulative: bool = False) -> Election:
    m = draw(st.integers(1, 6))
    costs = draw(st.lists(st.integers(1, 30), min_size=m, max_size=m))
    n = draw(st.integers(1, 12))
    ids = [str(i) for i in range(m)]
    ballots: list[ApprovalBallot | CumulativeBallot] = []
    for v in range(n):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=m))
        if cumulative:
            points = {pid: draw(st.integers(1, 3)) for pid in chosen}
            ballots.append(CumulativeBallot(str(v), points))
        else:
            ballots.append(ApprovalBallot(str(v), tuple(chosen)))
    return Election(
        budget=draw(st.integers(0, 80)),
        projects=tuple(Project(pid, cost) for pid, cost in zip(ids, costs, strict=True)),
        ballots=tuple(ballots),
        vote_type=VoteType.CUMULATIVE if cumulative else VoteType.APPROVAL,
    )


def naive_mes(election: Election, utility: str, endowment: Fraction) -> list[str] | None:
    """MES read off its definition: every round, every project's exact price; None on an unbreakable tie."""
    money = {b.voter_id: endowment for b in election.ballots}

    def util(ballot: ApprovalBallot | CumulativeBallot, p: Project) -> Fraction:
        if isinstance(ballot, ApprovalBallot):
            if p.id not in ballot.projects:
                return Fraction(0)
            return Fraction(p.cost) if utility == "cost" else Fraction(1)
        return Fraction(ballot.points.get(p.id, 0))

    left = [p for p in election.projects if p.cost > 0]
    chosen = [p.id for p in election.projects if p.cost == 0 and any(util(b, p) for b in election.ballots)]  # type: ignore[arg-type]
    left = [p for p in left if any(util(b, p) for b in election.ballots)]  # type: ignore[arg-type]
    while True:
        prices: dict[str, Fraction] = {}
        for p in left:
            sup = [(money[b.voter_id], util(b, p)) for b in election.ballots if util(b, p) > 0]  # type: ignore[arg-type]
            if sum(mv for mv, _ in sup) < p.cost:
                continue
            # the smallest rho with sum(min(money, rho * u)) >= cost: try each supporter as the last poor one
            candidates = [Fraction(0)] + [mv / u for mv, u in sup]
            best = None
            for pivot in sorted(set(candidates)):
                poor = sum(mv for mv, u in sup if mv / u <= pivot)
                rich = sum(u for mv, u in sup if mv / u > pivot)
                if rich == 0:
                    continue
                rho = (p.cost - poor) / rich
                if rho >= pivot and all((mv >= rho * u) or (mv / u <= pivot) for mv, u in sup):
                    best = rho if best is None else min(best, rho)
            if best is None:
                best = max(mv / u for mv, u in sup)
            prices[p.id] = best
        if not prices:
            return chosen
        low = min(prices.values())
        tied = sorted(pid for pid, r in prices.items() if r == low)
        pick = tied[0]
        project = next(p for p in left if p.id == pick)
        for b in election.ballots:
            u = util(b, project)  # type: ignore[arg-type]
            if u > 0:
                money[b.voter_id] -= min(money[b.voter_id], low * u)
        chosen.append(pick)
        left = [p for p in left if p.id != pick]


def naive_add1(election: Election) -> list[str] | None:
    n = len(election.ballots)
    if n == 0:
        return []
    endowment = Fraction(election.budget) / n
    current = naive_mes(election, "cost", endowment)
    approved = {pid for b in election.ballots if isinstance(b, ApprovalBallot) for pid in b.projects}
    supported = [p for p in election.projects if p.cost > 0 and p.id in approved]
    while current is not None:
        spent = sum(p.cost for p in election.projects if p.id in current)
        if all(p.id in current or spent + p.cost > election.budget for p in supported):
            return current
        endowment += 1
        nxt = naive_mes(election, "cost", endowment)
        if nxt is None or sum(p.cost for p in election.projects if p.id in nxt) > election.budget:
            return current
        current = nxt
    return current


@SETTINGS
@given(elections())
def test_mes_equals_its_naive_definition(election: Election) -> None:
    for utility in ("cost", "cardinality"):
        outcome = tally(election, rule="mes", utility=utility)
        n = len(election.ballots)
        assert list(outcome.winners) == naive_mes(election, utility, Fraction(election.budget) / n)
        assert outcome.total_cost <= election.budget


@SETTINGS
@given(elections(cumulative=True))
def test_mes_with_points_equals_its_naive_definition(election: Election) -> None:
    outcome = tally(election, rule="mes")
    assert list(outcome.winners) == naive_mes(
        election, "points", Fraction(election.budget) / len(election.ballots)
    )


@SETTINGS
@given(elections())
def test_mes_add1_equals_the_linear_definition_and_fits(election: Election) -> None:
    outcome = tally(election, rule="mes-add1")
    assert list(outcome.winners) == naive_add1(election)
    assert outcome.total_cost <= election.budget


@SETTINGS
@given(elections())
def test_greedy_rules_fit_and_no_skip_is_a_prefix_of_skip(election: Election) -> None:
    skip = tally(election, rule="greedy")
    stop = tally(election, rule="greedy-no-skip")
    assert skip.total_cost <= election.budget and stop.total_cost <= election.budget
    assert skip.winners[: len(stop.winners)] == stop.winners
    assert tally(election, rule="phragmen").total_cost <= election.budget


@SETTINGS
@given(elections(), st.integers(0, 5))
def test_the_compiled_engine_equals_exact_arithmetic(election: Election, extra: int) -> None:
    fast = pytest.importorskip("hromada.budget.rules._fast")
    prep = prepare(election, ("id",))
    if prep.voters == 0:
        return
    active = [i for i in range(len(prep.projects)) if prep.costs[i] > 0 and prep.supporters[i] > 0]
    for utility in ("cost", "cardinality"):
        engine = fast.engine(prep, utility, active)
        if engine is None:
            pytest.skip("no compiled MES kernel (numba missing)")
        endowment = Fraction(prep.budget) / prep.voters + extra
        run = engine.run(endowment)
        exact = mes_exact(prep, utility, endowment, active)
        if run is None:  # the engine declined: the caller uses exact arithmetic
            continue
        assert run.winners == exact.winners
        assert [(t.projects, t.chosen) for t in run.ties] == [(t.projects, t.chosen) for t in exact.ties]

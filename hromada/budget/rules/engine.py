"""``tally``'s dispatch: checks the arguments, splits budget categories, assembles the ``Outcome``."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from fractions import Fraction

from hromada.budget.rules._prep import Prepared, prepare
from hromada.budget.rules.model import (
    RULES,
    TIE_BREAK_CRITERIA,
    UTILITIES,
    ApprovalBallot,
    Ballot,
    CumulativeBallot,
    Election,
    Explanation,
    Number,
    OrdinalBallot,
    Outcome,
    ScoringBallot,
    Tie,
    VoteType,
)


def run(election: Election, *, rule: str, utility: str | None, tie_break: tuple[str, ...]) -> Outcome:
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r} (expected one of {', '.join(RULES)})")
    for criterion in tie_break:
        if criterion not in TIE_BREAK_CRITERIA:
            raise ValueError(
                f"unknown tie-break criterion {criterion!r} (expected {', '.join(TIE_BREAK_CRITERIA)})"
            )
    utility = _utility(election, rule, utility)
    if election.category_budgets:
        return _by_category(election, rule=rule, utility=utility, tie_break=tie_break)
    return _single(election, rule=rule, utility=utility, tie_break=tie_break, max_winners=None)


def _utility(election: Election, rule: str, utility: str | None) -> str | None:
    if rule in ("greedy", "greedy-no-skip"):
        if utility not in (None, "cost", "cardinality"):
            raise ValueError(
                "greedy rules take utility 'cost' (by score) or 'cardinality' (score per cost), "
                f"not {utility!r}"
            )
        return utility or "cost"
    if rule == "phragmen":
        if utility not in (None, "cardinality"):
            raise ValueError("phragmen has no utility option")
        return None
    if utility is None:
        return "cost" if election.vote_type == VoteType.APPROVAL else "points"
    if utility not in UTILITIES:
        raise ValueError(f"unknown utility {utility!r} (expected one of {', '.join(UTILITIES)})")
    if utility == "points" and election.vote_type == VoteType.APPROVAL:
        raise ValueError("the points utility needs cumulative, scoring or ordinal ballots")
    return utility


_PREPARED: OrderedDict[tuple[int, tuple[str, ...]], tuple[Election, Prepared]] = OrderedDict()
_PREPARED_MAX = 8
_PREPARED_LOCK = threading.Lock()


def prepared(election: Election, tie_break: tuple[str, ...]) -> Prepared:
    """The index structures of ``election``, kept for the last few Election objects counted: counting the
    same (immutable) election again with another rule skips merging ballots and building arrays."""
    key = (id(election), tie_break)
    with _PREPARED_LOCK:
        hit = _PREPARED.get(key)
        if hit is not None and hit[0] is election:
            _PREPARED.move_to_end(key)
            return hit[1]
    prep = prepare(election, tie_break)
    with _PREPARED_LOCK:
        _PREPARED[key] = (election, prep)
        while len(_PREPARED) > _PREPARED_MAX:
            _PREPARED.popitem(last=False)
    return prep


def _single(
    election: Election, *, rule: str, utility: str | None, tie_break: tuple[str, ...], max_winners: int | None
) -> Outcome:
    prep = prepared(election, tie_break)
    increments: int | None = None
    endowment: Fraction | None = None
    if rule in ("greedy", "greedy-no-skip"):
        from hromada.budget.rules.greedy import run_greedy

        assert utility is not None
        winners, expl, ties, unresolved = run_greedy(
            prep, skip=rule == "greedy", utility=utility, max_winners=max_winners
        )
    elif rule == "phragmen":
        from hromada.budget.rules.phragmen import run_phragmen

        winners, expl, ties, unresolved = run_phragmen(prep, max_winners=max_winners)
    else:
        from hromada.budget.rules.mes import run_mes

        assert utility is not None
        winners, expl, ties, unresolved, increments, endowment = run_mes(
            prep, utility=utility, add1=rule == "mes-add1", max_winners=max_winners
        )
    return _outcome(
        prep,
        rule,
        utility if rule.startswith("mes") or rule.startswith("greedy") else None,
        winners,
        expl,
        ties,
        unresolved,
        increments,
        endowment,
    )


def _outcome(
    prep: Prepared,
    rule: str,
    utility: str | None,
    winners: list[int],
    expl: dict[int, Explanation],
    ties: list[Tie],
    unresolved: Tie | None,
    increments: int | None,
    endowment: Fraction | None,
) -> Outcome:
    total: Number = sum((prep.costs[i] for i in winners), start=0)
    return Outcome(
        rule=rule,
        utility=utility,
        winners=tuple(prep.projects[i].id for i in winners),
        total_cost=total,
        budget=prep.budget,
        explanations={prep.projects[i].id: expl[i] for i in range(len(prep.projects))},
        ties=tuple(ties),
        unresolved_tie=unresolved,
        add1_increments=increments,
        endowment=endowment,
    )


def _restrict(ballot: Ballot, ids: set[str]) -> Ballot:
    if isinstance(ballot, ApprovalBallot):
        return replace(ballot, projects=tuple(p for p in ballot.projects if p in ids))
    if isinstance(ballot, OrdinalBallot):
        return replace(ballot, ranking=tuple(p for p in ballot.ranking if p in ids))
    if isinstance(ballot, CumulativeBallot | ScoringBallot):
        return replace(ballot, points={p: x for p, x in ballot.points.items() if p in ids})
    raise TypeError(type(ballot))


def _by_category(
    election: Election, *, rule: str, utility: str | None, tie_break: tuple[str, ...]
) -> Outcome:
    """Each category is its own election: its projects, its amount, every voter's ballot restricted to it
    (a voter who supports nothing there still counts in the MES endowment, as in a separate count)."""
    outcomes = []
    known = set(election.category_budgets)
    for p in election.projects:
        if p.category not in known:
            raise ValueError(f"project {p.id!r} is in category {p.category!r}, which has no budget")
    for category, amount in election.category_budgets.items():
        projects = tuple(p for p in election.projects if p.category == category)
        ids = {p.id for p in projects}
        sub = Election(
            budget=amount,
            projects=projects,
            ballots=tuple(_restrict(b, ids) for b in election.ballots),
            vote_type=election.vote_type,
            limits=election.limits,
        )
        outcomes.append(
            _single(
                sub,
                rule=rule,
                utility=utility,
                tie_break=tie_break,
                max_winners=election.category_max_winners.get(category),
            )
        )
    explanations: dict[str, Explanation] = {}
    for o in outcomes:
        explanations.update(o.explanations)
    unresolved = next((o.unresolved_tie for o in outcomes if o.unresolved_tie), None)
    return Outcome(
        rule=rule,
        utility=outcomes[0].utility if outcomes else utility,
        winners=tuple(w for o in outcomes for w in o.winners),
        total_cost=sum((o.total_cost for o in outcomes), start=0),
        budget=sum(election.category_budgets.values(), start=0),
        explanations={p.id: explanations[p.id] for p in election.projects},
        ties=tuple(t for o in outcomes for t in o.ties),
        unresolved_tie=unresolved,
    )

"""Hand-made elections, one behaviour each: every rule, ties (broken or not), categories, explanations."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hromada.budget.rules import (
    ApprovalBallot,
    CumulativeBallot,
    Election,
    OrdinalBallot,
    Project,
    VoteType,
    compare,
    tally,
)


def approval(budget: int | Fraction, costs: dict[str, int | Fraction], ballots: list[str]) -> Election:
    """``ballots``: one string per voter, the approved ids separated by spaces."""
    return Election(
        budget=budget,
        projects=tuple(Project(id=pid, cost=cost, name=f"Project {pid}") for pid, cost in costs.items()),
        ballots=tuple(
            ApprovalBallot(voter_id=str(v), projects=tuple(b.split())) for v, b in enumerate(ballots)
        ),
    )


def test_greedy_skips_what_does_not_fit_and_no_skip_stops_there() -> None:
    e = approval(100, {"a": 60, "b": 50, "c": 30}, ["a b c", "a b c", "a b", "a"])
    skip = tally(e, rule="greedy")
    assert skip.winners == ("a", "c")
    assert skip.total_cost == 90
    assert skip.explanations["b"].reason == "does-not-fit"
    assert skip.explanations["b"].remaining_budget == 40
    stop = tally(e, rule="greedy-no-skip")
    assert stop.winners == ("a",)
    assert stop.explanations["c"].reason == "stopped"


def test_greedy_tie_is_broken_by_id_as_a_string_and_reported() -> None:
    e = approval(100, {"9": 50, "10": 50, "2": 50}, ["9 10", "9 10"])
    outcome = tally(e, rule="greedy")
    assert outcome.winners == ("10", "9")  # "10" < "9" as strings, as pabutools compares
    assert outcome.ties[0].projects == ("10", "9")
    assert outcome.ties[0].chosen == "10"
    assert outcome.ties[0].criterion == "id"


def test_a_tie_the_tie_break_cannot_break_stops_the_count_and_is_reported() -> None:
    e = approval(100, {"a": 50, "b": 50}, ["a", "b"])
    for rule in ("greedy", "mes", "mes-add1", "phragmen"):
        outcome = tally(e, rule=rule, tie_break=("max-votes", "min-cost"))
        assert outcome.unresolved_tie is not None, rule
        assert set(outcome.unresolved_tie.projects) == {"a", "b"}, rule
        assert outcome.winners == (), rule
        assert not outcome.complete
        assert outcome.explanations["a"].reason == "tie-unresolved", rule


def test_tie_break_sequence_uses_votes_then_cost() -> None:
    e = approval(100, {"a": 40, "b": 30, "c": 35}, ["a b c", "a b", "c"])
    outcome = tally(e, rule="greedy", tie_break=("min-cost", "id"))
    # a, b and c have 2 votes each: cheapest first (b, then c); then a (40) no longer fits in 35
    assert outcome.winners == ("b", "c")
    assert outcome.ties[0].projects == ("b", "c", "a")
    assert outcome.ties[0].criterion == "min-cost"


def test_mes_is_proportional_where_greedy_is_not() -> None:
    # 6 voters want the x projects, 4 the y projects; each project costs 25 of 100
    ballots = ["x1 x2 x3 x4"] * 6 + ["y1 y2 y3 y4"] * 4
    e = approval(100, {f"{g}{i}": 25 for g in "xy" for i in range(1, 5)}, ballots)
    assert tally(e, rule="greedy").winners == ("x1", "x2", "x3", "x4")
    mes = tally(e, rule="mes")
    assert sorted(mes.winners) == ["x1", "x2", "y1"]
    assert mes.endowment == 10
    funded = mes.explanations["x1"]
    assert funded.payers == 6 and funded.max_payment == pytest.approx(25 / 6)
    lost = mes.explanations["y2"]
    assert lost.reason == "supporters-short"
    assert lost.supporters_money == pytest.approx(15.0)
    assert lost.shortfall == pytest.approx(10.0)
    # Add1 raises the endowment until the outcome would exceed the budget
    # Add1: at 11 and 12 per voter the outcome is the same 75 (not exhaustive: 25 left); at 13 it would cost
    # 125 (x3 and y2 become affordable), so the outcome at 12 is kept
    add1 = tally(e, rule="mes-add1")
    assert add1.winners == ("x1", "x2", "y1")
    assert add1.add1_increments == 2
    assert add1.endowment == 12


def test_mes_exact_tie_between_equal_supporter_counts_is_broken_by_id() -> None:
    e = approval(100, {"b": 40, "a": 30}, ["a b", "a b", "a", "b"])
    outcome = tally(e, rule="mes")
    assert outcome.winners[0] == "a"
    assert outcome.ties and outcome.ties[0].projects == ("a", "b")


def test_mes_cardinality_utility_prefers_cheap_projects() -> None:
    e = approval(100, {"big": 90, "s1": 10, "s2": 10}, ["big s1 s2"] * 3 + ["big"])
    assert tally(e, rule="mes", utility="cost").winners[0] == "big"
    assert tally(e, rule="mes", utility="cardinality").winners[:2] == ("s1", "s2")


def test_mes_with_points_of_cumulative_ballots() -> None:
    e = Election(
        budget=10,
        projects=(Project("a", 5), Project("b", 5), Project("c", 5)),
        ballots=(
            CumulativeBallot("1", {"a": 3, "b": 1}),
            CumulativeBallot("2", {"a": 1, "c": 3}),
            CumulativeBallot("3", {"c": 4}),
        ),
        vote_type=VoteType.CUMULATIVE,
    )
    outcome = tally(e, rule="mes")
    assert outcome.utility == "points"
    # c: price 5/7 per point (voters 2 and 3 pay 15/7 and 20/7 of their 10/3); a would need voter 1's whole
    # 10/3 and 5/3 of voter 2, who has 25/21 left
    assert outcome.winners == ("c",)
    assert outcome.explanations["c"].score == 7
    assert outcome.explanations["a"].reason == "supporters-short"
    assert outcome.explanations["a"].supporters_money == pytest.approx(10 / 3 + 25 / 21)


def test_free_projects_are_funded_first_and_unsupported_ones_explained() -> None:
    e = approval(10, {"free": 0, "a": 10, "nobody": 5}, ["free a", "a"])
    outcome = tally(e, rule="mes")
    assert outcome.winners == ("free", "a")
    assert outcome.explanations["nobody"].reason == "no-support"


def test_fractional_costs_and_budget_stay_exact() -> None:
    e = approval(Fraction(1001, 10), {"a": Fraction(501, 10), "b": Fraction(50, 1)}, ["a b", "a b"])
    for rule in ("greedy", "mes", "mes-add1", "phragmen"):
        outcome = tally(e, rule=rule)
        assert outcome.total_cost == Fraction(1001, 10), rule
        assert isinstance(outcome.total_cost, Fraction)


def test_phragmen_balances_loads_and_stops_when_the_best_does_not_fit() -> None:
    e = approval(3, {"a": 1, "b": 1, "c": 1, "d": 1}, ["a b", "a b", "a b", "c", "c", "d"])
    outcome = tally(e, rule="phragmen")
    assert outcome.winners == ("a", "c", "b")
    stop = tally(approval(10, {"x": 9, "y": 2, "z": 1}, ["x y", "x y", "z"]), rule="phragmen")
    # new loads: x 9/2, y 2/2, z 1/1 -> y and z tie (y by id); then z (1) before x ((1 + 1 + 9)/2);
    # x no longer fits (3 + 9 > 10): the count stops
    assert stop.winners == ("y", "z")
    assert stop.ties[0].projects == ("y", "z")
    assert stop.explanations["x"].reason == "does-not-fit"


def test_ordinal_ballots_count_borda_points_for_greedy() -> None:
    e = Election(
        budget=10,
        projects=(Project("a", 5), Project("b", 5), Project("c", 5)),
        ballots=(OrdinalBallot("1", ("a", "b", "c")), OrdinalBallot("2", ("c", "b"))),
        vote_type=VoteType.ORDINAL,
    )
    outcome = tally(e, rule="greedy")
    assert outcome.explanations["b"].score == 3
    assert outcome.winners == ("a", "b")  # a 3, b 3, c 3: all tied, by id


def test_categories_are_counted_separately_with_caps() -> None:
    e = Election(
        budget=0,
        projects=(
            Project("n1", 50, category="north"),
            Project("n2", 50, category="north"),
            Project("s1", 80, category="south"),
            Project("s2", 10, category="south"),
        ),
        ballots=tuple(ApprovalBallot(str(i), ("n1", "n2", "s1", "s2")) for i in range(3)),
        category_budgets={"north": 100, "south": 100},
        category_max_winners={"north": 1},
    )
    outcome = tally(e, rule="greedy")
    assert outcome.winners == ("n1", "s1", "s2")
    assert outcome.explanations["n2"].reason == "category-cap"
    assert outcome.budget == 200


def test_compare_lines_up_the_rules() -> None:
    ballots = ["x1 x2 x3 x4"] * 6 + ["y1 y2 y3 y4"] * 4
    e = approval(100, {f"{g}{i}": 25 for g in "xy" for i in range(1, 5)}, ballots)
    comparison = compare(e, rules=("greedy", "mes", ("mes", "cardinality")))
    assert comparison.labels == ("greedy", "mes", "mes/cardinality")
    assert "x1" in comparison.selected_by_all()
    assert "y1" in comparison.selected_by_some()
    assert comparison.rows[0].selected_by == comparison.labels


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rule": "random"}, "unknown rule"),
        ({"rule": "mes", "utility": "happiness"}, "unknown utility"),
        ({"rule": "mes", "utility": "points"}, "points utility needs"),
        ({"rule": "greedy", "tie_break": ("coin",)}, "unknown tie-break"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], message: str) -> None:
    e = approval(10, {"a": 5}, ["a"])
    with pytest.raises(ValueError, match=message):
        tally(e, **kwargs)  # type: ignore[arg-type]


def test_a_ballot_naming_an_unknown_project_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown project 'zz'"):
        tally(approval(10, {"a": 5}, ["a zz"]), rule="greedy")

"""Properties of deferred acceptance (pure core, no database): stability, capacity and choices respected,
applicant-optimality against brute force, strategy-proofness spot checks, determinism."""

from __future__ import annotations

import itertools
import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.enrollment import cli
from hromada.enrollment.allocation import (
    Applicant,
    Place,
    blocking_pairs,
    deferred_acceptance,
    lottery_numbers,
    parse_instance,
)


@st.composite
def instances(draw, max_places=4, max_applicants=6):
    n_places = draw(st.integers(1, max_places))
    places = [Place(f"p{i}", draw(st.integers(0, 2))) for i in range(n_places)]
    n = draw(st.integers(0, max_applicants))
    lotteries = draw(st.permutations(list(range(1, n + 1))))
    applicants = []
    for i in range(n):
        choices = draw(st.lists(st.sampled_from([p.id for p in places]), unique=True, max_size=3))
        priority = {p: draw(st.integers(1, 3)) for p in choices if draw(st.booleans())}
        applicants.append(Applicant(f"a{i}", tuple(choices), lotteries[i], priority))
    return places, applicants


def _stable_matchings(places, applicants):
    """Every stable assignment, by brute force."""
    options = [[None, *a.choices] for a in applicants]
    capacity = {p.id: p.capacity for p in places}
    found = []
    for combo in itertools.product(*options):
        counts: dict[str, int] = {}
        for pid in combo:
            if pid is not None:
                counts[pid] = counts.get(pid, 0) + 1
        if any(counts[p] > capacity[p] for p in counts):
            continue
        assignment = {a.id: pid for a, pid in zip(applicants, combo, strict=True)}
        if not blocking_pairs(places, applicants, assignment):
            found.append(assignment)
    return found


@given(instances())
@settings(max_examples=300, deadline=None)
def test_assignment_is_stable_within_capacity_and_choices(instance):
    places, applicants = instance
    result = deferred_acceptance(places, applicants)

    assert set(result) == {a.id for a in applicants}
    assert blocking_pairs(places, applicants, result) == []
    for a in applicants:
        assert result[a.id] is None or result[a.id] in a.choices
    for p in places:
        assert sum(1 for v in result.values() if v == p.id) <= p.capacity


@given(instances(max_places=3, max_applicants=5))
@settings(max_examples=150, deadline=None)
def test_assignment_is_the_applicant_optimal_stable_one(instance):
    places, applicants = instance
    result = deferred_acceptance(places, applicants)

    def rank(a, pid):
        return len(a.choices) if pid is None else a.choices.index(pid)

    for other in _stable_matchings(places, applicants):
        for a in applicants:
            assert rank(a, result[a.id]) <= rank(a, other[a.id])


@given(instances(max_places=3, max_applicants=5), st.data())
@settings(max_examples=200, deadline=None)
def test_misreporting_choices_never_helps(instance, data):
    places, applicants = instance
    if not applicants:
        return
    truthful = deferred_acceptance(places, applicants)
    liar_index = data.draw(st.integers(0, len(applicants) - 1))
    liar = applicants[liar_index]
    lie = data.draw(st.lists(st.sampled_from([p.id for p in places]), unique=True, max_size=3))
    reported = list(applicants)
    reported[liar_index] = Applicant(liar.id, tuple(lie), liar.lottery, liar.priority)
    got = deferred_acceptance(places, reported)[liar.id]

    def true_rank(pid):
        return len(liar.choices) if pid is None or pid not in liar.choices else liar.choices.index(pid)

    assert true_rank(got) >= true_rank(truthful[liar.id])


@given(instances(), st.randoms())
@settings(max_examples=150, deadline=None)
def test_result_does_not_depend_on_the_order_of_input(instance, rnd):
    places, applicants = instance
    shuffled = list(applicants)
    rnd.shuffle(shuffled)
    places_shuffled = list(places)
    rnd.shuffle(places_shuffled)

    assert deferred_acceptance(places_shuffled, shuffled) == deferred_acceptance(places, applicants)


def test_priority_class_beats_lottery_and_missing_class_comes_last():
    places = [Place("zdo-1", 1)]
    applicants = [
        Applicant("early", ("zdo-1",), 1),  # no class: after every listed class
        Applicant("class3", ("zdo-1",), 9, {"zdo-1": 3}),
    ]

    assert deferred_acceptance(places, applicants) == {"early": None, "class3": "zdo-1"}


def test_lottery_numbers_follow_from_the_seed_only():
    ids = [f"id{i}" for i in range(50)]

    first = lottery_numbers(seed=b"root-hash", ids=ids)
    again = lottery_numbers(seed=b"root-hash", ids=list(reversed(ids)))
    other = lottery_numbers(seed=b"another-root", ids=ids)

    assert first == again
    assert sorted(first.values()) == list(range(1, 51))
    assert first != other


def test_bad_input_names_the_item():
    raw = {
        "institutions": [{"id": "zdo-1", "capacity": -1}, {"id": "zdo-1", "capacity": 3}],
        "applicants": [
            {"id": "a1", "choices": ["zdo-9"], "lottery": 1},
            {"id": "a1", "choices": [], "lottery": 2},
            {"id": "a2", "choices": [], "lottery": 1},
        ],
    }

    instance, problems = parse_instance(raw)

    assert instance is None
    codes = {(p.code, p.item) for p in problems}
    assert ("negative_capacity", "zdo-1") in codes
    assert ("duplicate_institution", "zdo-1") in codes
    assert ("unknown_institution_in_choices", "a1") in codes
    assert ("duplicate_applicant", "a1") in codes
    assert ("duplicate_lottery", "a2") in codes


def test_cli_prints_one_json_object_per_file_and_refuses_an_invalid_file(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "institutions": [{"id": "zdo-1", "capacity": 20}, {"id": "zdo-3", "capacity": 1}],
                "applicants": [
                    {
                        "id": "a1",
                        "choices": ["zdo-3", "zdo-1"],
                        "lottery": 17,
                        "priority": {"zdo-3": 1, "zdo-1": 3},
                    },
                    {"id": "a2", "choices": ["zdo-3"], "lottery": 3},
                ],
            }
        )
    )
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "institutions": [{"id": "x", "capacity": 1}],
                "applicants": [{"id": "a", "choices": ["y"], "lottery": 1}],
            }
        )
    )

    status = cli.main(["allocate", str(good), str(bad), "--json"])

    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert status == 2
    assert len(lines) == 1
    assert json.loads(lines[0]) == {"file": str(good), "assignments": {"a1": "zdo-3", "a2": None}}
    assert "'a'" in err and "'y'" in err


def test_cli_allocates_a_large_random_instance_like_the_library_does(tmp_path, capsys):
    rnd = random.Random(7)
    places = [{"id": f"s{i}", "capacity": rnd.randint(0, 5)} for i in range(30)]
    lotteries = rnd.sample(range(1, 10_000), 300)
    applicants = [
        {
            "id": f"a{i}",
            "choices": rnd.sample([p["id"] for p in places], 3),
            "lottery": lotteries[i],
            "priority": {p["id"]: rnd.randint(1, 4) for p in places if rnd.random() < 0.2},
        }
        for i in range(300)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"institutions": places, "applicants": applicants}))

    assert cli.main(["allocate", str(path), "--json"]) == 0

    result = json.loads(capsys.readouterr().out)["assignments"]
    instance, _ = parse_instance({"institutions": places, "applicants": applicants})
    assert blocking_pairs(instance.places, instance.applicants, result) == []


@given(instances(max_places=5, max_applicants=12))
@settings(max_examples=150, deadline=None)
def test_identical_to_the_matching_packages_resident_optimal_solution(instance):
    from hromada.enrollment.reference import matching_assignments

    places, applicants = instance

    assert deferred_acceptance(places, applicants) == matching_assignments(places, applicants)

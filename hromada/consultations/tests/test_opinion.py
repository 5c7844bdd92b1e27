"""The opinion groups (``opinion.py``, pure): deterministic, and they find groups planted in the votes."""

import random

from hromada.consultations import opinion


def _planted(seed: int, *, groups: int = 3, people: int = 120, statements: int = 30, shared: int = 3):
    """Votes of ``groups`` camps: each agrees with its own statements and disagrees with the others';
    the last ``shared`` statements everyone agrees with. Sparse: each person votes on ~60%."""
    rng = random.Random(seed)
    votes, camp = [], {}
    for person in range(1, people + 1):
        camp[person] = person % groups
        for statement in range(1, statements + 1):
            if rng.random() < 0.6:
                if statement > statements - shared:
                    vote = 1
                else:
                    vote = 1 if statement % groups == camp[person] else -1
                votes.append((person, statement, vote))
    return votes, camp


def test_the_groups_found_are_the_camps_planted_in_the_votes():
    votes, camp = _planted(1)

    result = opinion.groups(votes)

    assert result.status == "ok"
    assert len(result.groups) == 3
    for group in result.groups:
        assert len({camp[m] for m in group.members}) == 1  # nobody placed with another camp
    assert sorted(len(g.members) for g in result.groups) == [40, 40, 40]


def test_statements_everyone_agrees_with_are_consensus_and_camp_statements_divide():
    votes, _camp = _planted(2)

    result = opinion.groups(votes)

    assert {s.statement for s in result.consensus} == {28, 29, 30}
    assert result.divisive and all(statement <= 27 for statement, _spread in result.divisive)


def test_the_same_votes_in_another_order_give_the_same_groups():
    votes, _camp = _planted(3)
    shuffled = list(votes)
    random.Random(9).shuffle(shuffled)

    first = opinion.as_json(opinion.groups(votes))
    second = opinion.as_json(opinion.groups(shuffled))

    assert first == second


def test_too_few_participants_give_no_groups_but_a_code():
    result = opinion.groups([(1, 1, 1), (1, 2, -1), (2, 1, 1)])

    assert result.status == "too_few_participants"
    assert result.groups == ()


def test_people_with_fewer_votes_than_the_minimum_are_not_placed():
    votes, _camp = _planted(4)
    votes.append((999, 1, 1))  # one vote only

    result = opinion.groups(votes)

    assert 999 not in {m for g in result.groups for m in g.members}
    assert result.voters == result.participants + 1

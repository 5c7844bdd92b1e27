"""Erlang C staffing (pure core): textbook values and the properties the suggestion relies on."""

from hypothesis import given
from hypothesis import strategies as st

from hromada.cnapqueue import erlang

agents = st.integers(min_value=1, max_value=60)
loads = st.floats(min_value=0.0, max_value=50.0, allow_nan=False)
handling = st.floats(min_value=1.0, max_value=60.0)
minutes = st.floats(min_value=0.0, max_value=120.0)


def test_a_textbook_case():
    # 2 erlangs on 3 agents: Erlang C = 4/9 ≈ 0.444.
    assert abs(erlang.wait_probability(agents=3, load=2.0) - 4 / 9) < 1e-9
    # 60 visitors an hour at 10 minutes each is 10 erlangs; 15 minutes for 90 % needs a few desks more.
    needed = erlang.agents_needed(arrivals_per_hour=60, handling_minutes=10, target_minutes=15)
    assert needed is not None and 11 <= needed <= 13
    assert erlang.agents_needed(arrivals_per_hour=0, handling_minutes=10, target_minutes=15) == 0


def test_too_few_desks_means_everyone_waits_for_ever():
    assert erlang.wait_probability(agents=5, load=5.0) == 1.0
    assert erlang.mean_wait_minutes(agents=4, load=5.0, handling_minutes=10) == erlang.INFINITE


@given(agents, loads, handling, minutes)
def test_probabilities_stay_between_zero_and_one(n, load, aht, t):
    assert 0.0 <= erlang.wait_probability(agents=n, load=load) <= 1.0
    assert 0.0 <= erlang.wait_longer_than(agents=n, load=load, handling_minutes=aht, minutes=t) <= 1.0


@given(agents, loads, handling, minutes)
def test_more_desks_never_make_the_wait_longer(n, load, aht, t):
    assert (
        erlang.wait_probability(agents=n + 1, load=load)
        <= erlang.wait_probability(agents=n, load=load) + 1e-12
    )
    assert erlang.wait_longer_than(agents=n + 1, load=load, handling_minutes=aht, minutes=t) <= (
        erlang.wait_longer_than(agents=n, load=load, handling_minutes=aht, minutes=t) + 1e-12
    )
    assert erlang.mean_wait_minutes(
        agents=n + 1, load=load, handling_minutes=aht
    ) <= erlang.mean_wait_minutes(agents=n, load=load, handling_minutes=aht)


@given(st.floats(min_value=0.0, max_value=200.0), handling, st.floats(min_value=1.0, max_value=60.0))
def test_the_suggestion_meets_its_target_and_one_desk_fewer_would_not(arrivals, aht, target):
    n = erlang.agents_needed(arrivals_per_hour=arrivals, handling_minutes=aht, target_minutes=target)
    load = erlang.offered_load(arrivals_per_hour=arrivals, handling_minutes=aht)
    if n is None or n == 0:
        return
    assert erlang.wait_longer_than(agents=n, load=load, handling_minutes=aht, minutes=target) <= 0.1
    if n - 1 > load:
        assert erlang.wait_longer_than(agents=n - 1, load=load, handling_minutes=aht, minutes=target) > 0.1
    else:
        assert n - 1 <= load

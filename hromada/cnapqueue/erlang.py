"""Erlang C: how many desks keep the wait within a target. Pure Python, no Django import.

The queue is modelled as M/M/N: visitors arrive at random (``arrivals_per_hour``), each takes on average
``handling_minutes`` at a desk, ``agents`` desks serve one queue. The offered load is
A = arrivals × handling (in erlangs); with N > A desks the probability that a visitor waits at all is
Erlang's C formula, and the probability of waiting longer than t is C · exp(−(N − A) · t / handling).
With N ≤ A the queue grows without bound: every visitor waits, and for ever.
"""

from __future__ import annotations

import math

INFINITE = math.inf


def offered_load(*, arrivals_per_hour: float, handling_minutes: float) -> float:
    """Erlangs: the average number of desks busy."""
    return max(0.0, arrivals_per_hour) * max(0.0, handling_minutes) / 60.0


def wait_probability(*, agents: int, load: float) -> float:
    """Erlang C: the probability that an arriving visitor has to wait (1.0 when the desks cannot cope)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return 1.0
    # Erlang B by the stable recurrence, then C = B / (1 − ρ(1 − B)).
    b = 1.0
    for k in range(1, agents + 1):
        b = load * b / (k + load * b)
    rho = load / agents
    return min(1.0, max(0.0, b / (1 - rho * (1 - b))))


def wait_longer_than(*, agents: int, load: float, handling_minutes: float, minutes: float) -> float:
    """The probability of waiting longer than ``minutes``."""
    c = wait_probability(agents=agents, load=load)
    if c in (0.0, 1.0) and (load <= 0 or agents <= load):
        return c
    return min(1.0, max(0.0, c * math.exp(-(agents - load) * minutes / handling_minutes)))


def mean_wait_minutes(*, agents: int, load: float, handling_minutes: float) -> float:
    """Average wait in the queue (infinite when the desks cannot cope)."""
    if load <= 0:
        return 0.0
    if agents <= load:
        return INFINITE
    return wait_probability(agents=agents, load=load) * handling_minutes / (agents - load)


def agents_needed(
    *,
    arrivals_per_hour: float,
    handling_minutes: float,
    target_minutes: float,
    share: float = 0.9,
    max_agents: int = 500,
) -> int | None:
    """The fewest desks so that ``share`` of visitors (0.9: the p90) wait no longer than ``target_minutes``;
    0 when nobody comes, None when even ``max_agents`` would not do."""
    load = offered_load(arrivals_per_hour=arrivals_per_hour, handling_minutes=handling_minutes)
    if load <= 0:
        return 0
    for agents in range(max(1, math.floor(load) + 1), max_agents + 1):
        late = wait_longer_than(
            agents=agents, load=load, handling_minutes=handling_minutes, minutes=target_minutes
        )
        if late <= 1 - share:
            return agents
    return None

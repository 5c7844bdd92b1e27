"""Applicant-proposing deferred acceptance (Gale–Shapley) with single tie-breaking. Pure Python, no Django.

An *instance* is a set of institutions (places with a capacity) and applicants; each applicant ranks up to
N institutions and has, at each, a priority class (1 = highest; an institution missing from the map means
the lowest class, after every listed class) and one lottery number shared by all lists (single
tie-breaking). An institution ranks its applicants by ``(class, lottery)``, lowest first.

:func:`deferred_acceptance` returns the applicant-optimal stable assignment: no applicant and institution
would both rather be together (no blocking pair), and no applicant can get a better place by misreporting
their choices (strategy-proofness for applicants). With strict priorities that assignment is unique, so the
result does not depend on the order in which applicants propose.

:func:`parse_instance` reads the JSON of ``hromada enrollment allocate`` and returns problem codes naming the
item (never sentences); :func:`lottery_numbers` derives the lottery from a public seed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from heapq import heappush, heapreplace
from typing import Any

LOWEST_CLASS = 1 << 30
"""The class of an applicant at an institution missing from their priority map: after every listed class."""


@dataclass(frozen=True)
class Place:
    """An institution (a group of a kindergarten, a first-grade intake, a club) with its free places."""

    id: str
    capacity: int


@dataclass(frozen=True)
class Applicant:
    id: str
    choices: tuple[str, ...]
    lottery: int
    priority: Mapping[str, int] = field(default_factory=dict)

    def class_at(self, place: str) -> int:
        return self.priority.get(place, LOWEST_CLASS)

    def key_at(self, place: str) -> tuple[int, int]:
        """Where the applicant stands on ``place``'s list: lower is better."""
        return (self.priority.get(place, LOWEST_CLASS), self.lottery)


@dataclass(frozen=True)
class Instance:
    places: tuple[Place, ...]
    applicants: tuple[Applicant, ...]


@dataclass(frozen=True)
class Problem:
    """Why an instance is invalid: a code and the item it is about (an id, or a position ``#3``)."""

    code: str
    item: str
    detail: str = ""


# Problem codes (the command line and the web interface word them).
NOT_AN_OBJECT = "not_an_object"
MISSING_LIST = "missing_list"
BAD_PLACE = "bad_institution"
BAD_APPLICANT = "bad_applicant"
DUPLICATE_PLACE = "duplicate_institution"
DUPLICATE_APPLICANT = "duplicate_applicant"
NEGATIVE_CAPACITY = "negative_capacity"
UNKNOWN_CHOICE = "unknown_institution_in_choices"
REPEATED_CHOICE = "repeated_choice"
DUPLICATE_LOTTERY = "duplicate_lottery"
BAD_PRIORITY = "bad_priority"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_instance(raw: Any) -> tuple[Instance | None, list[Problem]]:
    """Read ``{"institutions": [{"id", "capacity"}], "applicants": [{"id", "choices", "lottery",
    "priority"}]}`` (other members are ignored); returns the instance, or None and every problem found."""
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        return None, [Problem(NOT_AN_OBJECT, "")]
    raw_places = raw.get("institutions")
    raw_applicants = raw.get("applicants")
    if not isinstance(raw_places, list):
        problems.append(Problem(MISSING_LIST, "institutions"))
    if not isinstance(raw_applicants, list):
        problems.append(Problem(MISSING_LIST, "applicants"))
    if problems:
        return None, problems
    assert isinstance(raw_places, list) and isinstance(raw_applicants, list)
    places: list[Place] = []
    seen: set[str] = set()
    for position, item in enumerate(raw_places, start=1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("id"), str)
            or not _is_int(item.get("capacity"))
        ):
            problems.append(Problem(BAD_PLACE, f"#{position}"))
            continue
        pid, capacity = item["id"], item["capacity"]
        if pid in seen:
            problems.append(Problem(DUPLICATE_PLACE, pid))
            continue
        seen.add(pid)
        if capacity < 0:
            problems.append(Problem(NEGATIVE_CAPACITY, pid, str(capacity)))
            continue
        places.append(Place(pid, capacity))
    applicants: list[Applicant] = []
    ids: set[str] = set()
    lotteries: dict[int, str] = {}
    for position, item in enumerate(raw_applicants, start=1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("id"), str)
            or not isinstance(item.get("choices"), list)
            or not all(isinstance(c, str) for c in item["choices"])
            or not _is_int(item.get("lottery"))
        ):
            problems.append(
                Problem(
                    BAD_APPLICANT,
                    str(item["id"])
                    if isinstance(item, dict) and isinstance(item.get("id"), str)
                    else f"#{position}",
                )
            )
            continue
        aid = item["id"]
        if aid in ids:
            problems.append(Problem(DUPLICATE_APPLICANT, aid))
            continue
        ids.add(aid)
        choices = tuple(item["choices"])
        for choice in choices:
            if choice not in seen:
                problems.append(Problem(UNKNOWN_CHOICE, aid, choice))
        if len(set(choices)) != len(choices):
            problems.append(Problem(REPEATED_CHOICE, aid))
        lottery = item["lottery"]
        if lottery in lotteries:
            problems.append(Problem(DUPLICATE_LOTTERY, aid, f"{lottery} {lotteries[lottery]}"))
        else:
            lotteries[lottery] = aid
        priority = item.get("priority", {})
        if not isinstance(priority, dict) or not all(
            isinstance(k, str) and _is_int(v) and v >= 1 for k, v in priority.items()
        ):
            problems.append(Problem(BAD_PRIORITY, aid))
            continue
        applicants.append(Applicant(aid, choices, lottery, dict(priority)))
    if problems:
        return None, problems
    return Instance(tuple(places), tuple(applicants)), []


def deferred_acceptance(places: Iterable[Place], applicants: Sequence[Applicant]) -> dict[str, str | None]:
    """The applicant-optimal stable assignment: applicant id → place id, or None when unassigned.

    Each free applicant proposes to their next choice; the place keeps the best ``capacity`` proposals by
    ``(class, lottery)`` and rejects the rest, who propose again. Proposals: at most the total length of
    the choice lists; each costs O(log capacity).
    """
    capacity = {p.id: p.capacity for p in places}
    held: dict[str, list[int]] = {pid: [] for pid in capacity}
    n = len(applicants)
    # One integer key per (applicant, place): class × n + the lottery's rank among all applicants. Keys are
    # distinct, so a heap of negated keys holds the place's worst applicant on top, and the rank (key mod n)
    # names the applicant without a tuple.
    by_rank = sorted(range(n), key=lambda i: applicants[i].lottery)
    rank_of = [0] * n
    for r, a in enumerate(by_rank):
        rank_of[a] = r
    choices = [a.choices for a in applicants]
    priorities = [a.priority for a in applicants]
    lowest = LOWEST_CLASS
    nxt = [0] * n
    free = list(range(n - 1, -1, -1))
    pop, push = free.pop, free.append
    while free:
        a = pop()
        mine = choices[a]
        i = nxt[a]
        prio = priorities[a]
        rank = rank_of[a]
        while i < len(mine):
            pid = mine[i]
            i += 1
            cap = capacity[pid]
            if cap == 0:
                continue
            key = prio.get(pid, lowest) * n + rank
            heap = held[pid]
            if len(heap) < cap:
                heappush(heap, -key)
                break
            if -heap[0] > key:
                out = -heapreplace(heap, -key)
                push(by_rank[out % n])
                break
        nxt[a] = i
        # an applicant who ran out of choices stays unassigned
    result: dict[str, str | None] = {a.id: None for a in applicants}
    for pid, heap in held.items():
        for item in heap:
            result[applicants[by_rank[-item % n]].id] = pid
    return result


def allocate(instance: Instance) -> dict[str, str | None]:
    return deferred_acceptance(instance.places, instance.applicants)


def ordered_list(place: str, applicants: Iterable[Applicant]) -> list[Applicant]:
    """Everyone who chose ``place``, in the order the place ranks them (the year-round waiting list)."""
    return sorted((a for a in applicants if place in a.choices), key=lambda a: a.key_at(place))


def blocking_pairs(
    places: Iterable[Place], applicants: Sequence[Applicant], assignment: Mapping[str, str | None]
) -> list[tuple[str, str]]:
    """Pairs (applicant, place) that would both rather be together: empty for a stable assignment."""
    capacity = {p.id: p.capacity for p in places}
    by_id = {a.id: a for a in applicants}
    holders: dict[str, list[Applicant]] = {pid: [] for pid in capacity}
    for aid, pid in assignment.items():
        if pid is not None:
            holders[pid].append(by_id[aid])
    pairs = []
    for a in applicants:
        current = assignment.get(a.id)
        better = a.choices if current is None else a.choices[: a.choices.index(current)]
        for pid in better:
            held = holders[pid]
            if len(held) < capacity[pid] or any(h.key_at(pid) > a.key_at(pid) for h in held):
                pairs.append((a.id, pid))
    return pairs


def lottery_numbers(*, seed: bytes, ids: Iterable[str]) -> dict[str, int]:
    """One lottery number per applicant, 1..n, from a public seed: applicants ordered by
    ``HMAC-SHA256(key=seed, message=id)`` (ids break a tie of digests, which never happens in practice).
    Anyone with the seed and the published ids gets the same numbers."""
    digests = sorted((hmac.new(seed, i.encode(), hashlib.sha256).digest(), i) for i in ids)
    return {i: n for n, (_, i) in enumerate(digests, start=1)}

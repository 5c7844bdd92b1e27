"""Who is called next: the fair ordering of a queue. Pure Python, no Django import.

The rules, in order (docs/cnapqueue.md words them for residents):

1. **Booked visits at their time.** A checked-in booking whose time has come goes first, earliest booked
   time first. Before its time it waits like anybody who arrived at the booked time.
2. **Nobody waits beyond the maximum.** A ticket that has waited ``max_wait`` or longer overtakes every
   priority; among such tickets the one that waited longest goes first. This is what keeps priority
   categories from starving regular tickets.
3. **Priority by weight.** Otherwise the ticket with the highest ``wait × weight`` goes first (a regular
   ticket weighs 1; priority categories weigh more, per office), so a priority visitor overtakes a regular
   one who waited less than ``weight`` times as long.
4. **Ties by arrival**, then by id.

Every ticket is placed by a key of its own (its rule, then its key within the rule, then its id, unique), so
the order of any part of a queue (say, one service's tickets) is that part's place in the order of the
whole at the same ``now``: call-next reuses the desk's ranking for the next of one service.

Times are seconds on any common clock (e.g. a Unix timestamp). :func:`order` returns each ticket with the
rule that placed it (a code), so an action can record why a ticket was called.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

BOOKED = "booked"
OVERDUE = "overdue"
PRIORITY = "priority"
ARRIVAL = "arrival"


@dataclass(frozen=True)
class Waiting:
    """A waiting ticket: its id, when it joined the queue, its weight and, for a booked visit, the time."""

    id: int
    arrived: float
    weight: int = 1
    appointment: float | None = None


@dataclass(frozen=True)
class Placed:
    id: int
    reason: str


def _since(ticket: Waiting) -> float:
    """When the ticket's wait counts from: a booked visit counts from its booked time."""
    if ticket.appointment is not None:
        return max(ticket.arrived, ticket.appointment)
    return ticket.arrived


def order(waiting: Sequence[Waiting], *, now: float, max_wait: float) -> list[Placed]:
    """The tickets in the order they are to be called at ``now`` (see the module's rules)."""
    due = sorted(
        (t for t in waiting if t.appointment is not None and t.appointment <= now),
        key=lambda t: (t.appointment, t.arrived, t.id),
    )
    placed = [Placed(t.id, BOOKED) for t in due]
    rest = [t for t in waiting if not (t.appointment is not None and t.appointment <= now)]
    overdue = sorted((t for t in rest if now - _since(t) >= max_wait), key=lambda t: (_since(t), t.id))
    placed += [Placed(t.id, OVERDUE) for t in overdue]
    others = [t for t in rest if now - _since(t) < max_wait]

    def key(t: Waiting) -> tuple[float, float, int]:
        waited = max(0.0, now - _since(t))
        return (-(waited * max(1, t.weight)), _since(t), t.id)

    for t in sorted(others, key=key):
        placed.append(Placed(t.id, PRIORITY if t.weight > 1 else ARRIVAL))
    return placed


def next_ticket(waiting: Sequence[Waiting], *, now: float, max_wait: float) -> Placed | None:
    """The ticket to call now, or None when nobody waits."""
    ranked = order(waiting, now=now, max_wait=max_wait)
    return ranked[0] if ranked else None

"""The petition lifecycle as a state machine. Pure Python, no Django import.

    draft → submitted → moderation → collecting → threshold_reached → under_consideration → answered
                 ╰──────────────╰→ rejected        ╰→ expired → answered (as an ordinary appeal)
    draft, submitted, moderation, collecting → withdrawn (by the author, only before the threshold)

A moderator may publish or reject straight from ``submitted`` (taking it into ``moderation`` first is
optional: it tells other moderators someone is on it). ``answered`` after ``expired`` is the answer to an
ordinary appeal (art. 20 of the Law "On Citizens' Appeals": one month), not a petition answer.

Actions call :func:`check_transition` before every status change; the database repeats the
list of statuses in a check constraint (see ``models.Petition``).
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    MODERATION = "moderation"
    COLLECTING = "collecting"
    THRESHOLD_REACHED = "threshold_reached"
    UNDER_CONSIDERATION = "under_consideration"
    ANSWERED = "answered"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.SUBMITTED: frozenset({Status.MODERATION, Status.COLLECTING, Status.REJECTED, Status.WITHDRAWN}),
    Status.MODERATION: frozenset({Status.COLLECTING, Status.REJECTED, Status.WITHDRAWN}),
    Status.COLLECTING: frozenset({Status.THRESHOLD_REACHED, Status.EXPIRED, Status.WITHDRAWN}),
    Status.THRESHOLD_REACHED: frozenset({Status.UNDER_CONSIDERATION}),
    Status.UNDER_CONSIDERATION: frozenset({Status.ANSWERED}),
    Status.EXPIRED: frozenset({Status.ANSWERED}),
    Status.ANSWERED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

# Statuses in which the petition is public (its page, count and signatories can be seen by anyone).
PUBLIC: frozenset[Status] = frozenset(
    {
        Status.COLLECTING,
        Status.THRESHOLD_REACHED,
        Status.UNDER_CONSIDERATION,
        Status.ANSWERED,
        Status.EXPIRED,
        Status.REJECTED,
    }
)
# Waiting for a moderator.
IN_MODERATION: frozenset[Status] = frozenset({Status.SUBMITTED, Status.MODERATION})
# Closed for signatures for good: the names-hidden period runs from the closing moment.
CLOSED: frozenset[Status] = frozenset(
    {Status.THRESHOLD_REACHED, Status.UNDER_CONSIDERATION, Status.ANSWERED, Status.EXPIRED}
)
# Open petitions, for "a duplicate of an open petition" and the similar-petitions hint.
OPEN: frozenset[Status] = frozenset(
    {
        Status.SUBMITTED,
        Status.MODERATION,
        Status.COLLECTING,
        Status.THRESHOLD_REACHED,
        Status.UNDER_CONSIDERATION,
    }
)
# The author can still change the text.
EDITABLE: frozenset[Status] = frozenset({Status.DRAFT})
# The author may withdraw (before the threshold).
WITHDRAWABLE: frozenset[Status] = frozenset(
    status for status, targets in TRANSITIONS.items() if Status.WITHDRAWN in targets
)


class TransitionError(ValueError):
    """A status change the lifecycle does not allow."""

    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"a petition cannot go from {current!r} to {target!r}")
        self.current = current
        self.target = target


def can_transition(current: str, target: str) -> bool:
    """Whether the lifecycle allows ``current`` → ``target`` (unknown statuses: never)."""
    try:
        return Status(target) in TRANSITIONS[Status(current)]
    except ValueError:
        return False


def check_transition(current: str, target: str) -> Status:
    """The target status, or :class:`TransitionError` when the change is not allowed."""
    if not can_transition(current, target):
        raise TransitionError(current, target)
    return Status(target)

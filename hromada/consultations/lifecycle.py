"""The life of an item as a state machine. Pure Python, no Django import (as petitions/lifecycle.py):

    draft → published → archived

Actions ask :func:`transition_problem` before every status change and word the code it returns (a pure
core returns codes, never sentences: petitions/eligibility.py); the database repeats the list of statuses
in a check constraint (``models.Item``).
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.PUBLISHED}),
    Status.PUBLISHED: frozenset({Status.ARCHIVED}),
    Status.ARCHIVED: frozenset(),
}

# Statuses in which anyone may see the item.
PUBLIC: frozenset[Status] = frozenset({Status.PUBLISHED, Status.ARCHIVED})


def transition_problem(current: str, target: str) -> str | None:
    """None when the lifecycle allows ``current`` → ``target``; otherwise why not, as a code:
    ``unknown_status`` (either is no status) or ``not_allowed``."""
    try:
        current_status, target_status = Status(current), Status(target)
    except ValueError:
        return "unknown_status"
    return None if target_status in TRANSITIONS[current_status] else "not_allowed"

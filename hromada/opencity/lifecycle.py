"""The life of a problem report, as a pure state machine (no Django import; returns codes).

new → accepted → in progress / action scheduled → fixed | closed, not fixed | reopened

- "Fixed" and "closed, not fixed" are two different ends and are counted apart everywhere.
- Closing without fixing needs a reason: not the council's responsibility (naming who is responsible, to
  whom the report is forwarded), a duplicate (of which report), no further action, or planned for later.
- A fixed or closed report can be reopened (by staff, or by the reporter disputing "fixed").
"""

from __future__ import annotations

import datetime as dt

NEW = "new"
ACCEPTED = "accepted"
IN_PROGRESS = "in_progress"
ACTION_SCHEDULED = "action_scheduled"
FIXED = "fixed"
CLOSED = "closed"  # closed, not fixed
REOPENED = "reopened"

STATUSES = (NEW, ACCEPTED, IN_PROGRESS, ACTION_SCHEDULED, FIXED, CLOSED, REOPENED)
OPEN_STATUSES = frozenset({NEW, ACCEPTED, IN_PROGRESS, ACTION_SCHEDULED, REOPENED})
FINAL_STATUSES = frozenset({FIXED, CLOSED})

NOT_RESPONSIBLE = "not_responsible"
DUPLICATE = "duplicate"
NO_FURTHER_ACTION = "no_further_action"
PLANNED_LATER = "planned_later"
CLOSE_REASONS = (NOT_RESPONSIBLE, DUPLICATE, NO_FURTHER_ACTION, PLANNED_LATER)

# The fix check: four weeks after a report was marked fixed, its reporter and supporters are asked whether
# it really is. A fix older than FIX_CHECK_AFTER + FIX_CHECK_WINDOW when first seen is not asked about (no
# flood of questions about fixes from long ago after an upgrade or a long outage of the worker).
FIX_CHECK_AFTER = dt.timedelta(weeks=4)
FIX_CHECK_WINDOW = dt.timedelta(weeks=2)

_WORKING = (ACCEPTED, IN_PROGRESS, ACTION_SCHEDULED, FIXED, CLOSED)
ALLOWED: dict[str, tuple[str, ...]] = {
    NEW: _WORKING,
    ACCEPTED: (IN_PROGRESS, ACTION_SCHEDULED, FIXED, CLOSED),
    IN_PROGRESS: (ACTION_SCHEDULED, FIXED, CLOSED),
    ACTION_SCHEDULED: (IN_PROGRESS, FIXED, CLOSED),
    FIXED: (REOPENED,),
    CLOSED: (REOPENED,),
    REOPENED: (ACCEPTED, IN_PROGRESS, ACTION_SCHEDULED, FIXED, CLOSED),
}

# Refusal codes; the action words them.
NOT_ALLOWED = "not_allowed"
REASON_REQUIRED = "reason_required"
UNKNOWN_REASON = "unknown_reason"
RESPONSIBLE_REQUIRED = "responsible_required"
DUPLICATE_REQUIRED = "duplicate_required"
REASON_NOT_EXPECTED = "reason_not_expected"


def check_transition(
    current: str, target: str, *, reason: str = "", responsible: str = "", duplicate_of: int | None = None
) -> str | None:
    """None when ``current`` may move to ``target`` with these particulars, else a refusal code."""
    if target not in ALLOWED.get(current, ()):
        return NOT_ALLOWED
    if target != CLOSED:
        return REASON_NOT_EXPECTED if reason else None
    if not reason:
        return REASON_REQUIRED
    if reason not in CLOSE_REASONS:
        return UNKNOWN_REASON
    if reason == NOT_RESPONSIBLE and not responsible.strip():
        return RESPONSIBLE_REQUIRED
    if reason == DUPLICATE and duplicate_of is None:
        return DUPLICATE_REQUIRED
    return None


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def open311_status(status: str) -> str:
    """GeoReport v2 knows two statuses: open and closed."""
    return "open" if is_open(status) else "closed"


def clock_state(*, status: str, due_ms: int, now_ms: int, closed_ms: int | None) -> str:
    """The SLA clock of a report: "on_time" (closed by the deadline), "late" (closed after it),
    "overdue" (open past it) or "running" (open, deadline ahead). Times in milliseconds since the epoch."""
    if status in FINAL_STATUSES and closed_ms is not None:
        return "on_time" if closed_ms <= due_ms else "late"
    return "overdue" if now_ms > due_ms else "running"

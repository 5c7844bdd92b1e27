"""The states of an application and the moves between them. Pure Python, no Django import.

::

    draft ──submit──▶ submitted ──take──▶ in_progress ──prepare (two-step)──▶ awaiting_approval
                        │  ▲                 │   │                               │
                 return │  │ correct  return │   └──approve / refuse─────────────┤ approve / refuse
                        ▼  │                 ▼                                   ▼
                      correction ◀───────────┘                        approved ──issue──▶ issued
                                                                      refused
    draft / submitted / correction ──withdraw──▶ withdrawn
"""

from __future__ import annotations

DRAFT = "draft"
SUBMITTED = "submitted"
IN_PROGRESS = "in_progress"
CORRECTION = "correction"
AWAITING_APPROVAL = "awaiting_approval"
APPROVED = "approved"
ISSUED = "issued"
REFUSED = "refused"
WITHDRAWN = "withdrawn"

STATUSES = (
    DRAFT,
    SUBMITTED,
    IN_PROGRESS,
    CORRECTION,
    AWAITING_APPROVAL,
    APPROVED,
    ISSUED,
    REFUSED,
    WITHDRAWN,
)
OPEN = frozenset({SUBMITTED, IN_PROGRESS, CORRECTION, AWAITING_APPROVAL, APPROVED})
# The clock runs while the hromada works on the application (not while the resident corrects it).
CLOCK_RUNNING = frozenset({SUBMITTED, IN_PROGRESS, AWAITING_APPROVAL})
DECIDED = frozenset({APPROVED, ISSUED, REFUSED})
FINAL = frozenset({ISSUED, REFUSED, WITHDRAWN})
RESUBMITTABLE = frozenset({REFUSED, WITHDRAWN})

MOVES: dict[str, dict[str, str]] = {
    "submit": {DRAFT: SUBMITTED},
    "take": {SUBMITTED: IN_PROGRESS, IN_PROGRESS: IN_PROGRESS},
    "return": {SUBMITTED: CORRECTION, IN_PROGRESS: CORRECTION},
    "correct": {CORRECTION: SUBMITTED},
    "prepare": {IN_PROGRESS: AWAITING_APPROVAL},
    "approve": {IN_PROGRESS: APPROVED, AWAITING_APPROVAL: APPROVED},
    "refuse": {IN_PROGRESS: REFUSED, AWAITING_APPROVAL: REFUSED},
    "send_back": {AWAITING_APPROVAL: IN_PROGRESS},
    "issue": {APPROVED: ISSUED},
    "withdraw": {DRAFT: WITHDRAWN, SUBMITTED: WITHDRAWN, CORRECTION: WITHDRAWN},
}


def next_status(status: str, move: str) -> str | None:
    """Where ``move`` takes an application in ``status``, or None when the move is not allowed there."""
    return MOVES.get(move, {}).get(status)


def allowed_moves(status: str) -> list[str]:
    return [move for move, table in MOVES.items() if status in table]

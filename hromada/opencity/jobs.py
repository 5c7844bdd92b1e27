"""The open city's periodic jobs (``hromada worker`` runs them; registered in OpencityConfig.ready())."""

from __future__ import annotations

from . import selectors
from .tasks import opencity_fix_check_send


def fix_checks_queue() -> int:
    """``opencity.fix_checks`` (hourly): queue one ``opencity_fix_check_send`` task per fix now four weeks
    old that was not asked about; returns how many were queued. The task itself is idempotent, so a fix
    queued twice (a task still waiting at the next run) is asked about once."""
    due = selectors.fix_checks_due()
    for report_id, fixed_at in due:
        opencity_fix_check_send.enqueue(report_id=report_id, fixed_at=fixed_at.isoformat())
    return len(due)

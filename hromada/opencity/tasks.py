"""Background work of the open city (idempotent: running a task twice does no harm)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from .models import Report


@task()
def opencity_fix_check_send(*, report_id: int, fixed_at: str) -> bool:
    """Send the four-week fix check of one report's fix (``fixed_at``, ISO 8601); True when it went out."""
    from .actions import fix_check_send

    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return False
    return fix_check_send(report=report, fixed_at=dt.datetime.fromisoformat(fixed_at)) is not None

"""Who may do what with problem reports (predicates of the person and the hromada or the report; actions
check them with ``core.permissions.require``)."""

from __future__ import annotations

from typing import Any

from hromada.accounts.permissions import department_ids_of, is_moderator_of, works_for_hromada
from hromada.core.permissions import is_authenticated, manages_hromada, predicate

# `obj` is the hromada.
manages_categories = manages_hromada
triages_reports = manages_hromada | is_moderator_of
files_for_callers = works_for_hromada  # the call centre's agents are officials of the hromada
sees_staff_pages = works_for_hromada


# `obj` is the report.
@predicate
def handles_report(user: Any, report: Any) -> bool:
    """The responsible department's staff, and whoever triages reports in the hromada (administrators,
    moderators) — also for reports in the triage queue, which no department holds yet."""
    hromada = report.hromada
    if triages_reports(user, hromada):
        return True
    return report.department_id is not None and report.department_id in department_ids_of(user, hromada)


@predicate
def reported(user: Any, report: Any) -> bool:
    return is_authenticated(user) and report.reporter_id == user.pk


@predicate
def follows_report(user: Any, report: Any) -> bool:
    """The reporter or a supporter (+1): the people a report's fix check asks."""
    if not is_authenticated(user):
        return False
    if report.reporter_id == user.pk:
        return True
    from .models import Support

    return Support.objects.filter(report=report, person=user).exists()

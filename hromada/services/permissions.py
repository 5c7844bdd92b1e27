"""Who may do what with services and applications (predicates of the person and the hromada or the
application; actions check them with ``core.permissions.require``)."""

from __future__ import annotations

from typing import Any

from hromada.accounts.models import DepartmentMembership
from hromada.accounts.permissions import is_cnap_officer_of, works_for_hromada
from hromada.core.permissions import has_role, is_authenticated, manages_hromada, predicate

# `obj` is the hromada.
manages_catalogue = manages_hromada | has_role("head")
files_at_desk = manages_hromada | is_cnap_officer_of
sees_work_queue = works_for_hromada


def _member_roles(user: Any, application: Any) -> set[str]:
    department_id = application.service.department_id
    if department_id is None or not is_authenticated(user):
        return set()
    cache: dict[int, set[str]] = user.__dict__.setdefault("_service_department_roles", {})
    if department_id not in cache:
        cache[department_id] = set(
            DepartmentMembership.objects.filter(user=user, department_id=department_id).values_list(
                "role", flat=True
            )
        )
    return cache[department_id]


# `obj` is the application.
@predicate
def handles_application(user: Any, application: Any) -> bool:
    """Staff of the service's department, ЦНАП administrators and the hromada's administrators."""
    hromada = application.hromada
    return bool(
        manages_hromada(user, hromada)
        or is_cnap_officer_of(user, hromada)
        or _member_roles(user, application)
    )


@predicate
def approves_application(user: Any, application: Any) -> bool:
    """The head of the service's department (or an administrator of the hromada) gives the final word."""
    return bool(manages_hromada(user, application.hromada) or "head" in _member_roles(user, application))


@predicate
def owns_application(user: Any, application: Any) -> bool:
    return is_authenticated(user) and application.applicant_id == user.pk

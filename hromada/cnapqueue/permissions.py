"""Who may do what in the queue; predicates of (user, office) or (user, desk)."""

from __future__ import annotations

from typing import Any

from hromada.accounts.permissions import manages_hromada
from hromada.core.permissions import is_authenticated, predicate

from .models import Desk, Office, StaffMember


def _roles(user: Any, office: Office) -> set[str]:
    if not is_authenticated(user):
        return set()
    cache: dict[int, set[str]] = user.__dict__.setdefault("_queue_roles", {})
    if office.pk not in cache:
        cache[office.pk] = set(
            StaffMember.objects.filter(office=office, user=user).values_list("role", flat=True)
        )
    return cache[office.pk]


@predicate
def manages_office(user: Any, office: Office) -> bool:
    """The office's queue manager, or an administrator of its hromada."""
    return StaffMember.Role.MANAGER in _roles(user, office) or manages_hromada(user, office.hromada)


@predicate
def works_in_office(user: Any, office: Office) -> bool:
    """Any queue role in the office (the reception desk issues tickets for visitors)."""
    return bool(_roles(user, office)) or manages_hromada(user, office.hromada)


@predicate
def answers_calls(user: Any, office: Office) -> bool:
    return bool(
        _roles(user, office) & {StaffMember.Role.CALL_CENTRE, StaffMember.Role.MANAGER}
    ) or manages_hromada(user, office.hromada)


@predicate
def serves_at_desk(user: Any, desk: Desk) -> bool:
    """The operator the manager assigned to the desk (managers may stand in at any desk of their office)."""
    if not is_authenticated(user):
        return False
    if desk.operator_id == user.pk:
        return True
    return manages_office(user, desk.office)


def forget_queue_roles(user: Any) -> None:
    user.__dict__.pop("_queue_roles", None)


def holds_queue_role(user: Any) -> bool:
    """Any queue role in any office: such staff must pass the second factor (registered with accounts)."""
    return StaffMember.objects.filter(user=user).exists()


@predicate
def queue_staff_of(user: Any, hromada: Any) -> bool:
    """Any queue role in some office of the hromada (the staff pages' gate; actions check the office)."""
    if not is_authenticated(user):
        return False
    return StaffMember.objects.filter(user=user, hromada=hromada).exists() or manages_hromada(user, hromada)

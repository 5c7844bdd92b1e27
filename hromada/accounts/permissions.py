"""Role predicates for people within one hromada (see core.permissions for the combinators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hromada.core.models import Hromada
from hromada.core.permissions import (
    has_role,
    is_authenticated,
    is_platform_operator,
    manages_hromada,
    predicate,
)

from .models import DepartmentMembership, HromadaRole


def roles_in(user: Any, hromada: Hromada | None) -> frozenset[str]:
    """The person's roles in `hromada`: administrator, moderator, official, head, cnap_officer, specialist.

    Cached on the user object for the request, since templates and actions ask repeatedly.
    """
    if hromada is None or not is_authenticated(user):
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_hromada_roles", {})
    if hromada.pk not in cache:
        roles = set(HromadaRole.objects.filter(user=user, hromada=hromada).values_list("role", flat=True))
        member_roles = set(
            DepartmentMembership.objects.filter(user=user, department__hromada=hromada).values_list(
                "role", flat=True
            )
        )
        if member_roles:
            roles |= member_roles | {"official"}
        cache[hromada.pk] = frozenset(roles)
    return cache[hromada.pk]


def department_ids_of(user: Any, hromada: Hromada) -> frozenset[int]:
    """The departments of ``hromada`` the person works in (cached on the user for the request)."""
    if not is_authenticated(user):
        return frozenset()
    cache: dict[int, frozenset[int]] = user.__dict__.setdefault("_hromada_departments", {})
    if hromada.pk not in cache:
        cache[hromada.pk] = frozenset(
            DepartmentMembership.objects.filter(user=user, department__hromada=hromada).values_list(
                "department_id", flat=True
            )
        )
    return cache[hromada.pk]


def forget_roles(user: Any) -> None:
    user.__dict__.pop("_hromada_roles", None)
    user.__dict__.pop("_hromada_departments", None)


# `roles_in` is registered as core's roles source (AccountsConfig.ready), which `has_role` asks.
is_administrator_of = has_role("administrator")
is_moderator_of = has_role("moderator")
is_official_of = has_role("official")
is_cnap_officer_of = has_role("cnap_officer")

# `obj` is the hromada in all of these; `manages_hromada` (operator or administrator) comes from core.
can_moderate = manages_hromada | is_moderator_of
can_verify_in_person = manages_hromada | is_cnap_officer_of
works_for_hromada = manages_hromada | is_moderator_of | is_official_of


# Modules with staff roles of their own (the queue's operators and managers) register here whether a
# person holds one, so that those staff pass the second factor like any official.
StaffCheck = Callable[[Any], bool]
_staff_checks: list[StaffCheck] = []


def register_staff_check(check: StaffCheck) -> None:
    if check not in _staff_checks:
        _staff_checks.append(check)


@predicate
def needs_two_factor(user: Any, obj: Any = None) -> bool:
    """Officials, moderators, administrators, operators and modules' staff must pass TOTP before the
    back office or any staff page."""
    if not is_authenticated(user):
        return False
    return bool(
        user.is_staff
        or user.is_superuser
        or HromadaRole.objects.filter(user=user).exists()
        or DepartmentMembership.objects.filter(user=user).exists()
        or any(check(user) for check in _staff_checks)
    )


@predicate
def can_reach_back_office(user: Any, hromada: Any) -> bool:
    """Staff who work for this hromada (or operate the platform) and passed two-factor authentication."""
    if not (is_authenticated(user) and user.is_staff):
        return False
    if not getattr(user, "is_verified", lambda: False)():
        return False
    return bool(works_for_hromada(user, hromada))


__all__ = [
    "can_moderate",
    "can_reach_back_office",
    "can_verify_in_person",
    "forget_roles",
    "is_administrator_of",
    "is_cnap_officer_of",
    "is_moderator_of",
    "is_official_of",
    "manages_hromada",
    "needs_two_factor",
    "outranks",
    "rank_in",
    "register_staff_check",
    "roles_in",
    "works_for_hromada",
]


def rank_in(user: Any, hromada: Hromada | None) -> int:
    """0 resident, 1 official or moderator, 2 administrator, 3 platform operator."""
    if is_platform_operator(user):
        return 3
    roles = roles_in(user, hromada)
    if "administrator" in roles:
        return 2
    return 1 if roles & {"official", "moderator"} else 0


def outranks(actor: Any, person: Any, hromada: Hromada | None) -> bool:
    """Whether `actor` may change `person`'s account: only people of a strictly lower rank."""
    return rank_in(actor, hromada) > rank_in(person, hromada)

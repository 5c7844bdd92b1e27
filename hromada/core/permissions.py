"""Object-level permission predicates: small named functions of (user, obj) that combine with & | ~.

Actions call `require(rule, user, obj)`; templates and views ask `rule(user, obj)` only to decide what to
show, never to guard a write (the action checks again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import PermissionDeniedError


class Predicate:
    def __init__(self, fn: Callable[[Any, Any], bool], name: str) -> None:
        self.fn = fn
        self.name = name

    def __call__(self, user: Any, obj: Any = None) -> bool:
        return bool(self.fn(user, obj))

    def __and__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __or__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __invert__(self) -> Predicate:
        return Predicate(lambda u, o: not self(u, o), f"~{self.name}")

    def __repr__(self) -> str:
        return f"<Predicate {self.name}>"


def predicate(fn: Callable[[Any, Any], bool]) -> Predicate:
    return Predicate(fn, fn.__name__)


@predicate
def is_authenticated(user: Any, obj: Any = None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


@predicate
def is_platform_operator(user: Any, obj: Any = None) -> bool:
    return bool(is_authenticated(user) and user.is_superuser)


# ---------------------------------------------------------------------------------------------- roles
# Roles are stored by `accounts` (a floor above); it registers where they are read from in its
# AppConfig.ready(). The floors below it (the ledger, territory) ask these predicates without importing it.

RolesSource = Callable[[Any, Any], frozenset[str]]
_roles_sources: list[RolesSource] = []


def register_roles_source(source: RolesSource) -> None:
    """Where ``roles_of(user, hromada)`` reads a person's roles in a hromada (once, by `accounts`)."""
    if source not in _roles_sources:
        _roles_sources.append(source)


def roles_of(user: Any, hromada: Any) -> frozenset[str]:
    """The person's roles in ``hromada`` (administrator, moderator, official, head, cnap_officer, …)."""
    roles: frozenset[str] = frozenset()
    for source in _roles_sources:
        roles |= source(user, hromada)
    return roles


def has_role(name: str) -> Predicate:
    """A predicate of (user, hromada): the person holds ``name`` in that hromada."""
    return Predicate(lambda user, hromada: name in roles_of(user, hromada), f"is_{name}_of")


# `obj` is the hromada.
manages_hromada = is_platform_operator | has_role("administrator")

always = Predicate(lambda u, o: True, "always")
never = Predicate(lambda u, o: False, "never")


def require(
    rule: Predicate,
    user: Any,
    obj: Any = None,
    message: str | Promise | None = None,
) -> None:
    if not rule(user, obj):
        raise PermissionDeniedError(message or _("You do not have permission to do this."))

"""The request type our middleware produces, for type checking views, admin and API handlers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from hromada.accounts.models import User

    from .models import Hromada


class HromadaRequest(HttpRequest):
    hromada: Hromada  # set by TenantMiddleware for every page and API path
    user: User  # type: ignore[assignment]  # login_required views; otherwise AnonymousUser at run time
    auth: Any  # set by django-ninja authentication
    htmx: Any  # set by django-htmx


def hromada_of(request: HttpRequest) -> Hromada:
    """The current hromada, for code that must keep Django's HttpRequest signature (admin overrides)."""
    return request.hromada  # type: ignore[attr-defined]


def user_of(request: HttpRequest) -> User:
    """The logged-in person, where a view or admin page is reachable only when logged in."""
    return request.user  # type: ignore[return-value]

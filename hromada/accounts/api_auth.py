"""How the JSON API knows who calls: a personal bearer token or the session cookie.

Token authentication belongs to the identity layer (tokens are people's credentials), so it lives here and
`core` (the shared API machinery, the one error shape) imports nothing of ours: `hromada/api.py` hands
:func:`token_refused` to :func:`hromada.core.api.install_error_handlers`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from hromada.core import ratelimit

from .actions import UnresolvedToken, api_token_authenticate, api_tokens_resolve


class BearerToken(HttpBearer):
    """`Authorization: Bearer hrm_…` — a personal API token from the cabinet or `hromada token create`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(secret=token)
        if user is not None:
            request.user = user
            ratelimit.charge_deferred_write(user_id=user.pk)  # the write limit counts per person
        return user


class ActiveSession(SessionAuth):
    """Session cookie of a logged-in, active person (CSRF-checked on writes)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # Nobody is logged in: answer 401 ("log in or send a token"), not a CSRF 403 that would send an
        # API client looking for a CSRF token it does not need.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


session_or_token = [BearerToken(), ActiveSession()]


def token_refused(request: HttpRequest) -> bool:
    """Whether the request was let through with a bearer token not looked up yet (the signing POST's
    ``SignerToken``, resolved by its batch) that is not valid: such a request is answered 401 before any
    complaint about its path, query or body."""
    auth = getattr(request, "auth", None)
    return isinstance(auth, UnresolvedToken) and not api_tokens_resolve(digests=[auth.digest])

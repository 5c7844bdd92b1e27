"""Fixed-window rate limits kept in the database, so every app node sees the same counts.

One atomic upsert per hit (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`, on SQLite ≥3.35 and PostgreSQL).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .clientip import client_address
from .errors import RateLimitedError

F = TypeVar("F", bound=Callable[..., Any])

_UPSERT = (
    "INSERT INTO core_ratelimitbucket (key, window_start, window_end, count) VALUES (%s, %s, %s, 1) "
    "ON CONFLICT (key, window_start) DO UPDATE SET count = core_ratelimitbucket.count + 1 "
    "RETURNING count"
)


def hit(key: str, *, limit: int, window: int, now: float | None = None) -> tuple[bool, int]:
    """Count one hit for `key`; returns (allowed, seconds until the window resets)."""
    now = time.time() if now is None else now
    start = int(now // window) * window
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key[:200], start, start + window])
        (count,) = cursor.fetchone()
        if random.random() < 0.001:  # occasional cleanup keeps the table small without a scheduler
            cursor.execute("DELETE FROM core_ratelimitbucket WHERE window_end < %s", [int(now)])
    return count <= limit, max(1, start + window - int(now))


def caller_key(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_address(request)}"


def check(request: HttpRequest, scope: str, *, limit: int, window: int, key: str | None = None) -> None:
    """Raise RateLimitedError when the caller exceeded `limit` hits of `scope` per `window` seconds."""
    if not settings.HROMADA_RATE_LIMITS:
        return
    allowed, retry_after = hit(f"{scope}:{key or caller_key(request)}", limit=limit, window=window)
    if not allowed:
        raise RateLimitedError(
            _("Too many requests. Please wait a little and try again."), retry_after=retry_after
        )


def rate_limit(
    scope: str, *, limit: int, window: int = 60, methods: tuple[str, ...] = ("POST",)
) -> Callable[[F], F]:
    """View decorator (Django or ninja): limit `methods` calls per caller."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method in methods:
                check(request, scope, limit=limit, window=window)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator

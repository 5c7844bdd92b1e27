"""Fixed-window rate limits kept in the database, so every app node sees the same counts.

One atomic upsert per hit (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`, on SQLite ≥3.35 and PostgreSQL).
An endpoint that checks a limit of its own before it writes may let the platform's write limit ride along
in the same statement (:func:`fold_write_limit`): both rows are counted by one multi-row upsert.
"""

from __future__ import annotations

import functools
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .batchsql import hot_cursor, rows_source
from .clientip import client_address
from .errors import RateLimitedError

F = TypeVar("F", bound=Callable[..., Any])

_UPSERT_MANY = (
    "INSERT INTO core_ratelimitbucket (key, window_start, window_end, count) {rows} "
    "ON CONFLICT (key, window_start) DO UPDATE SET count = core_ratelimitbucket.count + excluded.count "
    "RETURNING key, window_start, count"
)

_BUCKET_TYPES = ("text", "bigint", "bigint", "integer")  # key, window start, window end, hits

Hit = tuple[str, int, int]  # (key, limit, window seconds)

# The platform write limit's hit of the current request, when its endpoint folds it into its own check.
_deferred_write: ContextVar[Hit | None] = ContextVar("hromada_deferred_write_hit", default=None)
_folded_paths: list[re.Pattern[str]] = []


def hits(items: Sequence[Hit], *, now: float | None = None) -> list[tuple[bool, int]]:
    """Count one hit for each (key, limit, window) in one statement; (allowed, retry after) for each.

    A key may come several times (the requests of one batch): each occurrence is one hit, and the
    n-th occurrence is judged by the count it brought the window to, as if they had come one by one.
    """
    now = time.time() if now is None else now
    rows: dict[tuple[str, int], list[int]] = {}  # (key, window start) → [limit, window end, hits]
    for key, limit, window in sorted(items):  # a fixed order: concurrent upserts lock rows alike
        start = int(now // window) * window
        row = rows.setdefault((key[:200], start), [limit, start + window, 0])
        row[2] += 1
    source, params = rows_source(
        _BUCKET_TYPES, [(key, start, end, added) for (key, start), (_limit, end, added) in rows.items()]
    )
    with hot_cursor() as cursor:
        cursor.execute(_UPSERT_MANY.format(rows=source), params)
        counts = {(key, int(start)): count for key, start, count in cursor.fetchall()}
        if random.random() < 0.001:  # occasional cleanup keeps the table small without a scheduler
            cursor.execute("DELETE FROM core_ratelimitbucket WHERE window_end < %s", [int(now)])
    seen: dict[tuple[str, int], int] = {}
    result = []
    for key, _limit, window in items:
        start = int(now // window) * window
        name = (key[:200], start)
        limit, end, added = rows[name]
        seen[name] = seen.get(name, 0) + 1
        count = counts[name] - added + seen[name]  # the count right after this occurrence's hit
        result.append((count <= limit, max(1, end - int(now))))
    return result


def hit(key: str, *, limit: int, window: int, now: float | None = None) -> tuple[bool, int]:
    """Count one hit for `key`; returns (allowed, seconds until the window resets)."""
    return hits([(key, limit, window)], now=now)[0]


def fold_write_limit(path_pattern: str) -> None:
    """Let the endpoint at `path_pattern` (a regex over the whole path) count the write limit itself.

    For an endpoint that counts its own limits in one :func:`hits` statement before it writes anything:
    it takes the request's write hit with :func:`take_deferred_write` and counts it in that statement.
    A request that ends without taking it (refused earlier: 401, 404, 400) has its write hit counted by
    the middleware afterwards, so every write request is still counted.
    """
    _folded_paths.append(re.compile(path_pattern))


def take_deferred_write() -> Hit | None:
    """The request's deferred write hit, now the caller's to count (see :func:`fold_write_limit`).

    For an endpoint that counts its limits elsewhere (a batch of requests counted in one statement):
    after this the middleware no longer counts the hit on the way out.
    """
    deferred = _deferred_write.get()
    _deferred_write.set(None)
    return deferred


def bearer_token_call(request: HttpRequest) -> bool:
    """An API call authenticated by its bearer token (``core.handlers.is_token_api_call``)."""
    return (
        request.path.startswith("/api/")
        and request.META.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
    )


def charge_deferred_write(*, user_id: int) -> None:
    """Count the request's deferred write hit for the person its token belongs to, not for its address:
    everyone behind one NAT must not share one write limit. Raises RateLimitedError over the limit."""
    deferred = take_deferred_write()
    if deferred is None:
        return
    _key, limit, window = deferred
    allowed, retry_after = hit(f"write:user:{user_id}", limit=limit, window=window)
    if not allowed:
        raise _limited(retry_after)


def write_limit_folded(path: str) -> bool:
    return any(pattern.fullmatch(path) for pattern in _folded_paths)


@contextmanager
def deferred_write_hit(item: Hit) -> Iterator[None]:
    """While the request runs, the write hit `item` waits for the endpoint's own limit check; if the
    endpoint never made one, it is counted on the way out (the request wrote nothing)."""
    token = _deferred_write.set(item)
    try:
        yield
    finally:
        left = _deferred_write.get()
        _deferred_write.reset(token)
        if left is not None:
            hit(left[0], limit=left[1], window=left[2])


def _limited(retry_after: int) -> RateLimitedError:
    message = _("Too many requests. Please wait a little and try again.")
    return RateLimitedError(message, retry_after=retry_after)


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
        raise _limited(retry_after)


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

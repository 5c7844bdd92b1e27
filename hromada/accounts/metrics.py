"""The accounts' series on /metrics (hromada/core/metrics.py), read from the database when scraped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings

from hromada.core import clock
from hromada.core.metrics import Gauge, register_gauge

from .models import LoginAttempt


def login_failures_recent() -> Iterable[tuple[tuple[str, ...], float]]:
    """Failed password logins inside the throttling window, for known and for unknown logins."""
    since = clock.now() - dt.timedelta(seconds=settings.HROMADA_LOGIN_LOCKOUT_SECONDS)
    failed = LoginAttempt.objects.filter(succeeded=False, created_at__gte=since)
    return [
        (("known",), float(failed.filter(known_account=True).count())),
        (("unknown",), float(failed.filter(known_account=False).count())),
    ]


def register() -> None:
    register_gauge(
        Gauge(
            "hromada_login_failures_recent",
            "Failed password logins inside the throttling window (HROMADA_LOGIN_LOCKOUT_SECONDS), "
            "for logins an account has (known) or none has (unknown).",
            ("account",),
            login_failures_recent,
        )
    )

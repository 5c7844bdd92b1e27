"""The platform's own deployment checks, beside Django's: `hromada check --deploy` (CI runs it in the
production settings of scripts/cluster-check). Ids `hromada.W0xx`; the ledger adds its key check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError

MIN_SECRET_LENGTH = 32


@register(Tags.security, deploy=True)
def secrets_strong(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Both secrets set from the environment (production refuses to start otherwise) and long enough."""
    problems: list[CheckMessage] = []
    if len(settings.HROMADA_IDENTITY_PEPPER) < MIN_SECRET_LENGTH:
        problems.append(
            Warning(
                f"HROMADA_IDENTITY_PEPPER is shorter than {MIN_SECRET_LENGTH} characters.",
                hint="Generate it with secrets.token_urlsafe(50) before anyone verifies; never change it.",
                id="hromada.W001",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def proxies_counted(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Production has TLS end at a reverse proxy: without the proxy count every visitor has its address."""
    if settings.PROD and settings.HROMADA_NUM_PROXIES < 1:
        return [
            Warning(
                "HROMADA_NUM_PROXIES is 0 in production: rate limits and login throttling would see every "
                "visitor as the reverse proxy's address.",
                hint="Set HROMADA_NUM_PROXIES=1 behind one proxy (deploy/nginx/hromada.conf).",
                id="hromada.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def secrets_match_database(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The secret key and pepper are the ones the database was set up with (core/fingerprints.py)."""
    from .fingerprints import mismatch
    from .selectors import secret_fingerprints_differing

    try:
        differing = secret_fingerprints_differing()
    except DatabaseError:
        return []  # no database yet (or not migrated): `hromada serve` compares them when it starts
    if not differing:
        return []
    return [
        Error(problem, hint=advice, id="hromada.E001")
        for problem, advice in (mismatch(name) for name in differing)
    ]

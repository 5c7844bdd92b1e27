"""`hromada check --deploy`: every log's signing key is readable here and is the log's published key."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True, databases=["default"])
def ledger_keys_readable(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not databases:
        return []
    from .keys import LedgerKeyError, signer_for
    from .models import Log

    problems: list[CheckMessage] = []
    try:
        logs = list(Log.objects.select_related("hromada"))
    except DatabaseError:
        return []  # not migrated yet: nothing to sign
    for log in logs:
        try:
            signer_for(log, log.hromada)
        except LedgerKeyError as error:
            problems.append(
                Error(
                    str(error.message),
                    hint="Copy HROMADA_LEDGER_KEY_DIR from another node or the backup (docs/operations.md).",
                    obj=log.origin,
                    id="hromada.E001",
                )
            )
    return problems

"""`hromada check --deploy`: every ledger signing key of this installation is in a backup.

A key lost with its server ends its log (docs/deployment.md, "Backups"): a key file created or changed
after the start of the latest successful `hromada backup` is not in any backup yet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError


def keys_not_backed_up(*, key_dir: Path, backed_up_at: dt.datetime | None) -> list[str]:
    """The names of the signing keys (``*.key``) in ``key_dir`` changed at or after ``backed_up_at``
    (all of them when there is no backup), sorted."""
    if not key_dir.is_dir():
        return []
    names = []
    for path in sorted(key_dir.glob("*.key")):
        changed = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
        if backed_up_at is None or changed >= backed_up_at:
            names.append(path.name)
    return names


@register(Tags.security, deploy=True, databases=["default"])
def ledger_keys_backed_up(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    if not databases:
        return []
    from .selectors import backups_latest

    try:
        latest = backups_latest()["backup"]
    except DatabaseError:
        return []  # not migrated yet: no key has signed anything
    missing = keys_not_backed_up(
        key_dir=Path(settings.HROMADA_LEDGER_KEY_DIR),
        backed_up_at=latest.started_at if latest is not None else None,
    )
    if not missing:
        return []
    return [
        Warning(
            f"The ledger signing keys {', '.join(missing)} in HROMADA_LEDGER_KEY_DIR are in no backup yet "
            "(no successful `hromada backup` started after they were made). A log whose key is lost cannot "
            "sign again.",
            hint="Run `hromada backup` (the hromada-backup.timer does it nightly) and copy the file off the "
            "server.",
            id="hromada.W003",
        )
    ]

"""Backups kept in a directory: each named by its UTC time, the newest found by name, the oldest pruned.
Pure: no Django import (the commands `hromada backup DIR --keep N` and `hromada restore --test DIR`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

PREFIX = "hromada-"
SUFFIX = ".backup"


def name_for(moment: datetime) -> str:
    """``hromada-20261205T031500Z.backup``: names sort in time order."""
    return f"{PREFIX}{moment.strftime('%Y%m%dT%H%M%SZ')}{SUFFIX}"


def backups_in(directory: Path) -> list[Path]:
    """The backups named by :func:`name_for` in ``directory``, oldest first."""
    return sorted(
        path
        for path in directory.iterdir()
        if path.is_file() and path.name.startswith(PREFIX) and path.name.endswith(SUFFIX)
    )


def newest(directory: Path) -> Path | None:
    found = backups_in(directory)
    return found[-1] if found else None


def to_prune(directory: Path, *, keep: int) -> list[Path]:
    """The backups beyond the ``keep`` newest (never the newest one)."""
    found = backups_in(directory)
    return found[: max(len(found) - max(keep, 1), 0)]

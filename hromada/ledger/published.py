"""What each log has published, kept beside its signing key, outside the database: the guard against forks.

A database can go back in time (a backup restored, a replica promoted, a hand-made copy); the checkpoints
the log published cannot: verifiers and witnesses remember them. So every checkpoint is also recorded in
``HROMADA_LEDGER_KEY_DIR/<slug>.published.json`` before its transaction commits (written whole: a
temporary file, fsync, rename), one record per origin::

    {"origins": {"city.example/ledger": {"size": 812, "root": "<base64>", "note": "<signed note>",
                                          "superseded_by": null}}}

Before signing, :func:`refusal` compares the log in the database with that record: a tree smaller than
the published size (``behind``), a tree whose first ``size`` entries do not give the published root
(``forked``), or an origin that a newer one replaced (``superseded``) is refused; the log is held
(``Log.held_since``) until it catches up or the operator starts a new origin
(:func:`hromada.ledger.actions.ledger_origin_new`). A restore merges the backup's record with the one
already on this machine, never losing a larger size (:func:`key_dir_restore`), and then asks the log's
outside witnesses what they cosigned (:func:`published_witnessed`): a backup restored on a new machine
brings its own old record, but the witnesses remember the newer checkpoints.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from . import merkle
from .merkle import HashReader

SUFFIX = ".published.json"

BEHIND = "behind"
FORKED = "forked"
SUPERSEDED = "superseded"


def published_path(slug: str) -> Path:
    return Path(settings.HROMADA_LEDGER_KEY_DIR) / f"{slug}{SUFFIX}"


def published_read(slug: str) -> dict[str, dict[str, Any]]:
    """The published record per origin (empty when nothing was recorded)."""
    try:
        data = json.loads(published_path(slug).read_text())
    except FileNotFoundError:
        return {}
    origins = data.get("origins", {}) if isinstance(data, dict) else {}
    return {origin: dict(record) for origin, record in origins.items() if isinstance(record, dict)}


def _write(path: Path, origins: dict[str, dict[str, Any]]) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    payload = json.dumps({"origins": origins}, indent=1, sort_keys=True).encode()
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def published_record(*, slug: str, origin: str, size: int, root: bytes, note: str) -> None:
    """Record a checkpoint as published (called inside the signing transaction, before it commits).

    Never lowers the recorded size of an origin."""
    origins = published_read(slug)
    current = origins.get(origin, {})
    if current and int(current.get("size", -1)) >= size:
        return
    origins[origin] = {
        "size": size,
        "root": base64.b64encode(root).decode("ascii"),
        "note": note,
        "recorded_at": timezone.now().isoformat(),
        "superseded_by": current.get("superseded_by"),
    }
    _write(published_path(slug), origins)


def published_supersede(*, slug: str, origin: str, successor: str) -> None:
    """Mark ``origin`` as replaced by ``successor``: a database restored to it is never signed again."""
    origins = published_read(slug)
    record = origins.setdefault(origin, {"size": 0, "root": "", "note": ""})
    record["superseded_by"] = successor
    _write(published_path(slug), origins)


def published_witnessed(*, slug: str, origin: str, size: int, witnesses: Sequence[str], forked: bool) -> None:
    """Record what the log's outside witnesses remember: the largest size one of them cosigned, and
    whether one cosigned a different tree of this database's own size (``forked``). A restored key directory
    may hold an old record of its own; the witnesses cannot go back in time. Never lowers the size."""
    origins = published_read(slug)
    record = origins.setdefault(origin, {"size": 0, "root": "", "note": ""})
    current = record.get("witnessed") or {}
    if int(current.get("size", -1)) >= size and (current.get("forked") or not forked):
        return
    record["witnessed"] = {
        "size": max(size, int(current.get("size", 0))),
        "by": sorted(set(witnesses) | set(current.get("by", []))),
        "forked": bool(forked or current.get("forked")),
        "recorded_at": timezone.now().isoformat(),
    }
    _write(published_path(slug), origins)


def published_merge(
    mine: dict[str, dict[str, Any]], theirs: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Per origin, the record with the larger size; a ``superseded_by`` from either side is kept. Pure."""
    merged: dict[str, dict[str, Any]] = {}
    for origin in sorted(set(mine) | set(theirs)):
        a, b = mine.get(origin, {}), theirs.get(origin, {})
        best = dict(a if int(a.get("size", -1)) >= int(b.get("size", -1)) else b)
        best["superseded_by"] = a.get("superseded_by") or b.get("superseded_by")
        seen = [r["witnessed"] for r in (a, b) if r.get("witnessed")]
        if seen:
            best["witnessed"] = max(seen, key=lambda w: (bool(w.get("forked")), int(w.get("size", 0))))
        merged[origin] = best
    return merged


@dataclasses.dataclass(frozen=True)
class Refusal:
    code: str  # BEHIND | FORKED | SUPERSEDED
    published_size: int
    successor: str = ""


def refusal(*, slug: str, origin: str, size: int, root: bytes, read: HashReader) -> Refusal | None:
    """Why the log (``origin`` with ``size`` entries of root ``root``) must not sign now, or None."""
    record = published_read(slug).get(origin)
    if not record:
        return None
    published = int(record.get("size", 0))
    if record.get("superseded_by"):
        return Refusal(SUPERSEDED, published, str(record["superseded_by"]))
    witnessed = record.get("witnessed") or {}
    if witnessed.get("forked"):
        return Refusal(FORKED, int(witnessed.get("size", 0)))
    if size < int(witnessed.get("size", 0)):
        return Refusal(BEHIND, int(witnessed["size"]))
    if not record.get("root"):
        return None
    published_root = base64.b64decode(record["root"])
    if size < published:
        return Refusal(BEHIND, published)
    try:
        at_published = root if size == published else merkle.tree_hash(published, read)
    except LookupError:
        return Refusal(FORKED, published)
    if at_published != published_root:
        return Refusal(FORKED, published)
    return None


@dataclasses.dataclass
class KeysRestored:
    written: list[str] = dataclasses.field(default_factory=list)
    kept: list[str] = dataclasses.field(default_factory=list)
    set_aside: list[str] = dataclasses.field(default_factory=list)


def key_dir_restore(files: dict[str, bytes]) -> KeysRestored:
    """Put a backup's key-directory files in place (restore).

    A key the directory lacks is written (mode 0600); the same key is left alone; a different key is set
    aside (renamed ``<name>.set-aside-<time>``) and the backup's written, since the restored database holds
    the backup's public keys. Published records are merged (:func:`published_merge`) with the ones here,
    so a restore never forgets a checkpoint this machine published after the backup was made.
    """
    directory = Path(settings.HROMADA_LEDGER_KEY_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    outcome = KeysRestored()
    stamp = f"{timezone.now():%Y%m%dT%H%M%S}"
    for name, data in sorted(files.items()):
        if "/" in name or name.startswith("."):
            continue
        path = directory / name
        if name.endswith(SUFFIX):
            slug = name.removesuffix(SUFFIX)
            theirs = json.loads(data).get("origins", {})
            merged = published_merge(published_read(slug), theirs)
            _write(path, merged)
            outcome.written.append(name)
            continue
        if path.exists():
            if path.read_bytes() == data:
                outcome.kept.append(name)
                continue
            aside = path.with_name(f"{name}.set-aside-{stamp}")
            path.rename(aside)
            outcome.set_aside.append(aside.name)
        _write_secret(path, data)
        outcome.written.append(name)
    return outcome


def _write_secret(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

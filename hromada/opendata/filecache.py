"""The cache of a dataset's files on disk: one file per dataset variant (format, language…) and version
(``periods.py``).

Pure: no Django import; the caller gives the directory. A file is written while it is being sent (the
chunks go to the client and to a temporary file at once) and takes its place only once complete, by an
atomic rename, so a reader never sees half a file and two first downloads at once only write it twice.
An interrupted download leaves nothing behind. Writing a new version removes the older ones.

Beside the files of a variant ``<name>.<version>`` lies ``.<name>.meta.json``: what the caller said about
the variant (to make it again without a request) and the CPU seconds its last generation took, so the
slow ones can be made ahead of the downloads. :func:`remove_old` is the housekeeping.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

META_SUFFIX = ".meta.json"
PART_SUFFIX = ".part"


def cached_path(directory: Path, name: str, version: str) -> Path | None:
    """The complete file of this version, if one is there."""
    path = directory / f"{name}.{version}"
    return path if path.is_file() else None


def _versions(directory: Path, name: str) -> list[Path]:
    """The complete files of the variant ``name`` (a version has no dot; hidden files are not files)."""
    if not directory.is_dir():
        return []
    return [p for p in directory.glob(f"{name}.*") if "." not in p.name[len(name) + 1 :] and p.is_file()]


def newest(directory: Path, name: str) -> Path | None:
    """The variant's most recently written complete file, of whatever version."""
    found = []
    for path in _versions(directory, name):
        try:
            found.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # removed by another process meanwhile
            continue
    return max(found)[1] if found else None


def meta_of(directory: Path, name: str) -> dict[str, Any] | None:
    """What :func:`write_through` kept about the variant's last complete file (``seconds``: its CPU time)."""
    try:
        return dict(json.loads((directory / f".{name}{META_SUFFIX}").read_text()))
    except (FileNotFoundError, ValueError):
        return None


def touch(directory: Path, name: str) -> None:
    """Note that the variant's file was just sent (its note's time; housekeeping keeps what is used)."""
    with contextlib.suppress(OSError):
        os.utime(directory / f".{name}{META_SUFFIX}")


def variants(directory: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every variant of the directory that has its metadata, with it."""
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob(f".*{META_SUFFIX}")):
        name = path.name[1 : -len(META_SUFFIX)]
        meta = meta_of(directory, name)
        if meta is not None:
            found.append((name, meta))
    return found


def write_through(
    directory: Path,
    name: str,
    version: str,
    chunks: Iterable[bytes],
    *,
    meta: Mapping[str, Any] | None = None,
) -> Iterator[bytes]:
    """Yield ``chunks`` unchanged and keep them as ``<name>.<version>`` once the last one went out; then
    note ``meta`` and the CPU seconds this thread spent making the chunks (not sending them)."""
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=PART_SUFFIX)
    complete = False
    seconds = 0.0
    try:
        with os.fdopen(handle, "wb") as stream:
            source = iter(chunks)
            while True:
                started = time.thread_time()
                chunk = next(source, None)
                seconds += time.thread_time() - started
                if chunk is None:
                    break
                stream.write(chunk)
                yield chunk
        os.replace(temporary, directory / f"{name}.{version}")
        complete = True
        _write_meta(directory, name, {**(meta or {}), "version": version, "seconds": round(seconds, 3)})
        for older in _versions(directory, name):
            if older.name != f"{name}.{version}":
                older.unlink(missing_ok=True)
    finally:
        if not complete:
            Path(temporary).unlink(missing_ok=True)


def _write_meta(directory: Path, name: str, meta: Mapping[str, Any]) -> None:
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=PART_SUFFIX)
    with os.fdopen(handle, "w") as stream:
        json.dump(dict(meta), stream)
    os.replace(temporary, directory / f".{name}{META_SUFFIX}")


def remove_old(directory: Path, *, now: float, keep_seconds: float, part_seconds: float = 3600) -> int:
    """Housekeeping of one directory: remove every file of a variant but its newest, the newest too once
    neither made nor sent for ``keep_seconds`` (with the variant's metadata), and temporary files older than
    ``part_seconds`` (left by a process that died while writing). Returns how many files went."""
    if not directory.is_dir():
        return 0
    removed = 0
    by_variant: dict[str, list[tuple[float, Path]]] = {}
    for path in directory.iterdir():
        try:
            modified = path.stat().st_mtime
        except FileNotFoundError:
            continue
        if path.name.endswith(PART_SUFFIX):
            if now - modified > part_seconds:
                path.unlink(missing_ok=True)
                removed += 1
        elif path.name.endswith(META_SUFFIX):
            continue
        elif path.is_file() and "." in path.name:
            by_variant.setdefault(path.name.rsplit(".", 1)[0], []).append((modified, path))
    for name, files in by_variant.items():
        files.sort()
        *older, (modified, latest) = files
        with contextlib.suppress(FileNotFoundError):  # the note's time is the last download's (touch)
            modified = max(modified, (directory / f".{name}{META_SUFFIX}").stat().st_mtime)
        expired = [p for _m, p in older] + ([latest] if now - modified > keep_seconds else [])
        for path in expired:
            path.unlink(missing_ok=True)
            removed += 1
        if expired and expired[-1] is latest:
            (directory / f".{name}{META_SUFFIX}").unlink(missing_ok=True)
    for name, _meta in variants(directory):  # metadata of a variant whose files are all gone
        meta_path = directory / f".{name}{META_SUFFIX}"
        try:
            if not _versions(directory, name) and now - meta_path.stat().st_mtime > keep_seconds:
                meta_path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
    return removed

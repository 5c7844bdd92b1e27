"""The cache of a dataset's files on disk: one file per dataset, format and version (``periods.py``).

Pure: no Django import; the caller gives the directory. A file is written while it is being sent (the
chunks go to the client and to a temporary file at once) and takes its place only once complete, by an
atomic rename, so a reader never sees half a file and two first downloads at once only write it twice.
An interrupted download leaves nothing behind. Writing a new version removes the older ones.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def cached_path(directory: Path, name: str, version: str) -> Path | None:
    """The complete file of this version, if one is there."""
    path = directory / f"{name}.{version}"
    return path if path.is_file() else None


def write_through(directory: Path, name: str, version: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Yield ``chunks`` unchanged and keep them as ``<name>.<version>`` once the last one went out."""
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".part")
    complete = False
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
                yield chunk
        os.replace(temporary, directory / f"{name}.{version}")
        complete = True
        for older in directory.glob(f"{name}.*"):
            if older.name != f"{name}.{version}" and not older.name.startswith("."):
                older.unlink(missing_ok=True)
    finally:
        if not complete:
            Path(temporary).unlink(missing_ok=True)

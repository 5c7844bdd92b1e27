"""A dataset's files as the portal serves them: the cached copy of the current version (``periods.py``,
``filecache.py``), or generated from the live rows and kept; and the periodic job that makes the slow
ones ahead of the downloads and removes old files. Reads the database only.

A variant (dataset, format, language, BOM, for JSON the site's address) whose last generation took at
least :data:`SLOW_SECONDS` of CPU is *slow*: the job (every minute, ``opendata.files``) makes its current
version as soon as there is a new one, and until it is there a download gets the variant's previous file
(if at most :func:`stale_limit` old) instead of waiting for a million rows. A slow live dataset's version
follows its ``modified`` and at least every :data:`SLOW_LIVE_SECONDS`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from hromada.core import clock
from hromada.core.errors import NotFoundError
from hromada.core.models import Hromada

from . import filecache, formats
from .periods import LIVE_SECONDS, PERIODIC, period_seconds, version_key
from .selectors import Entry, entry_get, rows_matching

logger = logging.getLogger(__name__)

SLOW_SECONDS = 1.0  # CPU seconds of a generation above which the job makes the variant's files ahead
SLOW_LIVE_SECONDS = 600  # a slow live dataset's file is made anew at least this often (and on a change)
STALE_SECONDS = 900  # how much older than its period a slow variant's previous file may be and be served
KEEP_SECONDS = 7 * 86400  # housekeeping: a variant's newest file neither made nor sent for a week goes


@dataclass(frozen=True)
class DatasetFile:
    """Either a complete file on disk (``path``, open as ``stream``, made at ``made_at``) or chunks being
    generated."""

    media_type: str
    filename: str
    path: Path | None = None
    chunks: Iterator[bytes] | None = None
    stream: BinaryIO | None = None
    made_at: dt.datetime | None = None


def files_root() -> Path:
    return Path(settings.VAR_DIR) / "opendata-files"


def cache_directory(entry: Entry) -> Path:
    """The hromada's cached files (by its КАТОТТГ and the moment its row was made: a hromada set up anew,
    or each test's, never finds another's files)."""
    return _hromada_directory(entry.hromada)


def _hromada_directory(hromada: Hromada) -> Path:
    made = hromada.created_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return files_root() / f"{hromada.katottg}-{made}"


def _generate(entry: Entry, fmt: str, *, bom: bool, base_url: str, rows: Any = None) -> Iterator[bytes]:
    """The file's chunks from ``rows`` (dicts), or from all of the dataset's rows."""
    names = entry.dataset.field_names
    if fmt == "csv":
        return formats.csv_chunks(entry.source_rows() if rows is None else rows, names, bom=bom)
    rows = entry.rows() if rows is None else rows
    if fmt == "json":
        head = {"dataset": entry.name, "title": entry.title, "hromada": entry.hromada.katottg,
                "generated_at": timezone.now().isoformat(), "licence": entry.licence["path"],
                "schema": base_url + reverse("opendata:datapackage", args=[entry.name])}  # fmt: skip
        return formats.json_chunks(rows, head=head)
    titles = [str(f.title) for f in entry.dataset.fields]
    return formats.xlsx_chunks(rows, names, titles=titles)


def _variant(entry: Entry, fmt: str, *, bom: bool, base_url: str) -> str:
    # Titles and labels are in the request's language; the JSON file names its schema by the site's
    # address: one copy per language and (JSON) per address.
    site = f".{hashlib.sha256(base_url.encode()).hexdigest()[:12]}" if fmt == "json" else ""
    return f"{entry.name}.{translation.get_language() or 'uk'}{'.bom' if bom else ''}{site}.{fmt}"


def _is_slow(meta: Mapping[str, Any] | None) -> bool:
    return meta is not None and float(meta.get("seconds", 0)) >= SLOW_SECONDS


def _current_version(entry: Entry, *, slow: bool) -> str:
    now = timezone.localtime(clock.now())
    live_seconds = SLOW_LIVE_SECONDS if slow else LIVE_SECONDS
    return version_key(
        frequency=entry.dataset.frequency, modified=entry.data_modified, now=now, live_seconds=live_seconds
    )


def stale_limit(frequency: str) -> float:
    """How old a slow variant's previous file may be and still be served while the next one is made."""
    return (period_seconds(frequency) if frequency in PERIODIC else SLOW_LIVE_SECONDS) + STALE_SECONDS


def _made_at(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)


def _servable(entry: Entry, directory: Path, variant: str) -> tuple[Path | None, str]:
    """The file a download of the variant gets now, if one is on disk, and the current version's key."""
    slow = _is_slow(filecache.meta_of(directory, variant))
    version = _current_version(entry, slow=slow)
    path = filecache.cached_path(directory, variant, version)
    if path is None and slow:
        previous = filecache.newest(directory, variant)
        try:
            if previous is not None and time.time() - previous.stat().st_mtime <= stale_limit(
                entry.dataset.frequency
            ):
                path = previous
        except FileNotFoundError:
            pass
    return path, version


def dataset_file(
    *, entry: Entry, fmt: str, bom: bool = False, base_url: str,
    filters: Mapping[str, Sequence[str]] | None = None,
) -> DatasetFile:  # fmt: skip
    """The file of a dataset in ``fmt``: from the cache when its current version is there (or, for a slow
    variant, its previous file while the job makes the next), otherwise generated row by row (and kept).
    ``filters`` (``{"cycle": ["2026"]}``: rows whose field has one of the values) give a file of part of
    the rows, generated every time."""
    media_type = formats.MEDIA_TYPES[fmt]
    filename = f"{entry.hromada.slug}-{entry.name}.{fmt}"
    if filters:
        rows = rows_matching(entry.rows(), filters)
        chunks = _generate(entry, fmt, bom=bom, base_url=base_url, rows=rows)
        return DatasetFile(media_type=media_type, filename=filename, chunks=chunks)
    variant = _variant(entry, fmt, bom=bom, base_url=base_url)
    directory = cache_directory(entry)
    path, version = _servable(entry, directory, variant)
    if path is not None:
        try:
            stream = path.open("rb")  # open now: a newer version may remove the file the next moment
        except FileNotFoundError:  # removed just now: make it as if it were not there
            pass
        else:
            made = dt.datetime.fromtimestamp(os.fstat(stream.fileno()).st_mtime, tz=dt.UTC)
            filecache.touch(directory, variant)
            return DatasetFile(
                media_type=media_type, filename=filename, path=path, stream=stream, made_at=made
            )
    about = {"dataset": entry.name, "format": fmt, "language": translation.get_language() or "uk",
             "bom": bom, "base_url": base_url}  # fmt: skip
    chunks = _generate(entry, fmt, bom=bom, base_url=base_url)
    written = filecache.write_through(directory, variant, version, chunks, meta=about)
    return DatasetFile(media_type=media_type, filename=filename, chunks=written)


def files_made(*, entry: Entry, base_url: str) -> dict[str, dt.datetime | None]:
    """For the dataset's page: when the file a download of each format (in the request's language, no
    BOM) gets now was made, or ``None`` when the download makes it from the live rows."""
    directory = cache_directory(entry)
    made: dict[str, dt.datetime | None] = {}
    for fmt in entry.formats:
        path, _version = _servable(entry, directory, _variant(entry, fmt, bom=False, base_url=base_url))
        try:
            made[fmt] = _made_at(path) if path is not None else None
        except FileNotFoundError:
            made[fmt] = None
    return made


def prepare_slow_files(*, hromada: Hromada) -> int:
    """Make the current version of every slow variant of the hromada's files that lacks it; returns how
    many files were made."""
    directory = _hromada_directory(hromada)
    made = 0
    for variant, meta in filecache.variants(directory):
        if not _is_slow(meta):
            continue
        with translation.override(meta.get("language") or "uk"):
            try:
                entry = entry_get(hromada=hromada, name=str(meta["dataset"]))
            except (NotFoundError, KeyError):
                continue  # a dataset no longer registered: housekeeping removes its files in time
            version = _current_version(entry, slow=True)
            if filecache.cached_path(directory, variant, version) is not None:
                continue
            fmt, bom, base_url = str(meta["format"]), bool(meta.get("bom")), str(meta.get("base_url", ""))
            chunks = _generate(entry, fmt, bom=bom, base_url=base_url)
            for _chunk in filecache.write_through(directory, variant, version, chunks, meta=meta):
                pass
            made += 1
    return made


def remove_old_files(*, now: float | None = None) -> int:
    """Housekeeping of every hromada's directory (``filecache.remove_old``); a directory left empty (a
    hromada removed, or nothing downloaded for a week) goes too. Returns how many files went."""
    root = files_root()
    if not root.is_dir():
        return 0
    moment = time.time() if now is None else now
    removed = 0
    for directory in root.iterdir():
        if not directory.is_dir():
            continue
        removed += filecache.remove_old(directory, now=moment, keep_seconds=KEEP_SECONDS)
        with contextlib.suppress(OSError):
            directory.rmdir()  # only when empty
    return removed


def files_tick() -> int:
    """The periodic job ``opendata.files``: the slow files of every active hromada made ahead, then the
    housekeeping. Returns how many files were made."""
    made = 0
    for hromada in Hromada.objects.filter(is_active=True).order_by("pk"):
        try:
            made += prepare_slow_files(hromada=hromada)
        except Exception:  # one hromada's failure must not stop the others'
            logger.exception("Open-data files of hromada %s were not made", hromada.pk)
    remove_old_files()
    return made

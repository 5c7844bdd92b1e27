"""A dataset's files as the portal serves them: the cached copy of the current version (``periods.py``,
``filecache.py``), or generated from the live rows and kept. Reads only."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from hromada.core import clock

from . import filecache, formats
from .periods import version_key
from .selectors import Entry, rows_matching


@dataclass(frozen=True)
class DatasetFile:
    """Either a complete file on disk (``path``) or chunks being generated (``chunks``)."""

    media_type: str
    filename: str
    path: Path | None = None
    chunks: Iterator[bytes] | None = None


def cache_directory(entry: Entry) -> Path:
    """The hromada's cached files (by its КАТОТТГ and the moment its row was made: a hromada set up anew,
    or each test's, never finds another's files)."""
    made = entry.hromada.created_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    return Path(settings.VAR_DIR) / "opendata-files" / f"{entry.hromada.katottg}-{made}"


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


def dataset_file(
    *, entry: Entry, fmt: str, bom: bool = False, base_url: str,
    filters: Mapping[str, Sequence[str]] | None = None,
) -> DatasetFile:  # fmt: skip
    """The file of a dataset in ``fmt``: from the cache when its current version is there, otherwise
    generated row by row (and kept for the next download). ``filters`` (``{"cycle": ["2026"]}``: rows
    whose field has one of the values) give a file of part of the rows, generated every time."""
    media_type = formats.MEDIA_TYPES[fmt]
    filename = f"{entry.hromada.slug}-{entry.name}.{fmt}"
    if filters:
        rows = rows_matching(entry.rows(), filters)
        chunks = _generate(entry, fmt, bom=bom, base_url=base_url, rows=rows)
        return DatasetFile(media_type=media_type, filename=filename, chunks=chunks)
    now = timezone.localtime(clock.now())
    version = version_key(frequency=entry.dataset.frequency, modified=entry.data_modified, now=now)
    # Titles and labels are in the request's language; the JSON file names its schema by the site's
    # address: one copy per language and (JSON) per address.
    site = f".{hashlib.sha256(base_url.encode()).hexdigest()[:12]}" if fmt == "json" else ""
    variant = f"{entry.name}.{translation.get_language() or 'uk'}{'.bom' if bom else ''}{site}.{fmt}"
    directory = cache_directory(entry)
    path = filecache.cached_path(directory, variant, version)
    if path is not None:
        return DatasetFile(media_type=media_type, filename=filename, path=path)
    chunks = _generate(entry, fmt, bom=bom, base_url=base_url)
    written = filecache.write_through(directory, variant, version, chunks)
    return DatasetFile(media_type=media_type, filename=filename, chunks=written)

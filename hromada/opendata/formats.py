"""Streaming writers of a dataset's files: CSV, JSON, XLSX, and the Frictionless descriptors.

Pure: no Django import. Every writer takes an iterable of rows (dicts keyed by field name) and yields
``bytes`` chunks of about :data:`CHUNK` bytes, so a file of a million rows is written in constant memory
(``tests/test_formats.py`` measures it with ``tracemalloc``). Text cells a spreadsheet would evaluate are
neutralised (``core/csvcells.py``) in CSV and XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import operator
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import islice
from typing import Any

from hromada.core.csvcells import FORMULA_STARTS, safe_cell

CHUNK = 64 * 1024
FORMULA_FIRST = frozenset(FORMULA_STARTS)  # one-character starts (core/csvcells.py)
BOM = "\ufeff"

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(MEDIA_TYPES)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _cell(value: Any) -> Any:
    """One cell as the CSV writer gets it, whatever its type: the reference the column paths below keep to."""
    kind = type(value)
    if kind is int or kind is float:
        return value
    if kind is str:
        return "'" + value if value[:1] in FORMULA_FIRST else value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    return safe_cell(_plain(value))


BATCH = 512  # rows the CSV writer takes at a time

_NONE = type(None)
_NUMBERS = frozenset((int, float, _NONE))  # written by the csv module exactly as _cell leaves them
_BOOLEANS = frozenset((bool, _NONE))
_BOOLEAN_TEXT = {True: "true", False: "false", None: ""}
_TEXTS = frozenset((str, _NONE))
_MOMENTS = frozenset((dt.date, dt.datetime, _NONE))
# A formula start after the separator of the joined column (a separator inside a text only sends the
# column to the exact per-cell path: a false alarm costs time, never a missed formula).
_SEPARATOR = "\x00"
_FORMULA_AFTER_SEPARATOR = re.compile(_SEPARATOR + "[" + re.escape("".join(FORMULA_STARTS)) + "]")


def _column(values: tuple[Any, ...]) -> Sequence[Any]:
    """One column of a batch as the CSV writer gets it, equal cell by cell to :func:`_cell`.

    The column's value types are read once (``set(map(type, …))`` runs in C), so numbers, booleans and
    dates take no per-cell type switch; only text is looked at, for formula starts, and only a column that
    has one (or values of unexpected types) goes through :func:`_cell` cell by cell."""
    seen = set(map(type, values))
    if seen <= _NUMBERS:
        return values
    if seen <= _TEXTS:
        texts = values if _NONE not in seen else ["" if v is None else v for v in values]
        joined = _SEPARATOR.join(texts)
        if joined[:1] not in FORMULA_FIRST and _FORMULA_AFTER_SEPARATOR.search(joined) is None:
            return values
    elif seen <= _BOOLEANS:
        return list(map(_BOOLEAN_TEXT.__getitem__, values))
    elif seen <= _MOMENTS:  # an ISO date never starts with a formula character
        return ["" if v is None else v.isoformat() for v in values]
    return [_cell(v) for v in values]


def batched_tuples(
    rows: Iterable[Mapping[str, Any]], fields: Sequence[str], *, size: int = BATCH
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows (dicts) as lists of up to ``size`` tuples in the order of ``fields`` (a missing key: None)."""
    names = list(fields)
    getter = operator.itemgetter(*names) if len(names) > 1 else None
    source = iter(rows)
    while batch := list(islice(source, size)):
        if getter is not None:
            try:
                yield list(map(getter, batch))
                continue
            except KeyError:  # a row without one of the fields: slower, the same result
                pass
        yield [tuple(row.get(name) for name in names) for row in batch]


_QUOTE_NEEDED = re.compile('[,"\r\n]')  # what makes the csv module quote a cell (QUOTE_MINIMAL, "\r\n")


def _quoted(text: str) -> str:
    """A cell's text as the csv module writes it: quoted (inner quotes doubled) when it holds a comma, a
    quote or a line break."""
    return '"' + text.replace('"', '""') + '"' if _QUOTE_NEEDED.search(text) else text


def _text(value: Any) -> str:
    """What the csv module writes for a value :func:`_cell` gave: ``repr`` of a float, ``str`` of the rest."""
    if type(value) is float:
        return repr(value)
    return _quoted(value if type(value) is str else str(value))


def _column_text(values: tuple[Any, ...]) -> list[str]:
    """One column of a batch as the text of its cells in the file — what ``csv.writer`` writes for
    :func:`_cell` of each value, found per column: the value types are read once (in C), numbers, booleans
    and dates take no per-cell switch, and text is searched at once for formula starts and for what needs
    quoting; only a column of other or mixed types goes cell by cell."""
    seen = set(map(type, values))
    if seen <= _NUMBERS:  # repr(int) is str(int); the csv module writes a float's repr
        return (
            list(map(repr, values)) if _NONE not in seen else ["" if v is None else repr(v) for v in values]
        )
    if seen <= _TEXTS:
        texts = list(values) if _NONE not in seen else ["" if v is None else v for v in values]
        joined = _SEPARATOR.join(texts)
        if joined[:1] in FORMULA_FIRST or _FORMULA_AFTER_SEPARATOR.search(joined) is not None:
            texts = [_cell(v) for v in texts]
        if _QUOTE_NEEDED.search(joined) is not None:
            texts = [_quoted(v) for v in texts]
        return texts
    if seen <= _BOOLEANS:
        return list(map(_BOOLEAN_TEXT.__getitem__, values))
    if seen <= _MOMENTS:  # ISO 8601: never a formula start, a comma or a quote
        return ["" if v is None else v.isoformat() for v in values]
    return [_text(_cell(v)) for v in values]


def csv_batch_chunks(
    batches: Iterable[Sequence[tuple[Any, ...]]], fields: Sequence[str], *, bom: bool = False
) -> Iterator[bytes]:
    """Batches of rows (tuples in the order of ``fields``) as UTF-8 CSV, header first, byte for byte what
    ``csv.writer`` writes for :func:`_cell` of every value: each batch is turned into columns, each column
    into the text of its cells at once (:func:`_column_text`), and the lines joined."""
    head = io.StringIO()
    writer = csv.writer(head, lineterminator="\r\n")
    if bom:
        head.write(BOM)
    writer.writerow(fields)
    if len(fields) < 2:  # a lone empty cell is written '""' by the csv module: leave such files to it
        for batch in batches:
            writer.writerows(zip(*[_column(column) for column in zip(*batch, strict=True)], strict=True))
            if not fields:
                writer.writerows([()] * len(batch))
            if head.tell() >= CHUNK:
                yield head.getvalue().encode()
                head.seek(0)
                head.truncate()
        yield head.getvalue().encode()
        return
    parts, size = [head.getvalue()], 0
    for batch in batches:
        columns = [_column_text(column) for column in zip(*batch, strict=True)]
        text = "\r\n".join(map(",".join, zip(*columns, strict=True)))
        parts.append(text)
        parts.append("\r\n")
        size += len(text)
        if size >= CHUNK:
            yield "".join(parts).encode()
            parts, size = [], 0
    yield "".join(parts).encode()


def csv_chunks(
    rows: Iterable[Mapping[str, Any]], fields: Sequence[str], *, bom: bool = False
) -> Iterator[bytes]:
    """The rows (dicts keyed by field name; other keys are ignored) as UTF-8 CSV, header first; ``bom``
    starts it with a byte-order mark for spreadsheets. Text a spreadsheet would run as a formula gets a
    leading apostrophe; ``None`` is an empty cell, booleans ``true``/``false``, dates ISO 8601."""
    return csv_batch_chunks(batched_tuples(rows, fields), fields, bom=bom)


def json_chunks(rows: Iterable[Mapping[str, Any]], *, head: Mapping[str, Any]) -> Iterator[bytes]:
    """``{…head, "items": [row, …]}`` as UTF-8 JSON, written row by row."""
    opening = json.dumps(dict(head), ensure_ascii=False)
    parts = [opening[:-1] + (', "items": [' if head else '"items": [')]
    size = len(parts[0])
    first = True
    for row in rows:
        text = json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False)
        parts.append(text if first else "," + text)
        size += len(text) + 1
        first = False
        if size >= CHUNK:
            yield "".join(parts).encode()
            parts, size = [], 0
    parts.append("]}")
    yield "".join(parts).encode()


def xlsx_chunks(
    rows: Iterable[Mapping[str, Any]], fields: Sequence[str], *, titles: Sequence[str] = ()
) -> Iterator[bytes]:
    """The rows as an XLSX workbook (one sheet; the header row holds the field names, a second sheet the
    titles). XlsxWriter's constant-memory mode writes each row to a temporary file as it comes; the
    finished workbook is then read back in chunks."""
    import xlsxwriter  # type: ignore[import-untyped]

    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_urls": False, "strings_to_numbers": False})  # fmt: skip
        sheet = book.add_worksheet("data")
        sheet.write_row(0, 0, list(fields))
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, [_xlsx_cell(row.get(name)) for name in fields])
        if titles:
            legend = book.add_worksheet("fields")
            legend.write_row(0, 0, ["name", "title"])
            for number, (name, title) in enumerate(zip(fields, titles, strict=True), start=1):
                legend.write_row(number, 0, [name, title])
        book.close()
        with open(path, "rb") as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def _xlsx_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return safe_cell(str(_plain(value)))


def table_schema(fields: Sequence[Mapping[str, Any]], *, primary_key: str | None = None) -> dict[str, Any]:
    """A Frictionless Table Schema from ``[{"name", "type", "title", "description"}, …]``."""
    schema: dict[str, Any] = {
        "fields": [
            {k: f[k] for k in ("name", "type", "title", "description") if f.get(k)}
            | ({"format": "any"} if f["type"] in ("date", "datetime") else {})
            for f in fields
        ],
        "missingValues": [""],
    }
    if primary_key:
        schema["primaryKey"] = [primary_key]
    return schema


def data_package(
    *,
    name: str,
    title: str,
    description: str,
    licence: Mapping[str, str],
    resources: Sequence[Mapping[str, Any]],
    keywords: Sequence[str] = (),
    homepage: str = "",
    modified: str | None = None,
) -> dict[str, Any]:
    """A Frictionless Data Package descriptor (``datapackage.json``)."""
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "licenses": [dict(licence)],
        "keywords": list(keywords),
        "resources": [dict(r) for r in resources],
    }
    if homepage:
        package["homepage"] = homepage
    if modified:
        package["modified"] = modified
    return package

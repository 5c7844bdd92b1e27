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
import math
import operator
import re
import sys
import zipfile
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


def _json_default(value: Any) -> Any:
    """What the JSON encoder calls for a value it has no form for: :func:`_plain`'s (a date as ISO 8601, a
    Decimal as text)."""
    plain = _plain(value)
    if plain is value:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return plain


def json_chunks(rows: Iterable[Mapping[str, Any]], *, head: Mapping[str, Any]) -> Iterator[bytes]:
    """``{…head, "items": [row, …]}`` as UTF-8 JSON, byte for byte what one ``json.dumps`` of the whole
    document writes (dates ISO 8601, Decimals as text), made :data:`BATCH` rows at a time: each batch is
    one call of the C encoder, so a row costs no Python call (a date cell costs one)."""
    opening = json.dumps(dict(head), ensure_ascii=False)
    parts = [opening[:-1] + (', "items": [' if head else '"items": [')]
    size = len(parts[0])
    separator = ""
    source = iter(rows)
    while batch := list(islice(source, BATCH)):
        if not all(type(row) is dict for row in batch):
            batch = [dict(row) for row in batch]
        text = json.dumps(batch, ensure_ascii=False, default=_json_default)[1:-1]
        parts.append(separator)
        parts.append(text)
        separator = ", "
        size += len(text)
        if size >= CHUNK:
            yield "".join(parts).encode()
            parts, size = [], 0
    parts.append("]}")
    yield "".join(parts).encode()


# XLSX (Office Open XML, ECMA-376): a ZIP of XML parts. The sheet is written as it comes, a batch of rows at
# a time, straight into a streamed ZIP entry (data descriptors, ZIP64), so nothing is kept but one batch.
_XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_HEAD = _XML_HEAD + f'<worksheet xmlns="{_XLSX_MAIN}" xmlns:r="{_XLSX_REL}"><sheetData>'
_SHEET_TAIL = "</sheetData></worksheet>"
_STYLES = (
    _XML_HEAD + f'<styleSheet xmlns="{_XLSX_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
    '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
    'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_XLSX_STRMAX = 32767  # UTF-16 units in a cell
_XML_SPECIAL = re.compile("[&<>]")
# What only the exact per-cell path writes: control characters (Excel's _xHHHH_ escapes; the batch's
# separator \x00 is counted apart) and XML non-characters; text that reads like such an escape, leading or
# trailing space and a cell over half Excel's limit are looked for apart.
_XLSX_ESCAPED = re.compile("[\x01-\x08\x0b-\x1f\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_SPACE_AFTER_SEPARATOR = re.compile(r"\x00\s")  # searched in the column and in it reversed
_NUMBER_CELL = '<c r="{}"><v>{!r}</v></c>'.format
_BOOLEAN_CELL = {True: '" t="b"><v>1</v></c>', False: '" t="b"><v>0</v></c>'}
_BOOLEAN_VALUE = {True: "1", False: "0"}
_TEXT_CELL = '<c r="{}" t="inlineStr"><is><t>{}</t></is></c>'.format
_ROW = '<row r="{}">{}</row>'.format
# An empty cell is written, not left out: a reader of the streamed sheet (which cannot say its size ahead,
# in a <dimension>) learns each row's length from its cells (openpyxl's read-only mode, frictionless).
_EMPTY_CELL = '<c r="{}"/>'.format


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xlsx_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xlsx_text(ref: str, text: str) -> str:
    """One text cell, exactly: truncated to Excel's 32,767 UTF-16 units, control characters as Excel's
    ``_xHHHH_`` escapes (a literal ``_xHHHH_`` escaped in turn), leading or trailing space preserved."""
    if not text:
        return _EMPTY_CELL(ref)
    if len(text) > _XLSX_STRMAX // 2 and len(text.encode("utf-16-le")) > 2 * _XLSX_STRMAX:
        text = text.encode("utf-16-le")[: 2 * _XLSX_STRMAX].decode("utf-16-le", "ignore")
    text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{preserve}>{_xlsx_escape(text)}</t></is></c>'


def _xlsx_cell_xml(ref: str, value: Any) -> str:
    """One cell of any value, the reference the column paths below keep to: an empty cell for ``None`` or
    empty text, a boolean, a number (a finite one), or text (formulas neutralised; dates ISO 8601)."""
    if value is None:
        return _EMPTY_CELL(ref)
    if isinstance(value, bool):
        return '<c r="' + ref + _BOOLEAN_CELL[value]
    if isinstance(value, int) and -sys.float_info.max <= value <= sys.float_info.max:
        return _NUMBER_CELL(ref, int(value))
    if isinstance(value, float) and math.isfinite(value):
        return _NUMBER_CELL(ref, float(value))
    return _xlsx_text(ref, safe_cell(str(_plain(value))))


def _finite(values: tuple[Any, ...]) -> bool:
    """Whether a column of numbers (and None) holds only what a cell can: no NaN, infinity or integer beyond
    a float's range."""
    try:
        return all(map(math.isfinite, filter(None, values)))
    except OverflowError:  # an integer beyond a float's range: written as text, cell by cell
        return False


def _xlsx_column(
    letter: str, numbers: Sequence[str], values: tuple[Any, ...], slot: int
) -> tuple[str, list[Any]]:
    """One column of a batch, equal cell by cell to :func:`_xlsx_cell_xml`, found per column like the CSV's
    (:func:`_column_text`): the types are read once, text escaped and checked at once. Returned as a piece
    of the batch's row template (``{0}`` the row number, ``{slot}`` this column's value) and the values for
    it: a plain column leaves its values in the template's cell; any other gives each cell's XML."""
    seen = set(map(type, values))
    whole = "{" + str(slot) + "}"
    if seen <= _NUMBERS and _finite(values):
        if _NONE not in seen:
            return f'<c r="{letter}{{0}}"><v>{{{slot}!r}}</v></c>', list(values)
        return whole, [
            _EMPTY_CELL(letter + n) if v is None else _NUMBER_CELL(letter + n, v)
            for n, v in zip(numbers, values, strict=True)
        ]
    if seen <= _TEXTS:
        texts = list(values) if _NONE not in seen else ["" if v is None else v for v in values]
        joined = _SEPARATOR.join(texts)
        if joined[:1] in FORMULA_FIRST or _FORMULA_AFTER_SEPARATOR.search(joined) is not None:
            texts = [_cell(v) for v in texts]
            joined = _SEPARATOR.join(texts)
        if (
            joined.count(_SEPARATOR) == len(texts) - 1
            and max(map(len, texts)) <= _XLSX_STRMAX // 2
            and _XLSX_ESCAPED.search(joined) is None
            and ("_x" not in joined or _LITERAL_ESCAPE.search(joined) is None)
            and not (joined[:1].isspace() or joined[-1:].isspace())
            and _SPACE_AFTER_SEPARATOR.search(joined) is None
            and _SPACE_AFTER_SEPARATOR.search(joined[::-1]) is None
        ):
            if _XML_SPECIAL.search(joined) is not None:
                texts = _xlsx_escape(joined).split(_SEPARATOR)
            if "" not in texts:
                return f'<c r="{letter}{{0}}" t="inlineStr"><is><t>{whole}</t></is></c>', texts
            return whole, [
                _TEXT_CELL(letter + n, t) if t else _EMPTY_CELL(letter + n)
                for n, t in zip(numbers, texts, strict=True)
            ]
        return whole, [_xlsx_text(letter + n, t) for n, t in zip(numbers, texts, strict=True)]
    if seen == {bool}:
        return f'<c r="{letter}{{0}}" t="b"><v>{whole}</v></c>', list(map(_BOOLEAN_VALUE.__getitem__, values))
    if seen <= _BOOLEANS:
        return whole, [
            _EMPTY_CELL(letter + n) if v is None else '<c r="' + letter + n + _BOOLEAN_CELL[v]
            for n, v in zip(numbers, values, strict=True)
        ]
    if seen <= _MOMENTS:  # ISO 8601: nothing to escape, never a formula start
        return whole, [
            _EMPTY_CELL(letter + n) if v is None else _TEXT_CELL(letter + n, v.isoformat())
            for n, v in zip(numbers, values, strict=True)
        ]
    return whole, [_xlsx_cell_xml(letter + n, v) for n, v in zip(numbers, values, strict=True)]


def xlsx_sheet_rows(batches: Iterable[Sequence[tuple[Any, ...]]], fields: Sequence[str]) -> Iterator[str]:
    """The ``<row>`` elements of the data sheet: the field names, then the batches of rows (tuples in the
    order of ``fields``), each batch turned into columns (:func:`_xlsx_column`) and the rows written by one
    template per batch, one call a row."""
    letters = [_column_letters(index) for index in range(len(fields))]
    yield _ROW(
        "1",
        "".join(_xlsx_text(letter + "1", str(name)) for letter, name in zip(letters, fields, strict=True)),
    )
    number = 2
    for batch in batches:
        numbers = list(map(str, range(number, number + len(batch))))
        number += len(batch)
        pieces, columns = ['<row r="{0}">'], []
        for slot, (letter, column) in enumerate(zip(letters, zip(*batch, strict=True), strict=True), start=1):
            piece, values = _xlsx_column(letter, numbers, column, slot)
            pieces.append(piece)
            columns.append(values)
        pieces.append("</row>")
        yield "".join(map("".join(pieces).format, numbers, *columns))


class _Sink:
    """What the ZIP writer writes to: kept until taken (the writer sees an unseekable stream and writes
    each entry's sizes after its data)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def _xlsx_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # the same rows, the same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _xlsx_parts(sheets: Sequence[str]) -> dict[str, str]:
    """The workbook's fixed parts for sheets of these names (``sheetN.xml`` in order)."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    sheet_list = "".join(
        f'<sheet name="{_xlsx_escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_XLSX_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    styles = len(sheets) + 1
    return {
        "[Content_Types].xml": _XML_HEAD
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + overrides
        + '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": _XML_HEAD + f'<Relationships xmlns="{_XLSX_PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{_XLSX_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": _XML_HEAD
        + f'<workbook xmlns="{_XLSX_MAIN}" xmlns:r="{_XLSX_REL}"><sheets>{sheet_list}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _XML_HEAD
        + f'<Relationships xmlns="{_XLSX_PACKAGE_REL}">{sheet_rels}<Relationship Id="rId{styles}" '
        f'Type="{_XLSX_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": _STYLES,
    }


def xlsx_batch_chunks(
    batches: Iterable[Sequence[tuple[Any, ...]]], fields: Sequence[str], *, titles: Sequence[str] = ()
) -> Iterator[bytes]:
    """Batches of rows (tuples in the order of ``fields``) as an XLSX workbook, streamed: the sheet "data"
    (the header row holds the field names) is compressed into the ZIP as its rows come, and a second sheet
    "fields" holds the titles. Text a spreadsheet would run as a formula gets a leading apostrophe; an
    empty or ``None`` value is an empty cell; dates are ISO 8601 text."""
    sink = _Sink()
    book = zipfile.ZipFile(sink, "w")  # type: ignore[call-overload]  # a write-only stream is enough
    with book.open(_xlsx_entry("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as sheet:
        sheet.write(_SHEET_HEAD.encode())
        for text in xlsx_sheet_rows(batches, fields):
            sheet.write(text.encode())
            if sink.size >= CHUNK:
                yield sink.take()
        sheet.write(_SHEET_TAIL.encode())
    names = ["data"]
    if titles:
        names.append("fields")
        legend = [("name", "title"), *zip(fields, titles, strict=True)]
        rows = "".join(xlsx_sheet_rows([legend[1:]], legend[0]))
        book.writestr(_xlsx_entry("xl/worksheets/sheet2.xml"), _SHEET_HEAD + rows + _SHEET_TAIL)
    for name, text in _xlsx_parts(names).items():
        book.writestr(_xlsx_entry(name), text)
    book.close()
    yield sink.take()


def xlsx_chunks(
    rows: Iterable[Mapping[str, Any]], fields: Sequence[str], *, titles: Sequence[str] = ()
) -> Iterator[bytes]:
    """The rows (dicts keyed by field name) as an XLSX workbook: see :func:`xlsx_batch_chunks`."""
    return xlsx_batch_chunks(batched_tuples(rows, fields), fields, titles=titles)


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

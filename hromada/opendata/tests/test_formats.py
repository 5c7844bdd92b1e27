"""The streaming writers: right bytes in every format, and constant memory for a million rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import random
import tracemalloc
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from hromada.core.csvcells import safe_cell
from hromada.opendata import formats

FIELDS = ["n", "title", "ok", "day"]


def _rows(count: int) -> Iterator[dict]:
    for n in range(count):
        yield {"n": n, "title": f"Назва {n}", "ok": n % 2 == 0, "day": None}


def test_csv_is_utf8_with_a_header_and_an_optional_bom():
    plain = b"".join(formats.csv_chunks(_rows(2), FIELDS))
    excel = b"".join(formats.csv_chunks(_rows(2), FIELDS, bom=True))

    assert plain.startswith(b"n,title,ok,day\r\n") and plain.decode().splitlines()[1] == "0,Назва 0,true,"
    assert excel.startswith("\ufeff".encode()) and excel[3:] == plain


def test_a_formula_cell_is_written_as_text_in_csv_and_xlsx():
    rows = [{"n": -5, "title": '=HYPERLINK("http://evil.example")', "ok": True, "day": "2026-01-02"}]

    text = b"".join(formats.csv_chunks(rows, FIELDS)).decode()
    book = zipfile.ZipFile(io.BytesIO(b"".join(formats.xlsx_chunks(rows, FIELDS))))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()

    assert next(csv.DictReader(io.StringIO(text)))["title"].startswith("'=HYPERLINK")
    assert next(csv.DictReader(io.StringIO(text)))["n"] == "-5"  # a negative number stays a number
    assert "'=HYPERLINK" in sheet and "<f>" not in sheet


def test_json_is_one_document_with_the_head_and_every_row():
    body = json.loads(b"".join(formats.json_chunks(_rows(3), head={"dataset": "x"})))

    assert body["dataset"] == "x" and [r["n"] for r in body["items"]] == [0, 1, 2]
    assert json.loads(b"".join(formats.json_chunks(iter(()), head={}))) == {"items": []}


def test_xlsx_is_a_workbook_with_the_header_row_and_the_field_titles():
    data = b"".join(formats.xlsx_chunks(_rows(3), FIELDS, titles=["№", "Назва", "Так", "День"]))
    book = zipfile.ZipFile(io.BytesIO(data))

    assert "xl/worksheets/sheet1.xml" in book.namelist() and "xl/worksheets/sheet2.xml" in book.namelist()
    assert "Назва 2" in book.read("xl/worksheets/sheet1.xml").decode()


def _peak_while_streaming(chunks: Iterator[bytes]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        total = 0
        for chunk in chunks:
            total += len(chunk)
        return total, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_many_rows_stream_in_constant_memory():
    # Under tracemalloc a million rows took a minute of the suite; bench/opendata.py streams a million.
    _small_bytes, small_peak = _peak_while_streaming(formats.csv_chunks(_rows(10_000), FIELDS))
    big_bytes, big_peak = _peak_while_streaming(formats.csv_chunks(_rows(200_000), FIELDS))

    assert big_bytes > 4_000_000  # the whole file went through
    # Twenty times the rows, the same memory: no row is kept (a list of them would take > 20 MB).
    assert big_peak < 2 * small_peak + 256 * 1024 and big_peak < 2 * 1024 * 1024


def test_json_and_xlsx_of_many_rows_keep_memory_flat():
    _b, json_small = _peak_while_streaming(formats.json_chunks(_rows(2_000), head={"d": 1}))
    _b, json_big = _peak_while_streaming(formats.json_chunks(_rows(30_000), head={"d": 1}))
    _b, xlsx_small = _peak_while_streaming(formats.xlsx_chunks(_rows(2_000), FIELDS))
    _b, xlsx_big = _peak_while_streaming(formats.xlsx_chunks(_rows(20_000), FIELDS))

    assert json_big < 2 * json_small + 256 * 1024
    assert xlsx_big < 2 * xlsx_small + 512 * 1024  # the sheet is compressed into the ZIP a batch at a time


def _reference_csv(rows: list[dict], fields: list[str], *, bom: bool = False) -> bytes:
    """The CSV writer as it was before batches: one ``writerow`` per row, every cell through ``_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff" if bom else "")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([formats._cell(row.get(name)) for name in fields])
    return buffer.getvalue().encode()


class _Text(str):
    pass


MIXED_FIELDS = ["id", "title", "amount", "ok", "day", "at", "note", "price"]


def _mixed_rows() -> list[dict]:
    kyiv = dt.timezone(dt.timedelta(hours=2))
    starts = ["=1+1", "+380", "-5", "@SUM(A1)", "\tx", "\rx", "'quoted", "a,b", 'say "hi"', "two\nlines", ""]
    rows = []
    for n in range(40):
        rows.append({
            "id": n if n % 7 else -n,
            "title": f"Назва {n}" if n % 5 else starts[n % len(starts)],
            "amount": (n * 1.5, -n, None, Decimal("-12.50"), 10**20)[n % 5],
            "ok": (True, False, None)[n % 3],
            "day": dt.date(2026, 1, 1 + n % 28) if n % 4 else None,
            "at": dt.datetime(2026, 3, 1, 10, n, tzinfo=kyiv) if n % 6 else "2026-03-01T10:00:00+02:00",
            "note": ("-" if n == 13 else "x\x00=y") if n % 2 else _Text("=subclass") if n == 20 else None,
            # "price" is missing from some rows; "extra" is not a field
            **({"price": n} if n % 3 else {"extra": "ignored"}),
        })  # fmt: skip
    return rows


def test_batched_csv_gives_the_same_bytes_as_the_row_by_row_writer():
    rows = _mixed_rows()

    for size in (1, 3, 8, 512):  # batches where a column is plain in one and mixed or formulaic in the next
        batches = formats.batched_tuples(rows, MIXED_FIELDS, size=size)
        assert b"".join(formats.csv_batch_chunks(batches, MIXED_FIELDS)) == _reference_csv(rows, MIXED_FIELDS)
    for bom in (False, True):
        assert b"".join(formats.csv_chunks(rows, MIXED_FIELDS, bom=bom)) == _reference_csv(
            rows, MIXED_FIELDS, bom=bom
        )
    one = [{"title": ""}, {"title": "=x"}, {"title": None}]  # one column: an empty cell is written as ""
    assert b"".join(formats.csv_chunks(one, ["title"])) == _reference_csv(one, ["title"])
    text = b"".join(formats.csv_chunks(rows, MIXED_FIELDS)).decode()
    for cell in ("'=1+1", "'@SUM(A1)", "'=subclass", "\n-7,", ",'-5,", ",'-12.50,"):
        assert cell in text, cell  # formulas neutralised, a negative integer id kept, a Decimal as before


def test_random_cells_give_the_same_bytes_as_the_row_by_row_writer():
    pick = random.Random(835)
    letters = ["a", "я", ",", '"', "\r", "\n", "=", "+", "-", "@", "\t", " ", "'", "\x00", "1"]

    def value():
        kind = pick.randrange(7)
        if kind == 0:
            return "".join(pick.choice(letters) for _ in range(pick.randrange(5)))
        return (None, pick.randint(-99, 99), pick.random() - 0.5, pick.random() < 0.5,
                dt.date(2026, 1, pick.randint(1, 28)))[kind - 2] if kind > 1 else None  # fmt: skip

    for columns in (1, 2, 5):
        fields = [f"f{n}" for n in range(columns)]
        for _round in range(20):
            # some columns of one type, some mixed
            kinds = [pick.randrange(3) for _ in fields]

            def cell(kind):
                text = f"{pick.choice(letters)}x"
                return value() if kind == 0 else text if kind == 1 else pick.randint(-5, 5)

            rows = [
                {name: cell(kinds[i]) for i, name in enumerate(fields)} for _ in range(pick.randrange(1, 40))
            ]
            got = b"".join(formats.csv_batch_chunks(formats.batched_tuples(rows, fields, size=7), fields))
            assert got == _reference_csv(rows, fields), rows


def _reference_json(rows: list[dict], head: dict) -> bytes:
    """One ``json.dumps`` of the whole document, every value through ``_plain``: what the batches keep to."""
    items = [{k: formats._plain(v) for k, v in row.items()} for row in rows]
    return json.dumps(head | {"items": items}, ensure_ascii=False).encode()


def test_batched_json_gives_the_same_bytes_as_one_dump_of_the_document():
    rows = _mixed_rows() * 30  # 1,200 rows: three batches, the last one short
    head = {"dataset": "x", "title": "Назва"}

    assert b"".join(formats.json_chunks(iter(rows), head=head)) == _reference_json(rows, head)
    assert b"".join(formats.json_chunks(iter(rows[:1]), head={})) == _reference_json(rows[:1], {})
    assert b"".join(formats.json_chunks(iter(()), head=head)) == _reference_json([], head)


def test_json_takes_any_mapping_as_a_row():
    from types import MappingProxyType

    rows = [MappingProxyType({"n": 1, "day": dt.date(2026, 1, 2)}), {"n": 2, "day": None}]

    assert json.loads(b"".join(formats.json_chunks(rows, head={})))["items"] == [
        {"n": 1, "day": "2026-01-02"},
        {"n": 2, "day": None},
    ]


def _reference_sheet(rows: list[dict], fields: list[str]) -> str:
    """The sheet's rows cell by cell through ``_xlsx_cell_xml``: what the column paths keep to."""
    letters = [formats._column_letters(i) for i in range(len(fields))]
    lines = [
        formats._ROW(
            "1",
            "".join(formats._xlsx_text(f"{letter}1", f) for letter, f in zip(letters, fields, strict=True)),
        )
    ]
    for number, row in enumerate(rows, start=2):
        cells = (
            formats._xlsx_cell_xml(f"{letter}{number}", row.get(f))
            for letter, f in zip(letters, fields, strict=True)
        )
        lines.append(formats._ROW(str(number), "".join(cells)))
    return "".join(lines)


def _xlsx_awkward_rows() -> list[dict]:
    texts = ["a&b<c>", " lead", "trail ", "x\x00y", "_x0041_", "\x1f", "\ufffe", "=1", "", "tab\tin", "ok"]
    return [
        {"id": n, "title": texts[n % len(texts)], "amount": (float("nan"), 10**400, -1.5, None)[n % 4],
         "ok": (True, None)[n % 2], "note": "я" * 40_000 if n == 3 else "пусто"}
        for n in range(24)
    ]  # fmt: skip


def test_batched_xlsx_sheet_is_the_same_xml_as_cell_by_cell():
    for rows, fields in (
        (_mixed_rows(), MIXED_FIELDS),
        (_xlsx_awkward_rows(), ["id", "title", "amount", "ok", "note"]),
    ):
        for size in (1, 3, 8, 512):
            batches = formats.batched_tuples(rows, fields, size=size)
            assert "".join(formats.xlsx_sheet_rows(batches, fields)) == _reference_sheet(rows, fields), size


def _reference_xlsx(rows: list[dict], fields: list[str]) -> bytes:
    """The XLSX writer as it was before batches: XlsxWriter's constant-memory mode, a ``write_row`` a row."""
    import tempfile

    import xlsxwriter

    def cell(value):
        if value is None:
            return ""
        if isinstance(value, bool | int | float):
            return value
        return safe_cell(str(formats._plain(value)))

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                   "strings_to_numbers": False}  # fmt: skip
        book = xlsxwriter.Workbook(handle.name, options)
        sheet = book.add_worksheet("data")
        sheet.write_row(0, 0, list(fields))
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, [cell(row.get(name)) for name in fields])
        book.close()
        return Path(handle.name).read_bytes()


def _cells(data: bytes) -> list[tuple]:
    import openpyxl

    return list(openpyxl.load_workbook(io.BytesIO(data))["data"].iter_rows(values_only=True))


def test_streamed_xlsx_reads_back_as_the_xlsxwriter_workbook_did():
    awkward = [
        r | {"amount": r["amount"] if r["amount"] in (-1.5, None) else 7} for r in _xlsx_awkward_rows()
    ]
    samples = ((_mixed_rows(), MIXED_FIELDS), (awkward, ["id", "title", "amount", "ok", "note"]))
    for rows, fields in samples:
        data = b"".join(formats.xlsx_chunks(iter(rows), fields, titles=fields))

        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
        got, want = _cells(data), _cells(_reference_xlsx(rows, fields))
        assert len(got) == len(want) == len(rows) + 1
        for got_row, want_row in zip(got, want, strict=True):
            for mine, theirs in zip(got_row, want_row, strict=True):
                # XlsxWriter writes a number with 16 significant digits, this writer its shortest repr
                assert mine == theirs or math.isclose(mine, theirs, rel_tol=1e-15), (mine, theirs)


def test_xlsx_is_the_same_bytes_for_the_same_rows_and_keeps_what_a_cell_cannot_hold_as_text():
    rows = _xlsx_awkward_rows()
    fields = ["id", "title", "amount", "ok", "note"]

    first = b"".join(formats.xlsx_chunks(iter(rows), fields))
    assert first == b"".join(formats.xlsx_chunks(iter(rows), fields))
    cells = _cells(first)
    assert cells[1][2] == "nan" and cells[2][2] == str(10**400)  # no number a cell could hold: text
    assert len(cells[4][4]) == 32767  # Excel's limit, as XlsxWriter truncates

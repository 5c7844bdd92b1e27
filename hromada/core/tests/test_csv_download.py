"""The one CSV download response: a byte-order mark, the header, CRLF lines, neutralised formulas, empty
cells for None, and the file name."""

import csv
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

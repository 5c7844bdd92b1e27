"""The request type our middleware produces, for type checking views, admin and API handlers; the one
CSV download response."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.http import FileResponse, HttpRequest, HttpResponse

from .csvcells import SafeDictWriter

if TYPE_CHECKING:
    from hromada.accounts.models import User

    from .models import Hromada


class HromadaRequest(HttpRequest):
    hromada: Hromada  # set by TenantMiddleware for every page and API path
    user: User  # type: ignore[assignment]  # login_required views; otherwise AnonymousUser at run time
    auth: Any  # set by django-ninja authentication
    htmx: Any  # set by django-htmx


def hromada_of(request: HttpRequest) -> Hromada:
    """The current hromada, for code that must keep Django's HttpRequest signature (admin overrides)."""
    return request.hromada  # type: ignore[attr-defined]


def user_of(request: HttpRequest) -> User:
    """The logged-in person, where a view or admin page is reachable only when logged in."""
    return request.user  # type: ignore[return-value]


CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"


def csv_download(rows: Iterable[Mapping[str, Any]], fields: Sequence[str], *, name: str) -> HttpResponse:
    """A table to save as ``<name>.csv``: UTF-8 with a byte-order mark (so spreadsheets read Cyrillic right),
    the header row first, CRLF line ends, ``None`` as an empty cell, yes/no as ``true``/``false``, dates
    and moments in ISO 8601 (as the open-data files write them), and text a spreadsheet would evaluate
    neutralised (``csvcells``)."""
    out = io.StringIO()
    out.write(BOM)
    writer = SafeDictWriter(out, fields, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({name: _cell(row.get(name)) for name in fields} for row in rows)
    response = HttpResponse(out.getvalue().encode(), content_type=CSV_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def private_download(file: File, *, filename: str, content_type: str | None) -> FileResponse:
    """A stored personal document (a proof, an application's file) sent to someone entitled to it: always as
    a download, never kept by a browser or proxy cache."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat()
    return value

"""Open data of the services module (CSV and JSON): the catalogue, and services rendered in the shape of
the Resolution 835 draft schema "services" — without the applicant's identity."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from hromada.core.csvcells import safe_cell
from hromada.core.http import HromadaRequest

from . import selectors

RENDERED_LIMIT = 10_000


def _answer(rows: list[dict[str, Any]], fmt: str, name: str) -> HttpResponse:
    if fmt == "json":
        response = HttpResponse(
            json.dumps(rows, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )
    elif fmt == "csv":
        out = io.StringIO()
        columns = list(rows[0]) if rows else ["code"]
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell("" if v is None else str(v)) for k, v in row.items()})
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_safe
def catalogue(request: HromadaRequest, fmt: str) -> HttpResponse:
    rows = [
        {
            "code": s.code,
            "rap_id": s.rap_id,
            "title": s.title,
            "provider": s.provider,
            "legal_basis": "; ".join(a.get("act", "") for a in s.legal_basis),
            "term": s.term_text,
            "fee": s.fee_text,
            "online": bool(getattr(s, "is_online", False)),
            "unverified": ",".join(s.unverified),
        }
        for s in selectors.service_list(hromada=request.hromada)
    ]
    return _answer(rows, fmt, "services-catalogue")


@require_safe
def rendered(request: HromadaRequest, fmt: str) -> HttpResponse:
    rows = selectors.rendered_services(hromada=request.hromada, limit=RENDERED_LIMIT)
    return _answer(rows, fmt, "services-rendered")

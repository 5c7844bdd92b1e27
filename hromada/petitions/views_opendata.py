"""Open data of the petitions module: CSV and JSON files anyone may download (no personal data).

``/petitions/open-data/<dataset>.<json|csv>`` with datasets ``petitions``, ``counts-by-day``,
``counts-by-district``, ``answers`` and ``compliance`` (answers on time / late / overdue per addressee);
``/petitions/open-data/`` lists them. Files are streamed, so their size does not matter.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from hromada.core.csvcells import SafeWriter
from hromada.core.http import hromada_of
from hromada.core.models import Hromada

from . import selectors

DATASETS: dict[str, tuple[Callable[..., Iterable[dict[str, Any]]], list[str]]] = {
    "petitions": (
        selectors.opendata_petitions,
        [
            "id", "title", "status", "topic", "district", "addressee", "rules_version", "signature_threshold",
            "signatures", "signatures_against", "published_at", "collection_ends_at", "threshold_reached_at",
            "forwarded_at", "answer_due_at", "answered_at", "rejected_at", "rejection_reason", "expired_at",
        ],
    ),
    "counts-by-day": (selectors.opendata_counts_by_day, ["petition", "day", "signatures", "against"]),
    "counts-by-district": (
        selectors.opendata_counts_by_district,
        ["petition", "district_id", "district", "signatures", "against"],
    ),
    "answers": (
        selectors.opendata_answers,
        ["petition", "addressee", "decision", "answered_at", "answer_due_at", "on_time", "text", "document"],
    ),
    "compliance": (
        selectors.opendata_compliance,
        ["addressee", "name", "answered_on_time", "answered_late", "overdue_now", "waiting"],
    ),
}  # fmt: skip


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(rows: Iterable[dict[str, Any]], columns: list[str]) -> Iterator[str]:
    writer = SafeWriter(_Echo())  # cells a spreadsheet would evaluate are neutralised
    yield "\ufeff" + writer.writerow(columns)  # BOM: spreadsheets open UTF-8 Ukrainian text correctly
    for row in rows:
        yield writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])


def _json_rows(rows: Iterable[dict[str, Any]], dataset: str, hromada: Hromada) -> Iterator[str]:
    head = {"dataset": dataset, "hromada": hromada.slug, "generated_at": timezone.now().isoformat()}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    first = True
    for row in rows:
        yield ("" if first else ",") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]}"


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The list of datasets with their JSON and CSV addresses."""
    items = []
    for name in DATASETS:
        items.append(
            {
                "dataset": name,
                "json": reverse("petitions:opendata", kwargs={"dataset": name, "fmt": "json"}),
                "csv": reverse("petitions:opendata", kwargs={"dataset": name, "fmt": "csv"}),
            }
        )
    return JsonResponse(
        {"hromada": hromada_of(request).slug, "datasets": items}, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def dataset(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    if dataset not in DATASETS or fmt not in ("json", "csv"):
        raise Http404
    hromada = hromada_of(request)
    source, columns = DATASETS[dataset]
    rows = source(hromada=hromada)
    filename = f"{hromada.slug}-petitions-{dataset}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_rows(rows, columns), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            _json_rows(rows, dataset, hromada), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response

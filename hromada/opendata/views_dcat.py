"""DCAT files of the catalogue and of each dataset (``dcat.py`` builds the graphs)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from hromada.core.http import HromadaRequest

from .dcat import SERIALISATIONS, catalogue_graph, dataset_graph
from .selectors import catalogue, entry_get


def _answer(graph: object, fmt: str) -> HttpResponse:
    syntax, media_type = SERIALISATIONS[fmt]
    response = HttpResponse(graph.serialize(format=syntax), content_type=media_type)  # type: ignore[attr-defined]
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def catalog(request: HromadaRequest, fmt: str) -> HttpResponse:
    if fmt not in SERIALISATIONS:
        raise Http404
    page = request.GET.get("page", "1")
    graph = catalogue_graph(
        hromada=request.hromada,
        entries=catalogue(hromada=request.hromada),
        base_url=request.build_absolute_uri("/")[:-1],
        page=int(page) if page.isdigit() else 1,
        fmt=fmt,
    )
    return _answer(graph, fmt)


@require_safe
def dataset(request: HromadaRequest, name: str, fmt: str) -> HttpResponse:
    if fmt not in SERIALISATIONS:
        raise Http404
    entry = entry_get(hromada=request.hromada, name=name)
    return _answer(dataset_graph(entry=entry, base_url=request.build_absolute_uri("/")[:-1]), fmt)

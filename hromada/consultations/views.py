"""The module's web pages: parse the request, call one selector (or action), render. No logic here."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from hromada.core.http import HromadaRequest
from hromada.core.pagination import paginate

from .selectors import item_public_get, items_public


def index(request: HromadaRequest) -> HttpResponse:
    page, query_string = paginate(request, items_public(hromada=request.hromada), per_page=20)
    context = {"page_obj": page, "query_string": query_string}
    return render(request, "consultations/index.html", context)


def detail(request: HromadaRequest, pk: int) -> HttpResponse:
    item = item_public_get(hromada=request.hromada, pk=pk)
    return render(request, "consultations/detail.html", {"item": item})

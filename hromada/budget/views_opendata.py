"""Open data of the public budget: published results as CSV and JSON, and each category as a Pabulib file.

Thin views: one selector each. Nothing is served before the results are published (404 until then).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFoundError
from hromada.core.http import hromada_of

from . import selectors


def _attachment(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def results_csv(request: HttpRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_get(hromada=hromada_of(request), slug=slug)
    return _attachment(
        selectors.results_csv(cycle=cycle), "text/csv; charset=utf-8", f"budget-{slug}-results.csv"
    )


@require_GET
def results_json(request: HttpRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_get(hromada=hromada_of(request), slug=slug)
    response = JsonResponse(selectors.results_json(cycle=cycle), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def category_pb(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    cycle = selectors.cycle_get(hromada=hromada_of(request), slug=slug)
    category = selectors.categories_of(cycle=cycle).filter(key=key).first()
    if category is None:
        raise NotFoundError(_("No such category."))
    text = selectors.election_pb(cycle=cycle, category=category)
    return _attachment(
        text, "text/plain; charset=utf-8", f"ukraine_{cycle.hromada.slug}_{cycle.year}_{key}.pb"
    )

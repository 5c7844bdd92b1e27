"""Open data of the public budget: each category as a Pabulib file; the old addresses of a cycle's results
(``results.csv``, ``results.json``) redirect to the open-data portal's files of the cycle
(``/opendata/public-budget-results.<fmt>?cycle=<slug>``; the categories' amounts, voters and rules are in
``public-budget-outcomes``).

Thin views: one selector each. Nothing is served before the results are published (404 until then).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
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


def _moved(request: HttpRequest, slug: str, fmt: str) -> HttpResponsePermanentRedirect:
    """A cycle's old results file: the registry's file of that cycle (404 until the results are out)."""
    cycle = selectors.cycle_results_published(hromada=hromada_of(request), slug=slug)
    url = reverse("opendata:download", args=["public-budget-results", fmt])
    return HttpResponsePermanentRedirect(f"{url}?{urlencode({'cycle': cycle.slug})}")


@require_GET
def results_csv(request: HttpRequest, slug: str) -> HttpResponsePermanentRedirect:
    return _moved(request, slug, "csv")


@require_GET
def results_json(request: HttpRequest, slug: str) -> HttpResponsePermanentRedirect:
    return _moved(request, slug, "json")


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

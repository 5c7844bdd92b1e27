"""The petitions' old open-data addresses, kept for links already published: the files themselves are
served by the open-data portal's registry (``petitions/datasets.py``; docs/opendata.md).

``/petitions/open-data/<dataset>.<json|csv>`` (datasets ``petitions``, ``counts-by-day``,
``counts-by-district``, ``answers`` and ``compliance``) redirects to the registry's file of that dataset;
``/petitions/open-data/`` lists them with those addresses.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from hromada.core.http import hromada_of

from .datasets import OLD_NAMES


def _file(name: str, fmt: str) -> str:
    return reverse("opendata:download", kwargs={"name": OLD_NAMES[name], "fmt": fmt})


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The list of datasets with their JSON and CSV addresses."""
    items = [
        {"dataset": name, "json": _file(name, "json"), "csv": _file(name, "csv"),
         "page": reverse("opendata:dataset", args=[OLD_NAMES[name]])}
        for name in OLD_NAMES
    ]  # fmt: skip
    return JsonResponse(
        {"hromada": hromada_of(request).slug, "datasets": items}, json_dumps_params={"ensure_ascii": False}
    )


@require_safe
def dataset(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    """The old address of a dataset's file: a permanent redirect to the registry's file."""
    if dataset not in OLD_NAMES or fmt not in ("json", "csv"):
        raise Http404
    return HttpResponsePermanentRedirect(_file(dataset, fmt))

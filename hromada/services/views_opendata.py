"""The services' old open-data addresses, kept for links already published: the files themselves are
served by the open-data portal's registry (``services/datasets.py``; docs/opendata.md).

``/services/open-data/catalogue.<csv|json>`` and ``/services/open-data/rendered.<csv|json>`` answer with a
permanent redirect to the registry's file of the dataset (``administrative-services``,
``administrative-services-rendered``).
"""

from __future__ import annotations

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from hromada.core.http import HromadaRequest

OLD_NAMES = {"catalogue": "administrative-services", "rendered": "administrative-services-rendered"}


def _moved(name: str, fmt: str) -> HttpResponsePermanentRedirect:
    if fmt not in ("csv", "json"):
        raise Http404
    return HttpResponsePermanentRedirect(reverse("opendata:download", args=[OLD_NAMES[name], fmt]))


@require_safe
def catalogue(request: HromadaRequest, fmt: str) -> HttpResponsePermanentRedirect:
    return _moved("catalogue", fmt)


@require_safe
def rendered(request: HromadaRequest, fmt: str) -> HttpResponsePermanentRedirect:
    return _moved("rendered", fmt)

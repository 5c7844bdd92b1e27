"""What the services module gives the site search: the published services of the catalogue."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.core.registry import SearchHit, SearchSource, register_search_source

from .models import Service
from .selectors import service_list


def _hit(service: Service) -> SearchHit:
    return SearchHit(
        title=service.display_title((get_language() or "uk")[:2]),
        url=reverse("services:detail", args=[service.code]),
        meta=service.provider,
    )


def register() -> None:
    register_search_source(
        SearchSource(
            key="services",
            title=_("Administrative services"),
            find=lambda *, hromada, query: service_list(hromada=hromada, query=query),
            hit=_hit,
            more_url=lambda query: f"{reverse('services:list')}?{urlencode({'q': query})}",
            order=25,
        )
    )

"""What the petitions module gives the site search: its public petitions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.registry import SearchHit, SearchSource, register_search_source

from .models import Petition
from .selectors import petition_list


def _hit(petition: Petition) -> SearchHit:
    return SearchHit(
        title=petition.title,
        url=reverse("petitions:detail", args=[petition.pk]),
        meta=str(petition.get_status_display()),
    )


def register() -> None:
    register_search_source(
        SearchSource(
            key="petitions",
            title=_("Petitions"),
            find=lambda *, hromada, query: petition_list(hromada=hromada, query=query),
            hit=_hit,
            more_url=lambda query: f"{reverse('petitions:list')}?{urlencode({'q': query})}",
            order=30,
        )
    )

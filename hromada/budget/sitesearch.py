"""What the public budget gives the site search: public projects of every cycle."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.core.models import in_language
from hromada.core.registry import SearchHit, SearchSource, register_search_source
from hromada.core.text import snippet

from .models import Project
from .selectors import projects_search


def _hit(project: Project) -> SearchHit:
    language = get_language()
    return SearchHit(
        title=f"№{project.number} {in_language(project, 'title', language)}",
        url=reverse("budget:project", args=[project.pk]),
        snippet=snippet(in_language(project, "summary", language)),
        meta=f"{project.cycle.year} · {project.get_status_display()}",
    )


def register() -> None:
    register_search_source(
        SearchSource(
            key="budget",
            title=_("Public budget projects"),
            find=lambda *, hromada, query: projects_search(hromada=hromada, query=query),
            hit=_hit,
            order=40,
        )
    )

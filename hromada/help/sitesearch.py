"""What the help centre gives the site search: residents' articles (officials find theirs in the help
centre's own search)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.core.models import in_language
from hromada.core.registry import SearchHit, SearchSource
from hromada.core.text import snippet

from .models import HelpArticle
from .selectors import help_articles_for_residents


def _hit(article: HelpArticle) -> SearchHit:
    language = get_language()
    return SearchHit(
        title=in_language(article, "title", language),
        url=article.get_absolute_url(),
        snippet=snippet(in_language(article, "body", language)),
    )


SOURCES = (
    SearchSource(
        key="helpcentre",
        title=_("Help centre"),
        find=lambda *, hromada, query: help_articles_for_residents(hromada=hromada, query=query),
        hit=_hit,
        more_url=lambda query: f"{reverse('help:index')}?{urlencode({'q': query})}",
        order=85,
    ),
)

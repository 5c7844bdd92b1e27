"""What the portal gives the site search: institutions, news and announcements, help pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.core.models import in_language
from hromada.core.registry import SearchHit, SearchSource
from hromada.core.text import snippet
from hromada.territory.models import Institution
from hromada.territory.selectors import institutions_search

from .models import Article, HelpPage
from .selectors import articles_published, help_pages


def _institution_hit(institution: Institution) -> SearchHit:
    return SearchHit(
        title=in_language(institution, "name", get_language()),
        url=reverse("portal:institution", args=[institution.pk]),
        snippet=institution.address,
        meta=str(institution.get_kind_display()),
    )


def _article_hit(article: Article) -> SearchHit:
    language = get_language()
    summary = in_language(article, "summary", language)
    return SearchHit(
        title=in_language(article, "title", language),
        url=reverse("portal:article", args=[article.slug]),
        snippet=summary or snippet(in_language(article, "body", language)),
        meta=formats.date_format(article.published_at, "DATE_FORMAT") if article.published_at else "",
    )


def _help_hit(page: HelpPage) -> SearchHit:
    language = get_language()
    return SearchHit(
        title=in_language(page, "title", language),
        url=reverse("portal:help_page", args=[page.slug]),
        snippet=snippet(in_language(page, "body", language)),
    )


# Registered by PortalConfig.ready() (core.kit.register_app).
SOURCES = (
    SearchSource(
        key="institutions",
        title=_("Institutions"),
        find=lambda *, hromada, query: institutions_search(hromada=hromada, query=query),
        hit=_institution_hit,
        more_url=lambda query: f"{reverse('portal:institutions')}?{urlencode({'q': query})}",
        order=10,
    ),
    SearchSource(
        key="news",
        title=_("News and announcements"),
        find=lambda *, hromada, query: articles_published(hromada=hromada, query=query),
        hit=_article_hit,
        more_url=lambda query: f"{reverse('portal:news')}?{urlencode({'q': query})}",
        order=20,
    ),
    SearchSource(
        key="help",
        title=_("Help"),
        find=lambda *, hromada, query: help_pages(hromada=hromada, query=query),
        hit=_help_hit,
        order=90,
    ),
)

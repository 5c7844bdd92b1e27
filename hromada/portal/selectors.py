from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from hromada.core.models import Hromada
from hromada.core.registry import SearchHit, SearchSource, search_sources
from hromada.core.textsearch import query_stems

from .models import Article, HelpPage, SiteAppearance, Statement

# Every page shows the appearance: kept per process for a minute instead of a query per page.
_APPEARANCE_SECONDS = 60


def articles_published(*, hromada: Hromada, kind: str = "", query: str = "") -> QuerySet[Article]:
    """Published news and announcements, pinned then newest first; ``query`` keeps those with every stem."""
    qs = Article.objects.filter(hromada=hromada, is_published=True, published_at__lte=timezone.now())
    for stem in query_stems(query):
        qs = qs.filter(search_text__contains=stem)
    return qs.filter(kind=kind) if kind else qs


def article_get(*, hromada: Hromada, slug: str) -> Article | None:
    return articles_published(hromada=hromada).filter(slug=slug).first()


def help_pages(*, hromada: Hromada, query: str = "") -> QuerySet[HelpPage]:
    """Published help pages in their order; ``query`` keeps those with every stem."""
    qs = HelpPage.objects.filter(hromada=hromada, is_published=True)
    for stem in query_stems(query):
        qs = qs.filter(search_text__contains=stem)
    return qs


def help_page_get(*, hromada: Hromada, slug: str) -> HelpPage | None:
    return help_pages(hromada=hromada).filter(slug=slug).first()


@dataclass(frozen=True)
class SearchGroup:
    """The first hits of one kind of content, and whether there are more."""

    source: SearchSource
    hits: list[SearchHit]
    has_more: bool


def site_search(*, hromada: Hromada, query: str, per_group: int = 5) -> list[SearchGroup]:
    """The site search over every registered source, grouped by kind; kinds with no match are left out.

    One query per source (``per_group + 1`` rows tell whether there are more); texts are in the active
    language.
    """
    groups = []
    for source in search_sources():
        rows = list(source.find(hromada=hromada, query=query)[: per_group + 1])
        if rows:
            hits = [source.hit(row) for row in rows[:per_group]]
            groups.append(SearchGroup(source=source, hits=hits, has_more=len(rows) > per_group))
    return groups


def search_source(key: str) -> SearchSource | None:
    """The registered source with this key (``None`` for an unknown key)."""
    return next((s for s in search_sources() if s.key == key), None)


def appearance_cache_key(hromada_id: int) -> str:
    return f"portal:appearance:{hromada_id}"


def site_appearance(*, hromada: Hromada) -> SiteAppearance:
    """The hromada's appearance (an unsaved one with the default colours when none was set)."""
    key = appearance_cache_key(hromada.pk)
    appearance = cache.get(key)
    if appearance is None:
        appearance = SiteAppearance.objects.filter(hromada=hromada).first() or SiteAppearance(hromada=hromada)
        cache.set(key, appearance, _APPEARANCE_SECONDS)
    return appearance


def statement_get(*, hromada: Hromada, kind: str) -> Statement | None:
    """The hromada's own statement of this kind, or ``None`` (the built-in text is shown then)."""
    return Statement.objects.filter(hromada=hromada, kind=kind).first()

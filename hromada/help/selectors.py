"""Reads of the help centre, always scoped by the hromada. Selectors never write."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from hromada.core.models import Hromada
from hromada.core.textsearch import query_stems

from .models import Audience, HelpArticle


def help_articles(*, hromada: Hromada, audience: str = "", query: str = "") -> QuerySet[HelpArticle]:
    """The hromada's published articles in their order; ``audience`` keeps one audience, ``query`` those
    containing every stem of the query (in either language)."""
    qs = HelpArticle.objects.filter(hromada=hromada, is_published=True)
    if audience:
        qs = qs.filter(audience=audience)
    for stem in query_stems(query):
        qs = qs.filter(search_text__contains=stem)
    return qs


def help_articles_for_residents(*, hromada: Hromada, query: str = "") -> QuerySet[HelpArticle]:
    """What the site search looks through: residents' articles."""
    return help_articles(hromada=hromada, audience=Audience.RESIDENTS, query=query)


def help_article_get(*, hromada: Hromada, app: str, name: str) -> HelpArticle | None:
    """A published article of this hromada with its feedback counts (``helpful_count``,
    ``unhelpful_count``)."""
    return (
        help_articles(hromada=hromada)
        .filter(app=app, name=name)
        .annotate(
            helpful_count=Count("feedback", filter=Q(feedback__helpful=True)),
            unhelpful_count=Count("feedback", filter=Q(feedback__helpful=False)),
        )
        .first()
    )


def help_link_target(*, hromada: Hromada | None, key: str) -> HelpArticle | None:
    """The published article ``<app>/<name>`` a "?" link points to, or None (then no link is shown)."""
    app, separator, name = key.partition("/")
    if hromada is None or not separator:
        return None
    return (
        help_articles(hromada=hromada)
        .filter(app=app, name=name)
        .only("app", "name", "title", "title_en", "hromada_id")
        .first()
    )


def help_feedback_counts(*, hromada: Hromada) -> QuerySet[HelpArticle]:
    """Every article of the hromada (published or not) with its feedback counts, for the back office."""
    return HelpArticle.objects.filter(hromada=hromada).annotate(
        helpful_count=Count("feedback", filter=Q(feedback__helpful=True)),
        unhelpful_count=Count("feedback", filter=Q(feedback__helpful=False)),
    )

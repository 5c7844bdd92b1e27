from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from hromada.core.models import Hromada

from .models import Article, HelpPage


def articles_published(*, hromada: Hromada, kind: str = "") -> QuerySet[Article]:
    qs = Article.objects.filter(hromada=hromada, is_published=True, published_at__lte=timezone.now())
    return qs.filter(kind=kind) if kind else qs


def article_get(*, hromada: Hromada, slug: str) -> Article | None:
    return articles_published(hromada=hromada).filter(slug=slug).first()


def help_pages(*, hromada: Hromada) -> QuerySet[HelpPage]:
    return HelpPage.objects.filter(hromada=hromada, is_published=True)


def help_page_get(*, hromada: Hromada, slug: str) -> HelpPage | None:
    return help_pages(hromada=hromada).filter(slug=slug).first()

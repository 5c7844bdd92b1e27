"""Writes of portal content (the back office calls these)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.accounts.permissions import works_for_hromada
from hromada.core.permissions import require
from hromada.core.text import search_key

from .models import Article, HelpPage


@transaction.atomic
def article_save(*, article: Article, editor: User) -> Article:
    """Store news or an announcement; publishing stamps the time once, the first editor is the author."""
    require(works_for_hromada, editor, article.hromada, _("Only staff of this hromada can publish news."))
    if article.is_published and article.published_at is None:
        article.published_at = timezone.now()
    if article.author_id is None:
        article.author = editor
    article.search_text = article_search_text(article)
    article.save()
    return article


@transaction.atomic
def help_page_save(*, page: HelpPage, editor: User) -> HelpPage:
    """Store a help page (the site search finds it by both languages' title and text)."""
    require(works_for_hromada, editor, page.hromada, _("Only staff of this hromada can edit help pages."))
    page.search_text = help_page_search_text(page)
    page.save()
    return page


def article_search_text(article: Article) -> str:
    """What the site search matches an article against (both languages)."""
    return search_key(article.title, article.title_en, article.summary, article.body, article.body_en)


def help_page_search_text(page: HelpPage) -> str:
    """What the site search matches a help page against (both languages)."""
    return search_key(page.title, page.title_en, page.body, page.body_en)

"""What the site search matches news and help pages against: both languages, normalised."""

from __future__ import annotations

from hromada.core.text import search_key

from .models import Article, HelpPage


def article_search_text(article: Article) -> str:
    """What the site search matches an article against (both languages)."""
    return search_key(
        article.title, article.title_en, article.summary, article.summary_en, article.body, article.body_en
    )


def help_page_search_text(page: HelpPage) -> str:
    """What the site search matches a help page against (both languages)."""
    return search_key(page.title, page.title_en, page.body, page.body_en)

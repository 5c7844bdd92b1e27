"""Loading the shipped articles into a hromada's help centre, and officials' edits of its copy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.errors import ensure
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.core.text import search_key

from ..articles import ShippedArticle
from ..models import HelpArticle, Source
from ..permissions import edits_articles
from ..shipped import shipped_articles

if TYPE_CHECKING:
    from hromada.accounts.models import User


def _search_text(article: HelpArticle) -> str:
    return search_key(article.title, article.title_en, article.body, article.body_en)


def _copy_shipped(article: HelpArticle, shipped: ShippedArticle) -> None:
    uk = shipped.texts.get("uk")
    en = shipped.texts.get("en")
    article.audience = shipped.audience
    article.order = shipped.order
    article.title = uk.title if uk else (en.title if en else shipped.name)
    article.body = uk.body if uk else (en.body if en else "")
    article.title_en = en.title if en else ""
    article.body_en = en.body if en else ""
    article.shipped_digest = shipped.digest()
    article.is_shipped = True
    article.search_text = _search_text(article)


@transaction.atomic
def help_articles_load(*, hromada: Hromada) -> int:
    """Bring the hromada's copy of every shipped article up to date; returns how many rows changed.

    A new article is added; an unedited copy takes the newer shipped text; a copy its officials edited
    keeps their text (``Source.EDITED`` wins; the back office points out a newer shipped text). An
    unedited article no module ships any more is unpublished. Idempotent: a second run changes nothing.
    """
    shipped = shipped_articles()
    existing = {a.key: a for a in HelpArticle.objects.select_for_update().filter(hromada=hromada)}
    changed = 0
    for key, article in shipped.items():
        row = existing.get(key)
        if row is None:
            row = HelpArticle(hromada=hromada, app=article.app, name=article.name)
            _copy_shipped(row, article)
            row.save()
            changed += 1
        elif row.source == Source.SHIPPED and (row.shipped_digest != article.digest() or not row.is_shipped):
            _copy_shipped(row, article)
            row.is_published = True
            row.save()
            changed += 1
    for key, row in existing.items():
        if key not in shipped and row.is_shipped:
            row.is_shipped = False
            if row.source == Source.SHIPPED:
                row.is_published = False
            row.save(update_fields=["is_shipped", "is_published", "updated_at"])
            changed += 1
    return changed


def help_articles_load_all() -> int:
    """:func:`help_articles_load` for every active hromada (the periodic job and the demo run it)."""
    return sum(help_articles_load(hromada=h) for h in Hromada.objects.filter(is_active=True).order_by("pk"))


@transaction.atomic
def help_article_edit(*, article: HelpArticle, editor: User) -> HelpArticle:
    """Store an official's edit of the hromada's copy; from now on the shipped text no longer replaces it."""
    require(
        edits_articles, editor, article.hromada, _("Only moderators and administrators edit help articles.")
    )
    ensure(article.pk is not None, _("Help articles come with the modules; edit an existing one."))
    ensure(article.title.strip(), _("Give the article a title."), code="title_missing", field="title")
    ensure(article.body.strip(), _("Write the article's text."), code="body_missing", field="body")
    article.source = Source.EDITED
    article.edited_at = clock.now()
    article.search_text = _search_text(article)
    article.save()
    return article


@transaction.atomic
def help_article_revert(*, article: HelpArticle, editor: User) -> HelpArticle:
    """Drop the hromada's edit: the article shows the text its module ships again (and takes updates)."""
    require(
        edits_articles, editor, article.hromada, _("Only moderators and administrators edit help articles.")
    )
    article = HelpArticle.objects.select_for_update().get(pk=article.pk)
    shipped = shipped_articles().get(article.key)
    ensure(shipped is not None, _("No module ships this article any more."), code="not_shipped")
    assert shipped is not None
    _copy_shipped(article, shipped)
    article.source = Source.SHIPPED
    article.edited_at = None
    article.save()
    return article

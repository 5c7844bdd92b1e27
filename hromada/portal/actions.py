"""Writes of portal content (the back office calls these)."""

from __future__ import annotations

from typing import IO

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.accounts.permissions import manages_hromada, works_for_hromada
from hromada.core.colour import normalise
from hromada.core.errors import ApplicationError
from hromada.core.permissions import require
from hromada.core.uploads import IMAGES, clean_upload

from .appearance import EMBLEM_MAX_BYTES, EMBLEM_MAX_SIDE, colour_problems
from .models import Article, HelpPage, SiteAppearance, Statement
from .search_text import article_search_text, help_page_search_text
from .selectors import appearance_cache_key


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


@transaction.atomic
def site_appearance_save(
    *,
    appearance: SiteAppearance,
    editor: User,
    emblem: IO[bytes] | None = None,
    emblem_name: str = "",
    remove_emblem: bool = False,
) -> SiteAppearance:
    """Store the site's colours (readable pairs only, WCAG 2.1 AA) and emblem (re-encoded, metadata
    stripped); every app node shows them within a minute."""
    require(
        manages_hromada,
        editor,
        appearance.hromada,
        _("Only administrators of this hromada change how its site looks."),
    )
    problems = colour_problems(brand_colour=appearance.brand_colour, brand_ink=appearance.brand_ink)
    if problems:
        raise ApplicationError(_("These colours cannot be used."), code="bad_colours", fields=problems)
    appearance.brand_colour = normalise(appearance.brand_colour) or appearance.brand_colour
    appearance.brand_ink = normalise(appearance.brand_ink) or appearance.brand_ink
    old_file = appearance.emblem.name if appearance.pk and appearance.emblem else ""
    if emblem is not None:
        clean = clean_upload(
            emblem,
            filename=emblem_name or "emblem",
            allowed=IMAGES,
            max_bytes=EMBLEM_MAX_BYTES,
            max_side=EMBLEM_MAX_SIDE,
        )
        appearance.emblem.save(f"{appearance.hromada.slug}.{clean.extension}", clean.as_file(), save=False)
    elif remove_emblem:
        appearance.emblem = ""
    appearance.save()
    if old_file and old_file != appearance.emblem.name:
        storage = appearance.emblem.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    # This process shows the change at once (forgotten now, and again after the commit in case a request
    # read the old row meanwhile); other app nodes within a minute, when their copy expires.
    key = appearance_cache_key(appearance.hromada_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
    return appearance


@transaction.atomic
def statement_save(*, statement: Statement, editor: User) -> Statement:
    """Store the hromada's privacy notice, terms of use or accessibility statement."""
    require(
        manages_hromada,
        editor,
        statement.hromada,
        _("Only administrators of this hromada edit its privacy, terms and accessibility statements."),
    )
    statement.body = statement.body.strip()
    statement.body_en = statement.body_en.strip()
    if not statement.body:
        raise ApplicationError(
            _("Write the text of the statement."),
            code="empty",
            fields={"body": [_("Write the text of the statement.")]},
        )
    statement.save()
    return statement

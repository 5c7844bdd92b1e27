"""Readers' answers to "was this helpful?"."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.errors import ensure

from ..models import HelpArticle, HelpFeedback


def _voter_key(article: HelpArticle, reader: str) -> str:
    # Keyed by the site's secret and the article: the stored value names no account or session, and one
    # reader's votes on two articles cannot be linked.
    message = f"help-vote:{article.pk}:{reader}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def help_feedback_record(*, article: HelpArticle, reader: str, helpful: bool) -> HelpFeedback:
    """Count one reader's answer for a published article; a second answer by the same reader replaces the
    first (one vote per reader and article, by the database's unique constraint).

    ``reader`` identifies the account or the browser session (``"user:12"``, ``"session:…"``); only its
    keyed hash is stored.
    """
    ensure(article.is_published, _("This article is not published."), code="not_published")
    ensure(bool(reader), _("Your answer could not be counted."), code="no_reader")
    feedback, _created = HelpFeedback.objects.update_or_create(
        article=article, voter=_voter_key(article, reader), defaults={"helpful": helpful}
    )
    return feedback

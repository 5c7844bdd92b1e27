"""The portal's part of a person's data: news and announcements an official wrote.

Erasure keeps the articles (they are the council's publications, not the official's private data); they
point at the anonymised account, which no longer names the person.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .models import Article


def _export(person: User) -> dict[str, Any]:
    articles = Article.objects.filter(author=person).select_related("hromada").order_by("created_at", "id")
    return {
        "articles_written": [
            {
                "hromada": a.hromada.name,
                "id": a.pk,
                "title": a.title,
                "kind": str(a.get_kind_display()),
                "published": a.is_published,
                "published_at": iso(a.published_at),
            }
            for a in articles
        ]
    }


def _erase(person: User) -> None:
    """Nothing to remove: see the module's docstring."""


def register() -> None:
    """Called from ``PortalConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="portal",
            title=_("News written"),
            export=_export,
            erase=_erase,
            covers=(Article.author,),
            order=40,
        )
    )

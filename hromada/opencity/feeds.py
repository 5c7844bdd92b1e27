"""Atom feeds of the open city: the latest changes of the hromada's reports, filtered like the public list
(category, district, status, department), so a resident follows their street's district or a journalist
one category in any feed reader."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from hromada.core.models import in_language

from . import selectors
from .models import Report
from .views import list_filters

FEED_SIZE = 50


class ReportsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        filters = list_filters(request)
        return {
            "hromada": request.hromada,  # type: ignore[attr-defined]
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
        }

    def title(self, obj: dict[str, Any]) -> str:
        return _("Problem reports: %(hromada)s") % {"hromada": obj["hromada"].display_name(get_language())}

    def subtitle(self, obj: dict[str, Any]) -> str:
        return ngettext(
            "The latest %(count)s change of the reports on the open city map.",
            "The latest %(count)s changes of the reports on the open city map.",
            FEED_SIZE,
        ) % {"count": FEED_SIZE}

    def link(self, obj: dict[str, Any]) -> str:
        return reverse("opencity:index") + (f"?{obj['query']}" if obj["query"] else "")

    def items(self, obj: dict[str, Any]) -> list[Report]:
        return selectors.reports_recently_changed(hromada=obj["hromada"], limit=FEED_SIZE, **obj["filters"])

    def item_title(self, item: Report) -> str:
        return (
            f"#{item.pk} {in_language(item.category, 'name', get_language())} — {item.get_status_display()}"
        )

    def item_description(self, item: Report) -> str:
        place = f"{item.address}. " if item.address else ""
        return f"{place}{item.public_description}"

    def item_link(self, item: Report) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Report) -> datetime:
        return item.submitted_at

    def item_updateddate(self, item: Report) -> datetime:
        return item.status_changed_at

    def item_categories(self, item: Report) -> list[str]:
        return [str(in_language(item.category, "name", get_language()))]

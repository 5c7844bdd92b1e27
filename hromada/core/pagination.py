from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = 20) -> tuple[Page, str]:
    """The requested page (bad or out-of-range numbers fall back to the nearest page) and the query string
    of the other parameters, for links to other pages."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return page, (query + "&") if query else ""

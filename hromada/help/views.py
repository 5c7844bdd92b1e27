"""The help centre's pages: parse the request, call one selector (or action), render."""

from __future__ import annotations

import secrets
from itertools import groupby

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core.http import HromadaRequest
from hromada.core.ratelimit import rate_limit
from hromada.portal.selectors import help_pages

from .actions import help_feedback_record
from .models import Audience, HelpArticle
from .selectors import help_article_get, help_articles

# The e-guide's own articles lead the index ("how to take part"); the modules' follow by module.
GUIDE_APP = "help"
READER_COOKIE = "help_reader"
READER_COOKIE_SECONDS = 365 * 24 * 3600


def _module_title(label: str) -> str:
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


def _by_module(articles: list[HelpArticle]) -> list[tuple[str, list[HelpArticle]]]:
    ordered = sorted(articles, key=lambda a: (a.app != GUIDE_APP, _module_title(a.app), a.order, a.name))
    return [(_module_title(label), list(rows)) for label, rows in groupby(ordered, key=lambda a: a.app)]


def index(request: HromadaRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    articles = list(help_articles(hromada=request.hromada, query=query))
    # The council's own pages (contacts, local rules), which officials add in the back office.
    own_pages = list(help_pages(hromada=request.hromada, query=query))
    context = {
        "query": query,
        "found": [*own_pages, *articles] if query else None,
        "own_pages": own_pages,
        "residents": _by_module([a for a in articles if a.audience == Audience.RESIDENTS]),
        "officials": _by_module([a for a in articles if a.audience == Audience.OFFICIALS]),
    }
    return render(request, "help/index.html", context)


def article(request: HromadaRequest, app: str, name: str) -> HttpResponse:
    found = help_article_get(hromada=request.hromada, app=app, name=name)
    if found is None:
        raise Http404
    return render(request, "help/article.html", {"article": found, "module_title": _module_title(app)})


@require_POST
@rate_limit("help.feedback", limit=20, window=3600)
def feedback(request: HromadaRequest, app: str, name: str) -> HttpResponse:
    answer = request.POST.get("helpful", "")
    if answer not in ("yes", "no"):
        return HttpResponseBadRequest()
    found = help_article_get(hromada=request.hromada, app=app, name=name)
    if found is None:
        raise Http404
    # An anonymous reader is a random id in a signed cookie (no session row, no personal data).
    browser = request.get_signed_cookie(
        READER_COOKIE, default="", salt=READER_COOKIE
    ) or secrets.token_urlsafe(18)
    reader = f"user:{request.user.pk}" if request.user.is_authenticated else f"browser:{browser}"
    help_feedback_record(article=found, reader=reader, helpful=answer == "yes")
    messages.success(request, _("Thank you: your answer was counted."))
    response = redirect(f"{found.get_absolute_url()}#feedback")
    response.set_signed_cookie(
        READER_COOKIE,
        browser,
        salt=READER_COOKIE,
        max_age=READER_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response

"""The one guard of officials' pages: logged in, a role here, the second factor passed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from hromada.core.http import HromadaRequest
from hromada.core.permissions import Predicate

from .permissions import needs_two_factor


def officials_gate(request: HromadaRequest, rule: Predicate, refusal: str) -> HttpResponse | None:
    """None when the person may go on; else the login, the 403 page or the second-factor step (each
    coming back to the full address, query string included)."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    if not rule(user, request.hromada):
        return render(request, "core/error.html", {"message": refusal, "status": 403}, status=403)
    if needs_two_factor(user) and not user.is_verified():
        target = reverse("accounts:two_factor_verify")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
    return None


def officials_page(rule: Predicate, refusal: Callable[[], str]) -> Callable[..., Any]:
    """View decorator: :func:`officials_gate` with ``refusal()`` (translated when the request runs);
    the page is never cached."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        @never_cache
        def wrapped(request: HromadaRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refused = officials_gate(request, rule, refusal())
            return refused if refused is not None else view(request, *args, **kwargs)

        return wrapped

    return decorate

"""Log in, or verify identity, through an OpenID Connect provider. The flow lives in `oidc.py`, the writes
in the action `actions.user_verify_oidc`."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from hromada.core.errors import ApplicationError
from hromada.core.ratelimit import rate_limit

from .actions import user_verify_oidc
from .oidc import OidcPending, oidc_flow_begin, oidc_flow_complete, oidc_provider_get

logger = logging.getLogger(__name__)

SESSION_KEY = "hromada.oidc.pending"
_LOGIN_BACKEND = "hromada.accounts.backends.EmailOrPhoneBackend"
_METHODS = ("GET", "HEAD", "POST")


def _refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    context = {"message": error.message, "code": error.code}
    return render(request, "accounts/oidc_error.html", context, status=error.status)


def _callback_url(request: HttpRequest, key: str) -> str:
    # Without a language prefix, so the one redirect URI registered at the provider serves every language.
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("oidc:callback", kwargs={"key": key}))


def _safe_next(request: HttpRequest) -> str:
    url = request.GET.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


@never_cache
@rate_limit("oidc.start", limit=20, methods=_METHODS)
def start(request: HttpRequest, key: str) -> HttpResponse:
    """Send the person to the provider's login page, remembering state, nonce and PKCE verifier."""
    try:
        provider = oidc_provider_get(key=key)
        url, pending = oidc_flow_begin(
            provider=provider,
            redirect_uri=_callback_url(request, key),
            user_id=request.user.pk if request.user.is_authenticated else None,
            next_url=_safe_next(request),
        )
    except ApplicationError as exc:
        return _refused(request, exc)
    request.session[SESSION_KEY] = pending.as_session()
    return HttpResponseRedirect(url)


@never_cache
@rate_limit("oidc.callback", limit=20, methods=_METHODS)
def callback(request: HttpRequest, key: str) -> HttpResponse:
    """The provider sends the person back here: verify the answer, then log in or raise the level."""
    pending = OidcPending.from_session(request.session.pop(SESSION_KEY, None))
    user_id = request.user.pk if request.user.is_authenticated else None
    try:
        provider = oidc_provider_get(key=key)
        claims = oidc_flow_complete(provider=provider, pending=pending, params=request.GET, user_id=user_id)
        user = user_verify_oidc(
            request_user=request.user,
            hromada=request.hromada,  # type: ignore[attr-defined]
            provider_key=key,
            claims=claims,
        )
    except ApplicationError as exc:
        logger.info("OIDC callback for %s refused: %s", key, exc.code)
        return _refused(request, exc)
    assert pending is not None  # oidc_flow_complete refuses a callback without a started login
    if user_id is None:
        login(request, user, backend=_LOGIN_BACKEND)
        messages.success(request, _("You are logged in and your identity is verified."))
        default = settings.LOGIN_REDIRECT_URL
    else:
        messages.success(request, _("Your identity is verified."))
        default = "portal:verification"
    return HttpResponseRedirect(pending.next_url or resolve_url(default))

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .errors import ApplicationError, RateLimitedError
from .tenancy import hromada_for_host
from .views import error_response

_TENANTLESS_PATHS = ("/healthz", "/readyz", "/static/")


class TenantMiddleware:
    """Sets `request.hromada` from the host name; every selector and action is scoped by it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            # PostgreSQL text cannot hold NUL; no address or search of ours contains one.
            return error_response(
                request, 400, "bad_request", _("The address contains characters that are not allowed.")
            )
        if request.path.startswith(_TENANTLESS_PATHS):
            request.hromada = None  # type: ignore[attr-defined]
            return self.get_response(request)
        hromada = hromada_for_host(request.get_host())
        request.hromada = hromada  # type: ignore[attr-defined]
        if hromada is not None and not hromada.is_active:
            return error_response(request, 404, "hromada_inactive", _("This hromada's portal is not active."))
        if hromada is None:
            message = _("No hromada is set up on this installation yet. Run “hromada demo” or create one.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "no_hromada", "message": message, "fields": {}}}, status=503
                )
            return render(request, "core/no_hromada.html", {"message": message}, status=503)
        return self.get_response(request)


class TokenRequestMiddleware:
    """For the token chain (``settings.TOKEN_API_MIDDLEWARE``): nobody is logged in by a session; the
    endpoint's token authentication sets ``request.user`` to the token's person."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        return self.get_response(request)


class ApplicationErrorMiddleware:
    """Last resort for an ApplicationError a view did not handle: one clear message, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {
                    "error": {
                        "code": "method_not_allowed",
                        "message": _("This method is not allowed here. Allowed: %(methods)s.")
                        % {"methods": allowed},
                        "fields": {},
                    }
                },
                status=405,
            )
            response["Allow"] = allowed
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ApplicationError):
            return None
        if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
            response: HttpResponse = JsonResponse(exception.as_dict(), status=exception.status)
        elif getattr(request, "htmx", False):
            response = render(
                request,
                "core/_message.html",
                {"level": "error", "message": exception.message},
                status=exception.status,
            )
        else:
            messages.error(request, str(exception.message))
            response = render(
                request, "core/error.html", {"message": exception.message}, status=exception.status
            )
        if isinstance(exception, RateLimitedError):
            response["Retry-After"] = str(exception.retry_after)
        return response


class WriteRateLimitMiddleware:
    """A platform-wide ceiling on writes per caller; endpoints add tighter limits of their own."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in self.SAFE_METHODS:
            from django.conf import settings

            from . import ratelimit

            limit = settings.HROMADA_WRITE_LIMIT_PER_MINUTE
            if settings.HROMADA_RATE_LIMITS and (
                ratelimit.write_limit_folded(request.path) or ratelimit.bearer_token_call(request)
            ):
                # The endpoint checks a limit of its own before writing, or authenticates a token, which
                # names the person the hit is counted for (ratelimit.charge_deferred_write): until then
                # the hit waits, and is counted per address if nobody took it.
                with ratelimit.deferred_write_hit((f"write:{ratelimit.caller_key(request)}", limit, 60)):
                    return self.get_response(request)
            try:
                ratelimit.check(request, "write", limit=limit, window=60)
            except RateLimitedError as exc:
                response = ApplicationErrorMiddleware(self.get_response).process_exception(request, exc)
                assert response is not None
                return response
        return self.get_response(request)


class PrivateApiMiddleware:
    """An API answer to a request with credentials (a bearer token or a logged-in session) is personal:
    ``Cache-Control: private, no-store`` unless the endpoint chose its own caching. Shared caches and
    browsers' disk caches must not keep a person's data or a token's answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/") and "Cache-Control" not in response:
            user = getattr(request, "user", None)
            if "HTTP_AUTHORIZATION" in request.META or (user is not None and user.is_authenticated):
                response["Cache-Control"] = "private, no-store"
        return response


class ApiLanguageMiddleware:
    """The API has no language prefix in its paths: take `?lang=`, else the language cookie or header.

    (LocaleMiddleware gives every unprefixed path the default language when i18n_patterns are in use.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            from django.conf import settings
            from django.utils import translation

            requested = request.GET.get("lang", "")
            supported = dict(settings.LANGUAGES)
            language = requested if requested in supported else translation.get_language_from_request(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        return self.get_response(request)

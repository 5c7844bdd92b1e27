from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language

from . import metrics
from .errors import error_body

_migrations_checked = False


def _database_answers() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers and the database responds."""
    ok = _database_answers()
    return JsonResponse({"status": "ok" if ok else "error", "database": ok}, status=200 if ok else 503)


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database responds, every migration is applied (checked until it first passes), and
    no due task nor ledger entry has waited five minutes (core.metrics gauges with `not_ready_above`)."""
    global _migrations_checked
    if not _database_answers():
        return JsonResponse({"status": "error", "database": False}, status=503)
    if not _migrations_checked:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return JsonResponse({"status": "migrating", "pending_migrations": len(pending)}, status=503)
        _migrations_checked = True
    # A node that answers but whose installation is stuck (no worker takes due tasks, the ledger is not
    # being integrated) is not ready: the balancer stops sending it writes.
    stuck = metrics.not_ready_reasons()
    if stuck:
        return JsonResponse({"status": "stuck", "stuck": stuck}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
def metrics_endpoint(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (hromada/core/metrics.py): for the listed addresses or the scraper's token."""
    return metrics.metrics_view(request)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def error_response(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """The one error answer: the JSON error shape for the API, the error page for people."""
    if _wants_json(request):
        return JsonResponse(error_body(code, message), status=status)
    return render(request, "core/error.html", {"message": message, "status": status}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400, "bad_request", _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403, "forbidden", _("You do not have permission to open this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(
        request, 404, "not_found", _("There is no such page. It may have been moved or removed.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    message = _("Something went wrong on our side. Nothing you entered was saved; please try again.")
    if _wants_json(request):
        return JsonResponse(error_body("server_error", message), status=500)
    # No request context: the failure may lie in a context processor.
    from django.template import loader

    return HttpResponse(loader.get_template("core/500.html").render({"message": message}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(
        request,
        403,
        "csrf_failed",
        _(
            "Your session has expired or the form was opened in another window. Go back, reload the page and "
            "submit again."
        ),
    )


def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, reading the page address in the language it is written in.

    set_language translates `next` by resolving it in the active language, which fails for /en/… pages
    while Ukrainian is active (so switching back from English kept the English address).
    """
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    page_language = translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(page_language):
        return set_language(request)

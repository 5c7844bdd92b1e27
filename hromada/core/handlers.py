"""The WSGI application: API calls authenticated by a bearer token take a shorter middleware chain.

A signing surge is thousands of ``POST /api/v1/…`` with ``Authorization: Bearer``: for those the session,
CSRF, authentication-by-session, two-factor, messages, locale-prefix, static-file and htmx middleware do
nothing useful (the token is the only credential looked at) and cost ~0.3 ms of CPU a request. Such
requests run through ``settings.TOKEN_API_MIDDLEWARE``; every other request through ``settings.MIDDLEWARE``.
A request with a bearer token is therefore never authenticated by a session cookie it may also carry.

Machine-to-machine endpoints authenticated by a secret of their own (the chat bot's webhook: Telegram's
servers, thousands of updates a minute) register their path with :func:`lean_path` and run through
``settings.LEAN_MIDDLEWARE`` the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.utils import translation
from django.utils.translation import gettext as _

from .bodylimit import too_large
from .errors import error_body


class TokenApiHandler(WSGIHandler):
    """A WSGI handler whose middleware chain is ``settings.TOKEN_API_MIDDLEWARE``."""

    chain = "TOKEN_API_MIDDLEWARE"

    def load_middleware(self, is_async: bool = False) -> None:
        # BaseHandler.load_middleware reads settings.MIDDLEWARE: lend it the short chain while it builds
        # (at start-up, before any request is served).
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = getattr(settings, self.chain)
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


class LeanHandler(TokenApiHandler):
    """A WSGI handler whose middleware chain is ``settings.LEAN_MIDDLEWARE`` (see :func:`lean_path`)."""

    chain = "LEAN_MIDDLEWARE"


_lean_paths: list[re.Pattern[str]] = []


def lean_path(path_pattern: str) -> None:
    """Serve the endpoint at ``path_pattern`` (a regex over the whole path) through the lean chain: no
    session, CSRF, login, two-factor, messages, locale or CSP middleware. Only for an endpoint that
    authenticates every request by a secret of its own and renders no page (a webhook)."""
    _lean_paths.append(re.compile(path_pattern))


def is_lean_call(environ: dict[str, Any]) -> bool:
    path = environ.get("PATH_INFO", "")
    return any(pattern.fullmatch(path) for pattern in _lean_paths)


def is_token_api_call(environ: dict[str, Any]) -> bool:
    return (
        environ.get("PATH_INFO", "").startswith("/api/")
        and environ.get("HTTP_AUTHORIZATION", "")[:7].lower() == "bearer "
    )


class Application:
    """Dispatches each request to the token chain or the full one (see the module docstring)."""

    def __init__(self) -> None:
        self.full = WSGIHandler()
        self.token = TokenApiHandler()
        self.lean = LeanHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if too_large(environ):  # before anything reads the body (core/bodylimit.py)
            return body_too_large(environ, start_response)
        if is_token_api_call(environ):
            handler: WSGIHandler = self.token
        elif _lean_paths and is_lean_call(environ):
            handler = self.lean
        else:
            handler = self.full
        return handler(environ, start_response)


def body_too_large(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """413 without reading the body; the connection is closed so the unread body is not taken for the
    next request."""
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The request is too large.")
    if environ.get("PATH_INFO", "").startswith("/api/"):
        body = json.dumps(error_body("too_large", message)).encode()
        content_type = "application/json"
    else:
        body = message.encode()
        content_type = "text/plain; charset=utf-8"
    start_response(
        "413 Request Entity Too Large",
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [body]

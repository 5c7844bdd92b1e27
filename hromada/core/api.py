"""Shared API machinery: the one error shape, text and id types, the pagination schema.

Authentication (personal tokens, the session) belongs to `hromada.accounts.api_auth`."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser
from pydantic import AfterValidator, Field

from .errors import ApplicationError, RateLimitedError, error_body
from .ids import MAX_ID

logger = logging.getLogger("hromada.api")


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


# Text from clients: NUL characters refused (PostgreSQL cannot store them).
Text = Annotated[str, AfterValidator(_no_nul)]
# Ids: within the database's 64-bit range, so a huge number is a 400, not a database error (core/ids.py).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _empty_form(request: HttpRequest) -> bool:
    try:
        return not request.POST and not request.FILES
    except MultiPartParserError:
        return False


def json_body(request: HttpRequest) -> bytes:
    """The raw body of an API request, which must be JSON when there is one (b"" when there is none).

    A body in any other type (``text/plain``, a form) is refused with 415, never ignored: a client whose
    ``{"show_name": false}`` went out as ``text/plain`` must not get the defaults instead of its choices.
    """
    content_type = request.content_type or ""
    if content_type in _FORM_TYPES:
        # A form without fields is what a bare `POST` of some clients sends: no choices made. (Read as a
        # form: the CSRF check of a session request may have read the body as one already.)
        if _empty_form(request):
            return b""
    else:
        raw = request.body
        if not raw.strip() or content_type == "application/json" or content_type.endswith("+json"):
            return raw
    raise ApplicationError(
        _("Send the request body as JSON, with the header Content-Type: application/json."),
        code="unsupported_media_type",
        status=415,
    )


class JsonBodyParser(Parser):
    """Request bodies of every ninja endpoint: JSON only (see :func:`json_body`)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json.loads(json_body(request))


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorDetail


BEARER_CHALLENGE = 'Bearer realm="hromada"'


def _never_refused(request: HttpRequest) -> bool:
    return False


def _validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "form")]
        fields.setdefault(".".join(loc) or "__all__", []).append(str(err.get("msg", "invalid")))
    return fields


_COMMON_ERRORS = {
    "400": "Some values are missing or invalid (`invalid`, with `fields`)",
    "401": "No valid session or API token (`unauthenticated`)",
    "404": "Nothing of this hromada has this id or name (`not_found`)",
    "413": "The request body is over its cap (`too_large`)",
    "415": "The request body is not JSON (`unsupported_media_type`)",
    "429": "Too many requests (`rate_limited`, with `Retry-After`)",
}


def document_common_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to every operation of an OpenAPI document the errors any such operation may answer, in the one
    error shape: 400 when it takes parameters or a body, 401 when it needs credentials, 404 when its path
    names something, 413 and 415 when it takes a body, 429 for writes (all rate-limited)."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            codes = set()
            if operation.get("parameters") or operation.get("requestBody"):
                codes.add("400")
            if operation.get("security"):
                codes.add("401")
            if "{" in path:
                codes.add("404")
            if operation.get("requestBody"):
                codes |= {"413", "415"}
            if method in ("post", "put", "patch", "delete"):
                codes |= {"400", "413", "415", "429"}
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(code, {"description": _COMMON_ERRORS[code], "content": error})
    return schema


class HromadaAPI(NinjaAPI):
    """The project's NinjaAPI: its OpenAPI document lists the common errors of every operation."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_common_errors(super().get_openapi_schema(**kwargs))


def install_error_handlers(
    api: NinjaAPI, *, token_refused: Callable[[HttpRequest], bool] = _never_refused
) -> None:
    """Every API failure answers {"error": {"code", "message", "fields"}}, never a bare 500 page.

    ``token_refused(request)`` tells whether the request carries a bearer token found invalid only after
    authentication let it through (the identity layer's ``hromada.accounts.api_auth.token_refused``): such
    a request is answered 401, before any complaint about its path, query or body.
    """

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        if exc.status in (400, 415) and token_refused(request):
            return authentication_error(request, AuthenticationError())
        response = respond(request, exc.as_dict(), exc.status)
        if exc.status == 401:  # e.g. a token refused by the signing batch: the same challenge as ninja's
            response["WWW-Authenticate"] = BEARER_CHALLENGE
        if isinstance(exc, RateLimitedError):
            response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if token_refused(request):
            return authentication_error(request, AuthenticationError())
        return respond(
            request,
            error_body("invalid", _("Some values are missing or invalid."), _validation_fields(exc.errors)),
            400,
        )

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request,
            error_body("unauthenticated", _("Log in or send a valid API token (Authorization: Bearer …).")),
            401,
        )
        response["WWW-Authenticate"] = BEARER_CHALLENGE
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, ApplicationError):  # our parser's refusal, wrapped by ninja as a 400
            return application_error(request, exc.__cause__)
        codes = {
            400: "bad_request",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            429: "rate_limited",
        }
        message = str(exc)
        if exc.status_code == 400 and "parse" in message.lower():
            message = _("The request body is not valid JSON.")
        elif exc.status_code == 403 and "csrf" in message.lower():
            message = _(
                "The CSRF token is missing or wrong: send the X-CSRFToken header with session requests, "
                "or use an API token."
            )
        return respond(request, error_body(codes.get(exc.status_code, "error"), message), exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, error_body("not_found", _("Not found.")), 404)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, error_body("too_large", _("The request body is too large.")), 413)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error on %s", request.path)
        return respond(
            request,
            error_body("server_error", _("Something went wrong on our side; nothing was saved.")),
            500,
        )


class Page(PageNumberPagination):
    """Every paginated API list: ``?page=&page_size=`` → ``{"items", "count", "page", "page_size"}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(20, ge=1, le=100)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int

    def paginate_queryset(  # type: ignore[override]
        self, queryset: Any, pagination: Any, request: Any = None, **params: Any
    ) -> dict[str, Any]:
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": self._items_count(queryset),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }

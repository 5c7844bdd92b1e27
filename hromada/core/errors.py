"""One application error type, turned into one page message or one JSON error shape by every interface."""

from __future__ import annotations

from typing import Any, NoReturn

from django.utils.functional import Promise


class ApplicationError(Exception):
    """A refused request: the message is for the person, `code` for programs, `fields` per form field."""

    status = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.fields = fields or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": str(self.message),
                "fields": {name: [str(m) for m in msgs] for name, msgs in self.fields.items()},
            }
        }


class PermissionDeniedError(ApplicationError):
    status = 403
    default_code = "forbidden"


class NotFoundError(ApplicationError):
    status = 404
    default_code = "not_found"


class ConflictError(ApplicationError):
    status = 409
    default_code = "conflict"


class RateLimitedError(ApplicationError):
    status = 429
    default_code = "rate_limited"

    def __init__(self, message: str | Promise, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def ensure(
    condition: object, message: str | Promise, *, code: str | None = None, field: str | None = None
) -> None:
    """Raise ApplicationError with `message` unless `condition` holds."""
    if not condition:
        fail(message, code=code, field=field)


def fail(message: str | Promise, *, code: str | None = None, field: str | None = None) -> NoReturn:
    raise ApplicationError(message, code=code, fields={field: [str(message)]} if field else None)


def error_body(
    code: str, message: str | Promise, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return ApplicationError(message, code=code, fields=fields).as_dict()


# SQLSTATEs after which PostgreSQL has rolled the whole transaction back and running it again may succeed:
# a deadlock (two transactions took the same row locks in different orders) and a serialisation failure.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})


def is_transient_conflict(exc: BaseException) -> bool:
    """Whether ``exc`` (a Django database error) is a deadlock or serialisation failure worth one retry."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    return getattr(cause, "sqlstate", None) in TRANSIENT_SQLSTATES

"""Structured logs: one JSON object per line, and one line per request (HROMADA_LOG_FORMAT=json).

The request line is written by ``core.metrics.ObserveRequestMiddleware``, which also counts the request.

Each request gets an id: the reverse proxy's ``X-Request-ID`` (nginx's ``$request_id``, see
deploy/nginx/hromada.conf) when it is a plain token, else a new one. It is answered in the response's
``X-Request-ID`` header and added to every log record written while the request runs, so the proxy's
access log, the request line and any error of that request can be joined. The request line
(logger ``hromada.request``) holds the hromada, the route pattern (never the ids in the path), the status,
the duration, the number of SQL queries and a keyed hash of the user id: no personal data in the logs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest

request_id_var: ContextVar[str] = ContextVar("hromada_request_id", default="")
request_logger = logging.getLogger("hromada.request")
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# The standard attributes of a LogRecord: everything else a caller passed in `extra` goes into the line.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def current_request_id() -> str:
    """The id of the request this thread is serving ("" outside a request)."""
    return request_id_var.get()


def user_hash(user_id: int | None) -> str | None:
    """A stable pseudonym of a user id for logs: HMAC with the secret key, 16 hex digits."""
    if user_id is None:
        return None
    digest = hmac.new(settings.SECRET_KEY.encode(), f"user:{user_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, request id, `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def request_id_for(request: HttpRequest) -> str:
    """The proxy's X-Request-ID when it is a plain token of 8 to 64 characters, else a new id."""
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    return offered if _VALID_ID.fullmatch(offered) else os.urandom(16).hex()


# The request id travels with the task it queued: stored beside the task's arguments in django-tasks-db's
# row by `core/taskbackend.py` (an extra key its worker ignores), and set again by `hromada worker` while
# it runs the task, so the worker's lines for that task (and what the task logs) carry it.
TASK_REQUEST_ID_KEY = "hromada_request_id"


def task_request_id(args_kwargs: object) -> str:
    """The id of the request that queued a task ("" when none did), from its stored arguments."""
    value = args_kwargs.get(TASK_REQUEST_ID_KEY) if isinstance(args_kwargs, dict) else None
    return value if isinstance(value, str) and _VALID_ID.fullmatch(value) else ""

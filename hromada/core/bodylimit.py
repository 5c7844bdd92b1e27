"""Request bodies are capped before anything reads them: the WSGI entry point (``hromada.wsgi``) answers
413 to a request whose declared ``Content-Length`` is over its path's cap, without reading a byte of it.

- Every path: ``settings.HROMADA_REQUEST_MAX_BYTES`` (1 MiB): forms, JSON, the language switch.
- A page that takes files registers itself with :func:`allow_uploads` (in its app's ``ready()``): its cap
  is ``files × HROMADA_UPLOAD_MAX_BYTES + HROMADA_REQUEST_MAX_BYTES``.

A body sent without ``Content-Length`` (chunked) is never read by Django (it reads ``Content-Length``
bytes, so zero), so the declared length is the whole story. Behind a reverse proxy, cap bodies there too
(nginx ``client_max_body_size``), so a big upload does not even reach an app node (README, production).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

_uploads: list[tuple[re.Pattern[str], int]] = []  # (path pattern, files a request may carry)


def allow_uploads(path_pattern: str, *, files: int) -> None:
    """Let requests to `path_pattern` (a regex over the whole path, language prefix included) carry up to
    `files` uploaded files of ``HROMADA_UPLOAD_MAX_BYTES`` each."""
    _uploads.append((re.compile(path_pattern), files))


def max_body_bytes(path: str) -> int:
    """The largest body a request to `path` may declare."""
    base: int = settings.HROMADA_REQUEST_MAX_BYTES
    files = max((n for pattern, n in _uploads if pattern.fullmatch(path)), default=0)
    return base + files * settings.HROMADA_UPLOAD_MAX_BYTES


def declared_length(environ: dict[str, Any]) -> int:
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads nothing of a body whose length it cannot parse either


def too_large(environ: dict[str, Any]) -> bool:
    """Whether the request's declared body is over its path's cap (one comparison for ordinary requests;
    the upload patterns are looked at only for a body over the base cap)."""
    length = declared_length(environ)
    if length <= settings.HROMADA_REQUEST_MAX_BYTES:
        return False
    return length > max_body_bytes(environ.get("PATH_INFO", ""))

"""Request bodies are capped by the WSGI entry point before anything reads them (core/bodylimit.py)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test.client import RequestFactory

from hromada.core.bodylimit import max_body_bytes
from hromada.wsgi import application

MiB = 1024 * 1024


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def readable(self) -> bool:
        return True

    def read(self, *args: object) -> bytes:
        pytest.fail("the body of a request over the cap was read")

    readline = readinto = read  # type: ignore[assignment]


def call(
    path: str, length: int, *, stream: io.RawIOBase | None = None, **extra: str
) -> tuple[str, dict, bytes]:
    environ = RequestFactory()._base_environ(  # type: ignore[attr-defined]
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_TYPE="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(length),
        **extra,
    )
    environ["wsgi.input"] = stream or Unreadable()
    answer: dict = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    # As Django's test client does: the handler must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def test_a_300_mb_upload_to_the_language_switch_is_refused_unread(db, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)

    status, headers, body = call("/i18n/setlang/", 300 * MiB)

    assert status.startswith("413")
    assert headers["Connection"] == "close"
    assert "завеликий" in body.decode()
    assert list(tmp_path.iterdir()) == []  # nothing written to disk


def test_an_api_body_over_the_cap_gets_the_json_error_shape(db):
    status, _headers, body = call(
        "/api/v1/petitions/1/signatures", 2 * MiB, HTTP_AUTHORIZATION="Bearer hrm_x"
    )

    assert status.startswith("413")
    assert json.loads(body)["error"]["code"] == "too_large"


def test_pages_that_take_files_allow_their_files_and_no_more(settings):
    settings.HROMADA_REQUEST_MAX_BYTES = 1 * MiB
    settings.HROMADA_UPLOAD_MAX_BYTES = 10 * MiB

    assert max_body_bytes("/i18n/setlang/") == 1 * MiB
    assert max_body_bytes("/petitions/") == 1 * MiB
    assert max_body_bytes("/petitions/7/respond/answer/") == 11 * MiB
    assert max_body_bytes("/en/budget/projects/7/edit/") == 101 * MiB
    assert max_body_bytes("/budget/2026/submit/") == 101 * MiB
    assert max_body_bytes("/budget/review/3/milestones/") == 11 * MiB


def test_a_body_within_the_cap_reaches_the_application(db, hromada):
    form = b'--BoUnDaRy\r\nContent-Disposition: form-data; name="language"\r\n\r\nen\r\n--BoUnDaRy--\r\n'

    status, _headers, _body = call("/i18n/setlang/", len(form), stream=io.BytesIO(form))

    assert status.startswith("403")  # Django read it: the CSRF check refused the form (no token)

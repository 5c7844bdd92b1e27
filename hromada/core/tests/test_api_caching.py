"""API answers to a token or a session are personal: never stored by a cache."""

from __future__ import annotations

import io

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.test.client import RequestFactory

from hromada.accounts.actions import api_token_create
from hromada.wsgi import application

pytestmark = pytest.mark.django_db


def wsgi_get(path: str, **extra: str) -> dict[str, str]:
    """GET through hromada.wsgi, as the server calls it (a bearer token takes the token chain)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", **extra)  # type: ignore[attr-defined]
    environ["wsgi.input"] = io.BytesIO(b"")
    answer: dict = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        answer.update(headers, status=status)

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        b"".join(application(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer


def test_token_api_answers_are_not_stored(resident):
    _token, secret = api_token_create(user=resident, name="phone")

    me = wsgi_get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    refused = wsgi_get("/api/v1/me", HTTP_AUTHORIZATION="Bearer hrm_wrong")

    assert me["status"].startswith("200") and me["Cache-Control"] == "private, no-store"
    assert refused["status"].startswith("401") and refused["Cache-Control"] == "private, no-store"


def test_session_api_answers_are_not_stored(resident):
    client = Client()
    client.force_login(resident)

    assert client.get("/api/v1/me")["Cache-Control"] == "private, no-store"


def test_anonymous_public_answers_keep_their_own_caching(hromada):
    assert "Cache-Control" not in Client().get("/api/v1/petitions")

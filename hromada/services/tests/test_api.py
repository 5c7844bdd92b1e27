"""The services API: the catalogue, a service with its form, filing (201, 400 per field, idempotent),
the status lookup and the caller's applications."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hromada.accounts.actions import api_token_create
from hromada.services.models import Application

from .factories import GOOD, make_service

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _post(client, body, **headers):
    return client.post("/api/v1/applications", json.dumps(body), content_type="application/json", **headers)


def test_catalogue_is_paginated_and_filtered(client, world):
    make_service(world.hromada, code="cnap-001", online=False)
    answer = client.get("/api/v1/services", {"page_size": 1})
    assert answer.status_code == 200
    assert answer.json()["count"] == 2 and len(answer.json()["items"]) == 1
    online = client.get("/api/v1/services", {"online": "true"}).json()
    assert [s["code"] for s in online["items"]] == ["cnap-038"] and online["items"][0]["online"] is True
    assert client.get("/api/v1/services", {"category": "land"}).json()["count"] == 0


def test_a_search_longer_than_the_sites_search_box_is_refused(client, world):
    assert client.get("/api/v1/services", {"q": "паспорт " * 25}).status_code == 200
    assert client.get("/api/v1/services", {"q": "паспорт " * 26}).status_code == 400


def test_a_service_has_its_card_tariffs_and_form(client, world):
    answer = client.get(f"/api/v1/services/{world.service.code}")
    body = answer.json()
    assert answer.status_code == 200
    assert body["tariffs"][0] == {
        "variant": "regular", "term_value": 5, "term_unit": "working_days", "fee_formula": "0", "fee_kop": 0,
    }  # fmt: skip
    assert body["definition_version"] == 1 and body["definition"]["fields"][1]["type"] == "rnokpp"
    assert client.get("/api/v1/services/nothing").status_code == 404


def test_filing_through_the_api_is_idempotent_and_the_status_is_public_by_code(world):
    client = Client()
    headers = _bearer(world.resident)
    body = {"service": world.service.code, "data": GOOD, "idempotency_key": "retry-1"}
    first = _post(client, body, **headers)
    assert first.status_code == 201
    number, code = first.json()["number"], first.json()["access_code"]
    again = _post(client, body, **headers)
    assert again.status_code == 200 and again.json()["number"] == number
    assert Application.objects.count() == 1
    assert Application.objects.get().channel == "api"

    status = Client().get(f"/api/v1/applications/{number}", {"code": code})
    assert status.status_code == 200 and status.json()["status"] == "submitted"
    assert "full_name" not in status.content.decode()
    assert Client().get(f"/api/v1/applications/{number}", {"code": "NOPE1234"}).status_code == 404

    mine = client.get("/api/v1/applications/mine", **headers)
    assert [a["number"] for a in mine.json()] == [number]


def test_bad_fields_answer_400_with_the_field_named(world):
    answer = _post(
        Client(),
        {"service": world.service.code, "data": {**GOOD, "rnokpp": "1111111111"}},
        **_bearer(world.resident),
    )
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "invalid" and "РНОКПП" in error["fields"]["rnokpp"][0]


def test_filing_needs_credentials(world):
    assert _post(Client(), {"service": world.service.code, "data": GOOD}).status_code == 401

"""The OpenAPI document describes what the API answers (schemathesis checks it live: .ci/run)."""

from __future__ import annotations

import pytest


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _answer_schema(document: dict, path: str, method: str, status: str) -> dict:
    content = document["paths"][path][method]["responses"][status]["content"]["application/json"]
    return _resolve(document, content["schema"])


@pytest.mark.django_db
def test_each_documented_answer_names_its_own_schema(client, hromada):
    """Two schemas were both named ReceiptOut: the ledger's receipt was documented as the signing one."""
    document = client.get("/api/v1/openapi.json").json()

    receipt = _answer_schema(document, "/api/v1/ledger/receipts/{receipt_id}", "get", "200")
    signed = _answer_schema(document, "/api/v1/petitions/{petition_id}/signatures", "post", "201")
    signing_receipt = _resolve(document, signed["properties"]["receipt"])

    assert {"receipt_id", "integrated", "hashes", "tree_size"} <= set(receipt["properties"])
    assert {"personal_receipt", "download_url"} <= set(signing_receipt["properties"])

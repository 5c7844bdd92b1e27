"""One hromada's items never show on another's site: pages, API (core/tests/test_tenancy.py)."""

import pytest
from django.test import Client

from .factories import make_published_item

pytestmark = pytest.mark.django_db


def test_another_hromadas_items_are_not_found_here(client, hromada, other_hromada):
    theirs = make_published_item(other_hromada, title="Вербівський графік")
    there = Client(HTTP_HOST="verbivka.localhost")

    assert "Вербівський графік" not in client.get("/consultations/").content.decode()
    assert client.get(f"/consultations/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/consultations/items/{theirs.pk}").status_code == 404
    assert client.get("/api/v1/consultations/items").json()["count"] == 0
    assert there.get(f"/consultations/{theirs.pk}/").status_code == 200

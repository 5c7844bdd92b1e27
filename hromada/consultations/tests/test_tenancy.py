"""One hromada's consultations never show on another's site: pages, API (core/tests/test_tenancy.py)."""

import pytest
from django.test import Client

from .factories import make_consultation

pytestmark = pytest.mark.django_db


def test_another_hromadas_consultations_are_not_found_here(client, hromada, other_hromada):
    theirs = make_consultation(other_hromada, title="Вербівська консультація")
    there = Client(HTTP_HOST="verbivka.localhost")

    assert "Вербівська консультація" not in client.get("/consultations/").content.decode()
    assert client.get(f"/consultations/{theirs.pk}/").status_code == 404
    assert client.get(f"/consultations/{theirs.pk}/report/").status_code == 404
    assert client.get(f"/api/v1/consultations/{theirs.pk}").status_code == 404
    assert client.get("/api/v1/consultations").json()["count"] == 0
    assert there.get(f"/consultations/{theirs.pk}/").status_code == 200

"""The transparency log on /metrics and /readyz (ledger/metrics.py)."""

import datetime as dt

import pytest

from hromada.ledger.actions import ledger_append, ledger_integrate

pytestmark = pytest.mark.django_db


def test_pending_ledger_entries_are_counted_per_hromada(hromada, client):
    ledger_append(hromada=hromada, kind="test.metrics", payload={"n": 1})
    ledger_append(hromada=hromada, kind="test.metrics", payload={"n": 2})

    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    assert f'hromada_ledger_pending_entries{{hromada="{hromada.slug}"}} 2.0' in text


def test_a_log_with_nothing_pending_reports_zero_pending_entries(hromada, client):
    ledger_append(hromada=hromada, kind="test.metrics", payload={"n": 1})
    ledger_integrate(hromada=hromada)

    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    assert f'hromada_ledger_pending_entries{{hromada="{hromada.slug}"}} 0.0' in text


def test_readyz_fails_while_a_ledger_entry_waits_over_five_minutes(hromada, client, clock):
    ledger_append(hromada=hromada, kind="test.metrics", payload={"n": 1})
    clock.advance(dt.timedelta(minutes=4))
    assert client.get("/readyz").status_code == 200

    clock.advance(dt.timedelta(minutes=2))
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "stuck"
    assert "hromada_ledger_oldest_pending_age_seconds" in response.json()["stuck"][0]

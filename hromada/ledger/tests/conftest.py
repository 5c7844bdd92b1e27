"""Fixtures of the ledger tests: a private key directory per test, and a helper that appends entries."""

from __future__ import annotations

import pytest
from django.db import transaction

from hromada.ledger.actions import Receipt, ledger_append


@pytest.fixture(autouse=True)
def _ledger_keys(settings, tmp_path):
    """Signing keys of this test only (the default directory is shared by every run and worker)."""
    settings.HROMADA_LEDGER_KEY_DIR = tmp_path / "ledger-keys"
    return settings.HROMADA_LEDGER_KEY_DIR


@pytest.fixture
def key_dir(_ledger_keys):
    return _ledger_keys


@pytest.fixture
def append():
    """append(hromada, count, kind=…) → receipts, each entry in its own (nested) transaction."""

    def run(hromada, count: int = 1, *, kind: str = "demo.noted", start: int = 0) -> list[Receipt]:
        receipts = []
        for number in range(start, start + count):
            with transaction.atomic():
                receipts.append(ledger_append(hromada=hromada, kind=kind, payload={"number": number}))
        return receipts

    return run

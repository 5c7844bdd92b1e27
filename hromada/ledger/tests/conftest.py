"""Fixtures of the ledger tests: a private key directory per test, and a helper that appends entries."""

from __future__ import annotations

import pytest
from django.db import transaction

from hromada.ledger.actions import Receipt, ledger_append


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

"""Closing a quarter against the hourly computation and against itself, with real concurrent clients on
their own database connections (PostgreSQL; SQLite serialises writers)."""

from __future__ import annotations

import pytest

from hromada.core.errors import ConflictError
from hromada.core.indicators import Quarter, indicators
from hromada.insight.actions import quarter_close, values_compute
from hromada.insight.models import ClosedQuarter, Value
from hromada.ledger.models import Entry, PendingEntry
from tests.concurrency import postgres_only, race

Q3 = Quarter(2026, 3)


@pytest.mark.django_db(transaction=True)
def test_a_quarter_closed_while_it_is_being_computed_is_closed_once_and_never_changed(
    hromada, administrator, at_noon
):
    postgres_only()
    values_compute(hromada=hromada, quarter=Q3)

    outcomes = race(
        [lambda: quarter_close(hromada=hromada, actor=administrator, quarter=Q3) for _ in range(4)]
        + [lambda: values_compute(hromada=hromada, quarter=Q3) for _ in range(4)]
    )

    closes = [o for o in outcomes[:4] if isinstance(o, ClosedQuarter)]
    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    assert len(closes) == 1 and len(refused) + 1 + sum(isinstance(o, int) for o in outcomes[4:]) == 8
    assert ClosedQuarter.objects.filter(hromada=hromada, quarter="2026-Q3").count() == 1
    published = [
        m.objects.filter(hromada=hromada, kind="insight.quarter_closed").count()
        for m in (PendingEntry, Entry)
    ]
    assert sum(published) == 1  # pending, or already sequenced into the log
    final = Value.objects.filter(hromada=hromada, quarter="2026-Q3")
    assert final.count() == len(indicators())
    assert max(v.computed_at for v in final) <= ClosedQuarter.objects.get().closed_at

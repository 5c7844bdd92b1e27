"""The transparency log's series on /metrics (hromada/core/metrics.py), read from the database on scrape."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Min

from hromada.core import clock
from hromada.core.metrics import Gauge, register_gauge

from .models import Checkpoint, Log, PendingEntry

Sample = tuple[tuple[str, ...], float]


def _pending() -> list[dict[str, object]]:
    return list(
        PendingEntry.objects.values("hromada__slug").annotate(n=Count("pk"), oldest=Min("created_at"))
    )


def _per_log(values: dict[str, float]) -> list[Sample]:
    """Per hromada with a log, 0 where nothing waits (an absent series would read as "unknown")."""
    for slug in Log.objects.values_list("hromada__slug", flat=True):
        values.setdefault(slug, 0.0)
    return [((slug,), values[slug]) for slug in sorted(values)]


def pending_entries() -> Iterable[Sample]:
    return _per_log({str(row["hromada__slug"]): float(row["n"]) for row in _pending()})  # type: ignore[arg-type]


def oldest_pending_age() -> Iterable[Sample]:
    now = clock.now()
    return _per_log(
        {str(row["hromada__slug"]): (now - row["oldest"]).total_seconds() for row in _pending()}  # type: ignore[operator]
    )


def seconds_since_checkpoint() -> Iterable[Sample]:
    now = clock.now()
    rows = Checkpoint.objects.values("hromada__slug").annotate(last=Max("created_at"))
    return [((row["hromada__slug"],), (now - row["last"]).total_seconds()) for row in rows]


def register() -> None:
    register_gauge(
        Gauge(
            "hromada_ledger_pending_entries",
            "Entries appended but not yet integrated into the log, by hromada.",
            ("hromada",),
            pending_entries,
        )
    )
    # The workers integrate every 10 s; an entry waiting five minutes means the log is not being published.
    register_gauge(
        Gauge(
            "hromada_ledger_oldest_pending_age_seconds",
            "Seconds the oldest entry not yet integrated has waited, by hromada.",
            ("hromada",),
            oldest_pending_age,
            not_ready_above=300,
        )
    )
    register_gauge(
        Gauge(
            "hromada_ledger_seconds_since_checkpoint",
            "Seconds since the log's latest checkpoint was signed (a quiet log signs none), by hromada.",
            ("hromada",),
            seconds_since_checkpoint,
        )
    )

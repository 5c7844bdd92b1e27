"""Keeping the summary tables (``summary.py``, ``models.ReportCount`` / ``ReportDays`` /
``ReportDistrictDays`` / ``ReportDue`` for the analytics, ``ReportMapCell`` for the city map's clusters):
each open-city action that changes what they count adds
the difference in its own transaction (``summary_record``), as increments (``INSERT … ON CONFLICT … DO
UPDATE SET n = n + excluded.n``), so two transactions changing the same group never lose a count;
``report_summary_rebuild`` recomputes a hromada's rows from its reports. Derived numbers, not commitments:
no ledger entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections, transaction

from hromada.core.models import Hromada

from .. import summary
from ..models import Report, ReportCount, ReportDays, ReportDistrictDays, ReportDue, ReportMapCell

KEYS: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {
    summary.COUNT: (
        ReportCount,
        ("category_id", "district", "channel", "month"),
        summary.COUNT_COLUMNS,
    ),
    summary.DAYS: (ReportDays, ("category_id", "month", "measure", "days"), ("reports",)),
    summary.DISTRICT_DAYS: (
        ReportDistrictDays,
        ("category_id", "district", "month", "measure", "days"),
        ("reports",),
    ),
    summary.DUE: (ReportDue, ("category_id", "district", "month", "due_month"), ("reports",)),
    summary.MAP: (
        ReportMapCell,
        ("zoom", "cell_x", "cell_y", "category_id", "status"),
        summary.MAP_COLUMNS,
    ),
}
FACT_FIELDS = (
    "category_id",
    "district_id",
    "channel",
    "submitted_month",
    "status",
    "close_reason",
    "closed_at",
    "due_at",
    "reopen_count",
    "response_working_days",
    "fix_working_days",
    "lon",
    "lat",
    "id",
)


def summary_facts(*, report: Any) -> summary.Facts:
    """What the summary reads of a report (a model instance, or anything with its fields)."""
    return summary.Facts(*(getattr(report, f) for f in FACT_FIELDS))


def _apply(hromada_id: int, delta: summary.Delta, *, models: dict[str, Any] | None = None) -> None:
    """Add ``delta`` to the hromada's summary rows: one upsert statement per table, keys in order (two
    transactions touching the same rows lock them in the same order)."""
    by_table: dict[str, list[tuple[tuple[object, ...], tuple[int, ...]]]] = {}
    for (table, key), change in delta.items():
        by_table.setdefault(table, []).append((key, tuple(change)))
    for table in sorted(by_table):
        model, key_columns, value_columns = KEYS[table]
        model = (models or {}).get(table, model)
        rows = sorted(by_table[table], key=lambda r: tuple(str(v) for v in r[0]))
        connection = connections[model.objects.db]
        quote = connection.ops.quote_name
        name = quote(model._meta.db_table)
        keys = ("hromada_id", *key_columns)
        columns = ", ".join(quote(c) for c in (*keys, *value_columns))
        row_sql = "(" + ", ".join(["%s"] * (len(keys) + len(value_columns))) + ")"
        sets = ", ".join(f"{quote(c)} = {name}.{quote(c)} + excluded.{quote(c)}" for c in value_columns)
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            sql = (
                f"INSERT INTO {name} ({columns}) VALUES {', '.join([row_sql] * len(chunk))} "  # noqa: S608
                f"ON CONFLICT ({', '.join(quote(c) for c in keys)}) DO UPDATE SET {sets}"
            )
            params: list[Any] = []
            for key, change in chunk:
                params += [hromada_id, *key, *change]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)


def summary_record(*, report: Report, before: summary.Facts | None) -> None:
    """Add to the summary what changed in ``report`` since ``before`` (``None``: a new report); call it in
    the action's transaction, after the report is written."""
    delta = summary.difference(before, summary_facts(report=report))
    if delta:
        _apply(report.hromada_id, delta)


def report_summary_rebuild(
    *,
    hromada: Hromada,
    batch_size: int = 20_000,
    progress: Callable[[int, int], None] | None = None,
    models: dict[str, Any] | None = None,
) -> int:
    """Recompute the hromada's summary rows from its reports (reading them in batches of ``batch_size`` by
    primary key, ``progress(done, total)`` after each) in one transaction: on PostgreSQL the summary tables
    are locked against writers first, so an action running meanwhile either committed before (and is read)
    or adds its difference after (to the rebuilt rows); SQLite has one writer at a time anyway. Returns
    the number of reports read. ``models`` lets a data migration pass its historical models
    (``report``, and the tables by ``summary.COUNT``/``DAYS``/``DISTRICT_DAYS``/``DUE``/``MAP``): then
    only the tables it names are rebuilt (a migration's tables are those that existed then)."""
    report_model = (models or {}).get("report", Report)
    if models is None:
        tables = {table: spec[0] for table, spec in KEYS.items()}
    else:
        tables = {table: models[table] for table in KEYS if table in models}
    with transaction.atomic(using=report_model.objects.db):
        connection = connections[report_model.objects.db]
        if connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables.values())
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {names} IN EXCLUSIVE MODE")
        for model in tables.values():
            model.objects.filter(hromada_id=hromada.pk).delete()
        reports = report_model.objects.filter(hromada_id=hromada.pk).order_by("pk")
        total = reports.count()
        sums: dict[summary.Key, list[int]] = {}
        cells = summary.MAP in tables
        done, last = 0, 0
        while True:
            batch = list(reports.filter(pk__gt=last).values_list("pk", *FACT_FIELDS)[:batch_size])
            if not batch:
                break
            for row in batch:
                summary.add(sums, summary.contribution(summary.Facts(*row[1:]), cells=cells))
            done, last = done + len(batch), batch[-1][0]
            if progress is not None:
                progress(done, total)
        rows = {key: tuple(n) for key, n in sums.items() if key[0] in tables and any(n)}
        _apply(hromada.pk, rows, models=tables)
    return done

"""Filling what the analytics keep on a report for rows written before the actions kept it (or after a
correction of a hromada's calendar): the Kyiv month of filing and the working days to the first response
and to the current fix. Derived numbers, not commitments: no ledger entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections, transaction
from django.db.models import Q

from hromada.core.calendar import calendar_for
from hromada.core.models import Hromada

from .. import timing
from ..models import Report, Status

FIELDS = ("submitted_month", "response_working_days", "fix_working_days")


def reports_analytics_fill(
    *,
    hromada: Hromada | None = None,
    everything: bool = False,
    batch_size: int = 2000,
    progress: Callable[[int, int], None] | None = None,
    model: Any = Report,
) -> int:
    """Compute the analytics' fields of the reports that lack them (``everything``: of every report), in
    batches of ``batch_size`` by primary key, each batch in its own transaction; ``progress(done, total)``
    after each batch, then rebuilds the analytics' summary (``report_summary_rebuild``) of each hromada
    written to (not for a migration's historical model). Returns how many reports were written.
    ``model`` lets a data migration pass its historical model (only these columns and the dates are
    read)."""
    qs = model.objects.all()
    if hromada is not None:
        qs = qs.filter(hromada_id=hromada.pk)
    if not everything:
        qs = qs.filter(
            Q(submitted_month__isnull=True)
            | Q(responded_at__isnull=False, response_working_days__isnull=True)
            | Q(status=Status.FIXED, fix_working_days__isnull=True)
        )
    total = qs.count()
    connection = connections[qs.db]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(model._meta.get_field(f).column)} = %s" for f in FIELDS)
    table, pk_column = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {columns} WHERE {pk_column} = %s"  # noqa: S608 (the model's own names)
    postgresql = connection.vendor == "postgresql"
    if postgresql:  # one statement per batch: a round trip per row costs more than the computing
        batch_size = min(batch_size, 10_000)  # 4 parameters a row, at most 65,535 a statement
        sets = ", ".join(
            f"{quote(model._meta.get_field(f).column)} = v.{name}"
            for f, name in zip(FIELDS, ("m", "r", "f"), strict=True)
        )
        sql_batch = (
            f"UPDATE {table} SET {sets} FROM (VALUES %s) AS v (m, r, f, id) "  # noqa: S608 (our own names)
            f"WHERE {table}.{pk_column} = v.id"
        )
    counters: dict[int, timing.WorkingDayCounter] = {}
    done, last_pk = 0, 0
    while True:
        rows = list(
            qs.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "hromada_id", "submitted_at", "responded_at", "closed_at", "status")[
                :batch_size
            ]
        )
        if not rows:
            break
        updates = []
        for pk, hromada_id, submitted, responded, closed, status in rows:
            counter = counters.get(hromada_id)
            if counter is None:
                owner = Hromada.objects.only("pk", "slug").get(pk=hromada_id)
                counter = counters[hromada_id] = timing.WorkingDayCounter(calendar_for(hromada=owner))
            updates.append(
                (
                    connection.ops.adapt_datefield_value(timing.month_of(submitted)),
                    counter.between(submitted, responded) if responded else None,
                    counter.between(submitted, closed) if status == Status.FIXED and closed else None,
                    pk,
                )
            )
        # SQLite: one prepared UPDATE by primary key, executed per row (Django's bulk_update builds a CASE
        # with a branch per row, which SQLite evaluates for every row: quadratic in the batch); PostgreSQL:
        # one UPDATE … FROM (VALUES …) per batch.
        with transaction.atomic(using=qs.db), connections[qs.db].cursor() as cursor:
            if postgresql:
                values = ", ".join(["(%s::date, %s::integer, %s::integer, %s::bigint)"] * len(updates))
                cursor.execute(
                    sql_batch.replace("VALUES %s", f"VALUES {values}"), [v for u in updates for v in u]
                )
            else:
                cursor.executemany(sql, updates)
        done += len(rows)
        last_pk = rows[-1][0]
        if progress is not None:
            progress(done, total)
    if model is Report and done:
        # The summary tables are sums of these numbers: recompute those of the hromadas written to.
        from .summary import report_summary_rebuild

        for owner in Hromada.objects.filter(pk__in=counters):
            report_summary_rebuild(hromada=owner)
    return done

"""The bot's hot writes, cheap for the CPU: the webhook's one INSERT of an update, and the worker's two
batch writes — the answers of a batch (``Outgoing`` rows) and its chats — in one statement each.

The webhook's INSERT (:func:`inbound_insert`) is written by hand, ``ON CONFLICT DO NOTHING`` on the unique
``(bot, update_id)``: the ORM's ``save()`` cost ~0.3 ms of the webhook's CPU per update (compiling the
INSERT, model signals), and a retried delivery raised an ``IntegrityError`` (an error in the server's log
each time) instead of inserting nothing.

On PostgreSQL the whole batch travels as **one JSON parameter**, bound on the server
(``core.batchsql.hot_cursor``), and ``jsonb_to_recordset`` turns it into rows: ``json.dumps`` of the
batch is one C call. Django's ``bulk_create`` instead sends one array per column, and psycopg's text
array dumper escapes every quote of every JSON payload with a regular expression (~0.5 ms of CPU per
answer); ``bulk_update`` builds a ``CASE`` per field and chat (~2.5 ms per chat). Measured with
``bench/bot.py --profile`` (docs/performance.md, "City chat bot"). Elsewhere (SQLite) Django's own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction

from hromada.core import clock
from hromada.core.batchsql import hot_cursor

from .models import Chat, InboundUpdate, Outgoing
from .outbox import QueuedCall


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    return cast("models.Field[Any, Any]", model._meta.get_field(name))


def _inbound_sql() -> str:
    meta = InboundUpdate._meta
    quote = connection.ops.quote_name
    names = ", ".join(quote(_field(InboundUpdate, name).column) for name in _INBOUND_FIELDS)
    marks = ", ".join(
        "%s::jsonb" if name == "payload" and connection.vendor == "postgresql" else "%s"
        for name in _INBOUND_FIELDS
    )
    unique = ", ".join(quote(_field(InboundUpdate, name).column) for name in ("bot", "update_id"))
    return (
        f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks}) "  # noqa: S608 - names are the model's
        f"ON CONFLICT ({unique}) DO NOTHING RETURNING {quote(meta.pk.column)}"
    )


_INBOUND_FIELDS = (
    "hromada",
    "bot",
    "update_id",
    "payload",
    "outcome",
    "processed_at",
    "created_at",
    "updated_at",
)
_inbound_statements: dict[str, str] = {}


def inbound_insert(
    *,
    hromada_id: int,
    bot_id: int,
    update_id: int,
    payload: object,
    outcome: str,
    processed_at: dt.datetime | None,
) -> int | None:
    """Insert a received update unless its ``(bot, update_id)`` is there already (a retried delivery):
    one statement, no error on the repeat. The new row's id, or None when it was there."""
    if not connection.features.can_return_columns_from_insert:  # an SQLite older than 3.35
        row = InboundUpdate(
            hromada_id=hromada_id,
            bot_id=bot_id,
            update_id=update_id,
            payload=payload,
            outcome=outcome,
            processed_at=processed_at,
        )
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            return None
        return row.pk
    sql = _inbound_statements.get(connection.vendor)
    if sql is None:
        sql = _inbound_statements[connection.vendor] = _inbound_sql()
    moment = clock.now()
    params: list[Any] = [
        hromada_id,
        bot_id,
        update_id,
        json.dumps(payload),  # as the JSONField stores it
        outcome,
        processed_at,
        moment,
        moment,
    ]
    if connection.vendor != "postgresql":  # SQLite keeps timestamps as text, as Django writes them
        params[5:8] = [connection.ops.adapt_datetimefield_value(value) for value in params[5:8]]
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        inserted = cursor.fetchone()
    return None if inserted is None else int(inserted[0])


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _recordset(fields: Sequence[models.Field[Any, Any]]) -> str:
    """``jsonb_to_recordset(%s::jsonb) AS x(c0 <type>, …)`` for these fields, in order."""
    columns = ", ".join(f"c{n} {field.db_type(connection)}" for n, field in enumerate(fields))
    return f"jsonb_to_recordset(%s::jsonb) AS x({columns})"


def outgoing_insert(rows: Sequence[QueuedCall]) -> None:
    """Insert these queued calls as ``Outgoing`` rows in one statement (their ids are not read back): the
    values that differ per row travel as one JSON parameter, the others (status, attempts, the
    timestamps …: the fields' defaults, ``auto_now`` fields the current time) once each."""
    if not rows:
        return
    meta = Outgoing._meta
    varying = [_field(Outgoing, name) for name in _QUEUED_FIELDS]
    now = clock.now()
    constant = [f for f in meta.concrete_fields if f is not meta.pk and f not in varying]
    values = [
        now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        for f in constant
    ]
    if connection.vendor != "postgresql":
        Outgoing.objects.bulk_create(
            [
                Outgoing(**dict(zip(_QUEUED_ATTNAMES, row, strict=True)), **_attnames(constant, values))
                for row in rows
            ]
        )
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in [*varying, *constant])
    picked = ", ".join(
        [*(f"c{n}" for n in range(len(varying))), *(f"%s::{f.db_type(connection)}" for f in constant)]
    )
    moments: dict[dt.datetime, str] = {}  # the rows of a batch share their not_before: one isoformat

    def iso(moment: dt.datetime) -> str:
        text = moments.get(moment)
        if text is None:
            text = moments[moment] = moment.isoformat()
        return text

    batch = [
        {"c0": r[0], "c1": r[1], "c2": r[2], "c3": r[3], "c4": r[4], "c5": iso(r[5]), "c6": r[6]}
        for r in rows
    ]
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) SELECT {picked} FROM {_recordset(varying)}"  # noqa: S608 - names are the model's
    with hot_cursor() as cursor:
        cursor.execute(sql, [*values, json.dumps(batch, cls=DjangoJSONEncoder)])


_QUEUED_FIELDS = ("hromada", "bot", "chat", "method", "payload", "not_before", "broadcast")
_QUEUED_ATTNAMES = ("hromada_id", "bot_id", "chat_id", "method", "payload", "not_before", "broadcast_id")


def _attnames(fields: Sequence[models.Field[Any, Any]], values: Sequence[Any]) -> dict[str, Any]:
    return {f.attname: value for f, value in zip(fields, values, strict=True)}


def chats_update(chats: Sequence[Chat], names: Sequence[str]) -> None:
    """Write the fields ``names`` of these chats in one statement, their values as they are (as
    ``bulk_update``: ``auto_now`` is not applied, the caller sets ``updated_at``)."""
    if not chats:
        return
    if connection.vendor != "postgresql":
        Chat.objects.bulk_update(chats, list(names))
        return
    meta = Chat._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    fields = [by_name[meta.pk.name], *(by_name[name] for name in names)]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = x.c{n}" for n, f in enumerate(fields) if n)
    batch = [{f"c{n}": _plain(getattr(chat, f.attname)) for n, f in enumerate(fields)} for chat in chats]
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {sets} FROM {_recordset(fields)} "  # noqa: S608 - names are the model's
        f"WHERE t.{quote(meta.pk.column)} = x.c0"
    )
    with hot_cursor() as cursor:
        cursor.execute(sql, [json.dumps(batch, cls=DjangoJSONEncoder)])

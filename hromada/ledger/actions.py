"""Writes of the transparency log: append (in the caller's transaction), integrate, checkpoint.

Sequencing is batched, as in Trillian and Tessera. :func:`ledger_append` only inserts a
:class:`~hromada.ledger.models.PendingEntry` in the caller's transaction, so concurrent writers never
contend on a counter, and the entry commits or rolls back with the caller's change. After commit a task
runs :func:`ledger_publish`: :func:`ledger_integrate` takes the committed pending entries in id order
under a lock on the :class:`~hromada.ledger.models.Log` row, gives them the next contiguous indices,
stores their leaf and interior hashes and the new root, and deletes them from the pending table, all in
one transaction; :func:`ledger_checkpoint` then signs the new tree, after checking that it is consistent
with the previous checkpoint. An acknowledged (committed) entry is never lost: it stays pending until an
integration commits.

The signing key of each hromada lives in ``HROMADA_LEDGER_KEY_DIR/<slug>.key`` (mode 0600), never in
the database; the database keeps the public verifier key on the log.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.errors import ConflictError
from hromada.core.models import Hromada

from . import merkle, note, published
from .checkpoint import Checkpoint as CheckpointBody
from .checkpoint import CheckpointError, open_checkpoint, sign_checkpoint
from .jcs import JSONValue, canonical_json
from .keyfiles import key_file_create
from .keys import LedgerKeyError, key_path, log_ensure, origin_for, signer_for
from .models import Checkpoint, Entry, Log, LogOrigin, PendingEntry, StoredHash, Witness, WitnessedLog
from .selectors import stored_hash_reader
from .tiles import MAX_ENTRY_SIZE

__all__ = [
    "ENTRY_SCHEMA",
    "EntryDraft",
    "LedgerHeldError",
    "LedgerIntegrityError",
    "LedgerKeyError",
    "PersonCommitment",
    "Receipt",
    "key_path",
    "ledger_append",
    "ledger_append_many",
    "ledger_checkpoint",
    "ledger_holds_evaluate",
    "ledger_integrate",
    "ledger_origin_new",
    "ledger_publish",
    "ledger_publish_all",
    "person_commitment",
    "person_reference",
]

logger = logging.getLogger("hromada.ledger")

ENTRY_SCHEMA = 1
"""The ``schema`` member of every entry; bumped when the entry layout changes."""

KIND_PATTERN = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")
MAX_KIND_LENGTH = 64
MAX_REFERENCE_LENGTH = 200
SALT_SIZE = 32
DEFAULT_BATCH = 1000


class LedgerIntegrityError(ConflictError):
    """The stored log disagrees with itself or with its signed history; nothing was written."""

    default_code = "ledger_inconsistent"


class LedgerHeldError(ConflictError):
    """The log is held: it is behind (or contradicts) a checkpoint it published, e.g. after a restore.

    Nothing is appended or signed until it catches up or the operator starts a new origin; residents read
    that the log is temporarily unavailable (503), operators read why (``hromada ledger check``)."""

    status = 503
    default_code = "ledger_unavailable"


HOLD_CACHE_SECONDS = 10.0
_holds: tuple[float, frozenset[int]] = (0.0, frozenset())
_holds_lock = threading.Lock()


def _holds_forget() -> None:
    global _holds
    with _holds_lock:
        _holds = (0.0, frozenset())


def _check_not_held(hromada_id: int) -> None:
    """Refuse an append to a held log. The held logs are read at most every ten seconds per process (one
    query), and a cached hold is confirmed in the database before it refuses anything."""
    global _holds
    loaded, held = _holds
    now = time.monotonic()
    if now - loaded > HOLD_CACHE_SECONDS:
        held = frozenset(Log.objects.filter(held_since__isnull=False).values_list("hromada_id", flat=True))
        with _holds_lock:
            _holds = (now, held)
    if hromada_id not in held:
        return
    if not Log.objects.filter(hromada_id=hromada_id, held_since__isnull=False).exists():
        _holds_forget()
        return
    raise LedgerHeldError(
        _(
            "The public transparency log is temporarily unavailable, so nothing that it must record can be "
            "accepted right now. Please try again later."
        )
    )


# ------------------------------------------------------------------------------------------ entries


@dataclass(frozen=True)
class PersonCommitment:
    """A person's place in an entry: the entry holds only ``commitment``; the person keeps the salt."""

    reference: str
    salt: bytes
    commitment: bytes

    def as_dict(self) -> dict[str, str]:
        return {
            "reference": self.reference,
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "commitment": base64.b64encode(self.commitment).decode("ascii"),
        }


@dataclass(frozen=True)
class Receipt:
    """What :func:`ledger_append` hands back: the receipt id, the exact entry, and the people's salts.

    The salts exist only here (never in the database): give each person their own
    :class:`PersonCommitment`, e.g. in the receipt they download; with it they can show that an entry
    names them, while nobody else can tell whom an entry names.
    """

    receipt_id: int
    hromada_id: int
    kind: str
    entry: bytes
    leaf_hash: bytes
    people: tuple[PersonCommitment, ...] = ()

    def for_person(self, reference: str) -> PersonCommitment | None:
        return next((p for p in self.people if p.reference == reference), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "receipt_id": self.receipt_id,
            "kind": self.kind,
            "entry": self.entry.decode("utf-8"),
            "leaf_hash": base64.b64encode(self.leaf_hash).decode("ascii"),
            "people": [p.as_dict() for p in self.people],
        }


def person_reference(*, person: models.Model | str) -> str:
    """How a person is named inside a commitment: ``<app>.<model>:<pk>`` for a row, or the given text."""
    if isinstance(person, str):
        reference = person
    else:
        if person.pk is None:
            raise ValueError("a person in a ledger entry must be a saved row")
        reference = f"{person._meta.label_lower}:{person.pk}"
    if not reference or len(reference) > MAX_REFERENCE_LENGTH:
        raise ValueError(f"a person reference is 1 to {MAX_REFERENCE_LENGTH} characters")
    return reference


def person_commitment(*, reference: str, salt: bytes) -> bytes:
    """HMAC-SHA256 keyed with the salt over the UTF-8 reference: what an entry shows of a person."""
    return hmac.new(salt, reference.encode("utf-8"), hashlib.sha256).digest()


def _subject_reference(subject: models.Model | str | None, hromada: Hromada) -> str | None:
    if subject is None or isinstance(subject, str):
        return subject
    if subject.pk is None:
        raise ValueError("the subject of a ledger entry must be a saved row")
    owner = subject.pk if isinstance(subject, Hromada) else getattr(subject, "hromada_id", hromada.pk)
    if owner != hromada.pk:
        raise ValueError("the subject of a ledger entry belongs to another hromada")
    return f"{subject._meta.label_lower}:{subject.pk}"


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").removesuffix("+00:00") + "Z"


def _check_in_transaction(name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            f"{name} must run inside transaction.atomic, so that the entry commits or rolls back "
            "together with the change it records"
        )


def entry_json(
    *, kind: str, time_text: str, subject: str | None, people: Sequence[str], payload: Mapping[str, JSONValue]
) -> bytes:
    """The entry's RFC 8785 bytes: exactly ``canonical_json`` of the six-member object, built faster.

    The members are written in their canonical order (``kind``, ``payload``, ``people``, ``schema``,
    ``subject``, ``time``); only the payload and the subject go through the general encoder. ``kind``
    must already match :data:`KIND_PATTERN` and ``time_text`` be ``_utc_text`` output (neither needs
    escaping); the tests compare the result with ``canonical_json`` of the same object.
    """
    people_json = ",".join(f'"{p}"' for p in people) if people else ""
    subject_json = "null" if subject is None else canonical_json(subject).decode("utf-8")
    return b"".join(
        (
            f'{{"kind":"{kind}","payload":'.encode("ascii"),
            canonical_json(payload),
            f',"people":[{people_json}],"schema":{ENTRY_SCHEMA},"subject":'.encode("ascii"),
            subject_json.encode("utf-8"),
            f',"time":"{time_text}"}}'.encode("ascii"),
        )
    )


def _entry_prepare(
    *,
    hromada: Hromada,
    kind: str,
    payload: Mapping[str, JSONValue],
    subject: models.Model | str | None,
    people: Sequence[models.Model | str],
    time_text: str,
) -> tuple[bytes, tuple[PersonCommitment, ...]]:
    """The canonical JSON of one entry and its people's commitments; ``ValueError`` when malformed."""
    if len(kind) > MAX_KIND_LENGTH or not KIND_PATTERN.fullmatch(kind):
        raise ValueError(f"ledger entry kind must look like 'petition.signed', got {kind!r}")
    if not isinstance(payload, Mapping):
        raise ValueError("a ledger entry payload is a JSON object (a mapping)")
    commitments = []
    for person in people:
        reference = person_reference(person=person)
        salt = secrets.token_bytes(SALT_SIZE)
        commitments.append(
            PersonCommitment(
                reference=reference, salt=salt, commitment=person_commitment(reference=reference, salt=salt)
            )
        )
    data = entry_json(
        kind=kind,
        time_text=time_text,
        subject=_subject_reference(subject, hromada),
        people=[base64.b64encode(c.commitment).decode("ascii") for c in commitments],
        payload=payload,
    )
    if len(data) > MAX_ENTRY_SIZE:
        raise ValueError(f"a ledger entry is at most {MAX_ENTRY_SIZE} bytes, this one is {len(data)}")
    return data, tuple(commitments)


def ledger_append(
    *,
    hromada: Hromada,
    kind: str,
    payload: Mapping[str, JSONValue],
    subject: models.Model | str | None = None,
    people: Sequence[models.Model | str] = (),
) -> Receipt:
    """Append an entry to the hromada's log inside the caller's transaction; returns its receipt.

    The entry is the RFC 8785 canonical JSON of ``{"schema", "kind", "time", "subject", "people",
    "payload"}``: ``kind`` like ``petition.signed``, ``time`` in UTC, ``subject`` a reference
    ``<app>.<model>:<pk>`` (a row of the same hromada) or text, ``people`` one salted commitment per
    person (see :class:`Receipt`). The payload must hold no personal data. The entry gets its index
    once the caller's transaction has committed and the integrator has run (see the module docstring).

    Must be called inside ``transaction.atomic``: the entry then commits or rolls back with the change
    it records. Refuses (``ValueError``) a malformed kind, a payload canonical JSON cannot encode, a
    subject of another hromada, and entries over 65535 bytes.
    """
    _check_in_transaction("ledger_append")
    _check_not_held(hromada.pk)
    now = timezone.now()
    data, commitments = _entry_prepare(
        hromada=hromada, kind=kind, payload=payload, subject=subject, people=people, time_text=_utc_text(now)
    )
    pending = PendingEntry.objects.create(hromada=hromada, kind=kind, data=data, created_at=now)
    hromada_id = hromada.pk
    _publish_after_commit(hromada_id)
    return Receipt(
        receipt_id=pending.pk,
        hromada_id=hromada_id,
        kind=kind,
        entry=data,
        leaf_hash=merkle.leaf_hash(data),
        people=commitments,
    )


@dataclass(frozen=True)
class EntryDraft:
    """One entry for :func:`ledger_append_many`: the arguments :func:`ledger_append` takes, as a value."""

    kind: str
    payload: Mapping[str, JSONValue]
    subject: models.Model | str | None = None
    people: Sequence[models.Model | str] = ()


APPEND_MANY_CHUNK = 500
"""Rows per INSERT statement of :func:`ledger_append_many` (4 parameters a row; SQLite allows 32766)."""


def ledger_append_many(*, hromada: Hromada, entries: Sequence[EntryDraft]) -> list[Receipt]:
    """Append many entries, in order, inside the caller's transaction; returns their receipts in order.

    The same entries, checks and guarantees as one :func:`ledger_append` per draft in the same
    transaction (all of them share one ``time``), written with one multi-row INSERT per
    :data:`APPEND_MANY_CHUNK` drafts instead of one per entry: for an import, a batch of votes counted
    at once, a demo. Every draft is checked before anything is written, so a malformed one
    (``ValueError``, naming its position) writes none. Receipt ids increase in the drafts' order, so
    the entries get consecutive indices in that order unless another writer's entries interleave.
    """
    _check_in_transaction("ledger_append_many")
    if not entries:
        return []
    _check_not_held(hromada.pk)
    now = timezone.now()
    time_text = _utc_text(now)
    prepared: list[tuple[str, bytes, tuple[PersonCommitment, ...]]] = []
    for position, draft in enumerate(entries):
        try:
            data, commitments = _entry_prepare(
                hromada=hromada,
                kind=draft.kind,
                payload=draft.payload,
                subject=draft.subject,
                people=draft.people,
                time_text=time_text,
            )
        except ValueError as error:
            raise type(error)(f"entry {position}: {error}") from error
        prepared.append((draft.kind, data, commitments))
    hromada_id = hromada.pk
    ids: list[int] = []
    for start in range(0, len(prepared), APPEND_MANY_CHUNK):
        chunk = prepared[start : start + APPEND_MANY_CHUNK]
        ids += _pending_insert(hromada_id, [(kind, data) for kind, data, _people in chunk], now)
    _publish_after_commit(hromada_id)
    return [
        Receipt(
            receipt_id=receipt_id,
            hromada_id=hromada_id,
            kind=kind,
            entry=data,
            leaf_hash=merkle.leaf_hash(data),
            people=commitments,
        )
        for receipt_id, (kind, data, commitments) in zip(ids, prepared, strict=True)
    ]


def _pending_insert(hromada_id: int, rows: Sequence[tuple[str, bytes]], now: dt.datetime) -> list[int]:
    """Insert pending entries with one statement; their ids, in the order of ``rows``.

    The database numbers the rows of one INSERT in the order they are listed (on PostgreSQL the
    ``unnest … WITH ORDINALITY … ORDER BY`` makes that order explicit), so the returned ids, sorted,
    belong to the rows in order; the count is checked.
    """
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    table = quote(PendingEntry._meta.db_table)
    columns = ", ".join(quote(c) for c in ("hromada_id", "kind", "data", "created_at"))
    params: list[Any]
    if connection.vendor == "postgresql":
        # The entries travel as one bytea (and their lengths as one text), split by the server: adapting
        # a list of thousands of bytes objects to bytea[] cost more than the INSERT itself.
        sql = (
            f"INSERT INTO {table} ({columns}) "  # noqa: S608 - quoted names of our own table only
            "SELECT %s, u.k, substring(%s::bytea FROM u.s + 1 FOR u.n), %s FROM unnest("
            "string_to_array(%s, ','), string_to_array(%s, ',')::integer[], "
            "string_to_array(%s, ',')::integer[]) "
            f"WITH ORDINALITY AS u(k, s, n, o) ORDER BY u.o RETURNING {quote('id')}"
        )
        offsets, offset = [], 0
        for _kind, data in rows:
            offsets.append(offset)
            offset += len(data)
        params = [
            hromada_id,
            b"".join(data for _, data in rows),
            now,
            ",".join(kind for kind, _ in rows),  # kinds are [a-z0-9_.], never a comma
            _numbers(offsets),
            _numbers(len(data) for _, data in rows),
        ]
    else:
        stamp = connection.ops.adapt_datetimefield_value(now)
        values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
        sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {quote('id')}"  # noqa: S608
        params = [item for kind, data in rows for item in (hromada_id, kind, data, stamp)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = sorted(row[0] for row in cursor.fetchall())
    if len(ids) != len(rows):
        raise _integrity(f"{len(rows)} pending entries were inserted but {len(ids)} ids came back")
    return ids


PUBLISH_COALESCE_SECONDS = 1.0
_publish_due: dict[int, float] = {}  # hromada id → when the publish task this process queued will run
_publish_lock = threading.Lock()


def _schedule_publish(hromada_id: int) -> None:
    """Queue a publish task for the hromada's log, at most one per process per second.

    With a queue that can defer tasks (the database backend), the task is queued to run
    ``PUBLISH_COALESCE_SECONDS`` from now, and every commit of this process until then relies on it: the
    task integrates whatever is committed when it runs, which is after those commits. So a surge of
    signatures costs one task row per second per server process instead of one per commit, and an entry
    is still published within about a second (and by the periodic ``ledger.publish`` job within ~10 s if a
    task is lost). Backends that run tasks at once (tests) get one task per commit, as before.
    """
    from .tasks import ledger_publish_task

    if not ledger_publish_task.get_backend().supports_defer:
        ledger_publish_task.enqueue(hromada_id=hromada_id)
        return
    now = time.time()
    with _publish_lock:
        due = _publish_due.get(hromada_id)
        if due is not None and now < due:
            return  # this process's queued task runs at `due`, after this commit
        due = now + PUBLISH_COALESCE_SECONDS
        _publish_due[hromada_id] = due
    try:
        ledger_publish_task.using(run_after=dt.datetime.fromtimestamp(due, tz=dt.UTC)).enqueue(
            hromada_id=hromada_id
        )
    except Exception:
        with _publish_lock:
            if _publish_due.get(hromada_id) == due:
                del _publish_due[hromada_id]  # the next commit queues again
        raise


def _publish_after_commit(hromada_id: int) -> None:
    """Schedule one publish task per hromada per transaction, however many entries it appends."""
    marker = ("ledger.publish", hromada_id)
    pending = transaction.get_connection().run_on_commit  # callbacks of a rolled-back savepoint are gone
    if any(getattr(callback, "ledger_marker", None) == marker for _savepoints, callback, _robust in pending):
        return

    def publish() -> None:
        _schedule_publish(hromada_id)

    publish.ledger_marker = marker  # type: ignore[attr-defined]
    transaction.on_commit(publish, robust=True)


# -------------------------------------------------------------------------------------- log and keys


def _integrity(message: str) -> LedgerIntegrityError:
    logger.error("Ledger integrity: %s", message)
    return LedgerIntegrityError(message)


# --------------------------------------------------------------------------------------- integration


def ledger_integrate(*, hromada: Hromada, max_batch: int = DEFAULT_BATCH) -> int:
    """Give up to ``max_batch`` committed pending entries the next indices; returns how many.

    One transaction under a lock on the log row: the pending entries in id order, their leaf hashes
    and the stored hashes they complete (the right edge of the tree is read in one query and checked
    against the recorded root first), the new root and size; the pending rows are deleted. The writes
    are set-based: on PostgreSQL one statement moves the batch (delete the pending rows, insert their
    entries with indices and server-computed leaf hashes) and one inserts the stored hashes; on SQLite
    ``INSERT … SELECT`` and multi-row inserts of 500 rows.
    """
    if max_batch < 1:
        raise ValueError("max_batch must be at least 1")
    log_ensure(hromada)
    with transaction.atomic(durable=True):
        log = Log.objects.select_for_update().get(hromada=hromada)
        postgres = transaction.get_connection().vendor == "postgresql"
        batch = [] if postgres else _pending_batch(hromada.pk, max_batch)
        if not postgres and not batch:
            return 0
        try:
            frontier = merkle.Frontier.from_reader(log.tree_size, stored_hash_reader(hromada=hromada))
        except LookupError as error:
            raise _integrity(f"the right edge of the tree is incomplete: {error}") from None
        if frontier.root() != bytes(log.root_hash):
            raise _integrity(
                f"the stored hashes of the {log.tree_size} integrated entries do not give the recorded root"
            )
        first = log.tree_size
        if postgres:
            moved = _pending_move_postgres(hromada.pk, first, max_batch)
            if not moved:
                return 0
            leaves = [leaf for leaf, _kind in moved]
            kinds_moved = [kind for _leaf, kind in moved]
            created = frontier.extend(leaves)
            _stored_hashes_insert_postgres(hromada.pk, created)
        else:
            ids = [row[0] for row in batch]
            leaves = [merkle.leaf_hash(bytes(row[2])) for row in batch]
            kinds_moved = [row[1] for row in batch]
            created = frontier.extend(leaves)
            _integrated_write(hromada.pk, first, ids, leaves, created)
        kinds = Counter(log.kinds)
        kinds.update(kinds_moved)
        log.tree_size = frontier.size
        log.root_hash = frontier.root()
        log.kinds = dict(sorted(kinds.items()))
        log.save(update_fields=["tree_size", "root_hash", "kinds", "updated_at"])
    return len(leaves)


def _pending_move_postgres(hromada_id: int, first: int, limit: int) -> list[tuple[bytes, str]]:
    """PostgreSQL: move the first ``limit`` pending entries (id order) to indices ``first``… in ONE statement.

    The statement picks the pending rows, deletes them, and inserts their ``Entry`` rows with the next
    indices (``row_number()`` over the ids) and their RFC 6962 leaf hashes computed by the server
    (``sha256('\\x00' || data)``, the same SHA-256), so the entry bytes never leave the database. Returns
    (leaf hash, kind) per entry in index order, for the tree's stored hashes and the kind counts.
    """
    connection = transaction.get_connection()
    q = connection.ops.quote_name
    entry, pending = q(Entry._meta.db_table), q(PendingEntry._meta.db_table)
    columns = ", ".join(
        q(c) for c in ("hromada_id", "index", "kind", "data", "leaf_hash", "receipt_id", "created_at")
    )
    pk, owner = q("id"), q("hromada_id")
    sql = (
        f"WITH batch AS (SELECT {pk} FROM {pending} WHERE {owner} = %s ORDER BY {pk} LIMIT %s), "  # noqa: S608
        f"moved AS (DELETE FROM {pending} p USING batch b WHERE p.{pk} = b.{pk} "
        f"RETURNING p.{owner} AS h, p.{pk} AS id, p.{q('kind')} AS k, p.{q('data')} AS d, "
        f"p.{q('created_at')} AS t) "
        f"INSERT INTO {entry} ({columns}) "
        "SELECT h, %s + row_number() OVER (ORDER BY id) - 1, k, d, sha256('\\x00'::bytea || d), id, t "
        f"FROM moved RETURNING {q('index')}, {q('leaf_hash')}, {q('kind')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [hromada_id, limit, first])
        rows = sorted(cursor.fetchall())
    if [index for index, _leaf, _kind in rows] != list(range(first, first + len(rows))):
        raise _integrity(f"integrating {len(rows)} pending entries did not give contiguous indices")
    return [(bytes(leaf), kind) for _index, leaf, kind in rows]


def _stored_hashes_insert_postgres(hromada_id: int, created: Sequence[tuple[int, int, bytes]]) -> None:
    """PostgreSQL: insert the new stored hashes with one statement (three parameters, split by the server)."""
    connection = transaction.get_connection()
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("hromada_id", "level", "index", "hash"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(StoredHash._meta.db_table)} ({columns}) "  # noqa: S608
            "SELECT %s, v.lv, v.ix, substring(%s::bytea FROM ((v.o - 1) * 32 + 1)::integer FOR 32) "
            "FROM unnest(string_to_array(%s, ',')::smallint[], string_to_array(%s, ',')::bigint[]) "
            "WITH ORDINALITY AS v(lv, ix, o)",
            [
                hromada_id,
                b"".join(c[2] for c in created),
                _numbers(c[0] for c in created),
                _numbers(c[1] for c in created),
            ],
        )


def _pending_batch(hromada_id: int, limit: int) -> list[tuple[int, str, bytes]]:
    """The first ``limit`` committed pending entries of the hromada, in id order: (id, kind, data)."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {quote('id')}, {quote('kind')}, {quote('data')} "  # noqa: S608 - our own names only
        f"FROM {quote(PendingEntry._meta.db_table)} WHERE {quote('hromada_id')} = %s "
        f"ORDER BY {quote('id')} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [hromada_id, limit])
        return [(pk, kind, bytes(data)) for pk, kind, data in cursor.fetchall()]


def _numbers(values: Iterable[int]) -> str:
    """Integers as one comma-separated text, split on the server with ``string_to_array``."""
    return ",".join(map(str, values))


INTEGRATE_CHUNK = 500
"""Rows per statement when SQLite writes a batch (PostgreSQL sends each table in one statement)."""


def _integrated_write(
    hromada_id: int,
    first: int,
    ids: Sequence[int],
    leaves: Sequence[bytes],
    created: Sequence[tuple[int, int, bytes]],
) -> None:
    """SQLite: move pending entries ``ids`` (in order) to indices ``first``…; store ``created``; delete them.

    The entry rows are copied inside the database (``INSERT … SELECT`` from the pending rows, joined
    with the index and leaf hash of each id), so the entry bytes and times are never converted on the
    way; the stored hashes go in as multi-row inserts, :data:`INTEGRATE_CHUNK` rows a statement.
    (PostgreSQL: :func:`_pending_move_postgres` and :func:`_stored_hashes_insert_postgres`.)
    """
    connection = transaction.get_connection()
    q = connection.ops.quote_name
    entry, pending, stored = (
        q(Entry._meta.db_table),
        q(PendingEntry._meta.db_table),
        q(StoredHash._meta.db_table),
    )
    entry_columns = ", ".join(
        q(c) for c in ("hromada_id", "index", "kind", "data", "leaf_hash", "receipt_id", "created_at")
    )
    hash_columns = ", ".join(q(c) for c in ("hromada_id", "level", "index", "hash"))
    copy_entries = (
        f"INSERT INTO {entry} ({entry_columns}) "  # noqa: S608 - quoted names of our own tables only
        f"SELECT p.{q('hromada_id')}, v.ix, p.{q('kind')}, p.{q('data')}, v.leaf, p.{q('id')}, "
        f"p.{q('created_at')} FROM {pending} p JOIN {{values}} ON p.{q('id')} = v.id "
        f"WHERE p.{q('hromada_id')} = %s"
    )
    indices = range(first, first + len(ids))
    with connection.cursor() as cursor:
        copied = deleted = 0
        expected = len(ids)
        for start in range(0, len(ids), INTEGRATE_CHUNK):
            part = range(start, min(len(ids), start + INTEGRATE_CHUNK))
            marks = ", ".join(["(%s, %s, %s)"] * len(part))
            values = f"(SELECT column1 AS id, column2 AS ix, column3 AS leaf FROM (VALUES {marks})) AS v"  # noqa: S608
            params = [x for k in part for x in (ids[k], indices[k], leaves[k])]
            cursor.execute(copy_entries.format(values=values), [*params, hromada_id])
            copied += cursor.rowcount
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"DELETE FROM {pending} WHERE {q('id')} IN ({marks})",  # noqa: S608
                [ids[k] for k in part],
            )
            deleted += cursor.rowcount
        for start in range(0, len(created), INTEGRATE_CHUNK):
            part_hashes = created[start : start + INTEGRATE_CHUNK]
            cursor.execute(
                f"INSERT INTO {stored} ({hash_columns}) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s, %s, %s)"] * len(part_hashes)),
                [x for level, n, h in part_hashes for x in (hromada_id, level, n, h)],
            )
    if copied != expected or deleted != expected:
        # Another integrator moved some of them: impossible under the log row lock, so stop here.
        raise _integrity(f"integrating {expected} pending entries copied {copied} and deleted {deleted}")


# --------------------------------------------------------------------------------------- checkpoints


def _verified_checkpoint(checkpoint: Checkpoint, log: Log) -> bytes:
    """The root of a stored checkpoint after checking its signature and its row; raises integrity."""
    try:
        body = open_checkpoint(
            checkpoint.note.encode(), note.Verifier.from_key(log.verifier_key), origin=log.origin
        ).checkpoint
    except (note.NoteError, CheckpointError) as error:
        raise _integrity(f"checkpoint {checkpoint.tree_size} does not verify: {error}") from None
    root = bytes(checkpoint.root_hash)
    if body.size != checkpoint.tree_size or body.root_hash != root:
        raise _integrity(f"checkpoint {checkpoint.tree_size} differs from its signed note")
    return root


def ledger_checkpoint(*, hromada: Hromada) -> Checkpoint:
    """Sign a checkpoint of the integrated tree, or return the latest one if the tree has not grown.

    Refuses (:class:`LedgerIntegrityError`) to sign a tree that is smaller than the last checkpoint,
    whose stored hashes do not give the recorded root, or that a consistency proof (from the stored
    hashes, verified against the last checkpoint's signed root) does not show to extend it. Refuses
    (:class:`LedgerHeldError`, and holds the log) while the tree is behind or contradicts the last
    checkpoint recorded as published beside the signing key (:mod:`.published`); signing again clears the
    hold once the tree has caught up. Each signed checkpoint is recorded there before the commit.
    """
    log_ensure(hromada)
    held: published.Refusal | None = None
    with transaction.atomic(durable=True):
        log = Log.objects.select_for_update().get(hromada=hromada)
        size, root = log.tree_size, bytes(log.root_hash)
        read = stored_hash_reader(hromada=hromada)
        latest = Checkpoint.objects.filter(hromada=hromada, origin=log.origin).order_by("-tree_size").first()
        _tree_check(log, latest, size, root, read)
        held = published.refusal(slug=hromada.slug, origin=log.origin, size=size, root=root, read=read)
        if held is not None:
            if log.held_reason != held.code or log.held_since is None:
                log.held_since = log.held_since or timezone.now()
                log.held_reason = held.code
                log.save(update_fields=["held_since", "held_reason", "updated_at"])
        else:
            if log.held_since is not None:
                log.held_since, log.held_reason = None, ""
                log.save(update_fields=["held_since", "held_reason", "updated_at"])
                transaction.on_commit(_holds_forget)
            checkpoint = _checkpoint_sign(hromada, log, latest, size, root)
    if held is not None:
        _holds_forget()
        raise LedgerHeldError(_hold_text(held, log.origin, size), code=f"ledger_{held.code}")
    return checkpoint


def _hold_text(held: published.Refusal, origin: str, size: int) -> str:
    if held.code == published.SUPERSEDED:
        return _(
            "The log %(origin)s was replaced by the new origin %(successor)s; this database is older than "
            "that change. Restore a newer backup, or start another origin with `hromada ledger new-origin`."
        ) % {"origin": origin, "successor": held.successor}
    if held.code == published.BEHIND:
        return _(
            "The log %(origin)s holds %(size)d entries, but it has published a checkpoint of %(published)d: "
            "this database is older than what the log published. Signing stays held until the log catches "
            "up (restore the newest backup), or start a new origin with `hromada ledger new-origin`."
        ) % {"origin": origin, "size": size, "published": held.published_size}
    return _(
        "The first %(published)d entries of the log %(origin)s differ from the checkpoint it published: "
        "signing would fork the log. Restore the newest backup, or start a new origin with "
        "`hromada ledger new-origin`."
    ) % {"origin": origin, "published": held.published_size}


def _tree_check(log: Log, latest: Checkpoint | None, size: int, root: bytes, read: merkle.HashReader) -> None:
    """Refuse (integrity) a tree that does not extend the last checkpoint or whose hashes are not its root."""
    previous_root = _verified_checkpoint(latest, log) if latest is not None else None
    if latest is not None and latest.tree_size > size:
        raise _integrity(f"the log holds {size} entries but checkpoint {latest.tree_size} was signed")
    if latest is not None and latest.tree_size == size:
        if previous_root != root:
            raise _integrity(f"the root of the {size} entries differs from the signed checkpoint")
        return
    try:
        stored_root = merkle.tree_hash(size, read)
        if latest is not None and latest.tree_size > 0:
            assert previous_root is not None
            proof = merkle.consistency_proof(latest.tree_size, size, read)
            merkle.verify_consistency(latest.tree_size, size, proof, previous_root, root)
    except merkle.ProofError as error:
        raise _integrity(
            f"the tree of {size} entries is not consistent with the last checkpoint: {error}"
        ) from None
    except LookupError as error:
        raise _integrity(f"stored hashes are missing: {error}") from None
    if stored_root != root:
        raise _integrity(f"the stored hashes of the {size} entries do not give the recorded root")


def _checkpoint_sign(
    hromada: Hromada, log: Log, latest: Checkpoint | None, size: int, root: bytes
) -> Checkpoint:
    """Sign (or, for an unchanged tree, return) the checkpoint, recording it as published before commit."""
    if latest is not None and latest.tree_size == size:
        # Record it as published if it is not yet (an installation that predates the record).
        published.published_record(
            slug=hromada.slug, origin=log.origin, size=size, root=root, note=latest.note
        )
        return latest
    signed = sign_checkpoint(
        CheckpointBody(origin=log.origin, size=size, root_hash=root), signer_for(log, hromada)
    )
    created = Checkpoint.objects.create(
        hromada=hromada, origin=log.origin, tree_size=size, root_hash=root, note=signed.decode()
    )
    # Recorded as published before the commit: a crash after it leaves a record at most one checkpoint
    # ahead of the database, of the very tree the database holds, so signing it again agrees.
    published.published_record(slug=hromada.slug, origin=log.origin, size=size, root=root, note=created.note)
    # Witnesses are asked by a task after the commit, never inside the signing transaction.
    hromada_id = hromada.pk
    transaction.on_commit(lambda: _schedule_cosign(hromada_id), robust=True)
    return created


def ledger_holds_evaluate(*, ask_witnesses: bool = True) -> dict[str, str]:
    """Hold every log that is behind or contradicts what it published, release those that caught up.

    Run by ``hromada restore`` after loading a database; returns {hromada slug: hold code} of the held.
    What was published is the record beside the signing keys and, with ``ask_witnesses``, what the log's
    outside witnesses say they cosigned (recorded there too: ``published.published_witnessed``); a witness
    that cannot be asked is logged, and the record alone decides for it."""
    from .witness import witnesses_ask

    held: dict[str, str] = {}
    for log in Log.objects.select_related("hromada").order_by("hromada__slug"):
        hromada = log.hromada
        if ask_witnesses:
            memory = witnesses_ask(hromada=hromada)
            for name, why in sorted(memory.unreachable.items()):
                logger.warning("Ledger of %s: witness %s could not be asked: %s", hromada.slug, name, why)
            if memory.by:
                published.published_witnessed(
                    slug=hromada.slug,
                    origin=log.origin,
                    size=memory.size,
                    witnesses=memory.by,
                    forked=bool(memory.forked),
                )
        with transaction.atomic(durable=True):
            log = Log.objects.select_for_update().get(pk=log.pk)
            refused = published.refusal(
                slug=hromada.slug,
                origin=log.origin,
                size=log.tree_size,
                root=bytes(log.root_hash),
                read=stored_hash_reader(hromada=hromada),
            )
            if refused is not None:
                held[hromada.slug] = refused.code
            log.held_since = (log.held_since or timezone.now()) if refused else None
            log.held_reason = refused.code if refused else ""
            log.save(update_fields=["held_since", "held_reason", "updated_at"])
    _holds_forget()
    return held


ORIGIN_GENERATION = re.compile(r"/(\d+)$")


def ledger_origin_new(*, hromada: Hromada, reason: str) -> Checkpoint:
    """Start a new origin for the hromada's log (the operator's way out of a hold); returns its first
    checkpoint.

    The log keeps its entries; from now on its checkpoints are signed by a new key under a new origin
    (``<host>/ledger/<n>``), so they can never be confused with what the old origin published. The old
    origin and key are kept as a :class:`~hromada.ledger.models.LogOrigin` (its checkpoints still verify;
    the ledger page announces the change), marked superseded in the published record (a database restored
    to it is never signed again), and its key file is renamed ``<slug>.key.retired-<n>``. Witnesses of
    this installation are told to accept the new origin; outside witnesses must be told by the operator.
    """
    reason = reason.strip()
    if not reason:
        raise ConflictError(_("Say why a new origin starts: the ledger page shows the reason."))
    log = log_ensure(hromada)
    path = key_path(hromada)
    with transaction.atomic(durable=True):
        log = Log.objects.select_for_update().get(pk=log.pk)
        known = published.published_read(hromada.slug).get(log.origin, {})
        latest_size = (
            Checkpoint.objects.filter(hromada=hromada, origin=log.origin)
            .order_by("-tree_size")
            .values_list("tree_size", flat=True)
            .first()
        )
        used = {log.origin, *LogOrigin.objects.filter(hromada=hromada).values_list("origin", flat=True)}
        generation = 2
        base = origin_for(hromada)
        while f"{base}/{generation}" in used:
            generation += 1
        origin = f"{base}/{generation}"
        signer_key, verifier_key = note.generate_signer(origin)
        LogOrigin.objects.create(
            hromada=hromada,
            origin=log.origin,
            verifier_key=log.verifier_key,
            successor=origin,
            published_size=max(int(known.get("size", 0)), latest_size or 0),
            continued_size=log.tree_size,
            reason=reason,
        )
        old_origin = log.origin
        log.origin, log.verifier_key = origin, verifier_key
        log.held_since, log.held_reason = None, ""
        log.save(update_fields=["origin", "verifier_key", "held_since", "held_reason", "updated_at"])
        Witness.objects.filter(hromada=hromada).update(cosigned_size=0, failures=0, retry_at=None)
        # Hromadas of this installation that witnessed the old origin witness the new one.
        for watched in WitnessedLog.objects.filter(origin=old_origin):
            WitnessedLog.objects.get_or_create(
                witness_hromada_id=watched.witness_hromada_id,
                origin=origin,
                defaults={"log_verifier_key": verifier_key},
            )
        published.published_supersede(slug=hromada.slug, origin=old_origin, successor=origin)
        retired = path.with_name(f"{path.name}.retired-{generation - 1}")
        if path.exists():
            path.rename(retired)
        if not key_file_create(path, signer_key):
            raise LedgerKeyError(_("Another process created this hromada's signing key at the same time."))
    _holds_forget()
    logger.warning("Ledger of %s: new origin %s (was %s): %s", hromada.slug, origin, old_origin, reason)
    return ledger_checkpoint(hromada=hromada)


def _schedule_cosign(hromada_id: int) -> None:
    from .witness import cosignatures_request

    cosignatures_request(hromada_id=hromada_id)


def ledger_publish(*, hromada: Hromada, max_batch: int = DEFAULT_BATCH) -> Checkpoint:
    """Integrate every committed pending entry (in batches), then sign a checkpoint of the result."""
    while ledger_integrate(hromada=hromada, max_batch=max_batch) == max_batch:
        pass
    return ledger_checkpoint(hromada=hromada)


def ledger_publish_all(*, max_batch: int = DEFAULT_BATCH) -> list[Checkpoint]:
    """:func:`ledger_publish` for every hromada with pending entries or an unsigned tree; idempotent."""
    pending = set(PendingEntry.objects.values_list("hromada_id", flat=True).distinct())
    signed = Subquery(
        Checkpoint.objects.filter(hromada=OuterRef("hromada"), origin=OuterRef("origin"))
        .order_by("-tree_size")
        .values("tree_size")[:1]
    )
    unsigned = set(
        Log.objects.annotate(signed=Coalesce(signed, -1))
        .filter(Q(signed__lt=F("tree_size")) | Q(signed=-1))
        .values_list("hromada_id", flat=True)
    )
    checkpoints = []
    for hromada in Hromada.objects.filter(pk__in=pending | unsigned).order_by("pk"):
        try:
            checkpoints.append(ledger_publish(hromada=hromada, max_batch=max_batch))
        except LedgerHeldError as error:
            logger.warning("Ledger of %s is held: %s", hromada.slug, error)
        except (LedgerIntegrityError, LedgerKeyError):
            logger.exception("Ledger of %s was not published", hromada.slug)
    return checkpoints

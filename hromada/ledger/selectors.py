"""Reads of the transparency log: entries, proofs, roots, tiles, receipts and the full self-check.

Everything is scoped by ``hromada``. Proofs and roots read the O(log n) stored hashes they need with ONE
query (:func:`stored_hash_reader`); a tile is one range query. A tree size "beyond the tree" is one above
the integrated size (``Log.tree_size``): such requests are refused with :class:`NotFoundError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet, Subquery
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError, NotFoundError
from hromada.core.models import Hromada

from . import merkle, tiles
from .checkpoint import Checkpoint as CheckpointBody
from .checkpoint import CheckpointError, open_checkpoint
from .merkle import HashReader
from .models import Checkpoint, Entry, Log, LogOrigin, PendingEntry, StoredHash
from .note import NoteError, Verifier

__all__ = [
    "Problem",
    "ReceiptStatus",
    "checkpoint_latest",
    "consistency_proof_get",
    "entries_of",
    "entry_bundle_get",
    "entry_get",
    "inclusion_proof_get",
    "log_check",
    "log_get",
    "origins_earlier",
    "receipt_status",
    "root_get",
    "stored_hash_reader",
    "tile_get",
]

MAX_TREE_SIZE = 2**63 - 1


# --------------------------------------------------------------------------------------------- hashes


def stored_hash_reader(*, hromada: Hromada | int, within: int | None = None) -> HashReader:
    """A :data:`~hromada.ledger.merkle.HashReader` over the stored hashes: one query per batch read.

    Every hash is looked up by the whole unique key (hromada, level, index), so a proof costs a few index
    lookups however large the log is: one OR term per hash on SQLite (its multi-index OR), a join with two
    unnested arrays on PostgreSQL. Written in SQL because building the ORM's OR of Q objects cost more than
    the query itself. Raises ``LookupError`` naming the first (level, index) that is not stored.

    With ``within`` (a tree size), the same query also reads the log's integrated size, and a read
    raises :class:`NotFoundError` (``beyond_tree``) when ``within`` is beyond it: a proof then checks
    its tree size and reads its hashes in one round trip instead of two.
    """
    hromada_id = hromada if isinstance(hromada, int) else hromada.pk
    quote = connection.ops.quote_name
    table = quote(StoredHash._meta.db_table)
    level, index, value, owner = quote("level"), quote("index"), quote("hash"), quote("hromada_id")
    postgres = connection.vendor == "postgresql"
    # Only quoted identifiers of our own tables are interpolated; every value is a query parameter.
    joined = (
        f"SELECT s.{level}, s.{index}, s.{value} FROM {table} s "  # noqa: S608
        f"JOIN unnest(%s::integer[], %s::bigint[]) AS p(lv, ix) ON s.{level} = p.lv AND s.{index} = p.ix "
        f"WHERE s.{owner} = %s"
    )
    head = f"SELECT {level}, {index}, {value} FROM {table} WHERE "  # noqa: S608
    term = f"({owner} = %s AND {level} = %s AND {index} = %s)"
    # The log's size as one more row, level -1 (no stored hash has a negative level).
    size_row = (
        f" UNION ALL SELECT -1, {quote('tree_size')}, NULL FROM {quote(Log._meta.db_table)} "  # noqa: S608
        f"WHERE {owner} = %s"
    )

    def read(pairs: Sequence[tuple[int, int]]) -> list[bytes]:
        if not pairs:
            return []
        unique = sorted(set(pairs))
        params: list[Any]
        if postgres:
            sql = joined
            params = [[lv for lv, _ix in unique], [ix for _lv, ix in unique], hromada_id]
        else:
            sql = head + " OR ".join([term] * len(unique))
            params = [item for lv, ix in unique for item in (hromada_id, lv, ix)]
        if within is not None:
            sql += size_row
            params.append(hromada_id)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        found: dict[tuple[int, int], bytes] = {}
        current = 0  # no log row: nothing integrated
        for lv, ix, h in rows:
            if lv == -1:
                current = ix
            else:
                found[(lv, ix)] = bytes(h)
        if within is not None and within > current:
            raise _beyond(within, current)
        try:
            return [found[pair] for pair in pairs]
        except KeyError as missing:
            raise LookupError(f"stored hash {missing.args[0]} is missing") from None

    return read


# ------------------------------------------------------------------------------------------- the log


def log_get(*, hromada: Hromada) -> Log | None:
    """The hromada's log, or None before its first entry or checkpoint."""
    return Log.objects.filter(hromada=hromada).first()


def _size(hromada: Hromada) -> int:
    return Log.objects.filter(hromada=hromada).values_list("tree_size", flat=True).first() or 0


def _beyond(tree_size: int, current: int) -> NotFoundError:
    return NotFoundError(
        _("The log has %(current)d entries; tree size %(size)d does not exist yet.")
        % {"current": current, "size": tree_size},
        code="beyond_tree",
    )


def _sized_reader(hromada: Hromada, tree_size: int) -> HashReader:
    """The stored-hash reader of a proof of ``tree_size``: its query also refuses a size beyond the tree."""
    return stored_hash_reader(hromada=hromada, within=tree_size)


def _check_size(hromada: Hromada, tree_size: int) -> int:
    """The current tree size, after refusing ``tree_size`` when it is negative or beyond the tree."""
    if tree_size < 0:
        raise ApplicationError(_("A tree size is never negative."), code="invalid_size")
    current = _size(hromada)
    if tree_size > current:
        raise _beyond(tree_size, current)
    return current


def checkpoint_latest(*, hromada: Hromada) -> Checkpoint | None:
    """The latest signed checkpoint of the log's current origin (the largest tree size)."""
    origin = Log.objects.filter(hromada=hromada).values("origin")[:1]
    return Checkpoint.objects.filter(hromada=hromada, origin=Subquery(origin)).order_by("-tree_size").first()


def origins_earlier(*, hromada: Hromada) -> QuerySet[LogOrigin]:
    """The log's earlier origins, newest first (what the ledger page announces)."""
    return LogOrigin.objects.filter(hromada=hromada).order_by("-created_at", "-pk")


# ------------------------------------------------------------------------------------------- entries


def entries_of(*, hromada: Hromada, kind: str = "") -> QuerySet[Entry]:
    """Integrated entries, newest first, optionally of one kind."""
    entries = Entry.objects.filter(hromada=hromada)
    if kind:
        entries = entries.filter(kind=kind)
    return entries.order_by("-index")


def entry_get(*, hromada: Hromada, index: int) -> Entry:
    """The entry at ``index``; :class:`NotFoundError` when the tree does not reach it."""
    entry = (
        Entry.objects.filter(hromada=hromada, index=index).first() if 0 <= index <= MAX_TREE_SIZE else None
    )
    if entry is None:
        raise NotFoundError(
            _("There is no entry %(index)d in this log.") % {"index": index}, code="no_such_entry"
        )
    return entry


# -------------------------------------------------------------------------------------------- proofs


def root_get(*, hromada: Hromada, tree_size: int) -> bytes:
    """The RFC 6962 root of the first ``tree_size`` entries, for any size up to the current one."""
    if tree_size < 1:
        _check_size(hromada, tree_size)  # the empty tree reads no stored hash
    return merkle.tree_hash(tree_size, _sized_reader(hromada, tree_size))


@dataclass(frozen=True)
class InclusionProof:
    index: int
    tree_size: int
    leaf_hash: bytes
    hashes: list[bytes]


def inclusion_proof_get(*, hromada: Hromada, index: int, tree_size: int) -> InclusionProof:
    """The audit path of entry ``index`` in the tree of ``tree_size`` entries (RFC 9162 §2.1.3.1)."""
    if tree_size < 0:
        _check_size(hromada, tree_size)
    if not 0 <= index < tree_size:
        raise ApplicationError(
            _("Entry %(index)d is not in a tree of %(size)d entries: the index must be below the tree size.")
            % {"index": index, "size": tree_size},
            code="index_beyond_tree_size",
            fields={"index": [_("Must be below tree_size.")]},
        )
    # One query: the path, the leaf hash and the log's size (refused beyond the tree).
    read = _sized_reader(hromada, tree_size)
    leaf: list[bytes] = []

    def read_with_leaf(pairs: Sequence[tuple[int, int]]) -> list[bytes]:
        # The leaf hash is the stored hash (0, index): fetch it in the same query as the path.
        found = read([*pairs, (0, index)])
        leaf.append(found.pop())
        return found

    hashes = merkle.inclusion_proof(index, tree_size, read_with_leaf)
    if not leaf:  # a proof that needed no stored hash (a tree of one entry) made no read
        leaf.extend(read([(0, index)]))
    return InclusionProof(index=index, tree_size=tree_size, leaf_hash=leaf[-1], hashes=hashes)


def consistency_proof_get(*, hromada: Hromada, first: int, second: int) -> list[bytes]:
    """The proof that the tree of ``second`` entries extends the one of ``first`` (RFC 9162 §2.1.4.1)."""
    if second < 0:
        _check_size(hromada, second)
    if first > second:
        raise ApplicationError(
            _("The first tree size must not be larger than the second."),
            code="first_after_second",
            fields={"first": [_("Must not be larger than second.")]},
        )
    if first < 1:
        raise ApplicationError(
            _("A consistency proof from the empty tree proves nothing; the first tree size starts at 1."),
            code="invalid_size",
            fields={"first": [_("Must be at least 1.")]},
        )
    if first == second:
        _check_size(hromada, second)  # an empty proof reads no stored hash
        return []
    return merkle.consistency_proof(first, second, _sized_reader(hromada, second))


# --------------------------------------------------------------------------------------------- tiles


def _tile_missing(ref: tiles.TileRef) -> NotFoundError:
    return NotFoundError(_("Tile %(path)s is beyond the tree.") % {"path": ref.path}, code="beyond_tree")


def tile_get(*, hromada: Hromada, ref: tiles.TileRef) -> bytes:
    """The bytes of a C2SP hash tile (one range query); :class:`NotFoundError` beyond the tree."""
    level, start, count = tiles.tile_hash_range(ref)
    available = (_size(hromada) >> level) - start
    if available < count:
        raise _tile_missing(ref)
    hashes = list(
        StoredHash.objects.filter(hromada=hromada, level=level, index__gte=start, index__lt=start + count)
        .order_by("index")
        .values_list("hash", flat=True)
    )
    if len(hashes) != count:
        raise LookupError(f"stored hashes of tile {ref.path} are missing")
    return b"".join(bytes(h) for h in hashes)


def entry_bundle_get(*, hromada: Hromada, ref: tiles.TileRef) -> bytes:
    """The bytes of a C2SP entry bundle (one range query); :class:`NotFoundError` beyond the tree."""
    start, count = tiles.entry_bundle_range(ref)
    if _size(hromada) - start < count:
        raise _tile_missing(ref)
    entries = list(
        Entry.objects.filter(hromada=hromada, index__gte=start, index__lt=start + count)
        .order_by("index")
        .values_list("data", flat=True)
    )
    if len(entries) != count:
        raise LookupError(f"entries of bundle {ref.path} are missing")
    return tiles.encode_entry_bundle(bytes(e) for e in entries)


# ------------------------------------------------------------------------------------------ receipts


@dataclass(frozen=True)
class ReceiptStatus:
    """Where an appended entry is: pending, integrated at ``index``, and covered by ``checkpoint``."""

    receipt_id: int
    kind: str
    entry: bytes
    index: int | None = None
    leaf_hash: bytes | None = None
    checkpoint: Checkpoint | None = None
    proof: list[bytes] = field(default_factory=list)

    @property
    def integrated(self) -> bool:
        return self.index is not None


def receipt_status(*, hromada: Hromada, receipt_id: int) -> ReceiptStatus:
    """The state of the entry appended with this receipt; with an inclusion proof once checkpointed."""
    # Pending first: integration deletes the pending row and inserts the entry in one transaction, so
    # once the pending row is gone the entry is visible.
    pending = PendingEntry.objects.filter(hromada=hromada, pk=receipt_id).first()
    if pending is not None:
        return ReceiptStatus(receipt_id=receipt_id, kind=pending.kind, entry=bytes(pending.data))
    entry = Entry.objects.filter(hromada=hromada, receipt_id=receipt_id).first()
    if entry is None:
        raise NotFoundError(_("No entry was appended with this receipt."), code="no_such_receipt")
    latest = checkpoint_latest(hromada=hromada)
    status = ReceiptStatus(
        receipt_id=receipt_id,
        kind=entry.kind,
        entry=bytes(entry.data),
        index=entry.index,
        leaf_hash=bytes(entry.leaf_hash),
    )
    if latest is None or latest.tree_size <= entry.index:
        return status
    proof = merkle.inclusion_proof(entry.index, latest.tree_size, stored_hash_reader(hromada=hromada))
    return ReceiptStatus(
        receipt_id=receipt_id,
        kind=entry.kind,
        entry=bytes(entry.data),
        index=entry.index,
        leaf_hash=bytes(entry.leaf_hash),
        checkpoint=latest,
        proof=proof,
    )


# -------------------------------------------------------------------------------------- self-check


@dataclass(frozen=True)
class Problem:
    """One thing ``ledger check`` found wrong: ``where`` names the row (``entry 17``, ``hash (3, 2)``)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


_CHUNK = 4096


def _hash_rows(hromada: Hromada, level: int, start: int, stop: int) -> dict[int, bytes]:
    rows = StoredHash.objects.filter(hromada=hromada, level=level, index__gte=start, index__lt=stop)
    return {index: bytes(value) for index, value in rows.values_list("index", "hash")}


def _check_entries(hromada: Hromada, size: int) -> Problem | None:
    expected = 0
    for start in range(0, size, _CHUNK):
        stop = min(size, start + _CHUNK)
        stored = _hash_rows(hromada, 0, start, stop)
        for index, data, leaf in _entry_rows_between(hromada, start, stop):
            if index != expected:
                return Problem(f"entry {expected}", _problem_missing_entry())
            computed = merkle.leaf_hash(data)
            if computed != leaf:
                return Problem(f"entry {index}", "its bytes do not match its leaf hash")
            if stored.get(index) != computed:
                return Problem(f"entry {index}", f"stored hash (0, {index}) does not match its bytes")
            expected += 1
        if expected != stop:
            return Problem(f"entry {expected}", _problem_missing_entry())
    return None


def _problem_missing_entry() -> str:
    return "missing: the indices of the log are not contiguous"


def _entry_rows_between(hromada: Hromada, start: int, stop: int) -> list[tuple[int, bytes, bytes]]:
    rows = (
        Entry.objects.filter(hromada=hromada, index__gte=start, index__lt=stop)
        .order_by("index")
        .values_list("index", "data", "leaf_hash")
    )
    return [(index, bytes(data), bytes(leaf)) for index, data, leaf in rows]


def _check_level(hromada: Hromada, level: int, size: int) -> Problem | None:
    """Every stored hash of ``level`` ≥ 1 is the node hash of its two children (already checked)."""
    count = size >> level
    for start in range(0, count, _CHUNK):
        stop = min(count, start + _CHUNK)
        children = _hash_rows(hromada, level - 1, 2 * start, 2 * stop)
        parents = _hash_rows(hromada, level, start, stop)
        for index in range(start, stop):
            left, right = children.get(2 * index), children.get(2 * index + 1)
            if left is None or right is None:
                child = 2 * index if left is None else 2 * index + 1
                return Problem(f"hash ({level - 1}, {child})", "missing")
            if index not in parents:
                return Problem(f"hash ({level}, {index})", "missing")
            if parents[index] != merkle.node_hash(left, right):
                return Problem(f"hash ({level}, {index})", "is not the hash of its two children")
    return None


def _check_extra_rows(hromada: Hromada, size: int) -> Problem | None:
    extra = Entry.objects.filter(hromada=hromada, index__gte=size).order_by("index").first()
    if extra is not None:
        return Problem(f"entry {extra.index}", f"lies beyond the log's tree size {size}")
    for level in range(64):
        beyond = (
            StoredHash.objects.filter(hromada=hromada, level=level, index__gte=size >> level)
            .order_by("index")
            .values_list("index", flat=True)
            .first()
        )
        if beyond is not None:
            return Problem(f"hash ({level}, {beyond})", f"lies beyond the log's tree size {size}")
    return None


def _check_checkpoints(hromada: Hromada, log: Log, read: HashReader) -> Problem | None:
    keys = {log.origin: log.verifier_key}
    keys.update(LogOrigin.objects.filter(hromada=hromada).values_list("origin", "verifier_key"))
    verifiers: dict[str, Verifier] = {}
    for origin, key in keys.items():
        try:
            verifiers[origin] = Verifier.from_key(key)
        except NoteError as error:
            return Problem("log", f"the verifier key of {origin} is malformed: {error}")
    previous: tuple[int, bytes] | None = None
    # Every origin signs the same tree: its checkpoints, in size order, must all be consistent.
    for checkpoint in Checkpoint.objects.filter(hromada=hromada).order_by("tree_size", "pk"):
        where = f"checkpoint {checkpoint.tree_size}"
        verifier = verifiers.get(checkpoint.origin)
        if verifier is None:
            return Problem(where, f"is signed under {checkpoint.origin!r}, an origin this log never had")
        try:
            body: CheckpointBody = open_checkpoint(
                checkpoint.note.encode(), verifier, origin=checkpoint.origin
            ).checkpoint
        except (NoteError, CheckpointError) as error:
            return Problem(where, f"its signed note does not verify: {error}")
        root = bytes(checkpoint.root_hash)
        if body.size != checkpoint.tree_size or body.root_hash != root:
            return Problem(where, "the signed note differs from the row's tree size or root")
        if checkpoint.tree_size > log.tree_size:
            return Problem(where, f"is beyond the log's tree size {log.tree_size}")
        if merkle.tree_hash(checkpoint.tree_size, read) != root:
            return Problem(where, "its root is not the root of the stored tree of that size")
        if previous is not None and previous[0] > 0:
            proof = merkle.consistency_proof(previous[0], checkpoint.tree_size, read)
            try:
                merkle.verify_consistency(previous[0], checkpoint.tree_size, proof, previous[1], root)
            except merkle.ProofError as error:
                return Problem(where, f"is not consistent with checkpoint {previous[0]}: {error}")
        previous = (checkpoint.tree_size, root)
    return None


def log_check(*, hromada: Hromada) -> list[Problem]:
    """Recompute the whole log from the entry bytes; returns the problems found (empty: all is well).

    Checks, in order, stopping at the first problem: every entry's leaf hash from its bytes and
    contiguous indices; every stored hash from its children, level by level; no row beyond the tree;
    the root recorded on the log; every checkpoint's signature, its root, and its consistency with the
    previous checkpoint. The problem names the first bad entry index or stored hash.
    """
    log = log_get(hromada=hromada)
    if log is None:
        if (
            Entry.objects.filter(hromada=hromada).exists()
            or StoredHash.objects.filter(hromada=hromada).exists()
        ):
            return [Problem("log", "entries exist but the log row is missing")]
        return []
    size = log.tree_size
    problem = _check_entries(hromada, size)
    level = 1
    while problem is None and size >> level:
        problem = _check_level(hromada, level, size)
        level += 1
    if problem is None:
        problem = _check_extra_rows(hromada, size)
    read = stored_hash_reader(hromada=hromada)
    if problem is None and merkle.tree_hash(size, read) != bytes(log.root_hash):
        problem = Problem("log", f"the recorded root is not the root of the {size} stored entries")
    if problem is None:
        problem = _check_checkpoints(hromada, log, read)
    return [problem] if problem else []

"""The transparency log in JSON under /api/v1/ledger/: entries, proofs, roots and receipts.

Hashes are standard base64 (with padding) of 32 bytes. Proofs are RFC 9162 audit paths and consistency
proofs, verifiable against a checkpoint from ``/ledger/checkpoint``. Tree sizes above the integrated
size answer 404 (``beyond_tree``); inconsistent arguments 400; all in the common error shape.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from hromada.core.api import ErrorOut, Id
from hromada.core.errors import NotFoundError
from hromada.core.http import HromadaRequest

from . import selectors, witness

router = Router(tags=["ledger"])

# Leaf indices and tree sizes: non-negative, within the database's 64-bit range (larger is a 400).
Index = Annotated[int, Field(ge=0, le=2**63 - 1)]
Size = Annotated[int, Field(ge=0, le=2**63 - 1)]

ERRORS = {400: ErrorOut, 404: ErrorOut}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class WitnessOut(Schema):
    name: str
    verifier_key: str = Field(description="The witness's C2SP cosignature (type 0x04) verifier key")


class LogOut(Schema):
    origin: str
    verifier_key: str
    tree_size: int
    root_hash: str
    checkpoint: str | None = Field(
        description="The latest signed checkpoint (C2SP signed note) with its witnesses' cosignatures"
    )
    witnesses: list[WitnessOut] = Field(description="The witnesses asked to cosign the log's checkpoints")


class EntryOut(Schema):
    index: int
    kind: str
    entry: str = Field(description="The entry's canonical JSON (RFC 8785), exactly the bytes hashed")
    leaf_hash: str = Field(description="base64 of SHA-256(0x00 || entry)")
    created_at: dt.datetime


class InclusionOut(Schema):
    index: int
    tree_size: int
    leaf_hash: str
    hashes: list[str]


class ConsistencyQuery(Schema):
    first: Size
    second: Size


class InclusionQuery(Schema):
    index: Index
    tree_size: Size


class ConsistencyOut(Schema):
    first: int
    second: int
    hashes: list[str]


class RootOut(Schema):
    tree_size: int
    root_hash: str


class ReceiptOut(Schema):
    receipt_id: int
    kind: str
    entry: str
    integrated: bool
    index: int | None
    leaf_hash: str | None
    checkpoint: str | None = Field(description="The signed checkpoint the proof leads to, once one covers it")
    tree_size: int | None
    hashes: list[str] = Field(description="Inclusion proof of the entry in the checkpoint's tree")


@router.get("", response={200: LogOut, 404: ErrorOut}, summary="The log: origin, key, size, root")
def get_log(request: HromadaRequest) -> LogOut:
    log = selectors.log_get(hromada=request.hromada)
    if log is None:
        raise NotFoundError(_("This hromada has no transparency log yet."), code="no_log")
    latest = selectors.checkpoint_latest(hromada=request.hromada)
    return LogOut(
        origin=log.origin,
        verifier_key=log.verifier_key,
        tree_size=log.tree_size,
        root_hash=log.root_hash_base64,
        checkpoint=witness.checkpoint_note_cosigned(checkpoint=latest) if latest else None,
        witnesses=[
            WitnessOut(name=w.name, verifier_key=w.verifier_key)
            for w in witness.witnesses_of(hromada=request.hromada)
        ],
    )


@router.get("/entries/{index}", response={200: EntryOut, **ERRORS}, summary="One entry by its index")
def get_entry(request: HromadaRequest, index: Index) -> EntryOut:
    entry = selectors.entry_get(hromada=request.hromada, index=index)
    return EntryOut(
        index=entry.index,
        kind=entry.kind,
        entry=entry.text,
        leaf_hash=entry.leaf_hash_base64,
        created_at=entry.created_at,
    )


@router.get("/proofs/inclusion", response={200: InclusionOut, **ERRORS}, summary="Inclusion proof")
def get_inclusion_proof(request: HromadaRequest, query: Query[InclusionQuery]) -> InclusionOut:
    proof = selectors.inclusion_proof_get(
        hromada=request.hromada, index=query.index, tree_size=query.tree_size
    )
    return InclusionOut(
        index=proof.index,
        tree_size=proof.tree_size,
        leaf_hash=_b64(proof.leaf_hash),
        hashes=[_b64(h) for h in proof.hashes],
    )


@router.get("/proofs/consistency", response={200: ConsistencyOut, **ERRORS}, summary="Consistency proof")
def get_consistency_proof(request: HromadaRequest, query: Query[ConsistencyQuery]) -> ConsistencyOut:
    hashes = selectors.consistency_proof_get(hromada=request.hromada, first=query.first, second=query.second)
    return ConsistencyOut(first=query.first, second=query.second, hashes=[_b64(h) for h in hashes])


@router.get("/roots/{tree_size}", response={200: RootOut, **ERRORS}, summary="Root of any tree size")
def get_root(request: HromadaRequest, tree_size: Size) -> RootOut:
    root = selectors.root_get(hromada=request.hromada, tree_size=tree_size)
    return RootOut(tree_size=tree_size, root_hash=_b64(root))


@router.get("/receipts/{receipt_id}", response={200: ReceiptOut, **ERRORS}, summary="Where an entry is")
def get_receipt(request: HromadaRequest, receipt_id: Id) -> ReceiptOut:
    status = selectors.receipt_status(hromada=request.hromada, receipt_id=receipt_id)
    return ReceiptOut(
        receipt_id=status.receipt_id,
        kind=status.kind,
        entry=status.entry.decode("utf-8", errors="replace"),
        integrated=status.integrated,
        index=status.index,
        leaf_hash=_b64(status.leaf_hash) if status.leaf_hash else None,
        checkpoint=status.checkpoint.note if status.checkpoint else None,
        tree_size=status.checkpoint.tree_size if status.checkpoint else None,
        hashes=[_b64(h) for h in status.proof],
    )

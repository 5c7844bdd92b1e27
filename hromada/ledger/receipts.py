"""Personal receipts: what a person keeps to prove, without trusting the server, that an entry names them.

A domain action appends its entry with :func:`~hromada.ledger.actions.ledger_append` and, in the same
transaction, keeps each person's copy with :func:`receipt_keep`::

    receipt = ledger_append(hromada=h, kind="petition.signed", payload={...}, people=[user])
    receipt_keep(user=user, receipt=receipt, reference=user, title=_("Signature under petition 42"))

The salt that opens the person's commitment exists only in the :class:`~hromada.ledger.actions.Receipt`
returned by the append; :func:`receipt_keep` stores it in a :class:`PersonalReceipt` of that person only.

Once a checkpoint covers the entry, :func:`receipt_bundle` assembles the downloadable receipt (format
:data:`RECEIPT_FORMAT`): the entry, its index and leaf hash, the signed checkpoint, the inclusion proof to
that checkpoint's size, the log's origin and verifier key, and the person's reference, salt and
commitment. :func:`receipt_verify` checks such a file completely with the pure modules (the command
``hromada ledger verify --receipt``); ``verify-receipt.js`` does the same checks in the browser.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language

from hromada.core.batchsql import insert_rows
from hromada.core.models import Hromada

from . import merkle, note, selectors
from .actions import Receipt, person_commitment, person_reference
from .checkpoint import Checkpoint as CheckpointBody
from .checkpoint import CheckpointError, open_checkpoint
from .models import Entry, Log, PersonalReceipt
from .witness import checkpoint_note_cosigned, witnesses_of

__all__ = [
    "RECEIPT_FORMAT",
    "ReceiptCheck",
    "ReceiptRow",
    "personal_receipt_get",
    "receipt_bundle",
    "receipt_keep",
    "receipt_rows",
    "receipt_verify",
    "receipts_of",
]

RECEIPT_FORMAT = "hromada-receipt/1"
"""The ``format`` member of a downloadable receipt; bumped when its layout changes."""

COVERED = "covered"
PENDING = "pending"


# ------------------------------------------------------------------------------------------ actions


def receipt_keep(
    *, user: AbstractBaseUser, receipt: Receipt, reference: models.Model | str, title: str | Promise
) -> PersonalReceipt:
    """Keep ``user``'s copy of the receipt of an entry naming them as ``reference``.

    Call it right after :func:`~hromada.ledger.actions.ledger_append`, in the same transaction: the salt
    is only in ``receipt``. ``reference`` is the person as the entry names them (a row, like the user, or
    the text given to ``ledger_append``); ``ValueError`` if the entry does not name it.
    """
    return PersonalReceipt.objects.create(**_receipt_row(user, receipt, reference, title, _title_language()))


@dataclass(frozen=True)
class ReceiptToKeep:
    """One person's copy for :func:`receipts_keep_many`: the arguments :func:`receipt_keep` takes."""

    user: AbstractBaseUser
    receipt: Receipt
    reference: models.Model | str
    title: str | Promise


def receipts_keep_many(*, items: Sequence[ReceiptToKeep]) -> list[PersonalReceipt]:
    """:func:`receipt_keep` for many people with one multi-row INSERT; the rows, in order, with ids."""
    language = _title_language()  # once for the batch: every title is written now, in this language
    rows = [PersonalReceipt(**_receipt_row(i.user, i.receipt, i.reference, i.title, language)) for i in items]
    return list(insert_rows(rows))


def _title_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _receipt_row(
    user: AbstractBaseUser,
    receipt: Receipt,
    reference: models.Model | str,
    title: str | Promise,
    title_language: str,
) -> dict[str, Any]:
    name = person_reference(person=reference)
    person = receipt.for_person(name)
    if person is None:
        raise ValueError(f"the entry of receipt {receipt.receipt_id} names no person {name!r}")
    return {
        "user": user,
        "hromada_id": receipt.hromada_id,
        "receipt_id": receipt.receipt_id,
        "kind": receipt.kind,
        "reference": name,
        "salt": person.salt,
        "title": str(title)[:250],
        "title_language": title_language,
    }


# ---------------------------------------------------------------------------------------- selectors


def receipts_of(*, user: AbstractBaseUser, hromada: Hromada) -> QuerySet[PersonalReceipt]:
    """The user's receipts of this hromada's log, newest first."""
    return PersonalReceipt.objects.filter(user_id=user.pk, hromada=hromada).order_by("-created_at", "-id")


def personal_receipt_get(
    *, user: AbstractBaseUser, hromada: Hromada, receipt_pk: int
) -> PersonalReceipt | None:
    """One of the user's receipts (None for a receipt of someone else or of another hromada)."""
    return PersonalReceipt.objects.filter(pk=receipt_pk, user_id=user.pk, hromada=hromada).first()


@dataclass(frozen=True)
class ReceiptRow:
    """A receipt in the cabinet list: its entry's index once integrated, and whether a checkpoint covers it.

    ``index`` is None while the entry waits for integration.
    """

    receipt: PersonalReceipt
    index: int | None
    covered: bool


def receipt_rows(*, hromada: Hromada, receipts: Sequence[PersonalReceipt]) -> list[ReceiptRow]:
    """The state of each receipt, with two queries whatever their number."""
    ids = [r.receipt_id for r in receipts]
    indices = dict(
        Entry.objects.filter(hromada=hromada, receipt_id__in=ids).values_list("receipt_id", "index")
    )
    latest = selectors.checkpoint_latest(hromada=hromada)
    signed = latest.tree_size if latest else 0
    rows = []
    for receipt in receipts:
        index = indices.get(receipt.receipt_id)
        rows.append(ReceiptRow(receipt=receipt, index=index, covered=index is not None and index < signed))
    return rows


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def receipt_bundle(*, personal_receipt: PersonalReceipt) -> dict[str, Any]:
    """The downloadable receipt (a JSON object) of ``personal_receipt``.

    ``state`` is ``"covered"`` when a signed checkpoint covers the entry: then ``checkpoint`` (the signed
    note, with any witness cosignatures), ``tree_size`` and ``inclusion_proof`` (RFC 9162 audit path,
    base64 hashes) lead from ``leaf_hash`` at ``index`` to the checkpoint's root; ``witnesses`` lists
    the log's witnesses (name and cosignature verifier key) to check the cosignatures. Before that it is
    ``"pending"`` and those members are None (``index`` too while the entry waits for integration):
    nothing to verify yet.
    """
    hromada = personal_receipt.hromada
    status = selectors.receipt_status(hromada=hromada, receipt_id=personal_receipt.receipt_id)
    log = Log.objects.filter(hromada=hromada).first()
    salt = bytes(personal_receipt.salt)
    reference = personal_receipt.reference
    covered = status.checkpoint is not None
    return {
        "format": RECEIPT_FORMAT,
        "state": COVERED if covered else PENDING,
        "title": personal_receipt.title,
        "kind": status.kind,
        "receipt_id": personal_receipt.receipt_id,
        "origin": log.origin if log else None,
        "verifier_key": log.verifier_key if log else None,
        "index": status.index,
        "entry": status.entry.decode("utf-8"),
        "leaf_hash": _b64(status.leaf_hash or merkle.leaf_hash(status.entry)),
        # With the witnesses' cosignature lines, as /ledger/checkpoint serves it: evidence for the person.
        "checkpoint": checkpoint_note_cosigned(checkpoint=status.checkpoint) if status.checkpoint else None,
        "tree_size": status.checkpoint.tree_size if status.checkpoint else None,
        "inclusion_proof": [_b64(h) for h in status.proof] if covered else None,
        # The keys of the log's witnesses, as /ledger/witnesses publishes them: to check the cosignatures.
        "witnesses": [
            {"name": w.name, "verifier_key": w.verifier_key} for w in witnesses_of(hromada=hromada)
        ],
        "person": {
            "reference": reference,
            "salt": _b64(salt),
            "commitment": _b64(person_commitment(reference=reference, salt=salt)),
        },
    }


# ------------------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class ReceiptCheck:
    """One step of verifying a receipt: format, key, signature, witnesses, entry, inclusion or person."""

    step: str
    ok: bool
    message: str


@dataclass
class _Parsed:
    verifier: note.Verifier | None = None
    checkpoint: CheckpointBody | None = None


def _decode(text: object, what: str, size: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValueError(f"{what} is missing")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} is not base64") from None
    if size is not None and len(data) != size:
        raise ValueError(f"{what} is {len(data)} bytes, not {size}")
    return data


def receipt_verify(bundle: object, *, verifier_key: str | None = None) -> list[ReceiptCheck]:
    """Check a receipt (the parsed JSON) completely; one :class:`ReceiptCheck` per step, in order.

    The steps, each independent of the others' outcome where it can be: the ``format``; the ``key``
    (well formed, named as the origin, and equal to ``verifier_key`` when the caller has one from an
    independent channel); the checkpoint's Ed25519 ``signature``; the ``witnesses``' cosignatures
    (each listed witness's cosignature line, if present, verifies with its key; one that does not
    fails the step, a missing one is reported, no witness at all passes); the ``entry`` bytes hash to the
    receipt's leaf hash; the ``inclusion`` proof leads from that leaf hash to the signed root; the
    ``person``'s HMAC commitment with their salt is among the entry's ``people``. All pass: genuine.
    """
    checks: list[ReceiptCheck] = []

    def add(step: str, ok: bool, message: str) -> None:
        checks.append(ReceiptCheck(step, ok, message))

    if not isinstance(bundle, dict) or bundle.get("format") != RECEIPT_FORMAT:
        add("format", False, f"not a receipt of format {RECEIPT_FORMAT}")
        return checks
    if bundle.get("state") != COVERED or not isinstance(bundle.get("checkpoint"), str):
        add("format", False, "the receipt is pending: no checkpoint covered its entry yet")
        return checks
    add("format", True, f"receipt {bundle.get('receipt_id')}: {bundle.get('title') or bundle.get('kind')}")
    parsed = _Parsed()
    _verify_key(bundle, verifier_key, parsed, add)
    _verify_signature(bundle, parsed, add)
    _verify_witnesses(bundle, add)
    _verify_entry(bundle, add)
    _verify_inclusion(bundle, parsed, add)
    _verify_person(bundle, add)
    return checks


def _verify_key(bundle: dict[str, Any], trusted: str | None, parsed: _Parsed, add: Any) -> None:
    key = bundle.get("verifier_key")
    try:
        parsed.verifier = note.Verifier.from_key(key if isinstance(key, str) else "")
    except note.NoteError as error:
        add("key", False, f"the verifier key is malformed: {error}")
        return
    if parsed.verifier.name != bundle.get("origin"):
        add(
            "key",
            False,
            f"the key is named {parsed.verifier.name!r}, not after the log {bundle.get('origin')!r}",
        )
    elif trusted is not None and trusted.strip() != key:
        add("key", False, f"the receipt's key {key} is not the key you trust, {trusted.strip()}")
    else:
        add("key", True, f"{key}" + (" (the key you trust)" if trusted else ""))


def _verify_signature(bundle: dict[str, Any], parsed: _Parsed, add: Any) -> None:
    signed = str(bundle["checkpoint"]).encode()
    try:
        text, _signatures = note.parse_note(signed)
        parsed.checkpoint = CheckpointBody.parse(text)
    except (note.NoteError, CheckpointError) as error:
        add("signature", False, f"the checkpoint is malformed: {error}")
        return
    if parsed.verifier is None:
        add("signature", False, "not checked: the key is malformed")
        return
    try:
        body = open_checkpoint(signed, parsed.verifier, origin=parsed.verifier.name).checkpoint
    except (note.NoteError, CheckpointError) as error:
        add("signature", False, f"the checkpoint's signature does not verify: {error}")
        return
    add("signature", True, f"{body.origin} signed a tree of {body.size} entries, root {_b64(body.root_hash)}")


def witness_results(bundle: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Each listed witness's cosignature of the receipt's checkpoint: (name, result, detail).

    ``result`` is ``cosigned`` (verified; detail: the cosignature time, UTC), ``missing`` (no line of
    that key), ``bad`` (a line of that key that does not verify) or ``malformed`` (the key is not a
    verifier key).
    """
    listed = bundle.get("witnesses")
    if not isinstance(listed, list):
        return []
    try:
        text, signatures = note.parse_note(str(bundle.get("checkpoint")).encode())
    except note.NoteError:
        return [
            (str(w.get("name") if isinstance(w, dict) else w), "bad", "the checkpoint is malformed")
            for w in listed
        ]
    results: list[tuple[str, str, str]] = []
    for item in listed:
        name = str(item.get("name", "")) if isinstance(item, dict) else ""
        key = item.get("verifier_key") if isinstance(item, dict) else None
        try:
            verifier = note.CosignatureVerifier.from_key(key if isinstance(key, str) else "")
        except note.NoteError as error:
            results.append((name, "malformed", str(error)))
            continue
        line = next((s for s in signatures if (s.name, s.key_id) == (verifier.name, verifier.key_id)), None)
        if line is None:
            results.append((name, "missing", verifier.name))
        elif not verifier.verify(text.encode(), line.signature):
            results.append((name, "bad", verifier.name))
        else:
            moment = dt.datetime.fromtimestamp(verifier.signature_timestamp(line.signature) or 0, tz=dt.UTC)
            results.append((name, "cosigned", moment.strftime("%Y-%m-%dT%H:%M:%SZ")))
    return results


def _verify_witnesses(bundle: dict[str, Any], add: Any) -> None:
    results = witness_results(bundle)
    if not results and bundle.get("witnesses"):
        add("witnesses", False, "not checked: the checkpoint is malformed")
        return
    if not results:
        add("witnesses", True, "the log lists no witnesses: nobody else vouched for this checkpoint")
        return
    words = "; ".join(
        f"{name}: cosigned at {detail}" if result == "cosigned" else f"{name}: {result} ({detail})"
        for name, result, detail in results
    )
    add("witnesses", not any(result in ("bad", "malformed") for _n, result, _d in results), words)


def _verify_entry(bundle: dict[str, Any], add: Any) -> None:
    entry = bundle.get("entry")
    try:
        leaf = _decode(bundle.get("leaf_hash"), "the leaf hash", merkle.HASH_SIZE)
    except ValueError as error:
        add("entry", False, str(error))
        return
    if not isinstance(entry, str):
        add("entry", False, "the entry is missing")
        return
    actual = merkle.leaf_hash(entry.encode("utf-8"))
    if actual != leaf:
        add(
            "entry",
            False,
            f"the entry was altered: it hashes to {_b64(actual)}, the receipt says {_b64(leaf)}",
        )
    else:
        add("entry", True, f"leaf hash {_b64(leaf)}")


def _verify_inclusion(bundle: dict[str, Any], parsed: _Parsed, add: Any) -> None:
    index, proof_texts = bundle.get("index"), bundle.get("inclusion_proof")
    if parsed.checkpoint is None:
        add("inclusion", False, "not checked: the checkpoint is malformed")
        return
    size = parsed.checkpoint.size
    try:
        leaf = _decode(bundle.get("leaf_hash"), "the leaf hash", merkle.HASH_SIZE)
        if not isinstance(index, int) or isinstance(index, bool) or not isinstance(proof_texts, list):
            raise ValueError("the index or the proof is missing")
        if bundle.get("tree_size") != size:
            raise ValueError(
                f"the receipt's tree size {bundle.get('tree_size')} is not the checkpoint's {size}"
            )
        proof = [_decode(h, f"proof hash {i}", merkle.HASH_SIZE) for i, h in enumerate(proof_texts)]
        merkle.verify_inclusion(index, size, leaf, proof, parsed.checkpoint.root_hash)
    except ValueError as error:  # ProofError is a ValueError
        add("inclusion", False, f"the inclusion proof does not verify: {error}")
        return
    add("inclusion", True, f"entry {index} of {size}, {len(proof)} proof hashes lead to the signed root")


def _verify_person(bundle: dict[str, Any], add: Any) -> None:
    person = bundle.get("person")
    try:
        if not isinstance(person, dict) or not isinstance(person.get("reference"), str):
            raise ValueError("the person's reference is missing")
        salt = _decode(person.get("salt"), "the salt")
        entry = json.loads(str(bundle.get("entry")))
        people = entry.get("people") if isinstance(entry, dict) else None
        if not isinstance(people, list):
            raise ValueError("the entry names no people")
    except ValueError as error:  # JSONDecodeError is a ValueError
        add("person", False, str(error))
        return
    commitment = _b64(person_commitment(reference=person["reference"], salt=salt))
    if any(isinstance(p, str) and hmac.compare_digest(p, commitment) for p in people):
        add("person", True, f"{person['reference']} is committed in the entry as {commitment}")
    else:
        add("person", False, f"the commitment of {person['reference']} with this salt is not in the entry")

"""Witnessing: hromadas cosign each other's checkpoints (C2SP tlog-witness and tlog-cosignature).

Two roles, both here:

* **Acting as a witness.** Each hromada has a witness key (type 0x04 timestamped Ed25519, named
  ``<host>/witness``) in ``HROMADA_LEDGER_KEY_DIR/<slug>.witness.key``, mode 0600, created on first use;
  its verifier key is published at ``/ledger/witness/key``. :func:`witness_checkpoint_add` answers a
  tlog-witness ``add-checkpoint`` request for the logs the hromada agreed to witness
  (:class:`~hromada.ledger.models.WitnessedLog`): it verifies the log's signature and a consistency proof
  from the last checkpoint it cosigned, reading and updating that row under a row lock in one
  transaction, so two concurrent requests can never both be cosigned for diverging trees.
* **Being witnessed.** After each new checkpoint (a task, after the signing transaction committed),
  :func:`cosignatures_collect` sends the checkpoint to every active
  :class:`~hromada.ledger.models.Witness` of the hromada, over HTTP (``<url>/add-checkpoint``) or, for a
  hromada of this installation (empty url), in-process; it verifies the returned cosignature with the
  witness's key and stores it. ``/ledger/checkpoint`` serves the checkpoint with these lines appended.
  A witness that is down or refuses is logged and never stops the log from signing; it is asked again
  with the next checkpoint and, for the latest checkpoint, by the periodic job
  :func:`cosignatures_retry_due` with exponential backoff (:func:`retry_delay`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.errors import ApplicationError, ConflictError
from hromada.core.models import Hromada, HromadaHost
from hromada.core.permissions import manages_hromada, require

from . import merkle, note
from .checkpoint import (
    TLOG_SIZE_CONTENT_TYPE,
    CheckpointError,
    WitnessResponse,
    format_add_checkpoint_request,
    parse_add_checkpoint_request,
    parse_add_checkpoint_response,
    witness_add_checkpoint,
)
from .checkpoint import Checkpoint as CheckpointBody
from .keyfiles import key_file_create
from .keys import log_ensure, public_name
from .merkle import EMPTY_ROOT
from .models import Checkpoint, Cosignature, Log, Witness, WitnessedLog
from .selectors import checkpoint_latest, stored_hash_reader

__all__ = [
    "COSIGN_TIMEOUT",
    "MAX_REQUEST_SIZE",
    "WitnessKeyError",
    "checkpoint_note_cosigned",
    "checkpoint_witnesses",
    "cosignatures_collect",
    "cosignatures_request",
    "cosignatures_retry_due",
    "retry_delay",
    "witness_checkpoint_add",
    "witness_cosigner",
    "witness_key_name",
    "witness_key_path",
    "witness_mutually",
    "witness_save",
    "witness_verifier_key",
    "witnessed_log_add",
    "witnesses_of",
]

logger = logging.getLogger("hromada.ledger.witness")

MAX_REQUEST_SIZE = 64 * 1024
"""The largest ``add-checkpoint`` request (and witness answer) accepted, in bytes: a checkpoint with many
cosignatures and a 63-line proof fit in a few kilobytes."""

COSIGN_TIMEOUT = 5.0
"""Seconds to connect to and to wait for an outside witness."""

RETRY_FIRST = dt.timedelta(seconds=30)
"""The wait before the first retry of a witness that did not cosign; it doubles with each failure."""

RETRY_MAX = dt.timedelta(hours=1)
"""The longest wait between two retries of a witness that keeps failing."""

_SIZE_BODY = re.compile(rb"(0|[1-9][0-9]{0,18})\n")
_MAX_SIZE = 2**63 - 1


class WitnessKeyError(ConflictError):
    """The hromada's witness key is malformed or cannot be created."""

    default_code = "witness_key"


# ---------------------------------------------------------------------------------------- the key


def witness_key_name(*, hromada: Hromada) -> str:
    """The name of a new witness key: ``<first host name>/witness`` (``<slug>.hromada/witness`` without one).

    The name is fixed in the key file when the key is created; renaming the host keeps the old name.
    """
    return f"{public_name(hromada)}/witness"


def witness_key_path(*, hromada: Hromada) -> Path:
    """Where the hromada's witness key is kept: ``HROMADA_LEDGER_KEY_DIR/<slug>.witness.key``."""
    return Path(settings.HROMADA_LEDGER_KEY_DIR) / f"{hromada.slug}.witness.key"


def _cosigner_read(path: Path) -> note.CosignatureSigner:
    try:
        signer = note.CosignatureSigner.from_key(path.read_text().strip())
    except note.NoteError as error:
        raise WitnessKeyError(
            _("The witness key at %(path)s is malformed: %(error)s") % {"path": path, "error": error}
        ) from None
    return signer


def witness_cosigner(*, hromada: Hromada, create: bool = True) -> note.CosignatureSigner | None:
    """The hromada's witness signer, its key created on first use (unless ``create`` is false: then None)."""
    path = witness_key_path(hromada=hromada)
    if not path.exists():
        if not create:
            return None
        secret, _verifier = note.generate_cosigner(witness_key_name(hromada=hromada))
        if key_file_create(path, secret):
            logger.info("Created the witness key of %s at %s", hromada.slug, path)
    return _cosigner_read(path)


def witness_verifier_key(*, hromada: Hromada) -> str:
    """The verifier key of the hromada's witness (``<name>+<key ID>+<base64(0x04 || key)>``)."""
    signer = witness_cosigner(hromada=hromada)
    assert signer is not None
    return signer.verifier_key


# ------------------------------------------------------------------------------ acting as a witness


def _origin_of(body: bytes) -> str | None:
    """The origin the request's checkpoint claims, or None when the request is malformed."""
    try:
        request = parse_add_checkpoint_request(body)
        text, _signatures = note.parse_note(request.signed_checkpoint, max_size=MAX_REQUEST_SIZE)
        return CheckpointBody.parse(text).origin
    except (CheckpointError, note.NoteError):
        return None


def witness_checkpoint_add(*, hromada: Hromada, body: bytes, now: int | None = None) -> WitnessResponse:
    """Answer a C2SP tlog-witness ``add-checkpoint`` request body as the witness of ``hromada``.

    Only logs in the hromada's :class:`WitnessedLog` rows are witnessed (404 otherwise); the checkpoint
    must be signed by the row's key (403), ``old`` must be the size this witness last cosigned (409 with
    that size), the consistency proof must lead from the cosigned root to the new one (422), and a
    checkpoint of the cosigned size must have the cosigned root (409). The row is read and updated under
    ``SELECT … FOR UPDATE`` in one transaction: concurrent requests for one log are answered one after
    the other, so at most one of two diverging trees is ever cosigned. Runs in its own (durable)
    transaction: call it outside any other.
    """
    cosigner = witness_cosigner(hromada=hromada)
    assert cosigner is not None
    origin = _origin_of(body) if len(body) <= MAX_REQUEST_SIZE else None
    with transaction.atomic(durable=True):
        row = None
        if origin is not None:
            row = (
                WitnessedLog.objects.select_for_update()
                .filter(witness_hromada=hromada, origin=origin)
                .first()
            )
        verifiers: dict[str, note.NoteVerifier] = {}
        if row is not None:
            try:
                verifiers[row.origin] = note.verifier_from_key(row.log_verifier_key)
            except note.NoteError:
                logger.error("Witnessed log %s has a malformed verifier key", row.origin)

        def latest(_origin: str) -> tuple[int, bytes] | None:
            return (row.tree_size, bytes(row.root_hash)) if row is not None else None

        answer = witness_add_checkpoint(
            body,
            log_verifiers=verifiers,
            latest_cosigned=latest,
            verify_consistency=merkle.verify_consistency,
            cosigner=cosigner,
            now=int(time.time()) if now is None else now,
            max_size=MAX_REQUEST_SIZE,
        )
        signed = answer.checkpoint
        if answer.status == 200 and row is not None and signed is not None:
            row.tree_size, row.root_hash = signed.size, signed.root_hash
            row.save(update_fields=["tree_size", "root_hash", "updated_at"])
    if answer.status == 409 and answer.content_type != TLOG_SIZE_CONTENT_TYPE and signed is not None:
        # The log signed two different trees of one size: proof of a split view, keep it in the logs.
        logger.error(
            "Log %s signed a checkpoint of size %d that differs from the one %s cosigned: %r",
            signed.origin,
            signed.size,
            hromada.slug,
            body,
        )
    elif answer.status not in (200, 409):
        logger.warning("Witness %s refused a checkpoint of %s: %s", hromada.slug, origin, answer.status)
    return answer


def _verifier_key_checked(key: str, *, cosignature: bool) -> str:
    key = key.strip()
    try:
        if cosignature:
            note.CosignatureVerifier.from_key(key)
        else:
            note.Verifier.from_key(key)
    except note.NoteError as error:
        raise ApplicationError(
            _("Not a valid verifier key: %(error)s") % {"error": error},
            code="invalid_key",
            fields={"verifier_key": [_("A key like name+1a2b3c4d+base64.")]},
        ) from None
    return key


def witnessed_log_add(*, hromada: Hromada, origin: str, log_verifier_key: str, by: Any) -> WitnessedLog:
    """An administrator of ``hromada`` agrees that it witnesses the log ``origin`` with its Ed25519 key."""
    require(manages_hromada, by, hromada)
    origin = origin.strip()
    try:
        CheckpointBody(origin=origin, size=0, root_hash=EMPTY_ROOT)
    except CheckpointError:
        raise ApplicationError(
            _("An origin is one line of text, such as example.org/ledger."),
            code="invalid_origin",
            fields={"origin": [_("One line of text.")]},
        ) from None
    key = _verifier_key_checked(log_verifier_key, cosignature=False)
    with transaction.atomic():
        if WitnessedLog.objects.filter(witness_hromada=hromada, origin=origin).exists():
            raise ConflictError(
                _("This hromada already witnesses the log %(origin)s.") % {"origin": origin},
                code="already_witnessed",
            )
        return WitnessedLog.objects.create(witness_hromada=hromada, origin=origin, log_verifier_key=key)


# -------------------------------------------------------------------------------- being witnessed


def _url_checked(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ApplicationError(
            _("A witness address is an http or https URL without a query, e.g. https://example.org/witness."),
            code="invalid_url",
            fields={"url": [_("An http or https address.")]},
        )
    return url


def witness_save(*, witness: Witness, by: Any) -> Witness:
    """Add or change one of the hromada's witnesses (an administrator's action).

    A new key starts over from size 0; an empty ``url`` names a hromada of this installation (found by its
    witness key). The witness is asked for a cosignature of the latest checkpoint after the commit.
    """
    require(manages_hromada, by, witness.hromada)
    witness.name = witness.name.strip()
    if not witness.name:
        raise ApplicationError(
            _("A witness needs a name."), code="invalid", fields={"name": [_("Required.")]}
        )
    witness.verifier_key = _verifier_key_checked(witness.verifier_key, cosignature=True)
    witness.url = _url_checked(witness.url)
    with transaction.atomic():
        if witness.pk is not None:
            before = Witness.objects.select_for_update().get(pk=witness.pk)
            if before.verifier_key != witness.verifier_key:
                witness.cosigned_size = 0
        if Witness.objects.filter(hromada=witness.hromada, name=witness.name).exclude(pk=witness.pk).exists():
            raise ConflictError(
                _("This hromada already has a witness named %(name)s.") % {"name": witness.name},
                code="witness_name_taken",
                fields={"name": [_("Already used.")]},
            )
        witness.save()
        hromada_id = witness.hromada_id
        transaction.on_commit(lambda: cosignatures_request(hromada_id=hromada_id), robust=True)
    return witness


def witness_mutually(*, a: Hromada, b: Hromada) -> tuple[Witness, Witness]:
    """Make two hromadas of this installation witness each other's logs; idempotent.

    Creates both logs (and keys) if needed; ``a`` gets ``b`` as a witness (in-process, empty url) and ``b``
    agrees to witness ``a``'s log, and the other way round. Returns (``a``'s witness, ``b``'s witness).
    Refuses (409) when a hromada already witnesses the other's origin under a different log key.
    """
    if a.pk == b.pk:
        raise ApplicationError(_("A hromada cannot witness its own log."), code="own_log")
    logs = {hromada.pk: log_ensure(hromada) for hromada in (a, b)}
    keys = {hromada.pk: witness_verifier_key(hromada=hromada) for hromada in (a, b)}
    witnesses: list[Witness] = []
    with transaction.atomic():
        for owner, witness_hromada in ((a, b), (b, a)):
            witnesses.append(_local_witness_put(owner, witness_hromada, keys[witness_hromada.pk]))
            _witnessed_log_put(witness_hromada, logs[owner.pk])
        for hromada_id in (a.pk, b.pk):
            transaction.on_commit(partial(cosignatures_request, hromada_id=hromada_id), robust=True)
    return witnesses[0], witnesses[1]


def _local_witness_put(owner: Hromada, witness_hromada: Hromada, key: str) -> Witness:
    existing = Witness.objects.filter(hromada=owner, verifier_key=key).first()
    if existing is not None:
        if existing.url or not existing.is_active:
            existing.url, existing.is_active = "", True
            existing.save(update_fields=["url", "is_active", "updated_at"])
        return existing
    name = witness_hromada.name[:200]
    if Witness.objects.filter(hromada=owner, name=name).exists():
        raise ConflictError(
            _("%(hromada)s already has another witness named %(name)s.") % {"hromada": owner, "name": name},
            code="witness_name_taken",
        )
    return Witness.objects.create(hromada=owner, name=name, verifier_key=key, url="")


def _witnessed_log_put(witness_hromada: Hromada, log: Log) -> WitnessedLog:
    row, created = WitnessedLog.objects.get_or_create(
        witness_hromada=witness_hromada, origin=log.origin, defaults={"log_verifier_key": log.verifier_key}
    )
    if not created and row.log_verifier_key != log.verifier_key:
        raise ConflictError(
            _("%(hromada)s already witnesses the log %(origin)s under another key.")
            % {"hromada": witness_hromada, "origin": log.origin},
            code="witnessed_key_differs",
        )
    return row


def cosignatures_request(*, hromada_id: int) -> None:
    """Enqueue :func:`cosignatures_collect` for the hromada if it has active witnesses (after a commit)."""
    if not Witness.objects.filter(hromada_id=hromada_id, is_active=True).exists():
        return
    from .tasks import ledger_cosign_task

    ledger_cosign_task.enqueue(hromada_id=hromada_id)


@dataclass(frozen=True)
class _Answer:
    status: int
    content_type: str
    body: bytes


class _Unavailable(Exception):
    """The witness could not be asked (down, unreachable, not found in this installation)."""


def _local_witness_hromada(witness: Witness, verifier: note.CosignatureVerifier) -> Hromada:
    """The hromada of this installation holding the witness key: by the key's name first, else by a scan."""
    candidates: list[Hromada] = []
    if verifier.name.endswith("/witness"):
        host = verifier.name.removesuffix("/witness")
        mapped = HromadaHost.objects.select_related("hromada").filter(host=host).first()
        if mapped is not None:
            candidates.append(mapped.hromada)
        elif host.endswith(".hromada"):
            candidates.extend(Hromada.objects.filter(slug=host.removesuffix(".hromada")))
    candidates.extend(Hromada.objects.exclude(pk=witness.hromada_id).order_by("pk"))
    for candidate in candidates:
        if candidate.pk == witness.hromada_id or not candidate.is_active:
            continue
        signer = witness_cosigner(hromada=candidate, create=False)
        if signer is not None and signer.public_key == verifier.public_key and signer.name == verifier.name:
            return candidate
    raise _Unavailable(f"no hromada of this installation holds the witness key {verifier.name}")


def _read_limited(response: requests.Response) -> bytes:
    data = b""
    for chunk in response.iter_content(chunk_size=8192):
        data += chunk
        if len(data) > MAX_REQUEST_SIZE:
            raise _Unavailable("the answer is too large")
    return data


def _send(witness: Witness, verifier: note.CosignatureVerifier, body: bytes) -> _Answer:
    if not witness.url:
        local = _local_witness_hromada(witness, verifier)
        answer = witness_checkpoint_add(hromada=local, body=body)
        return _Answer(answer.status, answer.content_type, answer.body)
    try:
        with requests.post(
            f"{witness.url}/add-checkpoint",
            data=body,
            headers={"Content-Type": "text/plain; charset=utf-8", "Accept": "text/plain"},
            timeout=COSIGN_TIMEOUT,
            allow_redirects=False,
            stream=True,
        ) as response:
            return _Answer(
                response.status_code, response.headers.get("Content-Type", ""), _read_limited(response)
            )
    except requests.RequestException as error:
        raise _Unavailable(str(error)) from None


def _cosign(witness: Witness, checkpoint: Checkpoint) -> Cosignature | None:
    """Ask one witness to cosign ``checkpoint``; the stored cosignature, or None (logged) if it did not."""
    try:
        verifier = note.CosignatureVerifier.from_key(witness.verifier_key)
    except note.NoteError as error:
        logger.error("Witness %s of %s has a malformed key: %s", witness.name, witness.hromada_id, error)
        return None
    size = checkpoint.tree_size
    old = witness.cosigned_size
    answer: _Answer | None = None
    for _attempt in range(2):
        if old > size:
            logger.warning(
                "Witness %s has cosigned size %d, more than checkpoint %d: not asked", witness.name, old, size
            )
            return None
        proof = (
            merkle.consistency_proof(old, size, stored_hash_reader(hromada=checkpoint.hromada_id))
            if 0 < old < size
            else []
        )
        body = format_add_checkpoint_request(
            old_size=old, proof=proof, signed_checkpoint=checkpoint.note.encode()
        )
        answer = _send(witness, verifier, body)
        size_body = _SIZE_BODY.fullmatch(answer.body)
        if answer.status == 409 and answer.content_type.startswith(TLOG_SIZE_CONTENT_TYPE) and size_body:
            old = int(size_body.group(1))
            Witness.objects.filter(pk=witness.pk).update(cosigned_size=old, updated_at=timezone.now())
            continue
        break
    if answer is None or answer.status != 200:
        logger.warning(
            "Witness %s did not cosign checkpoint %d: %s %r",
            witness.name,
            size,
            answer.status if answer else None,
            answer.body[:200] if answer else b"",
        )
        return None
    return _cosignature_store(witness, verifier, checkpoint, answer.body)


def _cosignature_store(
    witness: Witness, verifier: note.CosignatureVerifier, checkpoint: Checkpoint, body: bytes
) -> Cosignature | None:
    try:
        text, _signatures = note.parse_note(checkpoint.note.encode())
        lines = parse_add_checkpoint_response(body)
    except note.NoteError as error:
        logger.warning("Witness %s answered with malformed cosignatures: %s", witness.name, error)
        return None
    signature = next(
        (line for line in lines if (line.name, line.key_id) == (verifier.name, verifier.key_id)), None
    )
    if signature is None or not verifier.verify(text.encode(), signature.signature):
        logger.error(
            "Witness %s answered without a valid cosignature of checkpoint %d",
            witness.name,
            checkpoint.tree_size,
        )
        return None
    timestamp = verifier.signature_timestamp(signature.signature) or 0
    with transaction.atomic():
        row = Witness.objects.select_for_update().get(pk=witness.pk)
        if row.cosigned_size < checkpoint.tree_size:
            row.cosigned_size = checkpoint.tree_size
            row.save(update_fields=["cosigned_size", "updated_at"])
        cosignature, _created = Cosignature.objects.get_or_create(
            checkpoint=checkpoint,
            witness=row,
            defaults={
                "line": signature.line().rstrip("\n"),
                "signed_at": dt.datetime.fromtimestamp(min(timestamp, 2**37), tz=dt.UTC),
            },
        )
    return cosignature


def retry_delay(failures: int) -> dt.timedelta:
    """How long to wait before asking a witness again after ``failures`` failed requests in a row.

    30 s, 1 min, 2 min, … doubling up to one hour (:data:`RETRY_FIRST`, :data:`RETRY_MAX`).
    """
    if failures < 1:
        return dt.timedelta(0)
    return min(RETRY_MAX, RETRY_FIRST * 2 ** min(failures - 1, 20))


def _outcome_record(witness: Witness, *, cosigned: bool) -> None:
    """Reset the witness's backoff after a cosignature, or count one more failure and push the retry."""
    if cosigned:
        Witness.objects.filter(pk=witness.pk).update(failures=0, retry_at=None)
        return
    now = timezone.now()
    with transaction.atomic():
        row = Witness.objects.select_for_update().filter(pk=witness.pk).first()
        if row is None:
            return
        row.failures += 1
        row.retry_at = now + retry_delay(row.failures)
        row.save(update_fields=["failures", "retry_at", "updated_at"])


def cosignatures_collect(*, hromada: Hromada, witness_ids: Iterable[int] | None = None) -> list[Cosignature]:
    """Ask every active witness of the hromada to cosign its latest checkpoint; returns the new cosignatures.

    Each witness gets ``old`` = the size it last cosigned, a consistency proof from there and the signed
    checkpoint; a 409 with a size corrects ``old`` and the request is sent once more. Witnesses that are
    down or refuse are logged and skipped, and their failure pushes their next retry back
    (:func:`retry_delay`); a cosignature resets it. ``witness_ids`` limits the request to those witnesses
    (the periodic retry asks only the ones that are due).
    """
    latest = checkpoint_latest(hromada=hromada)
    if latest is None or latest.tree_size == 0:
        return []
    done = set(Cosignature.objects.filter(checkpoint=latest).values_list("witness_id", flat=True))
    collected = []
    witnesses = Witness.objects.filter(hromada=hromada, is_active=True)
    if witness_ids is not None:
        witnesses = witnesses.filter(pk__in=list(witness_ids))
    for witness in witnesses.order_by("name"):
        if witness.pk in done:
            continue
        cosignature = None
        try:
            cosignature = _cosign(witness, latest)
        except _Unavailable as error:
            logger.warning("Witness %s of %s is unavailable: %s", witness.name, hromada.slug, error)
        except Exception:  # one bad witness must not keep the others from being asked
            logger.exception("Asking witness %s of %s failed", witness.name, hromada.slug)
        _outcome_record(witness, cosigned=cosignature is not None)
        if cosignature is not None:
            collected.append(cosignature)
    return collected


def cosignatures_retry_due(*, now: dt.datetime | None = None) -> dict[int, list[int]]:
    """The periodic job: enqueue a request to every witness missing from its log's latest checkpoint.

    A witness is due when its backoff has passed (``retry_at`` ≤ now) or, never having failed, when
    the checkpoint is older than :data:`RETRY_FIRST` (the request after signing was lost or is slow).
    Each hromada with due witnesses gets one task asking just those; the HTTP requests run in the task
    worker, never in the periodic loop. Returns {hromada id: [witness ids]} as enqueued.
    """
    now = timezone.now() if now is None else now
    due: dict[int, list[int]] = {}
    candidates = (
        Witness.objects.filter(is_active=True, hromada__is_active=True)
        .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
        .order_by("hromada_id", "name")
    )
    latest: dict[int, Checkpoint | None] = {}
    for witness in candidates:
        if witness.hromada_id not in latest:
            latest[witness.hromada_id] = (
                Checkpoint.objects.filter(
                    hromada_id=witness.hromada_id,
                    origin=Log.objects.filter(hromada_id=witness.hromada_id).values("origin")[:1],
                )
                .order_by("-tree_size")
                .first()
            )
        checkpoint = latest[witness.hromada_id]
        if checkpoint is None or checkpoint.tree_size == 0:
            continue
        if witness.retry_at is None and checkpoint.created_at > now - RETRY_FIRST:
            continue  # just signed: the request scheduled after signing is on its way
        if Cosignature.objects.filter(checkpoint=checkpoint, witness=witness).exists():
            continue
        due.setdefault(witness.hromada_id, []).append(witness.pk)
    if due:
        from .tasks import ledger_cosign_task

        for hromada_id, witness_ids in due.items():
            ledger_cosign_task.enqueue(hromada_id=hromada_id, witness_ids=witness_ids)
    return due


# -------------------------------------------------------------------------------------------- reads


@dataclass
class WitnessMemory:
    """What the log's outside witnesses answered when asked what they cosigned (``witnesses_ask``)."""

    size: int = 0  # the largest size one of them cosigned
    by: list[str] = field(default_factory=list)  # the witnesses that answered
    forked: list[str] = field(default_factory=list)  # those that cosigned another tree of our size
    unreachable: dict[str, str] = field(default_factory=dict)  # name → why it could not be asked


def witnesses_ask(*, hromada: Hromada) -> WitnessMemory:
    """Ask each outside witness (one with an address: those of this installation live in the very
    database a restore brings back) what it last cosigned for the log's origin, by offering the newest
    checkpoint this database holds as an extension of itself: a witness that cosigned another size
    answers 409 with that size (C2SP tlog-witness); one at this size cosigns it again (200) or, when it
    cosigned another tree of this size, refuses with a plain 409."""
    memory = WitnessMemory()
    log = Log.objects.filter(hromada=hromada).first()
    if log is None:
        return memory
    latest = Checkpoint.objects.filter(hromada=hromada, origin=log.origin).order_by("-tree_size").first()
    for witness in witnesses_of(hromada=hromada):
        if not witness.url:
            continue
        if latest is None:
            memory.unreachable[witness.name] = "this database holds no checkpoint to offer"
            continue
        try:
            verifier = note.CosignatureVerifier.from_key(witness.verifier_key)
            body = format_add_checkpoint_request(
                old_size=latest.tree_size, proof=[], signed_checkpoint=latest.note.encode()
            )
            answer = _send(witness, verifier, body)
        except (note.NoteError, _Unavailable) as error:
            memory.unreachable[witness.name] = str(error)
            continue
        size_body = _SIZE_BODY.fullmatch(answer.body)
        if answer.status == 409 and answer.content_type.startswith(TLOG_SIZE_CONTENT_TYPE) and size_body:
            cosigned = int(size_body.group(1))
        elif answer.status == 200:
            cosigned = latest.tree_size
        elif answer.status == 409:
            memory.forked.append(witness.name)
            cosigned = latest.tree_size
        else:
            memory.unreachable[witness.name] = f"answered {answer.status}"
            continue
        memory.by.append(witness.name)
        memory.size = max(memory.size, cosigned)
    return memory


def witnesses_of(*, hromada: Hromada) -> list[Witness]:
    """The hromada's active witnesses, by name."""
    return list(Witness.objects.filter(hromada=hromada, is_active=True).order_by("name"))


def _cosignatures_of(checkpoint: Checkpoint) -> Iterable[Cosignature]:
    return (
        Cosignature.objects.filter(checkpoint=checkpoint)
        .select_related("witness")
        .order_by("witness__name", "pk")
    )


def checkpoint_note_cosigned(*, checkpoint: Checkpoint) -> str:
    """The signed checkpoint with its witnesses' cosignature lines after the log's own signature."""
    lines = "".join(f"{cosignature.line}\n" for cosignature in _cosignatures_of(checkpoint))
    return checkpoint.note + lines


def checkpoint_witnesses(*, checkpoint: Checkpoint) -> list[Witness]:
    """The witnesses that cosigned ``checkpoint``, by name."""
    return [cosignature.witness for cosignature in _cosignatures_of(checkpoint)]

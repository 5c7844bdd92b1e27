"""C2SP transparency log checkpoints (c2sp.org/tlog-checkpoint) and the witness protocol.

Pure core: no Django import. A checkpoint is the text of a signed note::

    <origin>
    <tree size, ASCII decimal without leading zeros>
    <base64 of the 32-byte RFC 6962 root hash>
    [<extension line>]…

The origin is any non-empty line: the spec only *recommends* a schema-less URL without spaces or
``+`` and tells clients not to assume it (the Go checksum database's origin is
``go.sum database tree``). Extension lines are opaque and must be non-empty.

The witness side of c2sp.org/tlog-witness ``add-checkpoint`` is :func:`witness_add_checkpoint`, a
pure function: storage and the Merkle proof check are passed in, so the caller decides how the
latest cosigned checkpoint is read and stored (atomically, see the function's documentation).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from hromada.ledger.note import (
    MAX_NOTE_SIZE,
    CosignatureSigner,
    MalformedNoteError,
    Note,
    NoteError,
    NoteSigner,
    NoteVerifier,
    Signature,
    UnverifiedNoteError,
    open_note,
    parse_note,
    sign_note,
)

__all__ = [
    "HASH_SIZE",
    "MAX_PROOF_LINES",
    "MAX_TREE_SIZE",
    "AddCheckpointRequest",
    "Checkpoint",
    "CheckpointError",
    "OpenedCheckpoint",
    "WitnessResponse",
    "format_add_checkpoint_request",
    "open_checkpoint",
    "parse_add_checkpoint_request",
    "parse_add_checkpoint_response",
    "sign_checkpoint",
    "witness_add_checkpoint",
]

HASH_SIZE = 32
MAX_TREE_SIZE = 2**64 - 1
MAX_PROOF_LINES = 63
"""tlog-witness: a client MUST NOT send more than 63 consistency proof lines."""

_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_CONTROL = re.compile(r"[\x00-\x1f]")
_TEXT_PLAIN = "text/plain; charset=utf-8"
TLOG_SIZE_CONTENT_TYPE = "text/x.tlog.size"


class CheckpointError(ValueError):
    """A checkpoint body (or a witness request around it) breaks the format."""


def _parse_decimal(text: str, what: str) -> int:
    if not _DECIMAL.fullmatch(text):
        raise CheckpointError(f"{what} must be an ASCII decimal without leading zeros")
    value = int(text)
    if value > MAX_TREE_SIZE:
        raise CheckpointError(f"{what} exceeds 2^64 - 1")
    return value


def _decode_hash(text: str, what: str) -> bytes:
    data: bytes | None = None
    if _BASE64.fullmatch(text) and len(text) % 4 == 0:
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            data = None
    if data is None or base64.b64encode(data).decode("ascii") != text:
        raise CheckpointError(f"{what} is not canonical standard base64")
    if len(data) != HASH_SIZE:
        raise CheckpointError(f"{what} must be {HASH_SIZE} bytes, not {len(data)}")
    return data


def _check_line(line: str, what: str) -> None:
    if not line:
        raise CheckpointError(f"{what} must not be empty")
    if _CONTROL.search(line):
        raise CheckpointError(f"{what} must not contain control characters or newlines")
    try:
        line.encode()
    except UnicodeEncodeError:
        raise CheckpointError(f"{what} is not valid Unicode") from None


@dataclass(frozen=True)
class Checkpoint:
    """A log's tree head: origin, tree size, RFC 6962 root hash and opaque extension lines."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        _check_line(self.origin, "the origin")
        if isinstance(self.size, bool) or not isinstance(self.size, int):
            raise CheckpointError("the tree size is an integer")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise CheckpointError("the tree size is between 0 and 2^64 - 1")
        if not isinstance(self.root_hash, bytes) or len(self.root_hash) != HASH_SIZE:
            raise CheckpointError(f"the root hash is {HASH_SIZE} bytes")
        object.__setattr__(self, "extensions", tuple(self.extensions))
        for line in self.extensions:
            _check_line(line, "an extension line")

    def format(self) -> str:
        """The note text of this checkpoint (every line ends in a newline)."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode("ascii")]
        return "".join(f"{line}\n" for line in [*lines, *self.extensions])

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Parse a checkpoint note text strictly; raise :class:`CheckpointError` on any deviation."""
        if not text.endswith("\n"):
            raise CheckpointError("a checkpoint ends with a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError("a checkpoint has at least three lines")
        origin, size, root, *extensions = lines
        _check_line(origin, "the origin")
        return cls(
            origin=origin,
            size=_parse_decimal(size, "the tree size"),
            root_hash=_decode_hash(root, "the root hash"),
            extensions=tuple(extensions),
        )


@dataclass(frozen=True)
class OpenedCheckpoint:
    """A verified checkpoint, the note it came in and the verified witness cosignatures."""

    checkpoint: Checkpoint
    note: Note
    cosignatures: tuple[Signature, ...]

    @property
    def witnesses(self) -> tuple[str, ...]:
        """Names of the witnesses whose cosignatures verified."""
        return tuple(signature.name for signature in self.cosignatures)


def sign_checkpoint(
    checkpoint: Checkpoint, signer: NoteSigner, *, cosignatures: Sequence[Signature] = ()
) -> bytes:
    """The signed checkpoint note: the log's signature first, then the given witness cosignatures."""
    return sign_note(checkpoint.format(), [signer], existing=cosignatures)


def open_checkpoint(
    data: bytes,
    verifier: NoteVerifier,
    witnesses: Iterable[NoteVerifier] = (),
    *,
    origin: str | None = None,
    max_size: int = MAX_NOTE_SIZE,
) -> OpenedCheckpoint:
    """Verify a signed checkpoint with the log's key and parse it.

    Cosignatures of the given ``witnesses`` are verified too (a bad one refuses the whole note, as a
    bad signature of any known key does); other signatures are ignored. If ``origin`` is given, the
    checkpoint must carry exactly that origin. Raises :class:`~hromada.ledger.note.NoteError`
    subclasses for the note and :class:`CheckpointError` for the body.
    """
    witnesses = tuple(witnesses)
    note = open_note(data, [verifier, *witnesses], max_size=max_size)
    log_key = (verifier.name, verifier.key_id)
    if not any((signature.name, signature.key_id) == log_key for signature in note.signatures):
        raise UnverifiedNoteError(note, f"checkpoint is not signed by {verifier.name}+{verifier.key_id:08x}")
    checkpoint = Checkpoint.parse(note.text)
    if origin is not None and checkpoint.origin != origin:
        raise CheckpointError(f"checkpoint origin {checkpoint.origin!r} is not {origin!r}")
    cosignatures = tuple(s for s in note.signatures if (s.name, s.key_id) != log_key)
    return OpenedCheckpoint(checkpoint=checkpoint, note=note, cosignatures=cosignatures)


# --------------------------------------------------------------------------- tlog-witness


@dataclass(frozen=True)
class AddCheckpointRequest:
    """The body of a tlog-witness ``add-checkpoint`` request."""

    old_size: int
    proof: tuple[bytes, ...]
    signed_checkpoint: bytes


def format_add_checkpoint_request(
    *, old_size: int, proof: Sequence[bytes], signed_checkpoint: bytes
) -> bytes:
    """Encode an ``add-checkpoint`` request body (the log's side)."""
    if not 0 <= old_size <= MAX_TREE_SIZE:
        raise CheckpointError("the old size is between 0 and 2^64 - 1")
    if len(proof) > MAX_PROOF_LINES or any(len(node) != HASH_SIZE for node in proof):
        raise CheckpointError(f"a proof has at most {MAX_PROOF_LINES} hashes of {HASH_SIZE} bytes")
    lines = [f"old {old_size}", *(base64.b64encode(node).decode("ascii") for node in proof), ""]
    return "".join(f"{line}\n" for line in lines).encode() + signed_checkpoint


def parse_add_checkpoint_request(body: bytes) -> AddCheckpointRequest:
    """Decode an ``add-checkpoint`` request body; raise :class:`CheckpointError` if malformed."""
    offset = 0
    lines: list[str] = []
    while True:
        end = body.find(b"\n", offset)
        if end < 0:
            raise CheckpointError("the request lacks the empty line before the checkpoint")
        try:
            line = body[offset:end].decode("ascii")
        except UnicodeDecodeError:
            raise CheckpointError("request header lines are ASCII") from None
        offset = end + 1
        if not line:
            break
        lines.append(line)
        if len(lines) > MAX_PROOF_LINES + 1:
            raise CheckpointError(f"more than {MAX_PROOF_LINES} consistency proof lines")
    if not lines or not lines[0].startswith("old "):
        raise CheckpointError("the request starts with an 'old <size>' line")
    old_size = _parse_decimal(lines[0][len("old ") :], "the old size")
    proof = tuple(_decode_hash(line, "a consistency proof line") for line in lines[1:])
    return AddCheckpointRequest(old_size=old_size, proof=proof, signed_checkpoint=body[offset:])


def parse_add_checkpoint_response(body: bytes) -> tuple[Signature, ...]:
    """The cosignature lines of a witness's 200 response (the log's side); verify them separately."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedNoteError("malformed note: the response is not UTF-8") from None
    if not text.endswith("\n"):
        raise MalformedNoteError("malformed note: the response is one or more newline-ended signature lines")
    return tuple(Signature.from_line(line) for line in text[:-1].split("\n"))


@dataclass(frozen=True)
class WitnessResponse:
    """What a witness answers to ``add-checkpoint``.

    ``checkpoint`` is set once the log's signature has verified (also on refusals, so the caller may
    keep the request as evidence of log misbehaviour); it must be stored as the latest cosigned
    checkpoint of its origin only when ``status`` is 200.
    """

    status: int
    body: bytes
    content_type: str = _TEXT_PLAIN
    checkpoint: Checkpoint | None = None


def _refuse(status: int, message: str, checkpoint: Checkpoint | None = None) -> WitnessResponse:
    return WitnessResponse(status=status, body=f"{message}\n".encode(), checkpoint=checkpoint)


ConsistencyCheck = Callable[[int, int, list[bytes], bytes, bytes], object]


def witness_add_checkpoint(
    request: bytes,
    *,
    log_verifiers: Mapping[str, NoteVerifier | Sequence[NoteVerifier]],
    latest_cosigned: Callable[[str], tuple[int, bytes] | None],
    verify_consistency: ConsistencyCheck,
    cosigner: CosignatureSigner | Sequence[CosignatureSigner],
    now: int,
    max_size: int = MAX_NOTE_SIZE,
) -> WitnessResponse:
    """Handle a c2sp.org/tlog-witness ``add-checkpoint`` request body.

    * ``log_verifiers`` maps each known origin to the log key(s) trusted for it;
    * ``latest_cosigned(origin)`` returns ``(size, root hash)`` of the latest checkpoint this witness
      cosigned for the origin, or ``None``;
    * ``verify_consistency(old_size, new_size, proof, old_root, new_root)`` raises ``ValueError``
      (or returns ``False``) when the RFC 6962 consistency proof does not verify;
    * ``cosigner`` signs with the witness key(s) at Unix time ``now``.

    Status codes follow the spec: 400 malformed request or old size above the checkpoint size,
    404 unknown origin, 403 no trusted log signature verifies, 409 old size differs from the
    latest cosigned size (the body is that size and a newline, ``text/x.tlog.size``) or same size
    with a different root hash, 422 the consistency proof does not verify, 200 with the
    cosignature lines. The caller must read the latest checkpoint and store the new one (on 200)
    atomically, for example inside one transaction holding a row lock on the origin.
    """
    if len(request) > max_size + (MAX_PROOF_LINES + 1) * 64:
        return _refuse(400, "request too large")
    try:
        parsed = parse_add_checkpoint_request(request)
        text, _ = parse_note(parsed.signed_checkpoint, max_size=max_size)
        checkpoint = Checkpoint.parse(text)
    except (CheckpointError, NoteError) as error:
        return _refuse(400, str(error))

    trusted = log_verifiers.get(checkpoint.origin)
    if trusted is None:
        return _refuse(404, "unknown log origin")
    verifiers = [trusted] if isinstance(trusted, NoteVerifier) else list(trusted)
    try:
        open_note(parsed.signed_checkpoint, verifiers, max_size=max_size)
    except NoteError:
        return _refuse(403, "no trusted log signature verifies")

    if parsed.old_size > checkpoint.size:
        return _refuse(400, "the old size is larger than the checkpoint size", checkpoint)
    latest = latest_cosigned(checkpoint.origin)
    known_size, known_root = latest if latest is not None else (0, None)
    if parsed.old_size != known_size:
        return WitnessResponse(
            status=409,
            body=f"{known_size}\n".encode(),
            content_type=TLOG_SIZE_CONTENT_TYPE,
            checkpoint=checkpoint,
        )

    if parsed.old_size == checkpoint.size or parsed.old_size == 0:
        if parsed.proof:
            return _refuse(422, "the consistency proof must be empty", checkpoint)
        if (
            parsed.old_size == checkpoint.size
            and known_root is not None
            and known_root != checkpoint.root_hash
        ):
            return _refuse(409, "the root hash differs from the cosigned checkpoint of this size", checkpoint)
    else:
        assert known_root is not None  # a non-zero known size comes with its root
        try:
            result = verify_consistency(
                parsed.old_size, checkpoint.size, list(parsed.proof), known_root, checkpoint.root_hash
            )
        except ValueError:
            result = False
        if result is False:
            return _refuse(422, "the consistency proof does not verify", checkpoint)

    cosigners = [cosigner] if isinstance(cosigner, CosignatureSigner) else list(cosigner)
    message = text.encode()
    lines = "".join(Signature(c.name, c.key_id, c.sign_at(message, timestamp=now)).line() for c in cosigners)
    return WitnessResponse(status=200, body=lines.encode(), checkpoint=checkpoint)

"""C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys and timestamped Ed25519 cosignatures.

Pure core: no Django import. A signed note is::

    <text, ending in "\\n">
    <blank line>
    — <key name> <base64(4-byte key ID || signature)>
    …

Verification follows Go's ``golang.org/x/mod/sumdb/note.Open``:

* the note must be UTF-8 with no ASCII control character other than newline;
* the text ends at the *last* blank line; every following line is a signature line;
* more than :data:`MAX_SIGNATURES` signature lines make the note malformed;
* a signature whose (key name, key ID) matches no known verifier is kept as *unverified*;
* a signature whose (key name, key ID) matches a known verifier must verify, otherwise the whole
  note is refused (:class:`InvalidSignatureError`); repeated lines of one key are ignored;
* a note with no verified signature is refused (:class:`UnverifiedNoteError`).

Two points are stricter than Go: base64 must be canonical (so a note has exactly one encoding) and a
note larger than ``max_size`` bytes (default :data:`MAX_NOTE_SIZE`) is refused before parsing.

Key strings use Go's formats: verifier key ``<name>+<8 hex key ID>+<base64(type || public key)>`` and
signer key ``PRIVATE+KEY+<name>+<8 hex key ID>+<base64(type || 32-byte seed)>``. The key ID is
``SHA-256(name || "\\n" || type || public key)[:4]``. Type 0x01 is Ed25519 over the note text; type 0x04 is
the timestamped Ed25519 cosignature of c2sp.org/tlog-cosignature, whose signature bytes are an 8-byte
big-endian Unix time followed by an Ed25519 signature of ``"cosignature/v1\\ntime <t>\\n" || text``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

__all__ = [
    "ALG_COSIGNATURE_V1",
    "ALG_ED25519",
    "MAX_NOTE_SIZE",
    "MAX_SIGNATURES",
    "AmbiguousVerifierError",
    "CosignatureSigner",
    "CosignatureVerifier",
    "InvalidKeyError",
    "InvalidSignatureError",
    "MalformedNoteError",
    "Note",
    "NoteError",
    "NoteSigner",
    "NoteTooLargeError",
    "NoteVerifier",
    "Signature",
    "Signer",
    "UnverifiedNoteError",
    "Verifier",
    "generate_cosigner",
    "generate_signer",
    "is_valid_key_name",
    "key_id",
    "open_note",
    "parse_note",
    "sign_note",
    "verifier_from_key",
]

ALG_ED25519 = 0x01
ALG_COSIGNATURE_V1 = 0x04

MAX_SIGNATURES = 100
"""Go's limit; the spec requires accepting at least 16."""

MAX_NOTE_SIZE = 256 * 1024
"""Default limit of a whole note in bytes: room for 16 post-quantum signatures and a generous text."""

MAX_TIMESTAMP = 2**63 - 1
"""c2sp.org/tlog-cosignature: a cosignature timestamp MUST NOT exceed 2^63 - 1."""

SIGNATURE_PREFIX = "— "  # U+2014 EM DASH, U+0020 SPACE
_COSIGNATURE_HEADER = b"cosignature/v1\n"
_ED25519_SIGNATURE_SIZE = 64
_HEX_KEY_ID = re.compile(r"[0-9a-fA-F]{8}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")


class NoteError(ValueError):
    """Any problem with a signed note or a key string."""


class MalformedNoteError(NoteError):
    """The note is not a well-formed signed note."""


class NoteTooLargeError(MalformedNoteError):
    """The note exceeds the size limit; it was not parsed."""


class UnverifiedNoteError(NoteError):
    """The note is well formed but carries no signature that a known key verifies."""

    def __init__(self, note: Note, message: str = "note has no verifiable signatures") -> None:
        super().__init__(message)
        self.note = note


class InvalidSignatureError(NoteError):
    """A signature line names a known key (name and key ID) but does not verify."""

    def __init__(self, name: str, key_id: int) -> None:
        super().__init__(f"invalid signature for key {name}+{key_id:08x}")
        self.name = name
        self.key_id = key_id


class AmbiguousVerifierError(NoteError):
    """Two different known verifiers share a key name and key ID."""


class InvalidKeyError(NoteError):
    """A signer or verifier key string is malformed or inconsistent."""


def is_valid_key_name(name: str) -> bool:
    """Key names are non-empty UTF-8 with no Unicode space, no ``+`` and no control character."""
    if not name or "+" in name or _CONTROL.search(name):
        return False
    return not any(char.isspace() for char in name) and _is_utf8(name)


def key_id(name: str, typed_public_key: bytes) -> int:
    """``SHA-256(name || "\\n" || type byte || public key)[:4]`` as a big-endian integer."""
    digest = hashlib.sha256(name.encode() + b"\n" + typed_public_key).digest()
    return int.from_bytes(digest[:4], "big")


def _is_utf8(text: str) -> bool:
    try:
        text.encode()
    except UnicodeEncodeError:  # lone surrogates
        return False
    return True


def _b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64decode(text: str) -> bytes | None:
    """Strict standard base64: alphabet, padding and canonical trailing bits; ``None`` if invalid."""
    if not _BASE64.fullmatch(text) or len(text) % 4:
        return None
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if _b64encode(data) != text:
        return None
    return data


def _public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _format_verifier_key(name: str, algorithm: int, public_key: bytes) -> str:
    typed = bytes([algorithm]) + public_key
    return f"{name}+{key_id(name, typed):08x}+{_b64encode(typed)}"


def _format_signer_key(name: str, algorithm: int, seed: bytes, public_key: bytes) -> str:
    hash_hex = f"{key_id(name, bytes([algorithm]) + public_key):08x}"
    return f"PRIVATE+KEY+{name}+{hash_hex}+{_b64encode(bytes([algorithm]) + seed)}"


def _parse_key_parts(name: str, hash_hex: str, key64: str, kind: str) -> tuple[int, int, bytes]:
    """Return (declared key ID, algorithm byte, key material) of a key string's last three parts."""
    key = _b64decode(key64)
    if not is_valid_key_name(name) or not _HEX_KEY_ID.fullmatch(hash_hex) or not key:
        raise InvalidKeyError(f"malformed {kind} key")
    return int(hash_hex, 16), key[0], key[1:]


def _parse_verifier_key(vkey: str) -> tuple[str, int, int, bytes]:
    """Split ``<name>+<hex>+<base64>`` and check the key ID; return (name, key ID, algorithm, key)."""
    name, _, rest = vkey.partition("+")
    hash_hex, _, key64 = rest.partition("+")
    declared, algorithm, key = _parse_key_parts(name, hash_hex, key64, "verifier")
    if declared != key_id(name, bytes([algorithm]) + key):
        raise InvalidKeyError("verifier key ID does not match the key")
    if algorithm not in (ALG_ED25519, ALG_COSIGNATURE_V1):
        raise InvalidKeyError(f"unknown verifier algorithm {algorithm:#04x}")
    if len(key) != 32:
        raise InvalidKeyError("an Ed25519 public key is 32 bytes")
    return name, declared, algorithm, key


def _parse_signer_key(skey: str) -> tuple[str, int, int, Ed25519PrivateKey]:
    """Split ``PRIVATE+KEY+<name>+<hex>+<base64>``; return (name, declared key ID, algorithm, key)."""
    private, _, rest = skey.partition("+")
    marker, _, rest = rest.partition("+")
    name, _, rest = rest.partition("+")
    hash_hex, _, key64 = rest.partition("+")
    if private != "PRIVATE" or marker != "KEY":
        raise InvalidKeyError("malformed signer key")
    declared, algorithm, seed = _parse_key_parts(name, hash_hex, key64, "signer")
    if algorithm not in (ALG_ED25519, ALG_COSIGNATURE_V1):
        raise InvalidKeyError(f"unknown signer algorithm {algorithm:#04x}")
    if len(seed) != 32:
        raise InvalidKeyError("an Ed25519 seed is 32 bytes")
    private_key = Ed25519PrivateKey.from_private_bytes(seed)
    public_key = _public_bytes(private_key.public_key())
    if declared != key_id(name, bytes([algorithm]) + public_key):
        raise InvalidKeyError("signer key ID does not match the key")
    return name, declared, algorithm, private_key


def _ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    if len(signature) != _ED25519_SIGNATURE_SIZE:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _cosigned_message(timestamp: int, text: bytes) -> bytes:
    return _COSIGNATURE_HEADER + f"time {timestamp}\n".encode() + text


# --------------------------------------------------------------------------- keys


class NoteVerifier(ABC):
    """Checks signatures of one key, identified by its name and key ID."""

    algorithm: int

    def __init__(self, name: str, public_key: bytes) -> None:
        if not is_valid_key_name(name):
            raise InvalidKeyError(f"invalid key name {name!r}")
        if len(public_key) != 32:
            raise InvalidKeyError("an Ed25519 public key is 32 bytes")
        self.name = name
        self.public_key = public_key
        self.key_id = key_id(name, bytes([self.algorithm]) + public_key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoteVerifier) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def key(self) -> str:
        """The verifier key string ``<name>+<hex key ID>+<base64(type || public key)>``."""
        return _format_verifier_key(self.name, self.algorithm, self.public_key)

    @abstractmethod
    def verify(self, text: bytes, signature: bytes) -> bool:
        """Whether ``signature`` (without the key ID) is a valid signature of the note text."""

    def signature_timestamp(self, signature: bytes) -> int | None:
        """The time a signature carries, for timestamped signature types."""
        return None


class NoteSigner(ABC):
    """Signs note texts with one key."""

    algorithm: int

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        if not is_valid_key_name(name):
            raise InvalidKeyError(f"invalid key name {name!r}")
        self.name = name
        self._private_key = private_key
        self.public_key = _public_bytes(private_key.public_key())
        self.key_id = key_id(name, bytes([self.algorithm]) + self.public_key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, key_id={self.key_id:08x})"

    @property
    def verifier_key(self) -> str:
        """The public verifier key string matching this signer."""
        return _format_verifier_key(self.name, self.algorithm, self.public_key)

    @abstractmethod
    def sign(self, text: bytes) -> bytes:
        """The signature of the note text (without the key ID)."""

    @abstractmethod
    def verifier(self) -> NoteVerifier:
        """The verifier of this signer's signatures."""


class Verifier(NoteVerifier):
    """Ed25519 note signatures (signature type 0x01)."""

    algorithm = ALG_ED25519

    @classmethod
    def from_key(cls, vkey: str) -> Verifier:
        name, _, algorithm, public_key = _parse_verifier_key(vkey)
        if algorithm != ALG_ED25519:
            raise InvalidKeyError("not an Ed25519 (0x01) verifier key")
        return cls(name, public_key)

    def verify(self, text: bytes, signature: bytes) -> bool:
        return _ed25519_verify(self.public_key, text, signature)


class CosignatureVerifier(NoteVerifier):
    """Timestamped Ed25519 witness cosignatures, c2sp.org/tlog-cosignature (signature type 0x04)."""

    algorithm = ALG_COSIGNATURE_V1

    @classmethod
    def from_key(cls, vkey: str) -> CosignatureVerifier:
        """Accept a 0x04 verifier key, or a 0x01 Ed25519 one naming the same witness key.

        Some witnesses publish their key as a plain Ed25519 verifier key; the cosignature key ID is
        then recomputed with type 0x04, as transparency-dev/formats does.
        """
        name, _, _, public_key = _parse_verifier_key(vkey)
        return cls(name, public_key)

    def verify(self, text: bytes, signature: bytes) -> bool:
        if len(signature) != 8 + _ED25519_SIGNATURE_SIZE:
            return False
        (timestamp,) = struct.unpack(">Q", signature[:8])
        if timestamp > MAX_TIMESTAMP:
            return False
        return _ed25519_verify(self.public_key, _cosigned_message(timestamp, text), signature[8:])

    def signature_timestamp(self, signature: bytes) -> int | None:
        if len(signature) != 8 + _ED25519_SIGNATURE_SIZE:
            return None
        timestamp: int = struct.unpack(">Q", signature[:8])[0]
        return timestamp


class Signer(NoteSigner):
    """Ed25519 note signer (signature type 0x01)."""

    algorithm = ALG_ED25519

    @classmethod
    def from_key(cls, skey: str) -> Signer:
        name, _, algorithm, private_key = _parse_signer_key(skey)
        if algorithm != ALG_ED25519:
            raise InvalidKeyError("not an Ed25519 (0x01) signer key")
        return cls(name, private_key)

    def sign(self, text: bytes) -> bytes:
        return self._private_key.sign(text)

    def verifier(self) -> Verifier:
        return Verifier(self.name, self.public_key)


def _unix_now() -> int:
    return int(time.time())


class CosignatureSigner(NoteSigner):
    """Witness cosigner producing timestamped Ed25519 cosignatures (signature type 0x04).

    ``clock`` returns the Unix time to put in each cosignature; :meth:`sign_at` takes it explicitly.
    """

    algorithm = ALG_COSIGNATURE_V1

    def __init__(
        self, name: str, private_key: Ed25519PrivateKey, *, clock: Callable[[], int] = _unix_now
    ) -> None:
        super().__init__(name, private_key)
        self.clock = clock

    @classmethod
    def from_key(cls, skey: str, *, clock: Callable[[], int] = _unix_now) -> CosignatureSigner:
        """Accept a 0x04 signer key, or a 0x01 Ed25519 one (the witness key ID then uses type 0x04)."""
        name, _, _, private_key = _parse_signer_key(skey)
        return cls(name, private_key, clock=clock)

    def sign(self, text: bytes) -> bytes:
        return self.sign_at(text, timestamp=self.clock())

    def sign_at(self, text: bytes, *, timestamp: int) -> bytes:
        if not 0 <= timestamp <= MAX_TIMESTAMP:
            raise ValueError("a cosignature timestamp is between 0 and 2^63 - 1")
        signature = self._private_key.sign(_cosigned_message(timestamp, text))
        return struct.pack(">Q", timestamp) + signature

    def verifier(self) -> CosignatureVerifier:
        return CosignatureVerifier(self.name, self.public_key)


def _generate(name: str, algorithm: int) -> tuple[str, str]:
    if not is_valid_key_name(name):
        raise InvalidKeyError(f"invalid key name {name!r}")
    private_key = Ed25519PrivateKey.generate()
    seed = private_key.private_bytes_raw()
    public_key = _public_bytes(private_key.public_key())
    return (
        _format_signer_key(name, algorithm, seed, public_key),
        _format_verifier_key(name, algorithm, public_key),
    )


def generate_signer(name: str) -> tuple[str, str]:
    """A new Ed25519 key pair: ``(signer key string, verifier key string)``. Keep the first secret."""
    return _generate(name, ALG_ED25519)


def generate_cosigner(name: str) -> tuple[str, str]:
    """A new witness key pair (type 0x04): ``(signer key string, verifier key string)``."""
    return _generate(name, ALG_COSIGNATURE_V1)


def verifier_from_key(vkey: str) -> NoteVerifier:
    """A verifier of the type the key string names (0x01 Ed25519 or 0x04 cosignature)."""
    _, _, algorithm, _ = _parse_verifier_key(vkey)
    if algorithm == ALG_COSIGNATURE_V1:
        return CosignatureVerifier.from_key(vkey)
    return Verifier.from_key(vkey)


# --------------------------------------------------------------------------- notes


@dataclass(frozen=True)
class Signature:
    """One signature line. ``timestamp`` is set on verified timestamped cosignatures."""

    name: str
    key_id: int
    signature: bytes
    timestamp: int | None = None

    @property
    def base64(self) -> str:
        """``base64(key ID || signature)`` as written on the line."""
        return _b64encode(self.key_id.to_bytes(4, "big") + self.signature)

    def line(self) -> str:
        """The signature line, ending in a newline."""
        return f"{SIGNATURE_PREFIX}{self.name} {self.base64}\n"

    @classmethod
    def from_line(cls, line: str) -> Signature:
        """Parse one signature line, with or without its final newline."""
        if line.endswith("\n"):
            line = line[:-1]
        if not line.startswith(SIGNATURE_PREFIX) or "\n" in line:
            raise MalformedNoteError("malformed note: a signature line starts with an em dash and a space")
        name, _, encoded = line[len(SIGNATURE_PREFIX) :].partition(" ")
        if not is_valid_key_name(name):
            raise MalformedNoteError("malformed note: invalid key name in a signature line")
        raw = _b64decode(encoded)
        if raw is None or len(raw) < 5:
            raise MalformedNoteError("malformed note: bad signature encoding")
        return cls(name=name, key_id=int.from_bytes(raw[:4], "big"), signature=raw[4:])


@dataclass(frozen=True)
class Note:
    """An opened note: its text, the signatures known keys verified, and the others."""

    text: str
    signatures: tuple[Signature, ...]
    unverified_signatures: tuple[Signature, ...] = ()


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise MalformedNoteError("malformed note: the text must end with a newline")
    if _CONTROL.search(text) or not _is_utf8(text):
        raise MalformedNoteError("malformed note: control characters or invalid UTF-8 in the text")


def _verifier_map(verifiers: Iterable[NoteVerifier]) -> dict[tuple[str, int], NoteVerifier]:
    known: dict[tuple[str, int], NoteVerifier] = {}
    for verifier in verifiers:
        slot = (verifier.name, verifier.key_id)
        if slot in known and known[slot] != verifier:
            raise AmbiguousVerifierError(f"ambiguous key {verifier.name}+{verifier.key_id:08x}")
        known[slot] = verifier
    return known


def sign_note(
    text: str,
    signers: Sequence[NoteSigner],
    *,
    existing: Sequence[Signature] = (),
    max_size: int = MAX_NOTE_SIZE,
) -> bytes:
    """Sign ``text`` with every signer and return the encoded note.

    The new signature lines come first, followed by ``existing`` ones (for example witness
    cosignatures of the same text) except those of a key that has just signed again.
    """
    _check_text(text)
    message = text.encode()
    lines: list[str] = []
    done: set[tuple[str, int]] = set()
    for signer in signers:
        if (signer.name, signer.key_id) in done:
            continue
        done.add((signer.name, signer.key_id))
        lines.append(Signature(signer.name, signer.key_id, signer.sign(message)).line())
    for signature in existing:
        if (signature.name, signature.key_id) in done:
            continue
        lines.append(Signature.from_line(signature.line()).line())  # re-validates name and encoding
    if not lines:
        raise ValueError("a note needs at least one signature")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNoteError(f"malformed note: more than {MAX_SIGNATURES} signatures")
    note = message + b"\n" + "".join(lines).encode()
    if len(note) > max_size:
        raise NoteTooLargeError(f"note of {len(note)} bytes exceeds the limit of {max_size}")
    return note


def parse_note(data: bytes, *, max_size: int = MAX_NOTE_SIZE) -> tuple[str, tuple[Signature, ...]]:
    """Split a note into its text and signature lines without verifying anything."""
    if len(data) > max_size:
        raise NoteTooLargeError(f"note of {len(data)} bytes exceeds the limit of {max_size}")
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedNoteError("malformed note: invalid UTF-8") from None
    if _CONTROL.search(decoded):
        raise MalformedNoteError("malformed note: control character other than newline")
    split = decoded.rfind("\n\n")
    if split < 0:
        raise MalformedNoteError("malformed note: no blank line before the signatures")
    text, block = decoded[: split + 1], decoded[split + 2 :]
    if not block.endswith("\n"):
        raise MalformedNoteError("malformed note: no signature line, or the last one lacks a newline")
    lines = block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise MalformedNoteError(f"malformed note: more than {MAX_SIGNATURES} signatures")
    return text, tuple(Signature.from_line(line) for line in lines)


def open_note(data: bytes, verifiers: Iterable[NoteVerifier], *, max_size: int = MAX_NOTE_SIZE) -> Note:
    """Parse a signed note and verify the signatures of the known keys (Go's ``note.Open``).

    Raises :class:`NoteTooLargeError`, :class:`MalformedNoteError`, :class:`InvalidSignatureError`
    (a known key's signature fails), :class:`UnverifiedNoteError` (no known key signed; the parsed
    note is on the exception) or :class:`AmbiguousVerifierError` (two known keys collide).
    """
    known = _verifier_map(verifiers)
    text, signatures = parse_note(data, max_size=max_size)
    message = text.encode()
    verified: list[Signature] = []
    unverified: list[Signature] = []
    seen: set[tuple[str, int]] = set()
    for signature in signatures:
        slot = (signature.name, signature.key_id)
        verifier = known.get(slot)
        if verifier is None:
            if signature not in unverified:
                unverified.append(signature)
            continue
        if slot in seen:
            continue
        seen.add(slot)
        if not verifier.verify(message, signature.signature):
            raise InvalidSignatureError(signature.name, signature.key_id)
        timestamp = verifier.signature_timestamp(signature.signature)
        verified.append(Signature(signature.name, signature.key_id, signature.signature, timestamp=timestamp))
    note = Note(text=text, signatures=tuple(verified), unverified_signatures=tuple(unverified))
    if not verified:
        raise UnverifiedNoteError(note)
    return note

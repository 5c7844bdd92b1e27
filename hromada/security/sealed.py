"""Passphrase-sealed streams: the encryption of backup files. Pure: no Django import.

A sealed file is a header and a sequence of encrypted chunks:

``HROMADA-SEALED 1\\n`` then one line of JSON (the key derivation's parameters and salt, the chunk size
and the nonce prefix), then records of a 4-byte big-endian length followed by that many bytes of
AES-256-GCM ciphertext. The key is scrypt(passphrase, salt); chunk ``i`` is sealed with the nonce
``prefix (7 bytes) ‖ i (4 bytes) ‖ last (1 byte)`` and the whole header as associated data (the STREAM
construction of Hoang, Reyhanitabar, Rogaway and Vizár), so reordered, dropped, repeated or appended
chunks, a truncated file and an edited header all fail to open. The first chunk that fails to open
raises :class:`SealError` with a code: ``passphrase`` for the first chunk (a wrong passphrase, or the
file's first block is damaged), ``damaged`` after it, ``truncated`` when the last chunk never came,
``format`` for a file that is not sealed this way.
"""

from __future__ import annotations

import json
import os
import struct
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"HROMADA-SEALED 1\n"
CHUNK_SIZE = 1 << 20
"""Plaintext bytes per chunk (1 MiB): memory stays bounded however large the backup is."""

SCRYPT_N = 1 << 17
"""scrypt's cost (128 MiB of memory with r = 8): about half a second per derivation on one core."""
SCRYPT_R = 8
SCRYPT_P = 1
SALT_SIZE = 16
PREFIX_SIZE = 7
TAG_SIZE = 16
MAX_HEADER = 4096
_LENGTH = struct.Struct(">I")

__all__ = ["SealError", "SealedReader", "SealedWriter", "derive_key"]


class SealError(Exception):
    """A sealed stream could not be opened; ``code`` says why (see the module docstring)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


def derive_key(
    passphrase: str, salt: bytes, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    """The 256-bit key scrypt derives from the passphrase (NFC-normalised UTF-8) and the salt."""
    import unicodedata

    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class SealedWriter:
    """A write-only binary file object that seals what is written into ``target``; call :meth:`close`."""

    def __init__(self, target: IO[bytes], passphrase: str, *, scrypt_n: int = SCRYPT_N) -> None:
        if not passphrase:
            raise ValueError("an empty passphrase seals nothing")
        salt = os.urandom(SALT_SIZE)
        self._prefix = os.urandom(PREFIX_SIZE)
        params = {
            "kdf": "scrypt",
            "n": scrypt_n,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": salt.hex(),
            "cipher": "AES-256-GCM",
            "chunk": CHUNK_SIZE,
            "prefix": self._prefix.hex(),
        }
        self._header = MAGIC + json.dumps(params, sort_keys=True).encode("ascii") + b"\n"
        self._aead = AESGCM(derive_key(passphrase, salt, n=scrypt_n))
        self._target = target
        self._buffer = bytearray()
        self._counter = 0
        self._closed = False
        target.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed sealed stream")
        self._buffer += data
        while len(self._buffer) > CHUNK_SIZE:
            self._seal(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def flush(self) -> None:
        self._target.flush()

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        if self._counter >= 1 << 32:
            raise ValueError("a sealed stream holds at most 2**32 chunks")
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), chunk, self._header)
        self._target.write(_LENGTH.pack(len(sealed)) + sealed)
        self._counter += 1

    def close(self) -> None:
        """Seal the rest as the last chunk (possibly empty): a stream without it reads as truncated."""
        if self._closed:
            return
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()
        self._closed = True
        self._target.flush()

    def __enter__(self) -> SealedWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is None:
            self.close()


class SealedReader:
    """A read-only binary file object over a sealed stream; raises :class:`SealError` on any tampering."""

    def __init__(self, source: IO[bytes], passphrase: str) -> None:
        magic = source.read(len(MAGIC))
        if magic != MAGIC:
            raise SealError("format", "not a sealed Hromada file")
        line = source.readline(MAX_HEADER)
        try:
            params = json.loads(line)
            salt = bytes.fromhex(params["salt"])
            self._prefix = bytes.fromhex(params["prefix"])
            n, r, p = int(params["n"]), int(params["r"]), int(params["p"])
            chunk = int(params["chunk"])
        except (ValueError, KeyError, TypeError) as error:
            raise SealError("format", f"the header is malformed: {error}") from None
        if (
            params.get("kdf") != "scrypt"
            or params.get("cipher") != "AES-256-GCM"
            or len(self._prefix) != PREFIX_SIZE
            or not (1 << 10 <= n <= 1 << 22 and 1 <= r <= 32 and 1 <= p <= 16)
            or not 0 < chunk <= 1 << 26
        ):
            raise SealError("format", "the header names parameters this version does not accept")
        self._header = magic + line
        self._max_record = chunk + TAG_SIZE
        self._aead = AESGCM(derive_key(passphrase, salt, n=n, r=r, p=p))
        self._source = source
        self._counter = 0
        self._buffer = b""
        self._offset = 0
        self._done = False
        self._fill()  # opens the first chunk now: a wrong passphrase fails before anything is read

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        length_bytes = self._source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise SealError("truncated", "the file ends before its last chunk")
        (length,) = _LENGTH.unpack(length_bytes)
        if not TAG_SIZE <= length <= self._max_record:
            raise SealError("damaged" if self._counter else "format", "a chunk has an impossible length")
        sealed = self._source.read(length)
        if len(sealed) < length:
            raise SealError("truncated", "the file ends inside a chunk")
        for last in (False, True):
            try:
                plain = self._aead.decrypt(_nonce(self._prefix, self._counter, last), sealed, self._header)
            except InvalidTag:
                continue
            break
        else:
            code = "passphrase" if self._counter == 0 else "damaged"
            raise SealError(code, f"chunk {self._counter} does not open")
        self._counter += 1
        self._buffer, self._offset = plain, 0
        if last:
            self._done = True
            if self._source.read(1):
                raise SealError("damaged", "data follows the last chunk")

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        wanted = size if size is not None and size >= 0 else -1
        while wanted != 0:
            available = len(self._buffer) - self._offset
            if available == 0:
                if self._done:
                    break
                self._fill()
                continue
            take = available if wanted < 0 else min(available, wanted)
            parts.append(self._buffer[self._offset : self._offset + take])
            self._offset += take
            if wanted > 0:
                wanted -= take
        return b"".join(parts)

    def finish(self) -> None:
        """Read to the end of the stream, so that a missing or damaged last chunk is noticed."""
        while not self._done:
            self._fill()
        self._offset = len(self._buffer)

    def close(self) -> None:
        self._buffer = b""

"""The sealed stream of backup files: what opens, and every way a tampered or wrong one fails."""

from __future__ import annotations

import io
import os

import pytest

from hromada.security import sealed
from hromada.security.sealed import SealedReader, SealedWriter, SealError

FAST = 1 << 10  # a low scrypt cost keeps these tests quick; the format carries the cost


def seal(data: bytes, passphrase: str = "correct horse battery") -> bytes:  # noqa: S107
    target = io.BytesIO()
    with SealedWriter(target, passphrase, scrypt_n=FAST) as writer:
        for start in range(0, len(data), 100_000):
            writer.write(data[start : start + 100_000])
    return target.getvalue()


def test_a_sealed_stream_of_several_chunks_opens_to_the_same_bytes():
    data = os.urandom(sealed.CHUNK_SIZE * 2 + 12345)

    reader = SealedReader(io.BytesIO(seal(data)), "correct horse battery")

    assert reader.read(10) + reader.read() == data
    reader.finish()


def test_the_wrong_passphrase_fails_at_once_with_its_own_code():
    with pytest.raises(SealError) as failure:
        SealedReader(io.BytesIO(seal(b"x" * 1000)), "wrong horse battery")

    assert failure.value.code == "passphrase"


def test_a_truncated_stream_is_noticed_even_on_a_chunk_boundary():
    data = os.urandom(sealed.CHUNK_SIZE + 10)
    blob = seal(data)
    last_record = 4 + 10 + sealed.TAG_SIZE

    reader = SealedReader(io.BytesIO(blob[:-last_record]), "correct horse battery")
    with pytest.raises(SealError) as failure:
        reader.read()

    assert failure.value.code == "truncated"


def test_a_flipped_bit_after_the_first_chunk_reads_as_damaged():
    blob = bytearray(seal(os.urandom(sealed.CHUNK_SIZE + 10)))
    blob[-5] ^= 1

    reader = SealedReader(io.BytesIO(bytes(blob)), "correct horse battery")
    with pytest.raises(SealError) as failure:
        reader.read()

    assert failure.value.code == "damaged"


def test_an_edited_header_does_not_open():
    blob = seal(b"payload")
    edited = blob.replace(b'"chunk": 1048576', b'"chunk": 1048577')

    with pytest.raises(SealError):
        SealedReader(io.BytesIO(edited), "correct horse battery")


def test_a_file_that_is_not_sealed_is_named_so():
    with pytest.raises(SealError) as failure:
        SealedReader(io.BytesIO(b"SQLite format 3\x00..."), "anything")

    assert failure.value.code == "format"

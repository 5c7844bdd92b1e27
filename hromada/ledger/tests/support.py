"""Helpers shared by the ledger's database tests."""

from __future__ import annotations

import hashlib


def naive_root(entries: list[bytes]) -> bytes:
    """MTH(D[n]) of RFC 9162 §2.1.1, straight from the definition."""
    if not entries:
        return hashlib.sha256(b"").digest()
    if len(entries) == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1 << ((len(entries) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + naive_root(entries[:k]) + naive_root(entries[k:])).digest()

"""Open311 API keys: only a key's SHA-256 is stored. Pure Python, no Django import."""

from __future__ import annotations

import hashlib


def api_key_hash(key: str) -> str:
    """The stored form of an application's key."""
    return hashlib.sha256(key.encode()).hexdigest()

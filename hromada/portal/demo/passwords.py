"""One password for hundreds of demo accounts, hashed once.

Every demo account is created through `user_register`, which hashes the password it is given; with the
production hasher (PBKDF2, a million rounds) that takes a minute for the demo's ~220 accounts. Inside
`password_hashed_once`, hashing that one password returns a hash made once, beforehand, with the configured
hasher — an ordinary hash that logs in normally once the block ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.hashers import BasePasswordHasher, make_password
from django.test.utils import override_settings


class _PrecomputedHasher(BasePasswordHasher):
    """Hands out the hash made beforehand; never stored under its own name, so never asked to verify."""

    algorithm = "hromada_demo_precomputed"
    hashes: ClassVar[dict[str, str]] = {}

    def salt(self) -> str:
        return ""

    def encode(self, password: str, salt: str) -> str:
        try:
            return self.hashes[password]
        except KeyError:
            raise ValueError("Only the demo password can be hashed while the demo loads.") from None


@contextmanager
def password_hashed_once(password: str) -> Iterator[None]:
    _PrecomputedHasher.hashes = {password: make_password(password)}
    try:
        with override_settings(
            PASSWORD_HASHERS=[f"{__name__}.{_PrecomputedHasher.__name__}", *settings.PASSWORD_HASHERS]
        ):
            yield
    finally:
        _PrecomputedHasher.hashes = {}

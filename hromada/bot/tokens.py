"""The bot token at rest: encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with a key derived from the
installation's secret key, which lives outside the database (``HROMADA_SECRET_KEY``, fingerprinted by
``core/fingerprints.py``). A database dump alone therefore does not give away the token; rotating the
secret key (``hromada secrets accept secret_key``) means entering the token again in the back office.

A token may also come from the environment, ``HROMADA_TELEGRAM_TOKEN_<SLUG>`` (the hromada's slug in upper
case, ``-`` as ``_``), which wins over the stored one: deployments that keep secrets in files only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

LABEL = b"hromada bot token v1"


def _fernet() -> Fernet:
    key = hmac.new(settings.SECRET_KEY.encode(), LABEL, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode()


def decrypt(stored: str) -> str | None:
    """The clear token, or None when nothing is stored or it was encrypted under another secret key."""
    if not stored:
        return None
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken:
        return None


def environment_variable(slug: str) -> str:
    return "HROMADA_TELEGRAM_TOKEN_" + slug.upper().replace("-", "_")


def token_for(*, slug: str, stored: str) -> str | None:
    return os.environ.get(environment_variable(slug)) or decrypt(stored)

"""Demo logins: one shared password and fixed two-factor secrets, so printed values stay valid across loads.

These secrets are public (they are printed and documented): never load the demo into a production database.
"""

from __future__ import annotations

import base64
import hashlib

# Long enough for the validators, not a common password, unlike any demo e-mail address.
DEMO_PASSWORD = "Kalyna-demo-2025"  # noqa: S105 -- printed for people to log in with

TOTP_DEVICE_NAME = "Демо-автентифікатор"
BACKUP_DEVICE_NAME = "Резервні коди"
BACKUP_CODES_PER_PERSON = 3


def _digest(*parts: str) -> bytes:
    return hashlib.sha256(":".join(("hromada-demo", *parts)).encode()).digest()


def totp_key(email: str) -> str:
    """The fixed TOTP key of a demo login: 20 bytes, hex as django-otp stores it."""
    return _digest("totp", email.lower())[:20].hex()


def totp_secret(hex_key: str) -> str:
    """The base32 secret an authenticator app takes (32 characters for a 20-byte key)."""
    return base64.b32encode(bytes.fromhex(hex_key)).decode()


def backup_codes(email: str) -> tuple[str, ...]:
    """Fixed single-use backup codes in the shape django-otp generates (8 lowercase base32 characters)."""
    return tuple(
        base64.b32encode(_digest("backup", email.lower(), str(n))[:5]).decode().lower()
        for n in range(1, BACKUP_CODES_PER_PERSON + 1)
    )

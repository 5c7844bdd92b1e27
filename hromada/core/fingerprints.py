"""Fingerprints of the installation's secrets: every node and worker must run with the same
``HROMADA_SECRET_KEY`` and ``HROMADA_IDENTITY_PEPPER``.

A node with another secret key would silently break every session, login code and log pseudonym made by
the others; one with another pepper would hash the same national identifier differently, so "one person,
one account" would quietly stop holding. So the first node or worker started on a database records a
fingerprint of each secret there (``core.SecretFingerprint``), and every later ``hromada serve`` /
``hromada worker`` — and ``hromada check --deploy`` — compares its own with it and refuses to start on a
difference (core/actions.py: ``secret_fingerprints_ensure``).

A fingerprint is an HMAC-SHA256 *keyed with the secret* over a fixed label: it tells whether two secrets
are equal and reveals nothing else (no dictionary attack without the secret itself). This module is pure:
no Django import.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

LABEL = "hromada secret fingerprint v1:"


@dataclass(frozen=True)
class Secret:
    name: str  # the row's key and the argument of `hromada secrets accept`
    variable: str  # the environment variable that sets it
    setting: str  # the Django setting that holds it


SECRET_KEY = Secret("secret_key", "HROMADA_SECRET_KEY", "SECRET_KEY")
IDENTITY_PEPPER = Secret("identity_pepper", "HROMADA_IDENTITY_PEPPER", "HROMADA_IDENTITY_PEPPER")
SECRETS: tuple[Secret, ...] = (SECRET_KEY, IDENTITY_PEPPER)
BY_NAME = {secret.name: secret for secret in SECRETS}


def fingerprint(value: str, name: str) -> str:
    """The keyed fingerprint of one secret's value (64 hex digits)."""
    return hmac.new(value.encode(), f"{LABEL}{name}".encode(), hashlib.sha256).hexdigest()


def mismatch(name: str) -> tuple[str, str]:
    """What an operator reads when a node refuses to start: which secret differs, and what to do."""
    secret = BY_NAME[name]
    problem = (
        f"{secret.variable} differs from the value this database was set up with (its fingerprint does not "
        f"match the one stored in core_secretfingerprint)."
    )
    if secret is IDENTITY_PEPPER:
        advice = (
            "Never change the pepper of a running installation: the hashes of the national identifiers "
            "already verified were made with the old one, so one person could open a second account. "
            "Set the value every other node uses (the environment file, or its backup)."
        )
    else:
        advice = (
            "Set the value every other node uses (the environment file deploy/hromada.env copied to every "
            "server). To rotate it on purpose, stop every node and worker, set the new value everywhere and "
            'run `hromada secrets accept secret_key` once (docs/operations.md, "Rotating secrets").'
        )
    return problem, advice


def mismatch_message(names: list[str]) -> str:
    return "\n".join(" ".join(mismatch(name)) for name in names)


class SecretMismatchError(Exception):
    """This process runs with a secret other than the one the database was set up with."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(mismatch_message(names))
        self.names = names

"""The backup passphrase: from HROMADA_BACKUP_PASSPHRASE, else asked on the terminal (never an argument,
which would show in the process list and the shell history)."""

from __future__ import annotations

import getpass
import os
import sys

from django.core.management.base import CommandError

VARIABLE = "HROMADA_BACKUP_PASSPHRASE"
MIN_LENGTH = 12


def passphrase(*, confirm: bool) -> str:
    value = os.environ.get(VARIABLE, "")
    if value:
        if confirm and len(value) < MIN_LENGTH:
            raise CommandError(f"{VARIABLE} is shorter than {MIN_LENGTH} characters.")
        return value
    if not sys.stdin.isatty():
        raise CommandError(
            f"Set {VARIABLE}, or run the command on a terminal to be asked for the passphrase."
        )
    value = getpass.getpass("Backup passphrase: ")
    if confirm:
        if len(value) < MIN_LENGTH:
            raise CommandError(f"A backup passphrase has at least {MIN_LENGTH} characters.")
        if getpass.getpass("Repeat it: ") != value:
            raise CommandError("The two passphrases differ.")
    if not value:
        raise CommandError("No passphrase given.")
    return value

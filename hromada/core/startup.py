"""What `hromada serve` and `hromada worker` check before they start (core/fingerprints.py)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import DatabaseError, connection

from .actions import secret_fingerprints_ensure
from .fingerprints import SecretMismatchError
from .models import SecretFingerprint

# The exit status of a refusal: a configuration error (sysexits' EX_CONFIG). The systemd units do not
# restart a process that exited with it (RestartPreventExitStatus), unlike one that lost its database.
EXIT_CONFIG = 78


def secrets_guard() -> str:
    """Compare this process's secrets with the ones the database was set up with (recording them on the
    first start); raises CommandError on a difference. Returns a line for the operator."""
    try:
        recorded = secret_fingerprints_ensure()
    except SecretMismatchError as error:
        raise CommandError(f"Refusing to start.\n{error}", returncode=EXIT_CONFIG) from None
    except DatabaseError as error:
        try:
            migrated = SecretFingerprint._meta.db_table in connection.introspection.table_names()
        except DatabaseError:
            migrated = True  # the database does not answer at all: fail, so the service manager retries
        if not migrated:
            return "The database is not migrated yet: run `hromada migrate` (secrets are compared after it)."
        raise CommandError(
            f"Refusing to start: could not compare the secrets with the database ({error})."
        ) from None
    finally:
        if not connection.in_atomic_block:
            connection.close()  # the command's own: granian's processes and the worker open theirs
    if recorded:
        return f"Recorded the fingerprints of {', '.join(recorded)} for this database."
    return ""

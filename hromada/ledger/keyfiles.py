"""Secret key files of the ledger (log and witness keys): created once, whole or not at all."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def key_file_create(path: Path, secret: str) -> bool:
    """Write a new key file with mode 0600; False (and nothing written) if the file already exists.

    The secret goes to a temporary file first, fsynced, then hard-linked into place: the link is atomic
    and fails if another process created the key meanwhile, so a reader never sees half a key.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secret + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    except FileExistsError:
        return False
    finally:
        temporary.unlink(missing_ok=True)
    return True

"""`hromada backup FILE`: the database, media and ledger keys in one file sealed with a passphrase."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hromada.security.actions import backup_create

from ._passphrase import VARIABLE, passphrase


class Command(BaseCommand):
    help = (
        "Write a backup of this installation to FILE: every database table (engine-neutral, so it restores "
        "into SQLite or PostgreSQL), the media files, the ledger's key directory and file-kept secrets, "
        f"encrypted with a passphrase from {VARIABLE} or asked for (scrypt, AES-256-GCM). Restore it with "
        "`hromada restore FILE`; test it with `hromada restore --test FILE` (docs/operations.md)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE", help="Where to write the backup (replaced if it exists).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.parent.is_dir():
            raise CommandError(f"The directory {path.parent} does not exist.")
        secret = passphrase(confirm=True)
        run = backup_create(path=path, passphrase=secret, progress=self._progress)
        self.stdout.write(
            f"Backup written to {path}: {run.tables} tables, {run.rows} rows, {run.files} media files, "
            f"{run.size_bytes} bytes, SHA-256 {run.sha256} ({run.message})."
        )

    def _progress(self, line: str) -> None:
        self.stderr.write(line)
        self.stderr.flush()

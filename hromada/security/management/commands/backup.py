"""`hromada backup FILE`: the database, media and ledger keys in one file sealed with a passphrase.
`hromada backup DIR [--keep N]`: a file named by its UTC time in that directory (the nightly timer,
deploy/systemd/hromada-backup.timer), then only the N newest kept."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hromada.security import rotation
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
        parser.add_argument(
            "file",
            metavar="FILE",
            help="The backup file (replaced if it exists), or a directory: a new file named by its time.",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            metavar="N",
            help="With a directory: keep only the N newest backups there after this one is written.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        directory = path if path.is_dir() else None
        if options["keep"] and directory is None:
            raise CommandError("--keep needs a directory: the backups are named by their time there.")
        if options["keep"] < 0:
            raise CommandError("--keep must be a positive number.")
        if directory is not None:
            path = directory / rotation.name_for(timezone.now())
        if not path.parent.is_dir():
            raise CommandError(f"The directory {path.parent} does not exist.")
        secret = passphrase(confirm=True)
        run = backup_create(path=path, passphrase=secret, progress=self._progress)
        self.stdout.write(
            f"Backup written to {path}: {run.tables} tables, {run.rows} rows, {run.files} media files, "
            f"{run.size_bytes} bytes, SHA-256 {run.sha256} ({run.message})."
        )
        if directory is not None and options["keep"]:
            for old in rotation.to_prune(directory, keep=options["keep"]):
                old.unlink()
                self.stdout.write(f"Removed the older backup {old}.")

    def _progress(self, line: str) -> None:
        self.stderr.write(line)
        self.stderr.flush()

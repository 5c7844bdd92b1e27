"""`hromada restore FILE`: a backup made by `hromada backup`, into this (empty) installation."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hromada.core.errors import ApplicationError
from hromada.security import rotation
from hromada.security.actions import backup_restore, backup_test

from ._passphrase import VARIABLE, passphrase


class Command(BaseCommand):
    help = (
        "Restore a backup into this installation: the database of DATABASE_URL (SQLite or PostgreSQL, "
        "whichever the backup came from), HROMADA_MEDIA_ROOT and HROMADA_LEDGER_KEY_DIR. The whole file "
        "is checked first (a wrong passphrase or a damaged file writes nothing); a database holding "
        "hromadas or people is refused unless --force. A ledger behind the last checkpoint it published "
        "stays held until it catches up or `hromada ledger new-origin`. --test restores into a scratch "
        f"installation instead and records the outcome here. The passphrase comes from {VARIABLE} or is "
        "asked for."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", metavar="FILE", help="The backup file, or a directory: its newest backup."
        )
        parser.add_argument(
            "--force", action="store_true", help="Replace everything in a database that is not empty."
        )
        parser.add_argument(
            "--test",
            action="store_true",
            help="Restore into a temporary scratch installation, run `hromada ledger check` there, record "
            "the result in this installation (the security page shows it); this installation is not changed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if path.is_dir():  # the newest backup a timer wrote there (`hromada backup DIR`)
            path = rotation.newest(path) or path / rotation.name_for(timezone.now())
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        secret = passphrase(confirm=False)
        self._started = time.monotonic()
        try:
            if options["test"]:
                run = backup_test(path=path, passphrase=secret, progress=self._progress)
                if not run.succeeded:
                    raise CommandError(f"The restore test failed: {run.message}")
                self.stdout.write(
                    f"Restore test passed: {run.tables} tables, {run.rows} rows.\n{run.message}"
                )
                return
            outcome = backup_restore(
                path=path, passphrase=secret, force=options["force"], progress=self._progress
            )
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        run = outcome.run
        self.stdout.write(
            f"Restored {path}: {run.tables} tables, {run.rows} rows, {run.files} media files, "
            f"{len(outcome.restored.keys)} key files written, {len(outcome.restored.kept)} kept as they were."
        )
        for aside in outcome.restored.set_aside:
            self.stdout.write(f"A different key was set aside as {aside}.")
        for note in outcome.restored.secrets:
            self.stdout.write(f"Secret {note}.")
        for slug, code in outcome.held.items():
            self.stdout.write(
                f"{slug}: the ledger is HELD ({code}): this backup is older than what the log published. "
                "Nothing is appended or signed until it catches up; restore a newer backup, or start a new "
                f"origin: hromada ledger new-origin --hromada {slug} --reason '…'"
            )

    def _progress(self, line: str) -> None:
        self.stderr.write(f"[{time.monotonic() - self._started:6.1f} s] {line}")
        self.stderr.flush()

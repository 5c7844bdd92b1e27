"""Writes of the security app: backups made, tested and restored, dependency audits run and recorded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import tenancy
from hromada.core.errors import ConflictError
from hromada.ledger.actions import ledger_holds_evaluate
from hromada.ledger.published import key_dir_restore

from . import archive, audit
from .models import AuditRun, BackupRun
from .sealed import SealError

Progress = Callable[[str], None]

TEST_TIMEOUT_SECONDS = 3600


class RestoreRefused(ConflictError):
    """The backup was not restored (wrong passphrase, damaged file, other version, non-empty database)."""

    default_code = "restore_refused"


@dataclasses.dataclass
class RestoreOutcome:
    run: BackupRun
    restored: archive.Restored
    held: dict[str, str]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _sealed_refusal(error: SealError) -> RestoreRefused:
    if error.code == "passphrase":
        return RestoreRefused(
            _(
                "The passphrase does not open this backup (or its first block is damaged). "
                "Nothing was written."
            ),
            code="wrong_passphrase",
        )
    if error.code == "format":
        return RestoreRefused(
            _("This is not a Hromada backup file. Nothing was written."), code="not_a_backup"
        )
    return RestoreRefused(
        _("The backup file is damaged or cut short (%(detail)s). Nothing was written.") % {"detail": error},
        code="damaged_backup",
    )


def backup_create(*, path: Path, passphrase: str, progress: Progress) -> BackupRun:
    """Write a sealed backup of this installation to ``path`` (written whole: a partial file is renamed
    into place only when complete) and record it."""
    started = timezone.now()
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            written = archive.write_backup(handle, passphrase, progress=progress)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    run = BackupRun.objects.create(
        kind=BackupRun.Kind.BACKUP,
        file_name=path.name,
        size_bytes=path.stat().st_size,
        sha256=_sha256(path),
        backup_made_at=started,
        started_at=started,
        finished_at=timezone.now(),
        succeeded=True,
        tables=len(written.rows),
        rows=sum(written.rows.values()),
        files=written.files.get("media", 0),
        engine=connection.vendor,
        message=_("%(seconds).1f s") % {"seconds": written.seconds},
    )
    return run


def _stage(path: Path, passphrase: str, directory: Path, progress: Progress) -> archive.Contents:
    try:
        with open(path, "rb") as handle:
            return archive.stage(handle, passphrase, directory, progress=progress)
    except SealError as error:
        raise _sealed_refusal(error) from None
    except archive.ArchiveError as error:
        raise RestoreRefused(
            _("The backup cannot be restored: %(detail)s. Nothing was written.") % {"detail": error}
        ) from None
    except FileNotFoundError:
        raise RestoreRefused(_("There is no file %(path)s.") % {"path": path}) from None


def backup_restore(*, path: Path, passphrase: str, force: bool, progress: Progress) -> RestoreOutcome:
    """Restore a sealed backup into this installation (its database, media and key directory).

    Reads the whole backup first (a wrong passphrase or a damaged file is refused before anything is
    written), migrates the database, refuses a database that holds hromadas or people unless ``force``,
    then empties every table and loads the backup's rows in one transaction, writes media, keys and
    file-kept secrets, and holds every ledger that is behind what it published (see ``ledger.published``).
    """
    started = timezone.now()
    path = Path(path)
    progress(_("Reading and checking the backup…"))
    # Staged beside the database's other files (same disk), deleted whatever happens.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=settings.VAR_DIR) as staging:
        return _restore_staged(path, Path(staging), passphrase, force, progress, started)


def _restore_staged(
    path: Path, staged: Path, passphrase: str, force: bool, progress: Progress, started: dt.datetime
) -> RestoreOutcome:
    contents = _stage(path, passphrase, staged, progress)
    if contents.head.get("migrations") != archive.code_migrations():
        raise RestoreRefused(
            _(
                "The backup was made by a version of Hromada with other database migrations than this one. "
                "Install the version that made it, restore, then upgrade. Nothing was written."
            ),
            code="other_version",
        )
    progress(_("Migrating the database…"))
    call_command("migrate", interactive=False, verbosity=0)
    if not archive.database_is_empty() and not force:
        raise RestoreRefused(
            _(
                "This database already holds hromadas or people. Restore into an empty installation "
                "(another HROMADA_VAR_DIR / DATABASE_URL), or pass --force to replace everything in it."
            ),
            code="not_empty",
        )
    progress(_("Loading the database…"))
    try:
        restored = archive.restore_into(staged, contents, progress=progress, keys_merge=key_dir_restore)
    except archive.ArchiveError as error:
        raise RestoreRefused(_("The backup cannot be restored: %(detail)s.") % {"detail": error}) from None
    ContentType.objects.clear_cache()
    tenancy.clear_cache()
    held = ledger_holds_evaluate()
    made = contents.head.get("created_at")
    run = BackupRun.objects.create(
        kind=BackupRun.Kind.RESTORE,
        file_name=path.name,
        size_bytes=path.stat().st_size,
        sha256=_sha256(path),
        backup_made_at=dt.datetime.fromisoformat(made) if made else None,
        started_at=started,
        finished_at=timezone.now(),
        succeeded=True,
        tables=len(restored.rows),
        rows=sum(restored.rows.values()),
        files=restored.files.get("media", 0),
        engine=str(contents.head.get("engine", "")),
        message="; ".join(restored.secrets),
    )
    return RestoreOutcome(run=run, restored=restored, held=held)


def backup_test(*, path: Path, passphrase: str, progress: Progress) -> BackupRun:
    """Restore the backup into a scratch installation (a temporary directory with its own SQLite database,
    media and key directory), run ``hromada ledger check`` there, delete it, and record the outcome here."""
    started = timezone.now()
    path = Path(path).resolve()
    ok, message = True, ""
    with tempfile.TemporaryDirectory(prefix="hromada-restore-test-") as scratch:
        contents = _stage(path, passphrase, Path(scratch) / "staged", progress)
        environment = {
            **os.environ,
            "HROMADA_VAR_DIR": scratch,
            "DATABASE_URL": f"sqlite:///{scratch}/restore-test.sqlite3",
            "HROMADA_LEDGER_KEY_DIR": f"{scratch}/ledger-keys",
            "HROMADA_MEDIA_ROOT": f"{scratch}/media",
            "HROMADA_BACKUP_PASSPHRASE": passphrase,
        }
        for step in (["restore", str(path)], ["ledger", "check"]):
            progress(_("Scratch installation: hromada %(step)s") % {"step": " ".join(step[:1])})
            result = subprocess.run(
                [sys.executable, "-m", "hromada", *step],
                env=environment,
                capture_output=True,
                text=True,
                timeout=TEST_TIMEOUT_SECONDS,
                check=False,
            )
            if result.returncode != 0:
                ok = False
                message = f"hromada {step[0]}: {(result.stderr or result.stdout).strip()[-2000:]}"
                break
            message = result.stdout.strip()[-2000:]
    made = contents.head.get("created_at")
    return BackupRun.objects.create(
        kind=BackupRun.Kind.TEST,
        file_name=path.name,
        size_bytes=path.stat().st_size,
        sha256=_sha256(path),
        backup_made_at=dt.datetime.fromisoformat(made) if made else None,
        started_at=started,
        finished_at=timezone.now(),
        succeeded=ok,
        tables=len(contents.rows),
        rows=sum(contents.rows.values()),
        files=contents.files.get("media", 0),
        engine=str(contents.head.get("engine", "")),
        message=message,
    )


def audit_record(*, timeout: float = 120.0) -> AuditRun:
    """Run the dependency audit (:mod:`.audit`) and record what it found, or that it could not ask."""
    found = audit.audit_installed(timeout=timeout)
    return AuditRun.objects.create(
        ran_at=timezone.now(),
        reachable=found.reachable,
        tool=found.tool,
        packages=found.packages,
        vulnerable=sum(1 for package in found.packages if package["vulnerabilities"]),
        error=found.error,
    )

"""The ledger's logs and their signing keys: where a key lives, how it is made (once, whole or not at all),
read and checked against the log's published verifier key, and the log created with its key on first use.

Used by the ledger's actions (signing checkpoints) and by :mod:`.witness` (mutual witnessing creates both
logs); nothing else touches the key files.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.errors import ConflictError
from hromada.core.models import Hromada, HromadaHost

from . import note
from .keyfiles import key_file_create
from .models import Log
from .published import published_path

logger = logging.getLogger("hromada.ledger")

__all__ = [
    "LedgerKeyError",
    "key_create",
    "key_path",
    "log_ensure",
    "origin_for",
    "public_name",
    "signer_for",
]


class LedgerKeyError(ConflictError):
    """The log's signing key is missing, does not match the published key, or cannot be created."""

    default_code = "ledger_key"


def public_name(hromada: Hromada) -> str:
    """The first host name (else ``<slug>.hromada``): the prefix of the log and witness key names."""
    host = HromadaHost.objects.filter(hromada=hromada).order_by("pk").values_list("host", flat=True).first()
    return host or f"{hromada.slug}.hromada"


def origin_for(hromada: Hromada) -> str:
    return f"{public_name(hromada)}/ledger"


def key_path(hromada: Hromada) -> Path:
    """Where the hromada's signing key is kept: ``HROMADA_LEDGER_KEY_DIR/<slug>.key``."""
    return Path(settings.HROMADA_LEDGER_KEY_DIR) / f"{hromada.slug}.key"


def key_create(hromada: Hromada, origin: str) -> str:
    """Generate the signing key file (mode 0600, written whole or not at all); returns the verifier key."""
    path = key_path(hromada)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists():
        # A key without a log: the database was lost or replaced. Signing a new tree with the old key
        # would fork the history its checkpoints vouched for, so production stops here.
        if settings.PROD:
            raise LedgerKeyError(
                _(
                    "A signing key for this hromada's log already exists at %(path)s, but the database has "
                    "no log. Restore the database, or move the key away to start a new log."
                )
                % {"path": path}
            )
        stamp = f"{timezone.now():%Y%m%dT%H%M%S%f}"
        orphan = path.with_name(f"{path.name}.orphaned-{stamp}")
        path.rename(orphan)
        record = published_path(hromada.slug)
        if record.exists():
            record.rename(record.with_name(f"{record.name}.orphaned-{stamp}"))
        logger.warning("Ledger key %s had no log in this database; moved to %s", path, orphan)
    signer_key, verifier_key = note.generate_signer(origin)
    if not key_file_create(path, signer_key):
        raise LedgerKeyError(_("Another process created this hromada's signing key at the same time."))
    return verifier_key


def signer_for(log: Log, hromada: Hromada) -> note.Signer:
    path = key_path(hromada)
    try:
        signer = note.Signer.from_key(path.read_text().strip())
    except FileNotFoundError:
        raise LedgerKeyError(
            _("The signing key of log %(origin)s is missing at %(path)s.")
            % {"origin": log.origin, "path": path}
        ) from None
    except note.NoteError as error:
        raise LedgerKeyError(
            _("The signing key at %(path)s is malformed: %(error)s") % {"path": path, "error": error}
        ) from None
    if signer.verifier_key != log.verifier_key:
        raise LedgerKeyError(
            _("The signing key at %(path)s is not the published key of log %(origin)s.")
            % {"path": path, "origin": log.origin}
        )
    return signer


def log_ensure(hromada: Hromada) -> Log:
    """The hromada's log, created with a new signing key on first use (in its own, committed transaction)."""
    log = Log.objects.filter(hromada=hromada).first()
    if log is not None:
        return log
    with transaction.atomic(durable=True):
        # Serialise creation per hromada; FOR NO KEY UPDATE leaves inserts that reference the row alone.
        Hromada.objects.select_for_update(no_key=True).filter(pk=hromada.pk).first()
        log = Log.objects.filter(hromada=hromada).first()
        if log is None:
            origin = origin_for(hromada)
            log = Log.objects.create(hromada=hromada, origin=origin, verifier_key=key_create(hromada, origin))
    return log

"""Backup and restore in one installation: refusals, and a restore that must never fork the ledger."""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.utils import translation

from hromada.accounts.actions import api_token_create
from hromada.core.models import Hromada
from hromada.ledger import merkle, note
from hromada.ledger.actions import (
    LedgerHeldError,
    ledger_append,
    ledger_checkpoint,
    ledger_holds_evaluate,
    ledger_origin_new,
    ledger_publish,
)
from hromada.ledger.checkpoint import witness_add_checkpoint
from hromada.ledger.models import Checkpoint, Log, LogOrigin, Witness
from hromada.ledger.published import published_path, published_read, published_record
from hromada.ledger.selectors import log_check
from hromada.ledger.witness import cosignatures_collect
from hromada.petitions.models import Signature
from hromada.petitions.tests.factories import make_world
from hromada.security.actions import RestoreRefused, backup_create, backup_restore, backup_test
from hromada.security.models import BackupRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Refusals read in English here (the default language is Ukrainian)."""
    with translation.override("en"):
        yield


PASSPHRASE = "a long enough passphrase"


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


def quiet(_line: str) -> None:
    pass


def append(hromada: Hromada, n: int) -> None:
    with transaction.atomic():
        for number in range(n):
            ledger_append(hromada=hromada, kind="test.recorded", payload={"n": number})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_wrong_passphrase_is_refused_and_writes_nothing(hromada, tmp_path, settings):
    # A var dir of its own: the run's is shared by the xdist workers, whose restores stage in it too.
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    append(hromada, 2)
    ledger_publish(hromada=hromada)
    backup = tmp_path / "hromada.backup"
    backup_create(path=backup, passphrase=PASSPHRASE, progress=quiet)
    (settings.HROMADA_LEDGER_KEY_DIR / f"{hromada.slug}.key").unlink()

    with pytest.raises(RestoreRefused) as refusal:
        backup_restore(path=backup, passphrase="not the passphrase", force=True, progress=quiet)

    assert refusal.value.code == "wrong_passphrase"
    assert "passphrase" in str(refusal.value.message)
    assert not (settings.HROMADA_LEDGER_KEY_DIR / f"{hromada.slug}.key").exists()
    assert BackupRun.objects.filter(kind=BackupRun.Kind.RESTORE).count() == 0
    assert not list(settings.VAR_DIR.glob(".restore-*"))


def test_a_restore_into_a_database_with_people_is_refused_unless_forced(hromada, resident, tmp_path):
    backup = tmp_path / "hromada.backup"
    backup_create(path=backup, passphrase=PASSPHRASE, progress=quiet)

    with pytest.raises(RestoreRefused) as refusal:
        backup_restore(path=backup, passphrase=PASSPHRASE, force=False, progress=quiet)

    assert refusal.value.code == "not_empty"


def test_the_restore_command_names_a_wrong_passphrase(hromada, tmp_path, monkeypatch):
    backup = tmp_path / "hromada.backup"
    monkeypatch.setenv("HROMADA_BACKUP_PASSPHRASE", PASSPHRASE)
    call_command("backup", str(backup), stderr=open("/dev/null", "w"))  # noqa: SIM115
    monkeypatch.setenv("HROMADA_BACKUP_PASSPHRASE", "something else entirely")

    with pytest.raises(CommandError, match="passphrase does not open this backup"):
        call_command("restore", str(backup), "--force", stderr=open("/dev/null", "w"))  # noqa: SIM115


def test_restoring_a_backup_older_than_a_published_checkpoint_holds_the_log_until_a_new_origin(
    tmp_path, settings
):
    # Given a log that published a checkpoint of 3 entries, then a backup, then 2 more published.
    world = make_world(Hromada.objects.create(name="Громада", slug="holdtown", katottg="UA00000000000000001",
                                              is_default=True))  # fmt: skip
    hromada = world.hromada
    append(hromada, 3)
    ledger_publish(hromada=hromada)
    backup = tmp_path / "old.backup"
    backup_create(path=backup, passphrase=PASSPHRASE, progress=quiet)
    append(hromada, 2)
    published_later = ledger_publish(hromada=hromada)
    assert published_read(hromada.slug)[published_later.origin]["size"] == published_later.tree_size
    old_origin = published_later.origin

    # When the old backup is restored over it.
    outcome = backup_restore(path=backup, passphrase=PASSPHRASE, force=True, progress=quiet)

    # Then the log is held: behind what it published, it neither signs nor accepts entries.
    size = Log.objects.get(hromada=hromada).tree_size
    assert outcome.held == {hromada.slug: "behind"}
    assert size < published_later.tree_size
    with pytest.raises(LedgerHeldError, match="published a checkpoint of"):
        ledger_checkpoint(hromada=hromada)
    with pytest.raises(LedgerHeldError), transaction.atomic():
        ledger_append(hromada=hromada, kind="test.recorded", payload={"n": 99})
    assert not Checkpoint.objects.filter(hromada=hromada, tree_size__gt=size).exists()

    # The ledger page says so (signing petitions: the next test).
    ledger_page = text_of(Client().get("/en/ledger/"))
    assert "temporarily not accepting new records" in ledger_page

    # And `ledger new-origin` lets it go on under a new origin and key, announced on the ledger page.
    first = ledger_origin_new(hromada=hromada, reason="Restored from the backup of the night before.")
    log = Log.objects.get(hromada=hromada)
    assert log.held_since is None and log.origin != old_origin and log.origin.endswith("/ledger/2")
    assert first.origin == log.origin and first.tree_size == size
    append(hromada, 1)
    assert ledger_publish(hromada=hromada).tree_size == size + 1
    assert published_read(hromada.slug)[old_origin]["superseded_by"] == log.origin
    assert LogOrigin.objects.get(hromada=hromada).published_size == published_later.tree_size
    assert log_check(hromada=hromada) == []
    announced = text_of(Client().get("/en/ledger/"))
    assert "this log started a new origin" in announced and log.origin in announced
    assert "Restored from the backup of the night before." in announced
    assert old_origin in announced


def test_restoring_an_older_backup_into_a_fresh_key_directory_keeps_the_record_of_the_old_one(
    hromada, tmp_path, settings
):
    # A restore over an installation whose key directory published more never forgets it (merge).
    append(hromada, 2)
    ledger_publish(hromada=hromada)
    backup = tmp_path / "old.backup"
    backup_create(path=backup, passphrase=PASSPHRASE, progress=quiet)
    append(hromada, 3)
    later = ledger_publish(hromada=hromada)

    backup_restore(path=backup, passphrase=PASSPHRASE, force=True, progress=quiet)

    record = json.loads((settings.HROMADA_LEDGER_KEY_DIR / f"{hromada.slug}.published.json").read_text())
    assert record["origins"][later.origin]["size"] == 5
    assert base64.b64decode(record["origins"][later.origin]["root"]) == bytes(later.root_hash)


def test_a_held_log_refuses_petition_signatures_cleanly_on_the_page_and_in_the_api(hromada, district):
    world = make_world(hromada, district=district)
    petition = world.collecting()
    checkpoint = ledger_publish(hromada=hromada)
    # The log once published more than this database holds (as after restoring an older backup).
    published_record(slug=hromada.slug, origin=checkpoint.origin, size=checkpoint.tree_size + 5,
                     root=b"\x07" * 32, note="")  # fmt: skip
    with pytest.raises(LedgerHeldError):
        ledger_checkpoint(hromada=hromada)
    signer = world.resident()
    client = Client()
    client.force_login(signer)

    page = client.post(f"/en/petitions/{petition.pk}/sign/", {"show_name": "on"})
    _row, token = api_token_create(user=world.resident(), name="test")
    api = Client().post(
        f"/api/v1/petitions/{petition.pk}/signatures", {"show_name": False}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )  # fmt: skip

    assert page.status_code == 503
    assert "temporarily unavailable" in text_of(page)
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "ledger_unavailable"
    assert "тимчасово недоступний" in api.json()["error"]["message"]  # the API speaks Ukrainian by default
    assert not Signature.objects.filter(petition=petition).exists()


@pytest.mark.runs_long  # minutes in the full run: started first (conftest.py)
def test_a_restore_test_restores_into_a_scratch_installation_and_records_the_outcome(
    hromada, tmp_path, settings
):
    append(hromada, 3)
    ledger_publish(hromada=hromada)
    backup = tmp_path / "night.backup"
    backup_create(path=backup, passphrase=PASSPHRASE, progress=quiet)
    keys_before = sorted(path.name for path in settings.HROMADA_LEDGER_KEY_DIR.iterdir())

    run = backup_test(path=backup, passphrase=PASSPHRASE, progress=quiet)

    assert run.succeeded, run.message
    assert run.kind == BackupRun.Kind.TEST and f"{hromada.slug}: OK, 3 entries" in run.message
    assert sorted(path.name for path in settings.HROMADA_LEDGER_KEY_DIR.iterdir()) == keys_before
    assert Log.objects.get(hromada=hromada).tree_size == 3


def test_holds_are_evaluated_and_the_new_origin_command_releases_one(hromada):
    append(hromada, 2)
    checkpoint = ledger_publish(hromada=hromada)
    published_record(slug=hromada.slug, origin=checkpoint.origin, size=9, root=b"\x01" * 32, note="")

    held = ledger_holds_evaluate()
    out = io.StringIO()
    call_command("ledger", "new-origin", "--hromada", hromada.slug, "--reason", "Restored.", stdout=out)

    assert held == {hromada.slug: "behind"}
    assert "new origin" in out.getvalue() and "/ledger/2" in out.getvalue()
    assert Log.objects.get(hromada=hromada).held_since is None
    assert ledger_holds_evaluate() == {}


class StandInWitness:
    """An outside witness with a memory of its own (C2SP tlog-witness ``add-checkpoint``) on a local port:
    a restored database cannot take it back in time, as it does the witnesses of its own installation."""

    def __init__(self, *, origin: str, log_verifier_key: str) -> None:
        signer_key, self.verifier_key = note.generate_cosigner("outside.example/witness")
        self.cosigner = note.CosignatureSigner.from_key(signer_key)
        self.log_verifiers = {origin: note.verifier_from_key(log_verifier_key)}
        self.latest: tuple[int, bytes] | None = None
        witness = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answer = witness_add_checkpoint(
                    body,
                    log_verifiers=witness.log_verifiers,
                    latest_cosigned=lambda _origin: witness.latest,
                    verify_consistency=merkle.verify_consistency,
                    cosigner=witness.cosigner,
                    now=int(time.time()),
                )
                if answer.status == 200 and answer.checkpoint is not None:
                    witness.latest = (answer.checkpoint.size, answer.checkpoint.root_hash)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/witness"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_backup_restored_with_its_own_old_record_is_held_by_what_an_outside_witness_cosigned(
    tmp_path, settings
):
    # Given a log witnessed from outside, backed up, then two entries more published and cosigned.
    town = Hromada.objects.create(
        name="Громада", slug="witnesstown", katottg="UA00000000000000001", is_default=True
    )
    hromada = make_world(town).hromada
    append(hromada, 3)
    backed_up = ledger_publish(hromada=hromada).tree_size
    log = Log.objects.get(hromada=hromada)
    outside = StandInWitness(origin=log.origin, log_verifier_key=log.verifier_key)
    try:
        Witness.objects.create(
            hromada=hromada, name="Outside", verifier_key=outside.verifier_key, url=outside.url
        )
        assert len(cosignatures_collect(hromada=hromada)) == 1 and outside.latest[0] == backed_up
        backup = tmp_path / "old.backup"
        backup_create(path=backup, passphrase=PASSPHRASE, progress=quiet)
        append(hromada, 2)
        later = ledger_publish(hromada=hromada).tree_size
        cosignatures_collect(hromada=hromada)
        assert outside.latest[0] == later == backed_up + 2
        # A new machine: its key directory holds only what the backup brings, which says less.
        published_path(hromada.slug).unlink()

        # When the old backup is restored.
        outcome = backup_restore(path=backup, passphrase=PASSPHRASE, force=True, progress=quiet)

        # Then the witness's memory holds the log: behind the entries it cosigned.
        assert Log.objects.get(hromada=hromada).tree_size == backed_up
        assert outcome.held == {hromada.slug: "behind"}
        witnessed = published_read(hromada.slug)[log.origin]["witnessed"]
        assert (witnessed["size"], witnessed["by"], witnessed["forked"]) == (later, ["Outside"], False)
        with pytest.raises(LedgerHeldError, match=f"published a checkpoint of {later}"):
            ledger_checkpoint(hromada=hromada)
        assert outside.latest[0] == later
    finally:
        outside.close()


def test_a_witness_that_cannot_be_asked_is_logged_and_the_record_alone_decides(hromada, caplog):
    append(hromada, 2)
    ledger_publish(hromada=hromada)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nobody listens there
    down_key = note.generate_cosigner("down.example/witness")[1]
    Witness.objects.create(
        hromada=hromada, name="Down", verifier_key=down_key, url=f"http://127.0.0.1:{port}/w"
    )

    with caplog.at_level(logging.WARNING, logger="hromada.ledger"):
        assert ledger_holds_evaluate() == {}

    assert "witness Down could not be asked" in caplog.text
    assert "witnessed" not in published_read(hromada.slug)[Log.objects.get(hromada=hromada).origin]

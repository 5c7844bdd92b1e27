"""Interoperability: the log's checkpoints, tiles, entry bundles and proofs verify with Go's implementation.

The verifier in ``goverifier/`` is built from Debian's golang.org/x/mod sources (``sumdb/note`` for
the signed notes, ``sumdb/tlog`` for RFC 6962 hashing over tiles): code written independently of
``hromada.ledger``. It talks to a live server over HTTP and sees only the public paths. Without
``go`` these tests fail and say to run ``scripts/ensure-go``; ``HROMADA_SKIP_INTEROP=1`` skips them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction

from hromada.ledger import actions, note
from hromada.ledger.checkpoint import Checkpoint as CheckpointBody
from hromada.ledger.checkpoint import sign_checkpoint
from hromada.ledger.models import Checkpoint, Entry, Log, StoredHash

MODULE = Path(__file__).parent / "goverifier"
X_MOD = Path("/usr/share/gocode/src/golang.org/x/mod")
SKIP_ENV = "HROMADA_SKIP_INTEROP"
FIRST, SECOND = 300, 420  # two checkpoints: a full level-0 tile and partial ones, then more of both

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="session")
def go_verifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Go verifier, built once per session into a temporary directory, offline."""
    go = shutil.which("go")
    missing = []
    if go is None:
        missing.append("the `go` command (Debian package golang-go)")
    if not (X_MOD / "sumdb" / "tlog").is_dir() or not (X_MOD / "sumdb" / "note").is_dir():
        missing.append(f"golang.org/x/mod sources at {X_MOD} (Debian package golang-golang-x-mod-dev)")
    if missing:
        message = f"interop tests need {' and '.join(missing)}: run scripts/ensure-go"
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(f"{SKIP_ENV}=1: {message}")
        pytest.fail(message, pytrace=False)
    assert go is not None
    build = tmp_path_factory.mktemp("goverifier")
    source = build / "src"
    source.mkdir()
    for name in ("go.mod", "main.go"):
        shutil.copy(MODULE / name, source / name)
    env = {
        **os.environ,
        "GOPROXY": "off",  # everything comes from Debian's sources: a build never reaches the network
        "GOFLAGS": "-mod=mod",
        "GOWORK": "off",
        "GOTOOLCHAIN": "local",
        "CGO_ENABLED": "0",
        "GOCACHE": str(build / "cache"),
        "GOPATH": str(build / "gopath"),
    }
    binary = build / "goverifier"
    result = subprocess.run(
        [go, "build", "-o", str(binary), "."],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"building the Go verifier failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return binary


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"


def run_verifier(binary: Path, base: str, *args: str) -> Run:
    result = subprocess.run(
        [str(binary), "verify", "--base", base, "--no-keep-alive", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(result.returncode, result.stdout, result.stderr)


def append(hromada, start: int, stop: int) -> None:
    """Entries ``start`` to ``stop - 1`` through the real action, a few per transaction.

    Payloads vary in length and hold Ukrainian text, so some entries are over 255 bytes (both bytes
    of a bundle's length prefix matter) and bytes outside ASCII reach the bundles.
    """
    for first in range(start, stop, 7):
        with transaction.atomic():
            for number in range(first, min(first + 7, stop)):
                actions.ledger_append(
                    hromada=hromada,
                    kind="queue.enrolled" if number % 3 else "audit.decision",
                    payload={"number": number, "note": "Черга № " + "я" * (number % 230)},
                    subject=f"demo:{number}",
                    people=[f"person:{number}"] if number % 2 else [],
                )


def publish(hromada, size: int) -> Checkpoint:
    checkpoint = actions.ledger_publish(hromada=hromada)
    assert checkpoint.tree_size == size
    return checkpoint


@pytest.fixture
def two_checkpoints(hromada, tmp_path) -> tuple[Path, Checkpoint]:
    """A log of SECOND entries with a checkpoint at FIRST saved to a file; returns (file, latest)."""
    append(hromada, 0, FIRST)
    first = publish(hromada, FIRST)
    old = tmp_path / "old-checkpoint"
    old.write_text(first.note, encoding="utf-8")
    append(hromada, FIRST, SECOND)
    return old, publish(hromada, SECOND)


def test_go_verifies_checkpoint_tiles_entries_and_consistency(live_server, go_verifier, two_checkpoints):
    old, latest = two_checkpoints
    saved = old.with_name("latest-checkpoint")
    run = run_verifier(
        go_verifier, live_server.url, "--old-checkpoint", str(old), "--save-checkpoint", str(saved)
    )
    assert run.returncode == 0, run
    origin = Log.objects.get().origin
    assert f"OK: {origin} verified at tree size {SECOND}" in run.stdout, run
    assert f"entries: {SECOND} of {SECOND} (every entry)" in run.stdout, run
    assert f"consistency: old checkpoint of {FIRST} entries -> {SECOND} verified" in run.stdout, run
    assert "api: " in run.stdout, run
    assert "warning" not in run.stdout, run
    assert saved.read_text(encoding="utf-8") == latest.note


def test_go_verifies_with_a_pinned_key_and_a_sample(live_server, go_verifier, two_checkpoints):
    """The key given out of band (not fetched), and a sample of the entries, as for a large log."""
    run = run_verifier(
        go_verifier, live_server.url, "--key", Log.objects.get().verifier_key, "--max-entries", "17"
    )
    assert run.returncode == 0, run
    assert f"entries: 17 of {SECOND} (an even sample)" in run.stdout, run


def test_go_refuses_another_key(live_server, go_verifier, two_checkpoints):
    _, other = note.generate_signer(Log.objects.get().origin)
    run = run_verifier(go_verifier, live_server.url, "--key", other)
    assert run.returncode == 1, run
    assert "checkpoint: no signature by key" in run.stderr, run


def _tamper_entry() -> str:
    entry = Entry.objects.get(index=123)
    Entry.objects.filter(pk=entry.pk).update(data=bytes(entry.data).replace(b'"number":123', b'"number":124'))
    return "entry 123 (bundle tile/entries/000) hashes to"


def _tamper_leaf_hash() -> str:
    # Hash (0, 5) lies in the full tile 0/000, which the root covers only through its parent's hash.
    StoredHash.objects.filter(level=0, index=5).update(hash=hashlib.sha256(b"forged").digest())
    return "hash tile tile/0/000 hashes to"


def _tamper_partial_tile() -> str:
    # The last entries sit in a partial tile: a changed hash there breaks the root as well.
    StoredHash.objects.filter(level=0, index=SECOND - 2).update(hash=hashlib.sha256(b"forged").digest())
    return "the root recomputed from the tiles (tlog.TreeHash) is"


def _tamper_checkpoint() -> str:
    latest = Checkpoint.objects.order_by("-tree_size").first()
    assert latest is not None
    lines = latest.note.split("\n")
    lines[1] = str(SECOND - 1)
    Checkpoint.objects.filter(pk=latest.pk).update(note="\n".join(lines))
    return "checkpoint: the signature by"


@pytest.mark.parametrize(
    "tamper", [_tamper_entry, _tamper_leaf_hash, _tamper_partial_tile, _tamper_checkpoint]
)
def test_go_detects_tampering(live_server, go_verifier, two_checkpoints, tamper):
    """A row changed in the database behind the log's back: Go's verifier must refuse the log."""
    old, _ = two_checkpoints
    assert run_verifier(go_verifier, live_server.url, "--old-checkpoint", str(old)).returncode == 0
    expected = tamper()
    run = run_verifier(go_verifier, live_server.url, "--old-checkpoint", str(old))
    assert run.returncode == 1, run
    assert expected in run.stderr, run
    assert "OK:" not in run.stdout, run


def test_go_detects_a_fork(live_server, go_verifier, two_checkpoints, tmp_path):
    """A checkpoint signed with the log's own key for another tree of FIRST entries (a split view)."""
    log = Log.objects.get()
    signer = note.Signer.from_key(actions.key_path(log.hromada).read_text().strip())
    forged = sign_checkpoint(
        CheckpointBody(origin=log.origin, size=FIRST, root_hash=hashlib.sha256(b"other tree").digest()),
        signer,
    )
    old = tmp_path / "forged-checkpoint"
    old.write_bytes(forged)
    run = run_verifier(go_verifier, live_server.url, "--old-checkpoint", str(old))
    assert run.returncode == 1, run
    assert f"the latest checkpoint ({SECOND}) is not consistent with the old one ({FIRST})" in run.stderr, run

"""`hromada ledger verify`: the outside verifier, against a live server, through the public paths only.

Every tampering a server could do — an altered entry, stored hash or signature, a rewritten history, a
swapped key, a missing witness — makes the command exit with status 1 and a message naming it.
"""

from __future__ import annotations

import base64
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from hromada.ledger import note
from hromada.ledger.actions import key_path, ledger_append, ledger_checkpoint
from hromada.ledger.checkpoint import Checkpoint as CheckpointBody
from hromada.ledger.checkpoint import sign_checkpoint
from hromada.ledger.models import Checkpoint, Entry, StoredHash
from hromada.ledger.receipts import receipt_bundle, receipt_keep

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = "svitlohirsk.localhost/ledger"


@pytest.fixture
def grow(hromada, resident):
    """grow(n) appends n entries (each commit publishes a checkpoint); returns the resident's last receipt."""

    def run(count: int):
        personal = None
        for _ in range(count):
            with transaction.atomic():
                receipt = ledger_append(
                    hromada=hromada, kind="queue.joined", payload={"queue": 1}, people=[resident]
                )
                personal = receipt_keep(user=resident, receipt=receipt, reference=resident, title="Queue")
        return personal

    return run


@pytest.fixture
def state(tmp_path):
    return tmp_path / "state.json"


@pytest.fixture
def verify(live_server, state):
    """verify(*args) runs the command against the live server; returns its output, or raises CommandError."""

    def run(*args: str, url: str | None = None, offline: bool = False, with_state: bool = True) -> str:
        out, err = io.StringIO(), io.StringIO()
        argv = ["verify"]
        if not offline:
            argv += ["--url", url or live_server.url]
        if with_state:
            argv += ["--state", str(state)]
        try:
            call_command("ledger", *argv, *args, stdout=out, stderr=err)
        except CommandError as error:
            error.output = out.getvalue() + err.getvalue()  # type: ignore[attr-defined]
            raise
        return out.getvalue()

    return run


def fails(run, *args: str, **kwargs) -> str:
    with pytest.raises(CommandError) as failure:
        run(*args, **kwargs)
    assert failure.value.returncode == 1
    message = str(failure.value)
    assert message.startswith("FAILED: ")
    return message


def latest() -> Checkpoint:
    return Checkpoint.objects.order_by("-tree_size").first()


def flip(text: str, position: int) -> str:
    return text[:position] + ("A" if text[position] != "A" else "B") + text[position + 1 :]


# ------------------------------------------------------------------------------------ a sound log


def test_a_sound_log_verifies_and_is_remembered(verify, grow, state):
    grow(5)

    output = verify()

    assert "ok    key: svitlohirsk.localhost/ledger+" in output
    assert "note  state: no earlier checkpoint remembered" in output
    assert "ok    checkpoint: signed by svitlohirsk.localhost/ledger: 5 entries" in output
    assert "ok    tiles: 1 tiles give the signed root of 5 entries" in output
    assert "The log svitlohirsk.localhost/ledger verifies: 5 entries" in output
    remembered = json.loads(state.read_text())
    assert remembered["origin"] == ORIGIN and remembered["tree_size"] == 5
    assert remembered["root_hash"] == base64.b64encode(bytes(latest().root_hash)).decode()
    assert remembered["checkpoint"] == latest().note

    grow(300)  # past a full tile
    output = verify("--audit")
    assert (
        "ok    consistency: the log grew from 5 to 305 entries without changing any of the first 5" in output
    )
    assert "ok    audit: all 305 entries re-hashed give the signed root (queue.joined 305)" in output
    assert json.loads(state.read_text())["tree_size"] == 305

    assert "ok    consistency: the same tree of 305 entries as last time" in verify()


def test_an_empty_log_verifies_and_then_grows(verify, hromada, grow):
    ledger_checkpoint(hromada=hromada)

    assert "ok    tiles: 0 tiles give the signed root of 0 entries" in verify()
    grow(2)
    assert "ok    consistency: the log grew from no entries to 2" in verify()


def test_the_state_file_defaults_to_the_users_state_directory(verify, grow, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    grow(2)

    verify(with_state=False)

    remembered = tmp_path / "xdg" / "hromada-ledger" / "svitlohirsk.localhost_ledger.json"
    assert json.loads(remembered.read_text())["tree_size"] == 2


def test_an_older_checkpoint_from_a_lagging_cache_is_consistent_but_not_remembered(verify, grow, state):
    grow(3)
    verify()
    grow(2)
    verify()
    latest().delete()  # the server now serves the checkpoint of 3 entries again

    output = verify()

    assert "note  consistency: the server served an older checkpoint (4) than you saw" in output
    assert json.loads(state.read_text())["tree_size"] == 5


# ------------------------------------------------------------------------------------- tampering


def test_an_altered_entry_is_named_by_the_audit(verify, grow):
    grow(10)
    entry = Entry.objects.get(index=7)
    entry.data = bytes(entry.data).replace(b'"queue":1', b'"queue":2')
    entry.save()

    assert "ok    tiles" in verify()  # the hashes are intact: only the audit reads the entries
    message = fails(verify, "--audit")

    assert "audit: entry 7: its bytes do not hash to its leaf hash in tile/0/000.p/10" in message


def test_an_altered_stored_hash_breaks_the_root_from_the_tiles(verify, grow):
    grow(6)
    StoredHash.objects.filter(level=0, index=3).update(hash=b"\x07" * 32)

    message = fails(verify)

    assert "tiles: the hash tiles give the root" in message and "the served tiles were altered" in message


def test_an_altered_signature_is_refused(verify, grow):
    grow(3)
    checkpoint = latest()
    text, _, signature = checkpoint.note.rstrip("\n").rpartition(" ")
    Checkpoint.objects.filter(pk=checkpoint.pk).update(note=f"{text} {flip(signature, 20)}\n")

    message = fails(verify)

    assert "checkpoint: the log's own signature does not verify" in message


def test_a_rewritten_history_is_caught_by_the_remembered_checkpoint(verify, grow, state):
    grow(4)
    verify()
    remembered = json.loads(state.read_text())
    remembered["root_hash"] = flip(remembered["root_hash"], 3)  # as if we had seen another history
    state.write_text(json.dumps(remembered))
    grow(1)

    message = fails(verify)

    assert (
        "consistency: the log is NOT consistent with the checkpoint you verified before (4 entries" in message
    )
    assert latest().note in message  # the evidence
    assert json.loads(state.read_text())["root_hash"] == remembered["root_hash"]  # kept as it was


def test_two_roots_for_one_size_are_a_fork(verify, grow, state):
    grow(4)
    verify()
    remembered = json.loads(state.read_text())
    remembered["root_hash"] = flip(remembered["root_hash"], 3)
    state.write_text(json.dumps(remembered))

    assert "two different signed roots for the same 4 entries" in fails(verify)


def test_a_changed_key_is_refused(verify, grow, state, other_hromada):
    grow(2)
    verify()
    remembered = json.loads(state.read_text())
    _, other_key = note.generate_signer(ORIGIN)
    remembered["verifier_key"] = other_key
    state.write_text(json.dumps(remembered))

    assert "key: the log's key changed since you last checked" in fails(verify)
    state.unlink()
    assert "key: the server publishes the key" in fails(verify, "--key", other_key)


# ------------------------------------------------------------------------------------- witnesses


@pytest.fixture
def cosigned(hromada, grow):
    """The latest checkpoint, rewritten with a witness's cosignature; returns (its key, another key)."""
    grow(3)
    checkpoint = latest()
    signer = note.Signer.from_key(key_path(hromada).read_text().strip())
    witness_signer_key, witness_key = note.generate_cosigner("witness.example/witness")
    cosigner = note.CosignatureSigner.from_key(witness_signer_key)
    body = CheckpointBody(origin=ORIGIN, size=checkpoint.tree_size, root_hash=bytes(checkpoint.root_hash))
    cosignature = note.Signature(cosigner.name, cosigner.key_id, cosigner.sign(body.format().encode()))
    signed = sign_checkpoint(body, signer, cosignatures=[cosignature]).decode()
    Checkpoint.objects.filter(pk=checkpoint.pk).update(note=signed)
    return witness_key, note.generate_cosigner("witness.example/witness")[1]


def test_cosignatures_of_known_witnesses_are_verified(verify, cosigned):
    witness_key, _ = cosigned

    output = verify("--witness", witness_key)
    assert "ok    witness: cosigned by witness.example/witness at " in output
    assert "(the key you gave)" in output

    unnamed = verify()
    assert (
        "not checked: a signature of witness.example/witness whose key you did not give" in unnamed
        or "cosigned by witness.example/witness" in unnamed  # when the log lists its witnesses
    )


def test_a_missing_or_forged_cosignature_is_refused(verify, cosigned):
    witness_key, other_key = cosigned

    assert "witness: the checkpoint carries no cosignature of witness.example/witness" in fails(
        verify, "--witness", other_key
    )
    checkpoint = latest()
    lines = checkpoint.note.rstrip("\n").split("\n")
    name, _, value = lines[-1].rpartition(" ")
    lines[-1] = f"{name} {flip(value, 30)}"
    Checkpoint.objects.filter(pk=checkpoint.pk).update(note="\n".join(lines) + "\n")
    assert "checkpoint: the witness witness.example/witness's signature does not verify" in fails(
        verify, "--witness", witness_key
    )


# ------------------------------------------------------------------------------------- receipts


@pytest.fixture
def receipt_file(grow, tmp_path):
    personal = grow(3)
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps(receipt_bundle(personal_receipt=personal)))
    return path


def test_a_receipt_is_verified_completely_and_against_todays_log(verify, grow, receipt_file):
    grow(4)

    output = verify("--receipt", str(receipt_file))

    for step in ("format", "key", "signature", "entry", "inclusion", "person"):
        assert f"ok    receipt {step}: " in output
    assert "entry 2 is still in the log: the checkpoint of the receipt (3 entries)" in output
    assert "is consistent with today's (7)" in output


def test_a_receipt_is_verified_offline_too(verify, receipt_file):
    output = verify("--receipt", str(receipt_file), offline=True, with_state=False)
    assert "ok    receipt person: " in output and "The receipt verifies." in output
    assert "the key came with the receipt itself" in output


@pytest.mark.parametrize(
    ("field", "says"),
    [
        ("entry", "receipt entry: the entry was altered"),
        ("salt", "receipt person: the commitment of"),
        ("proof", "receipt inclusion: the inclusion proof does not verify"),
    ],
)
def test_a_tampered_receipt_fails_with_the_step(verify, receipt_file, field, says):
    bundle = json.loads(receipt_file.read_text())
    if field == "entry":
        bundle["entry"] = bundle["entry"].replace('"queue":1', '"queue":9')
    elif field == "salt":
        bundle["person"]["salt"] = flip(bundle["person"]["salt"], 0)
    else:
        bundle["inclusion_proof"][0] = flip(bundle["inclusion_proof"][0], 5)
    receipt_file.write_text(json.dumps(bundle))

    assert says in fails(verify, "--receipt", str(receipt_file))
    assert says in fails(verify, "--receipt", str(receipt_file), offline=True, with_state=False)


def test_a_receipt_of_another_log_is_refused(verify, grow, receipt_file, tmp_path):
    bundle = json.loads(receipt_file.read_text())
    _, bundle["verifier_key"] = note.generate_signer(ORIGIN)
    receipt_file.write_text(json.dumps(bundle))

    assert "receipt key: the receipt's key" in fails(verify, "--receipt", str(receipt_file))


# ------------------------------------------------------------------------------------- usage


def test_clear_messages_for_bad_usage(verify, grow, tmp_path):
    assert "give the log's address with --url" in fails(verify, offline=True, with_state=False)
    assert "--url must start with http:// or https://" in fails(verify, url="ftp://example")
    assert "cannot fetch http://127.0.0.1:9/ledger/key" in fails(verify, url="http://127.0.0.1:9")
    assert "/ledger/key answered HTTP 404" in fails(verify)  # no log yet
    assert "receipt: cannot read" in fails(verify, "--receipt", str(tmp_path / "none.json"))

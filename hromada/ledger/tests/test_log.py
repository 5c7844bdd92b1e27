"""The log in the database: append, integrate, checkpoint, proofs, keys, receipts and the self-check."""

import base64
import json
import os
import stat
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils import translation

from hromada.ledger import merkle
from hromada.ledger.actions import (
    LedgerIntegrityError,
    LedgerKeyError,
    key_path,
    ledger_append,
    ledger_checkpoint,
    ledger_integrate,
    ledger_publish,
    ledger_publish_all,
    person_commitment,
)
from hromada.ledger.checkpoint import open_checkpoint
from hromada.ledger.models import Checkpoint, Entry, Log, PendingEntry, StoredHash
from hromada.ledger.note import Verifier
from hromada.ledger.selectors import (
    consistency_proof_get,
    inclusion_proof_get,
    log_check,
    receipt_status,
    root_get,
    stored_hash_reader,
)
from hromada.ledger.tests.support import naive_root
from tests.factories import HromadaFactory, UserFactory

ORIGIN = "svitlohirsk.localhost/ledger"


def entries_in_order(hromada) -> list[bytes]:
    rows = Entry.objects.filter(hromada=hromada).order_by("index").values_list("data", flat=True)
    return [bytes(data) for data in rows]


def opened(checkpoint: Checkpoint, log: Log):
    return open_checkpoint(checkpoint.note.encode(), Verifier.from_key(log.verifier_key), origin=log.origin)


# ------------------------------------------------------------------------------------------- append


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused(hromada):
    with pytest.raises(TransactionManagementError, match=r"inside transaction\.atomic"):
        ledger_append(hromada=hromada, kind="demo.noted", payload={})

    assert not PendingEntry.objects.exists()


def test_entry_is_canonical_json_with_people_only_as_salted_commitments(hromada):
    person = UserFactory(hromada=hromada)

    with transaction.atomic():
        receipt = ledger_append(
            hromada=hromada,
            kind="petition.signed",
            payload={"petition": 7, "channel": "web"},
            subject=hromada,
            people=[person, "child:ab-12"],
        )

    entry = json.loads(receipt.entry)
    assert list(entry) == ["kind", "payload", "people", "schema", "subject", "time"]  # sorted (RFC 8785)
    assert entry["schema"] == 1
    assert entry["kind"] == "petition.signed"
    assert entry["subject"] == f"core.hromada:{hromada.pk}"
    assert entry["payload"] == {"channel": "web", "petition": 7}
    assert entry["time"].endswith("Z")
    assert receipt.entry == json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode()
    # Each person is a commitment the receipt's salt opens; the entry names nobody.
    assert [p.reference for p in receipt.people] == [f"accounts.user:{person.pk}", "child:ab-12"]
    for mine, commitment in zip(receipt.people, entry["people"], strict=True):
        assert len(mine.salt) == 32
        assert base64.b64decode(commitment) == person_commitment(reference=mine.reference, salt=mine.salt)
    assert receipt.people[0].salt != receipt.people[1].salt
    assert b"accounts.user" not in receipt.entry and b"ab-12" not in receipt.entry
    # The salt is nowhere in the database.
    stored = bytes(PendingEntry.objects.get(pk=receipt.receipt_id).data)
    assert stored == receipt.entry
    assert receipt.leaf_hash == merkle.leaf_hash(stored)


def test_same_payload_twice_gives_unlinkable_commitments(hromada):
    with transaction.atomic():
        first = ledger_append(hromada=hromada, kind="queue.joined", payload={}, people=["child:1"])
        second = ledger_append(hromada=hromada, kind="queue.joined", payload={}, people=["child:1"])

    assert first.people[0].commitment != second.people[0].commitment


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "Petition.Signed"}, "kind"),
        ({"kind": "signed"}, "kind"),
        ({"kind": "petition.signed!"}, "kind"),
        ({"payload": {"amount": 1.5}}, "floats"),
        ({"payload": {"blob": "x" * 70_000}}, "at most 65535 bytes"),
        ({"payload": ["not", "an", "object"]}, "mapping"),
    ],
)
def test_malformed_entries_are_refused(hromada, kwargs, message):
    arguments = {"hromada": hromada, "kind": "demo.noted", "payload": {}} | kwargs

    with transaction.atomic(), pytest.raises(ValueError, match=message):
        ledger_append(**arguments)

    assert not PendingEntry.objects.exists()


def test_subject_of_another_hromada_is_refused(hromada, other_hromada):
    with transaction.atomic(), pytest.raises(ValueError, match="another hromada"):
        ledger_append(hromada=hromada, kind="demo.noted", payload={}, subject=other_hromada)


def test_rolled_back_caller_leaves_no_entry(hromada):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        ledger_append(hromada=hromada, kind="petition.signed", payload={"petition": 1})
        raise Refused

    ledger_publish(hromada=hromada)
    assert not PendingEntry.objects.exists()
    assert not Entry.objects.exists()
    assert Log.objects.get(hromada=hromada).tree_size == 0


def test_commit_schedules_integration_and_a_checkpoint(hromada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        receipt = ledger_append(hromada=hromada, kind="petition.signed", payload={"petition": 1})

    entry = Entry.objects.get(hromada=hromada)
    assert (entry.index, entry.receipt_id, bytes(entry.data)) == (0, receipt.receipt_id, receipt.entry)
    assert not PendingEntry.objects.exists()
    assert Checkpoint.objects.get(hromada=hromada).tree_size == 1


# --------------------------------------------------------------------------------------- integration


def test_integration_gives_contiguous_indices_in_append_order(hromada, append):
    receipts = append(hromada, 10)

    assert ledger_integrate(hromada=hromada, max_batch=4) == 4
    assert ledger_integrate(hromada=hromada) == 6
    assert ledger_integrate(hromada=hromada) == 0

    rows = list(Entry.objects.filter(hromada=hromada).order_by("index").values_list("index", "receipt_id"))
    assert rows == [(i, r.receipt_id) for i, r in enumerate(receipts)]
    log = Log.objects.get(hromada=hromada)
    assert log.tree_size == 10
    assert bytes(log.root_hash) == naive_root([r.entry for r in receipts])
    assert log.kinds == {"demo.noted": 10}
    assert StoredHash.objects.filter(hromada=hromada).count() == merkle.stored_hash_count(10)


def test_batched_and_one_by_one_integration_store_the_same_hashes(hromada, other_hromada, append):
    for number in range(37):
        append(hromada, 1, start=number)
        ledger_integrate(hromada=hromada)
    append(other_hromada, 37)
    ledger_integrate(hromada=other_hromada, max_batch=37)

    for h in (hromada, other_hromada):
        store = merkle.MemoryHashStore()
        store.extend(entries_in_order(h))
        stored = StoredHash.objects.filter(hromada=h).order_by("level", "index")
        pairs = [(level, index) for level, index in stored.values_list("level", "index")]
        assert len(pairs) == merkle.stored_hash_count(37)
        assert [bytes(v) for v in stored.values_list("hash", flat=True)] == store.read(pairs)
        assert bytes(Log.objects.get(hromada=h).root_hash) == store.root()


def test_roots_of_every_size_equal_the_naive_computation(hromada, append):
    append(hromada, 300)
    ledger_publish(hromada=hromada, max_batch=128)
    entries = entries_in_order(hromada)

    for size in range(301):
        assert root_get(hromada=hromada, tree_size=size) == naive_root(entries[:size]), size


def test_proofs_verify_with_the_merkle_verifiers(hromada, append):
    append(hromada, 70)
    checkpoint = ledger_publish(hromada=hromada)
    entries = entries_in_order(hromada)
    root = bytes(checkpoint.root_hash)

    for index in range(70):
        proof = inclusion_proof_get(hromada=hromada, index=index, tree_size=70)
        assert proof.leaf_hash == merkle.leaf_hash(entries[index])
        merkle.verify_inclusion(index, 70, proof.leaf_hash, proof.hashes, root)
    for first in range(1, 71):
        hashes = consistency_proof_get(hromada=hromada, first=first, second=70)
        merkle.verify_consistency(first, 70, hashes, naive_root(entries[:first]), root)


def test_a_proof_reads_the_stored_hashes_in_one_query(hromada, append, django_assert_num_queries):
    append(hromada, 100)
    ledger_integrate(hromada=hromada)
    read = stored_hash_reader(hromada=hromada)

    with django_assert_num_queries(1):
        merkle.inclusion_proof(37, 99, read)
    with django_assert_num_queries(1):
        merkle.consistency_proof(13, 100, read)
    with django_assert_num_queries(0):
        assert read([]) == []


# --------------------------------------------------------------------------------------- checkpoints


def test_checkpoint_is_a_signed_c2sp_note_with_the_hosts_origin(hromada, append, key_dir):
    append(hromada, 3)
    ledger_integrate(hromada=hromada)

    checkpoint = ledger_checkpoint(hromada=hromada)

    log = Log.objects.get(hromada=hromada)
    assert log.origin == ORIGIN
    assert log.verifier_key.startswith(f"{ORIGIN}+")
    body = opened(checkpoint, log).checkpoint
    assert (body.origin, body.size, body.root_hash) == (ORIGIN, 3, bytes(log.root_hash))
    assert checkpoint.note.startswith(f"{ORIGIN}\n3\n{base64.b64encode(bytes(log.root_hash)).decode()}\n\n— ")
    # The key is a file only its owner reads; the database holds only the public half.
    path = key_path(hromada)
    assert path == key_dir / "svitlohirsk.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert path.read_text().startswith(f"PRIVATE+KEY+{ORIGIN}+")
    assert "PRIVATE" not in log.verifier_key


def test_a_log_without_a_host_takes_its_origin_from_the_short_name(db):
    hromada = HromadaFactory(slug="bez-khosta")

    checkpoint = ledger_checkpoint(hromada=hromada)

    assert checkpoint.tree_size == 0
    empty_root = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="  # SHA-256 of nothing
    assert checkpoint.note.startswith(f"bez-khosta.hromada/ledger\n0\n{empty_root}\n\n")


def test_no_new_checkpoint_until_the_tree_grows(hromada, append):
    append(hromada, 2)
    first = ledger_publish(hromada=hromada)

    assert ledger_publish(hromada=hromada) == first
    append(hromada, 1)
    second = ledger_publish(hromada=hromada)

    assert (first.tree_size, second.tree_size) == (2, 3)
    assert Checkpoint.objects.filter(hromada=hromada).count() == 2


def test_checkpoint_refuses_a_history_inconsistent_with_the_last_one(hromada, append):
    append(hromada, 6)
    ledger_publish(hromada=hromada)
    append(hromada, 2, start=6)
    ledger_integrate(hromada=hromada)
    # Someone rewrites the hash of entries 0..3, which the tree of 8 no longer reads for its root.
    StoredHash.objects.filter(hromada=hromada, level=2, index=0).update(hash=b"\x00" * 32)

    with pytest.raises(LedgerIntegrityError, match="not consistent"):
        ledger_checkpoint(hromada=hromada)

    assert list(Checkpoint.objects.filter(hromada=hromada).values_list("tree_size", flat=True)) == [6]


def test_checkpoint_refuses_a_log_whose_root_was_rewritten(hromada, append):
    append(hromada, 4)
    ledger_publish(hromada=hromada)
    append(hromada, 1, start=4)
    ledger_integrate(hromada=hromada)
    Log.objects.filter(hromada=hromada).update(root_hash=b"\x01" * 32)

    with pytest.raises(LedgerIntegrityError):
        ledger_checkpoint(hromada=hromada)


def test_integration_refuses_to_extend_a_tampered_right_edge(hromada, append):
    append(hromada, 5)
    ledger_integrate(hromada=hromada)
    StoredHash.objects.filter(hromada=hromada, level=0, index=4).update(hash=b"\x02" * 32)
    append(hromada, 1, start=5)

    with pytest.raises(LedgerIntegrityError, match="recorded root"):
        ledger_integrate(hromada=hromada)

    assert PendingEntry.objects.filter(hromada=hromada).count() == 1


def test_a_checkpoint_whose_signature_was_altered_stops_signing(hromada, append):
    append(hromada, 2)
    checkpoint = ledger_publish(hromada=hromada)
    Checkpoint.objects.filter(pk=checkpoint.pk).update(note=checkpoint.note.replace("\n2\n", "\n3\n"))
    append(hromada, 1, start=2)
    ledger_integrate(hromada=hromada)

    with pytest.raises(LedgerIntegrityError, match="does not verify"):
        ledger_checkpoint(hromada=hromada)


@pytest.fixture
def english():
    """Match refusals by their English source text, whatever the default language."""
    with translation.override("en"):
        yield


def test_signing_needs_the_key_that_was_published(hromada, append, english):
    append(hromada, 1)
    ledger_publish(hromada=hromada)
    path = key_path(hromada)
    append(hromada, 1, start=1)
    ledger_integrate(hromada=hromada)

    path.rename(path.with_suffix(".away"))
    with pytest.raises(LedgerKeyError, match="missing"):
        ledger_checkpoint(hromada=hromada)

    other = HromadaFactory(slug="other-for-key", host="other-for-key.localhost")
    ledger_checkpoint(hromada=other)
    key_path(other).rename(path)
    with pytest.raises(LedgerKeyError, match="not the published key"):
        ledger_checkpoint(hromada=hromada)


def test_an_orphaned_key_is_moved_aside_outside_production(hromada, key_dir):
    key_dir.mkdir()
    (key_dir / "svitlohirsk.key").write_text("PRIVATE+KEY+old\n")

    ledger_checkpoint(hromada=hromada)

    names = sorted(p.name for p in key_dir.iterdir() if ".key" in p.name)
    assert names[0] == "svitlohirsk.key" and names[1].startswith("svitlohirsk.key.orphaned-")
    assert len(names) == 2
    assert (key_dir / "svitlohirsk.published.json").exists()


def test_an_orphaned_key_stops_production(hromada, key_dir, settings, english):
    settings.PROD = True
    key_dir.mkdir()
    (key_dir / "svitlohirsk.key").write_text("PRIVATE+KEY+old\n")

    with pytest.raises(LedgerKeyError, match="already exists"):
        ledger_checkpoint(hromada=hromada)

    assert not Log.objects.exists()


def test_publish_all_handles_every_hromada_with_pending_entries(hromada, other_hromada, append):
    append(hromada, 3)
    append(other_hromada, 2)

    checkpoints = ledger_publish_all()

    assert sorted((c.hromada_id, c.tree_size) for c in checkpoints) == sorted(
        [(hromada.pk, 3), (other_hromada.pk, 2)]
    )
    assert ledger_publish_all() == []


# ------------------------------------------------------------------------------------------ receipts


def test_receipt_follows_the_entry_from_pending_to_a_checkpoint(hromada, append):
    (receipt,) = append(hromada, 1)
    pending = receipt_status(hromada=hromada, receipt_id=receipt.receipt_id)
    assert (pending.integrated, pending.entry) == (False, receipt.entry)

    ledger_integrate(hromada=hromada)
    integrated = receipt_status(hromada=hromada, receipt_id=receipt.receipt_id)
    assert (integrated.index, integrated.checkpoint) == (0, None)

    append(hromada, 4, start=1)
    checkpoint = ledger_publish(hromada=hromada)
    covered = receipt_status(hromada=hromada, receipt_id=receipt.receipt_id)
    assert covered.checkpoint == checkpoint
    merkle.verify_inclusion(0, 5, receipt.leaf_hash, covered.proof, bytes(checkpoint.root_hash))


# ---------------------------------------------------------------------------------------- self-check


def run_check(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ledger", "check", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_check_passes_on_an_untouched_log(hromada, append):
    append(hromada, 40)
    ledger_publish(hromada=hromada, max_batch=9)
    append(hromada, 300, start=40)
    ledger_publish(hromada=hromada)

    out, err = run_check("--hromada", "svitlohirsk")

    assert log_check(hromada=hromada) == []
    assert "svitlohirsk: OK, 340 entries" in out and not err


def test_check_names_the_entry_whose_bytes_were_edited(hromada, append):
    append(hromada, 30)
    ledger_publish(hromada=hromada)
    entry = Entry.objects.get(hromada=hromada, index=17)
    Entry.objects.filter(pk=entry.pk).update(data=bytes(entry.data).replace(b'"number":17', b'"number":71'))

    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("ledger", "check", stdout=StringIO(), stderr=err)

    assert refused.value.returncode == 1
    assert err.getvalue() == "svitlohirsk: entry 17: its bytes do not match its leaf hash\n"
    assert [str(p) for p in log_check(hromada=hromada)] == ["entry 17: its bytes do not match its leaf hash"]


def test_check_names_an_entry_rewritten_with_its_leaf_hash(hromada, append):
    append(hromada, 30)
    ledger_publish(hromada=hromada)
    forged = b'{"forged":true}'
    Entry.objects.filter(hromada=hromada, index=5).update(data=forged, leaf_hash=merkle.leaf_hash(forged))

    assert [p.where for p in log_check(hromada=hromada)] == ["entry 5"]


def test_check_names_a_rewritten_stored_hash_and_a_missing_entry(hromada, append):
    append(hromada, 30)
    ledger_publish(hromada=hromada)
    StoredHash.objects.filter(hromada=hromada, level=3, index=2).update(hash=b"\x03" * 32)

    assert [p.where for p in log_check(hromada=hromada)] == ["hash (3, 2)"]

    StoredHash.objects.filter(hromada=hromada, level=3, index=2).delete()
    Entry.objects.filter(hromada=hromada, index=9).delete()
    assert [str(p) for p in log_check(hromada=hromada)] == [
        "entry 9: missing: the indices of the log are not contiguous"
    ]


def test_check_names_a_forged_checkpoint(hromada, append):
    append(hromada, 3)
    checkpoint = ledger_publish(hromada=hromada)
    Checkpoint.objects.filter(pk=checkpoint.pk).update(root_hash=b"\x04" * 32)

    assert [p.where for p in log_check(hromada=hromada)] == ["checkpoint 3"]


def test_integrate_and_checkpoint_commands(hromada, append):
    append(hromada, 3)
    out = StringIO()

    call_command("ledger", "integrate", stdout=out)
    call_command("ledger", "checkpoint", "--hromada", "svitlohirsk", stdout=out)

    assert out.getvalue().splitlines() == [
        "svitlohirsk: checkpoint at tree size 3",
        "svitlohirsk: checkpoint at tree size 3",
    ]
    with pytest.raises(CommandError, match="No hromada"):
        call_command("ledger", "check", "--hromada", "nowhere")
    with pytest.raises(CommandError, match="above 0"):
        call_command("ledger", "integrate", "--loop", "0")


def test_one_transaction_schedules_one_publish_however_many_entries(
    hromada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for number in range(50):
            ledger_append(hromada=hromada, kind="demo.noted", payload={"n": number})
    assert len(callbacks) == 1

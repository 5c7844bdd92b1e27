"""The multi-row append path (`ledger_append_many`) and the integrator's set-based writes.

`ledger_append_many` must give exactly what one `ledger_append` per draft gives (entry bytes, receipts,
indices in order, stored hashes), all or nothing, and stay safe with concurrent writers on PostgreSQL.
"""

import base64
import json
import threading
from collections import defaultdict

import pytest
from django.db import connections, transaction
from django.db.transaction import TransactionManagementError
from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.ledger import merkle
from hromada.ledger.actions import (
    EntryDraft,
    entry_json,
    ledger_append,
    ledger_append_many,
    ledger_integrate,
    ledger_publish,
)
from hromada.ledger.jcs import MAX_SAFE_INTEGER, canonical_json
from hromada.ledger.models import Entry, Log, PendingEntry, StoredHash
from hromada.ledger.selectors import log_check
from hromada.ledger.tests.support import naive_root
from tests.factories import UserFactory

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.from_regex(r"[a-z][a-z0-9_]{0,8}\.[a-z][a-z0-9_]{0,8}", fullmatch=True),
    subject=st.none() | text,
    people=st.lists(st.binary(min_size=32, max_size=32), max_size=3),
    payload=st.dictionaries(text, json_values, max_size=5),
)
def test_entry_json_is_the_canonical_json_of_the_entry(kind, subject, people, payload):
    commitments = [base64.b64encode(p).decode("ascii") for p in people]
    time_text = "2026-05-01T08:00:00.123Z"

    expected = canonical_json(
        {
            "schema": 1,
            "kind": kind,
            "time": time_text,
            "subject": subject,
            "people": commitments,
            "payload": payload,
        }
    )

    assert (
        entry_json(kind=kind, time_text=time_text, subject=subject, people=commitments, payload=payload)
        == expected
    )


@pytest.mark.django_db(transaction=True)
def test_append_many_outside_a_transaction_is_refused(hromada):
    with pytest.raises(TransactionManagementError, match=r"ledger_append_many must run inside"):
        ledger_append_many(hromada=hromada, entries=[EntryDraft(kind="demo.noted", payload={})])

    assert not PendingEntry.objects.exists()


def test_append_many_gives_receipts_and_indices_in_the_drafts_order(hromada):
    person = UserFactory(hromada=hromada)
    with transaction.atomic():
        before = ledger_append(hromada=hromada, kind="demo.noted", payload={"n": -1})
        receipts = ledger_append_many(
            hromada=hromada,
            entries=[
                EntryDraft(kind="vote.cast", payload={"n": n}, subject=hromada, people=[person, f"child:{n}"])
                if n % 3 == 0
                else EntryDraft(kind="demo.noted", payload={"n": n})
                for n in range(1200)  # more than one INSERT statement
            ],
        )
        after = ledger_append(hromada=hromada, kind="demo.noted", payload={"n": 1200})

    ids = [r.receipt_id for r in receipts]
    assert ids == sorted(ids) and len(set(ids)) == 1200
    assert before.receipt_id < ids[0] and ids[-1] < after.receipt_id
    first = json.loads(receipts[0].entry)
    assert first["subject"] == f"core.hromada:{hromada.pk}" and len(first["people"]) == 2
    assert [p.reference for p in receipts[0].people] == [f"accounts.user:{person.pk}", "child:0"]
    for receipt in receipts:
        assert receipt.leaf_hash == merkle.leaf_hash(receipt.entry)
        assert json.loads(receipt.entry)["payload"]["n"] == ids.index(receipt.receipt_id)
    pending = dict(PendingEntry.objects.filter(hromada=hromada).values_list("pk", "data"))
    assert all(bytes(pending[r.receipt_id]) == r.entry for r in receipts)

    ledger_publish(hromada=hromada, max_batch=500)

    everything = [before, *receipts, after]
    rows = list(
        Entry.objects.filter(hromada=hromada).order_by("index").values_list("index", "receipt_id", "data")
    )
    assert [(i, r) for i, r, _ in rows] == [(i, r.receipt_id) for i, r in enumerate(everything)]
    assert [bytes(d) for _, _, d in rows] == [r.entry for r in everything]
    log = Log.objects.get(hromada=hromada)
    assert bytes(log.root_hash) == naive_root([r.entry for r in everything])
    assert log.kinds == {"demo.noted": 802, "vote.cast": 400}
    assert not PendingEntry.objects.exists()
    assert log_check(hromada=hromada) == []


def test_the_integrators_stored_hashes_are_the_merkle_cores(hromada):
    with transaction.atomic():
        receipts = ledger_append_many(
            hromada=hromada, entries=[EntryDraft(kind="demo.noted", payload={"n": n}) for n in range(700)]
        )
    while ledger_integrate(hromada=hromada, max_batch=333):
        pass

    store = merkle.MemoryHashStore()
    store.extend([r.entry for r in receipts])
    stored = StoredHash.objects.filter(hromada=hromada).order_by("level", "index")
    pairs = list(stored.values_list("level", "index"))
    assert len(pairs) == merkle.stored_hash_count(700)
    assert [bytes(h) for h in stored.values_list("hash", flat=True)] == store.read(pairs)
    leaves = Entry.objects.filter(hromada=hromada).order_by("index").values_list("leaf_hash", flat=True)
    assert [bytes(h) for h in leaves] == [r.leaf_hash for r in receipts]


def test_one_malformed_draft_writes_nothing_and_is_named(hromada):
    drafts = [EntryDraft(kind="demo.noted", payload={"n": n}) for n in range(5)]
    drafts.insert(3, EntryDraft(kind="demo.noted", payload={"amount": 1.5}))

    with pytest.raises(ValueError, match=r"entry 3: floats are not allowed"), transaction.atomic():
        ledger_append_many(hromada=hromada, entries=drafts)

    with pytest.raises(ValueError, match=r"entry 0: ledger entry kind"), transaction.atomic():
        ledger_append_many(hromada=hromada, entries=[EntryDraft(kind="Bad", payload={})])
    assert not PendingEntry.objects.exists()


def test_subject_of_another_hromada_is_refused(hromada, other_hromada):
    with pytest.raises(ValueError, match="another hromada"), transaction.atomic():
        ledger_append_many(
            hromada=hromada, entries=[EntryDraft(kind="demo.noted", payload={}, subject=other_hromada)]
        )


def test_rolled_back_caller_leaves_no_entry_and_empty_drafts_write_nothing(
    hromada, django_capture_on_commit_callbacks
):
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger_append_many(hromada=hromada, entries=[EntryDraft(kind="demo.noted", payload={})] * 3)
        raise RuntimeError

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        assert ledger_append_many(hromada=hromada, entries=[]) == []
    assert not callbacks
    assert not PendingEntry.objects.exists()


def test_one_call_schedules_one_publish(hromada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        ledger_append_many(hromada=hromada, entries=[EntryDraft(kind="demo.noted", payload={})] * 10)
        ledger_append(hromada=hromada, kind="demo.noted", payload={})

    publishes = [c for c in callbacks if getattr(c, "ledger_marker", None) == ("ledger.publish", hromada.pk)]
    assert len(publishes) == 1
    assert Log.objects.get(hromada=hromada).tree_size == 11


THREADS, CALLS, PER_CALL = 6, 8, 40


@pytest.mark.django_db(transaction=True)
def test_concurrent_batched_writers_get_contiguous_indices(hromada):
    """Writers appending batches (and single entries) on their own connections, while their publish
    tasks integrate concurrently: every committed entry gets one index, a batch's entries in order."""
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()
    batches: dict[int, list[list[int]]] = defaultdict(list)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            barrier.wait(timeout=60)
            for call in range(CALLS):
                drafts = [
                    EntryDraft(kind="vote.cast", payload={"writer": number, "call": call, "n": n})
                    for n in range(PER_CALL)
                ]
                with transaction.atomic():
                    receipts = ledger_append_many(hromada=hromada, entries=drafts)
                    single = ledger_append(hromada=hromada, kind="vote.cast", payload={"writer": number})
                    if call % 4 == 3:
                        transaction.set_rollback(True)
                        continue
                with lock:
                    batches[number].append([r.receipt_id for r in receipts] + [single.receipt_id])
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors
    ledger_publish(hromada=hromada)
    rows = list(
        Entry.objects.filter(hromada=hromada).order_by("index").values_list("index", "receipt_id", "data")
    )
    kept = THREADS * (CALLS - CALLS // 4) * (PER_CALL + 1)
    assert [index for index, _, _ in rows] == list(range(kept))
    index_of = {receipt_id: index for index, receipt_id, _ in rows}
    assert sorted(index_of) == sorted(r for mine in batches.values() for batch in mine for r in batch)
    for mine in batches.values():
        for batch in mine:
            assert [index_of[r] for r in batch] == sorted(index_of[r] for r in batch)
    assert bytes(Log.objects.get(hromada=hromada).root_hash) == naive_root([bytes(d) for _, _, d in rows])
    assert not PendingEntry.objects.exists()
    assert log_check(hromada=hromada) == []

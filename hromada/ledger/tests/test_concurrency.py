"""Concurrent writers, each on its own connection: contiguous indices, nothing lost, one stable root.

Every commit runs the publish task at once (the immediate task backend of the tests), so the writers'
threads also integrate and sign concurrently, racing to create the log and its key.
"""

import threading
from collections import defaultdict

import pytest
from django.db import connections, transaction
from django_tasks.signals import task_finished

from hromada.ledger.actions import ledger_append, ledger_publish
from hromada.ledger.checkpoint import open_checkpoint
from hromada.ledger.models import Checkpoint, Entry, Log, PendingEntry
from hromada.ledger.note import Verifier
from hromada.ledger.selectors import log_check
from hromada.ledger.tests.support import naive_root

THREADS, APPENDS = 8, 25


class Refused(Exception):
    pass


@pytest.fixture
def task_outcomes():
    """The status of every task run during the test (a failed publish must not go unnoticed)."""
    outcomes: list[str] = []

    def record(sender, task_result, **kwargs):
        outcomes.append(str(task_result.status))

    task_finished.connect(record)
    yield outcomes
    task_finished.disconnect(record)


def run_writers(hromada, *, roll_back_every: int = 0):
    """THREADS writers, APPENDS transactions each; returns (receipts by writer, errors)."""
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()
    receipts: dict[int, list] = defaultdict(list)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            barrier.wait(timeout=60)
            for step in range(APPENDS):
                try:
                    with transaction.atomic():
                        receipt = ledger_append(
                            hromada=hromada, kind="queue.joined", payload={"writer": number, "step": step}
                        )
                        if roll_back_every and step % roll_back_every == 0:
                            raise Refused
                except Refused:
                    continue
                with lock:
                    receipts[number].append(receipt)
        except BaseException as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    return receipts, errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_contiguous_indices_and_a_stable_root(hromada, task_outcomes):
    receipts, errors = run_writers(hromada)

    assert not errors
    assert task_outcomes and set(task_outcomes) == {"SUCCESSFUL"}
    assert not PendingEntry.objects.exists()  # the writers' own publish tasks integrated everything
    rows = list(
        Entry.objects.filter(hromada=hromada).order_by("index").values_list("index", "receipt_id", "data")
    )
    assert [index for index, _, _ in rows] == list(range(THREADS * APPENDS))
    by_receipt = {receipt_id: index for index, receipt_id, _ in rows}
    for mine in receipts.values():
        assert len(mine) == APPENDS
        # A writer's next entry starts after its previous one committed, so it is integrated later.
        assert [by_receipt[r.receipt_id] for r in mine] == sorted(by_receipt[r.receipt_id] for r in mine)
    assert sorted(by_receipt) == sorted(r.receipt_id for mine in receipts.values() for r in mine)

    root = naive_root([bytes(data) for _, _, data in rows])
    log = Log.objects.get(hromada=hromada)
    assert (log.tree_size, bytes(log.root_hash)) == (THREADS * APPENDS, root)
    latest = ledger_publish(hromada=hromada)
    assert (latest.tree_size, bytes(latest.root_hash)) == (THREADS * APPENDS, root)
    assert ledger_publish(hromada=hromada) == latest  # stable: nothing more to integrate or sign
    body = open_checkpoint(latest.note.encode(), Verifier.from_key(log.verifier_key)).checkpoint
    assert (body.size, body.root_hash) == (THREADS * APPENDS, root)
    assert Checkpoint.objects.filter(hromada=hromada).count() > 1
    assert log_check(hromada=hromada) == []  # every checkpoint signed, consistent with the one before


@pytest.mark.django_db(transaction=True)
def test_rolled_back_writers_leave_no_gap(hromada, other_hromada):
    receipts, errors = run_writers(hromada, roll_back_every=5)

    assert not errors
    ledger_publish(hromada=hromada)
    kept = sorted(r.receipt_id for mine in receipts.values() for r in mine)
    rows = list(Entry.objects.filter(hromada=hromada).order_by("index").values_list("index", "receipt_id"))
    assert len(kept) == THREADS * (APPENDS - APPENDS // 5)
    assert [index for index, _ in rows] == list(range(len(kept)))
    assert sorted(receipt_id for _, receipt_id in rows) == kept
    assert not Entry.objects.filter(hromada=other_hromada).exists()
    assert log_check(hromada=hromada) == []

"""Group commit: concurrent calls of one process share one batch, run by one of the callers.

A burst of small writes (a surge of signatures) costs mostly per-transaction overhead: BEGIN, one
INSERT per table, COMMIT, a round trip each. :class:`GroupCommit` gathers the calls that arrive while a
batch is running and hands them to the next batch as one list, so that overhead is paid once per batch.

"Caller runs": there is no background thread. The first caller becomes the leader and runs the batch in
its own thread (with its own database connection, so it sees what its request sees — also inside a
test's transaction); callers that arrive meanwhile wait; when the leader's batch is done, the oldest
waiting caller leads the next one. No caller waits on purpose: with no concurrency a batch is one call,
and batches grow only while the previous one is in the database.

``run_batch(jobs)`` returns one outcome per job, in order: a result, or an exception to raise in that
job's caller. Isolating a job that fails is ``run_batch``'s business (only it knows which part of a
batch already committed); if it raises anyway, every caller of that batch gets the exception.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .metrics import declare_batch, observe_batch

J = TypeVar("J")
R = TypeVar("R")


@dataclass(eq=False)
class _Slot(Generic[J, R]):
    job: J
    wake: threading.Event = field(default_factory=threading.Event)
    done: bool = False
    result: R | None = None
    error: BaseException | None = None


class GroupCommit(Generic[J, R]):
    """Run concurrent ``submit(job)`` calls of this process in batches of at most ``max_batch``."""

    def __init__(
        self, run_batch: Callable[[list[J]], Sequence[R | BaseException]], *, max_batch: int = 64
    ) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._run_batch = run_batch
        self._operation = getattr(run_batch, "__name__", "batch").strip("_")  # its metric's label
        declare_batch(self._operation)  # on /metrics from the start, with no batch yet
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._waiting: list[_Slot[J, R]] = []
        self._busy = False
        self.batches = 0  # batches run so far (for tests and benchmarks)
        self.jobs = 0

    def submit(self, job: J) -> R:
        slot: _Slot[J, R] = _Slot(job)
        with self._lock:
            self._waiting.append(slot)
            leads = not self._busy
            self._busy = True
        if not leads:
            slot.wake.wait()
            # Woken either because a leader finished this job, or to lead the next batch.
        if not slot.done:
            self._lead()
        if slot.error is not None:
            raise slot.error
        return slot.result  # type: ignore[return-value]

    def _lead(self) -> None:
        with self._lock:
            batch = self._waiting[: self._max_batch]
            del self._waiting[: self._max_batch]
        try:
            self._settle(batch)
        finally:
            with self._lock:
                successor = self._waiting[0] if self._waiting else None
                self._busy = successor is not None
                self.batches += 1
                self.jobs += len(batch)
            for slot in batch:
                slot.done = True
                slot.wake.set()
            if successor is not None:
                successor.wake.set()  # not done: it leads the next batch
            # After the wake-ups: the batch's requests and the next leader need not wait for the metric.
            observe_batch(self._operation, len(batch))

    def _settle(self, batch: list[_Slot[J, R]]) -> None:
        try:
            outcomes = list(self._run_batch([slot.job for slot in batch]))
            if len(outcomes) != len(batch):
                raise RuntimeError(f"run_batch gave {len(outcomes)} outcomes for {len(batch)} jobs")
        except BaseException as error:
            for slot in batch:
                slot.error = error
            return
        for slot, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                slot.error = outcome
            else:
                slot.result = outcome

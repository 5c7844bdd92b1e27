"""Group commit: concurrent submissions share batches; each caller gets its own outcome."""

import threading
import time

import pytest

from hromada.core.groupcommit import GroupCommit


def test_a_lone_call_is_a_batch_of_one():
    seen = []
    intake = GroupCommit(lambda jobs: (seen.append(list(jobs)), [job * 2 for job in jobs])[1])
    assert intake.submit(21) == 42
    assert intake.submit(5) == 10
    assert seen == [[21], [5]]


def test_calls_arriving_while_a_batch_runs_form_the_next_batch():
    first_started = threading.Event()
    release = threading.Event()
    batches = []

    def run(jobs):
        batches.append(list(jobs))
        if len(batches) == 1:
            first_started.set()
            release.wait(5)
        return [f"done {job}" for job in jobs]

    intake = GroupCommit(run)
    results = {}

    def call(job):
        results[job] = intake.submit(job)

    leader = threading.Thread(target=call, args=(0,))
    leader.start()
    assert first_started.wait(5)
    followers = [threading.Thread(target=call, args=(n,)) for n in range(1, 6)]
    for thread in followers:
        thread.start()
    deadline = time.monotonic() + 5
    while len(intake._waiting) < 5 and time.monotonic() < deadline:  # all five queued behind the leader
        time.sleep(0.001)
    release.set()
    for thread in [leader, *followers]:
        thread.join(5)
    assert results == {n: f"done {n}" for n in range(6)}
    assert batches[0] == [0]
    assert sorted(batches[1]) == [1, 2, 3, 4, 5]
    assert intake.batches == 2 and intake.jobs == 6


def test_an_exception_outcome_is_raised_only_in_its_caller():
    intake = GroupCommit(lambda jobs: [ValueError(job) if job < 0 else job for job in jobs])
    with pytest.raises(ValueError, match="-1"):
        intake.submit(-1)
    assert intake.submit(3) == 3


def test_an_exception_from_run_batch_reaches_every_caller_and_the_next_batch_runs():
    def run(jobs):
        if "bad" in jobs:
            raise RuntimeError("the batch failed")
        return [job.upper() for job in jobs]

    intake = GroupCommit(run)
    with pytest.raises(RuntimeError, match="the batch failed"):
        intake.submit("bad")
    assert intake.submit("good") == "GOOD"  # leadership was handed back after the failure


def test_many_threads_each_get_their_own_result():
    intake = GroupCommit(lambda jobs: (time.sleep(0.002), [job + 1000 for job in jobs])[1], max_batch=8)
    results = [None] * 200

    def call(n):
        results[n] = intake.submit(n)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == [n + 1000 for n in range(200)]
    assert intake.jobs == 200
    assert intake.batches < 200  # some calls shared a batch

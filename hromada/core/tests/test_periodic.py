"""Each period of each periodic job runs on one worker only, however many workers run the loop
(core/periodic.py, core/actions.py: periodic_claim)."""

import threading
import time

import pytest

from hromada.core.actions import periodic_claim
from hromada.core.models import PeriodicLease
from hromada.core.periodic import period_of, run_due, run_periodically
from hromada.core.registry import PeriodicJob
from tests.concurrency import postgres_only, run_concurrently


def test_periods_are_counted_from_the_epoch_the_same_on_every_server():
    assert period_of(100.0, 10) == 10
    assert period_of(109.999, 10) == 10
    assert period_of(110.0, 10) == 11
    assert period_of(3600 * 5 + 1, 3600) == 5


@pytest.mark.django_db
def test_a_period_is_claimed_once_and_the_next_one_again():
    assert periodic_claim(key="x.job", period=5, holder="a") is True
    assert periodic_claim(key="x.job", period=5, holder="b") is False
    assert periodic_claim(key="x.job", period=4, holder="b") is False  # a late worker runs no old period
    assert periodic_claim(key="x.job", period=6, holder="b") is True
    assert periodic_claim(key="y.job", period=5, holder="b") is True  # each job has its own periods

    lease = PeriodicLease.objects.get(key="x.job")
    assert (lease.period, lease.claimed_by) == (6, "b")


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_logged_and_its_period_is_spent(caplog):
    job = PeriodicJob(key="x.fails", every_seconds=10, run=lambda: 1 / 0)

    assert run_due(job, now=1000.0, holder="a") is True
    assert run_due(job, now=1005.0, holder="a") is False  # the same period: not again
    assert "Periodic job x.fails failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_racing_workers_claim_one_period_once():
    postgres_only()

    outcomes = run_concurrently(8, lambda n: periodic_claim(key="x.race", period=42, holder=f"w{n}"))

    assert sorted(outcomes, key=str) == [False] * 7 + [True], outcomes  # type: ignore[type-var]


@pytest.mark.django_db(transaction=True)
def test_two_worker_loops_run_every_period_once_not_twice():
    """Two workers' loops (own threads, own connections) with a 0.25 s job for about 3 s: the job runs
    once per period that started meanwhile; without the lease each period would run twice."""
    postgres_only()
    every = 0.25
    runs: list[tuple[float, str]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def loop(holder: str) -> None:
        def record() -> None:
            with lock:
                runs.append((time.time(), holder))

        run_periodically([PeriodicJob(key="x.loop", every_seconds=every, run=record)], stop, holder=holder)

    threads = [threading.Thread(target=loop, args=(f"w{n}",)) for n in range(2)]
    started = time.time()
    for thread in threads:
        thread.start()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join(10)
    ended = time.time()

    periods = period_of(ended, every) - period_of(started, every) + 1
    assert not any(thread.is_alive() for thread in threads)
    # Without the lease both loops would run the job in every period: about twice as many runs.
    assert periods // 2 <= len(runs) <= periods, (len(runs), periods)


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_runs_jobs_and_survives_a_failing_one():
    runs: list[int] = []
    failures = PeriodicJob(key="b.fails", every_seconds=0.05, run=lambda: 1 / 0)
    counter = PeriodicJob(key="a.counts", every_seconds=0.05, run=lambda: runs.append(1))
    stop = threading.Event()
    thread = threading.Thread(target=run_periodically, args=([counter, failures], stop))
    thread.start()
    deadline = time.monotonic() + 20
    while len(runs) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    stop.set()
    thread.join(timeout=5)

    assert len(runs) >= 3
    assert not thread.is_alive()

"""The periodic jobs of `hromada worker`: each period of each registered job runs on one worker only.

Every worker runs the loop below for every job the apps registered (``register_app(periodic=[...])``,
core/registry.py). Time is cut into periods of the job's ``every_seconds`` counted from the epoch
(``period = floor(now / every_seconds)``), the same on every server; at the start of each period every
worker asks the database to claim it (core/actions.py: ``periodic_claim``, one conditional UPDATE of the
job's ``core_periodiclease`` row) and only the worker that got it runs the job. So two workers, or twenty
on five servers, run a job once per period, and a killed worker leaves the next period to the others.

A job that takes longer than its period may still be running on one worker when another claims the next
period: jobs lock what they change (as they did when each worker ran them), the lease only stops the
duplicate runs of one period.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence

from django.db import connections

from .actions import periodic_claim
from .registry import PeriodicJob

logger = logging.getLogger("hromada.worker")


def period_of(now: float, every_seconds: float) -> int:
    """The number of the period `now` (epoch seconds) falls in."""
    return math.floor(now / every_seconds)


def period_start(period: int, every_seconds: float) -> float:
    return period * every_seconds


def worker_name() -> str:
    """Who claimed a period, for the lease row: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_due(job: PeriodicJob, *, now: float, holder: str) -> bool:
    """Claim the period `now` is in and run the job when this worker got it; True when it ran.
    A failing job is logged, not raised: the next period runs it again."""
    period = period_of(now, job.every_seconds)
    try:
        if not periodic_claim(key=job.key, period=period, holder=holder):
            return False
        logger.debug("Periodic job %s runs period %d", job.key, period)
        job.run()
    except Exception:
        logger.exception("Periodic job %s failed", job.key)
    finally:
        connections.close_all()
    return True


def run_periodically(
    jobs: Sequence[PeriodicJob],
    stop: threading.Event,
    *,
    holder: str | None = None,
    clock: Callable[[], float] = time.time,
) -> None:
    """Until `stop` is set: at the start of each period of each job, claim it and run it if claimed."""
    holder = holder or worker_name()
    due = {job.key: clock() for job in jobs}  # the period we are in may not have run yet
    while not stop.is_set():
        for job in jobs:
            now = clock()
            if now >= due[job.key]:
                run_due(job, now=now, holder=holder)
                due[job.key] = period_start(period_of(now, job.every_seconds) + 1, job.every_seconds)
        stop.wait(max(0.01, min(due.values()) - clock()))

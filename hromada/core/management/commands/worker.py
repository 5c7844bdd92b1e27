"""`hromada worker`: the background task worker (django-tasks-db's `db_worker`) with Hromada's defaults."""

from __future__ import annotations

import logging
import threading
import time
from argparse import ArgumentParser
from typing import Any

from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from hromada.core.registry import PeriodicJob, periodic_jobs

logger = logging.getLogger("hromada.worker")


def _run_periodically(jobs: list[PeriodicJob], stop: threading.Event) -> None:
    """Run each registered job on its own interval until `stop` is set; a failing job is logged, not fatal."""
    due = {job.key: time.monotonic() for job in jobs}
    while not stop.is_set():
        now = time.monotonic()
        for job in jobs:
            if now >= due[job.key]:
                try:
                    job.run()
                except Exception:
                    logger.exception("Periodic job %s failed", job.key)
                finally:
                    connections.close_all()
                due[job.key] = time.monotonic() + job.every_seconds
        stop.wait(max(0.1, min(due.values()) - time.monotonic()))


class Command(DbWorkerCommand):
    help = (
        "Run the background task worker: every queue, polling the database each second when idle. "
        "Takes every option of `db_worker` (see --help)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Every queue, so a task enqueued on a new queue is never left waiting; no code reloading (a worker
        # started beside `hromada serve` would otherwise run twice); pass --reload while developing tasks.
        parser.set_defaults(queue_name="*", reload=False)
        parser.add_argument(
            "--no-periodic",
            action="store_true",
            help="Do not run the periodic jobs (ledger checkpoints every 10 s, …) in this worker.",
        )
        for action in parser._actions:
            if action.dest == "reload":
                action.help = "Restart the worker when code changes (default: off)."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = [] if options.pop("no_periodic", False) else periodic_jobs()
        stop = threading.Event()
        thread = threading.Thread(target=_run_periodically, args=(jobs, stop), name="periodic", daemon=True)
        if jobs:
            thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            if jobs:
                thread.join(timeout=30)

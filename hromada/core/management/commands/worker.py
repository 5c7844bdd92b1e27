"""`hromada worker`: the background task worker (django-tasks-db's `db_worker`) with Hromada's defaults."""

from __future__ import annotations

import threading
from argparse import ArgumentParser
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from hromada.core.logs import request_id_var, task_request_id
from hromada.core.periodic import run_periodically
from hromada.core.registry import PeriodicJob, periodic_jobs
from hromada.core.startup import secrets_guard


def _run_periodically(jobs: list[PeriodicJob], stop: threading.Event) -> None:
    """The periodic jobs, each period of each on one worker only (core/periodic.py)."""
    run_periodically(jobs, stop)


class RequestIdWorker(db_worker.Worker):
    """db_worker's loop; while it runs a task queued by a request, its log records carry that request's
    id (core/logs.py: the id is stored with the task's arguments)."""

    def run_task(self, db_task_result: Any) -> None:
        request_id = task_request_id(db_task_result.args_kwargs)
        token = request_id_var.set(request_id)
        try:
            super().run_task(db_task_result)
        finally:
            request_id_var.reset(token)


@contextmanager
def _request_id_worker() -> Iterator[None]:
    # db_worker's command builds its loop from the module's `Worker`: ours for the time of the command.
    original = db_worker.Worker
    db_worker.Worker = RequestIdWorker  # type: ignore[misc]
    try:
        yield
    finally:
        db_worker.Worker = original  # type: ignore[misc]


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
        # A worker with another secret key or pepper than the database's refuses to start
        # (core/fingerprints.py).
        if note := secrets_guard():
            self.stderr.write(note)
        jobs = [] if options.pop("no_periodic", False) else periodic_jobs()
        stop = threading.Event()
        thread = threading.Thread(target=_run_periodically, args=(jobs, stop), name="periodic", daemon=True)
        if jobs:
            thread.start()
        try:
            with _request_id_worker():
                super().handle(*args, **options)
        finally:
            stop.set()
            if jobs:
                thread.join(timeout=30)

"""`hromada worker`: the background task worker (django-tasks-db's `db_worker`) with Hromada's defaults."""

from __future__ import annotations

from argparse import ArgumentParser

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


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
        for action in parser._actions:
            if action.dest == "reload":
                action.help = "Restart the worker when code changes (default: off)."

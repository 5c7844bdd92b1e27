"""The task queue's database backend, with the queuing request's id stored beside each task's arguments.

`hromada worker` reads it back (``core.logs.task_request_id``) and logs the task's lines with it.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db import DatabaseBackend

from .logs import TASK_REQUEST_ID_KEY, request_id_var


class RequestIdDatabaseBackend(DatabaseBackend):
    def _task_to_db_task(self, task: Any, args: Any, kwargs: Any) -> Any:
        row = super()._task_to_db_task(task, args, kwargs)
        request_id = request_id_var.get()
        if request_id and isinstance(row.args_kwargs, dict):
            row.args_kwargs = {**row.args_kwargs, TASK_REQUEST_ID_KEY: request_id}
            type(row).objects.filter(pk=row.pk).update(args_kwargs=row.args_kwargs)
        return row

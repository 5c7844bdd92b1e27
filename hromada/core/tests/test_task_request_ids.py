"""A task queued by a request carries the request's id, and the worker's log lines while it runs that task
include it (core/logs.py, `hromada worker`)."""

import json
import logging

import pytest
from django_tasks_db.models import DBTaskResult

from hromada.core.logs import JsonFormatter, request_id_var
from hromada.core.management.commands.worker import RequestIdWorker
from hromada.core.tasks import email_notification

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {
    "default": {"BACKEND": "hromada.core.taskbackend.RequestIdDatabaseBackend", "QUEUES": ["default"]}
}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def json_lines():
    """Every record of the task loggers, formatted as `HROMADA_LOG_FORMAT=json` formats it."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("django_tasks", "hromada.test_task")]
    previous = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield lines
    for logger, level in previous:
        logger.removeHandler(handler)
        logger.setLevel(level)


def worker() -> RequestIdWorker:
    return RequestIdWorker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip


def enqueue_in_request(request_id: str) -> DBTaskResult:
    token = request_id_var.set(request_id)
    try:
        result = email_notification.enqueue(notification_id=0)
    finally:
        request_id_var.reset(token)
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_queued_by_a_request_stores_the_request_id_beside_its_arguments(database_tasks):
    row = enqueue_in_request("req-0123456789abcdef")

    assert row.args_kwargs["hromada_request_id"] == "req-0123456789abcdef"
    assert row.task_result.kwargs == {"notification_id": 0}  # the task's own arguments are unchanged


def test_a_task_queued_outside_a_request_has_no_request_id(database_tasks):
    result = email_notification.enqueue(notification_id=0)

    assert "hromada_request_id" not in DBTaskResult.objects.get(pk=result.id).args_kwargs


def test_the_worker_logs_the_request_id_while_it_runs_the_task(database_tasks, json_lines):
    row = enqueue_in_request("req-0123456789abcdef")
    row.claim("test-worker")
    json_lines.clear()

    worker().run_task(row)

    lines = [json.loads(line) for line in json_lines]
    states = [line["message"].rsplit("state=", 1)[-1] for line in lines]
    assert states == ["RUNNING", "SUCCESSFUL"]
    assert [line.get("request_id") for line in lines] == ["req-0123456789abcdef"] * 2
    assert all(f"Task id={row.pk} " in line["message"] for line in lines)
    assert request_id_var.get() == ""  # not left behind for the next task


def test_a_task_without_a_request_is_logged_without_an_id(database_tasks, json_lines):
    row = DBTaskResult.objects.get(pk=email_notification.enqueue(notification_id=0).id)
    row.claim("test-worker")
    json_lines.clear()

    worker().run_task(row)

    assert json_lines and all("request_id" not in json.loads(line) for line in json_lines)

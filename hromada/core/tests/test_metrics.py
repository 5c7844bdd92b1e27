"""/metrics, /readyz's stuck checks, the request id and JSON log line (hromada/core/metrics.py, logs.py)."""

import json
import logging
import re

import pytest
from django.test import Client
from prometheus_client import REGISTRY

from hromada.core.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def requests_counted(route: str, status: str) -> float:
    value = REGISTRY.get_sample_value(
        "hromada_http_requests_total", {"route": route, "method": "GET", "status": status}
    )
    return value or 0.0


def test_metrics_answer_a_listed_address_with_the_installation_series(hromada, client):
    from hromada.ledger.actions import ledger_append

    ledger_append(hromada=hromada, kind="demo.noted", payload={"n": 1})
    client.get("/healthz")

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200
    text = response.content.decode()
    for series in (
        "hromada_http_requests_total",
        "hromada_http_request_duration_seconds_bucket",
        "hromada_db_queries_per_request_bucket",
        "hromada_tasks_ready",
        "hromada_tasks_oldest_ready_age_seconds",
        "hromada_ledger_pending_entries",
        "hromada_ledger_oldest_pending_age_seconds",
        "hromada_login_failures_recent",
        "hromada_rate_limit_refusals_total",
        "hromada_group_commit_batch_size_bucket",
    ):
        # A sample, not only its HELP line.
        assert re.search(rf"^{series}(\{{.*\}})? \d", text, re.MULTILINE), series
    # A log with no checkpoint yet has no age to report: only the series' description.
    assert "# HELP hromada_ledger_seconds_since_checkpoint" in text


@pytest.mark.django_db(transaction=True)
def test_a_log_or_queue_with_nothing_waiting_reports_zero_not_nothing(hromada, client):
    from hromada.ledger.keys import log_ensure

    log_ensure(hromada)

    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    for series in (
        f'hromada_ledger_pending_entries{{hromada="{hromada.slug}"}} 0.0',
        f'hromada_ledger_oldest_pending_age_seconds{{hromada="{hromada.slug}"}} 0.0',
        'hromada_tasks_oldest_ready_age_seconds{queue="default"} 0.0',
    ):
        assert series in text.splitlines(), series


def test_metrics_refuse_an_address_not_listed(hromada, client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 403
    assert b"hromada_" not in response.content


def test_metrics_behind_the_proxy_judge_the_forwarded_client(hromada, client, settings):
    settings.HROMADA_NUM_PROXIES = 1

    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")

    assert response.status_code == 403


def test_metrics_token_opens_them_from_anywhere_and_a_wrong_one_does_not(hromada, client, settings):
    settings.HROMADA_METRICS_TOKEN = "scrape-token-for-tests"

    right = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer scrape-token-for-tests"
    )
    wrong = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer scrape-token-for-test"
    )

    assert right.status_code == 200
    assert wrong.status_code == 403


def test_a_request_is_counted_by_its_route_pattern_and_status(hromada, client):
    before = requests_counted("healthz", "200")

    client.get("/healthz")
    client.get("/healthz")

    assert requests_counted("healthz", "200") == before + 2


def test_a_request_is_timed_by_its_route_pattern_and_status(hromada, client):
    def timed(status: str) -> float:
        labels = {"route": "healthz", "method": "GET", "status": status}
        return REGISTRY.get_sample_value("hromada_http_request_duration_seconds_count", labels) or 0.0

    before = timed("200")

    client.get("/healthz")

    assert timed("200") == before + 1


def test_the_proxys_request_id_is_answered_and_logged_as_one_json_line(hromada, settings, caplog):
    settings.HROMADA_LOG_FORMAT = "json"
    client = Client()  # its handler reads the setting when it builds the middleware chain

    with caplog.at_level(logging.INFO, logger="hromada.request"):
        response = client.get("/petitions/", HTTP_X_REQUEST_ID="f00dcafe1234abcd")

    assert response["X-Request-ID"] == "f00dcafe1234abcd"
    (record,) = [r for r in caplog.records if r.name == "hromada.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["route"] == "petitions/"
    assert line["status"] == 200
    assert line["hromada"] == hromada.slug
    assert line["queries"] > 0
    assert line["duration_ms"] >= 0
    assert line["user"] is None


def test_a_request_id_that_is_not_a_plain_token_is_replaced(hromada, client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 32


def test_group_commit_batches_are_counted_under_the_operation_name():
    from hromada.core.groupcommit import GroupCommit

    def _double_all(jobs: list[int]) -> list[int]:
        return [job * 2 for job in jobs]

    def batches(operation: str) -> tuple[float, float]:
        labels = {"operation": operation}
        count = REGISTRY.get_sample_value("hromada_group_commit_batch_size_count", labels) or 0.0
        total = REGISTRY.get_sample_value("hromada_group_commit_batch_size_sum", labels) or 0.0
        return count, total

    before = batches("double_all")
    intake = GroupCommit(_double_all)

    assert intake.submit(3) == 6
    assert intake.submit(4) == 8
    assert batches("double_all") == (before[0] + 2, before[1] + 2)


def test_a_group_commit_intake_is_on_the_metrics_before_its_first_batch():
    from hromada.core.groupcommit import GroupCommit

    def _triple_all(jobs: list[int]) -> list[int]:
        return [job * 3 for job in jobs]

    GroupCommit(_triple_all)

    labels = {"operation": "triple_all"}
    assert REGISTRY.get_sample_value("hromada_group_commit_batch_size_count", labels) == 0.0


def test_a_route_answered_has_its_rate_limit_refusals_at_zero(hromada, client):
    client.get("/healthz")

    assert REGISTRY.get_sample_value("hromada_rate_limit_refusals_total", {"route": "healthz"}) == 0.0


def test_an_empty_task_queue_reports_zero_ready_tasks(hromada, client):
    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()

    assert 'hromada_tasks_ready{queue="default"} 0.0' in text

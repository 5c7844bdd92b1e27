"""Prometheus metrics at /metrics (docs/operations.md, "Metrics").

Two kinds of series:

- per process, counted where things happen: requests by route, method and status, their duration, SQL
  queries per request, rate-limit refusals (429s), group-commit batch sizes. Under granian each web worker
  is a process: `hromada serve` gives the node a PROMETHEUS_MULTIPROC_DIR (cleared at start), where
  prometheus-client keeps each process's values in a file, and /metrics adds up the node's processes.
  Without it (runserver, tests) the values live in this process.
- installation-wide, read from the database when scraped (the same on every node): the task queue's depth
  and the age of its oldest ready task here; apps add theirs with :func:`register_gauge` (the ledger's
  pending entries and seconds since its last checkpoint, recent login failures).

/metrics answers a client address listed in HROMADA_METRICS_ALLOW (the proxy forwards none: it answers
404 there, deploy/nginx/hromada.conf) or a request with ``Authorization: Bearer HROMADA_METRICS_TOKEN``.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import REGISTRY, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from .clientip import client_address
from .logs import request_id_for, request_id_var, request_logger, user_hash

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "hromada_http_requests", "HTTP requests answered, by route pattern, method and status.",
    ["route", "method", "status"],
)  # fmt: skip
DURATION = Histogram(
    "hromada_http_request_duration_seconds", "Time to answer a request, by route pattern, method and status.",
    ["route", "method", "status"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)  # fmt: skip
QUERIES = Histogram(
    "hromada_db_queries_per_request", "SQL queries run by one request, by route pattern.",
    ["route"], buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200),
)  # fmt: skip
RATE_LIMITED = Counter(
    "hromada_rate_limit_refusals", "Requests refused by a rate limit (429), by route pattern.", ["route"]
)
BATCH_SIZE = Histogram(
    "hromada_group_commit_batch_size", "Calls served by one group-commit batch (the signing intake).",
    ["operation"], buckets=(1, 2, 4, 8, 16, 32, 64, 128),
)  # fmt: skip


@dataclass(frozen=True)
class Gauge:
    """An installation-wide value read from the database at scrape time: ``collect()`` returns
    (labels, value) pairs. With ``not_ready_above``, /readyz fails while a value exceeds it."""

    name: str
    documentation: str
    labels: tuple[str, ...]
    collect: Callable[[], Iterable[tuple[tuple[str, ...], float]]]
    not_ready_above: float | None = None


_gauges: dict[str, Gauge] = {}


def register_gauge(gauge: Gauge) -> None:
    """Add an installation-wide series to /metrics (from an app's ``ready()``)."""
    _gauges[gauge.name] = gauge


def _ready_tasks() -> list[dict[str, Any]]:
    from django.db.models import Case, Count, F, Min, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task enqueued to run at once has run_after = the far future; it is due since it was enqueued.
    due = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    return list(DBTaskResult.objects.ready().values("queue_name").annotate(n=Count("id"), oldest=Min(due)))


def _queues() -> list[str]:
    return list(settings.TASKS.get("default", {}).get("QUEUES") or ["default"])


def _tasks_ready() -> Iterable[tuple[tuple[str, ...], float]]:
    """Per queue, 0 for a configured queue with nothing waiting (an absent series would read as "unknown")."""
    counts = dict.fromkeys(_queues(), 0.0)
    counts.update({row["queue_name"]: float(row["n"]) for row in _ready_tasks()})
    return [((queue,), counts[queue]) for queue in sorted(counts)]


def _tasks_oldest_age() -> Iterable[tuple[tuple[str, ...], float]]:
    """Seconds the oldest runnable task has waited since it became due (a task for later counts from then)."""
    from .clock import now as clock_now

    now = clock_now()
    ages = dict.fromkeys(_queues(), 0.0)  # nothing waiting: no wait (as for hromada_tasks_ready)
    for row in _ready_tasks():
        ages[row["queue_name"]] = max(0.0, (now - row["oldest"]).total_seconds())
    return [((queue,), ages[queue]) for queue in sorted(ages)]


register_gauge(
    Gauge("hromada_tasks_ready", "Tasks due and waiting for a worker, by queue.", ("queue",), _tasks_ready)
)
# A worker takes a due task within a second or two; five minutes means no worker is running or all hang.
register_gauge(
    Gauge(
        "hromada_tasks_oldest_ready_age_seconds",
        "Seconds the oldest due task has waited for a worker, by queue.",
        ("queue",),
        _tasks_oldest_age,
        not_ready_above=300,
    )
)


def not_ready_reasons() -> list[str]:
    """For /readyz: each gauge value over its `not_ready_above`, as "name{labels}=value"."""
    reasons = []
    for gauge in _gauges.values():
        if gauge.not_ready_above is None:
            continue
        for labels, value in gauge.collect():
            if value > gauge.not_ready_above:
                reasons.append(f"{gauge.name}{{{','.join(labels)}}}={value:.0f}")
    return reasons


class _DatabaseCollector:
    """The registered gauges, read when /metrics is scraped; a failing one is left out and logged."""

    def collect(self) -> Iterator[Metric]:
        for gauge in _gauges.values():
            family = GaugeMetricFamily(gauge.name, gauge.documentation, labels=list(gauge.labels))
            try:
                for labels, value in gauge.collect():
                    family.add_metric(list(labels), value)
            except Exception:
                logger.exception("Metric %s could not be read", gauge.name)
                continue
            yield family


def exposition() -> bytes:
    """The text of /metrics: this node's processes (or this process) and the database's gauges."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        process_series = generate_latest(registry)
    else:
        process_series = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(_DatabaseCollector())  # type: ignore[arg-type]
    return process_series + generate_latest(database)


def allowed(request: HttpRequest) -> bool:
    token = settings.HROMADA_METRICS_TOKEN
    offered = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    return client_address(request) in settings.HROMADA_METRICS_ALLOW


_batch_children: dict[str, Any] = {}


def declare_batch(operation: str) -> Any:
    """The batch-size series of ``operation``, made at once so that /metrics shows it (zero batches)
    before the first batch runs; looked up once (see below)."""
    child = _batch_children.get(operation)
    if child is None:
        child = _batch_children.setdefault(operation, BATCH_SIZE.labels(operation))
    return child


def observe_batch(operation: str, size: int) -> None:
    """One group-commit batch of ``size`` calls."""
    declare_batch(operation).observe(size)


# The labelled children of one (route, method, status), looked up once: `labels()` costs more than the
# observation itself, and this runs for every request (the signing path counts its microseconds).
_children: dict[tuple[str, str, int], tuple[Any, Any, Any, Any]] = {}


def _request_series(route: str, method: str, status: int) -> tuple[Any, Any, Any, Any]:
    key = (route, method, status)
    found = _children.get(key)
    if found is None:
        found = (
            REQUESTS.labels(route, method, str(status)),
            DURATION.labels(route, method, str(status)),
            QUERIES.labels(route),
            # Made for every route answered, so that a route's refusals read 0 until the first 429 (an
            # absent series would hide from alerts that compare rates).
            RATE_LIMITED.labels(route),
        )
        _children[key] = found
    return found


class ObserveRequestMiddleware:
    """First in both middleware chains: the request id (hromada/core/logs.py), the request's metrics and,
    with HROMADA_LOG_FORMAT=json, its log line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.log_lines = settings.HROMADA_LOG_FORMAT == "json"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        token = request_id_var.set(request_id)
        queries = [0]

        def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
            queries[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        try:
            with connection.execute_wrapper(count):
                response = self.get_response(request)
            duration = time.perf_counter() - started
            response["X-Request-ID"] = request_id
            match = request.resolver_match
            route = match.route if match is not None else "-"
            status = response.status_code
            requests, durations, query_counts, refusals = _request_series(route, request.method or "", status)
            requests.inc()
            durations.observe(duration)
            query_counts.observe(queries[0])
            if status == 429:
                refusals.inc()
            if self.log_lines:
                hromada = getattr(request, "hromada", None)
                user = getattr(request, "user", None)
                request_logger.info(
                    "%s %s %s",
                    request.method,
                    route,
                    status,
                    extra={
                        "method": request.method,
                        "route": route,
                        "status": status,
                        "duration_ms": round(duration * 1000, 1),
                        "queries": queries[0],
                        "hromada": hromada.slug if hromada is not None else None,
                        "user": user_hash(user.pk) if user is not None and user.is_authenticated else None,
                    },
                )
            return response
        finally:
            request_id_var.reset(token)


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus text exposition; 403 for a caller neither listed nor holding the token."""
    if not allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)

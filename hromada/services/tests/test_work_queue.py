"""The officials' work queue over the stored ``is_open`` column: the same applications as the status rule
gives, in deadline order, for every viewer and filter; the query count does not grow with the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.core import clock
from hromada.services import actions, lifecycle, selectors
from hromada.services.models import Application

from .factories import GOOD, make_service, make_world, with_second_factor

pytestmark = pytest.mark.django_db

STATUSES = [s for s in lifecycle.STATUSES if s != lifecycle.DRAFT]


def _filed(world, service, n: int) -> list[Application]:
    """``n`` applications of ``service``, one per status in turn, deadlines spread around now (some
    overdue, some equal, one without a deadline)."""
    now = clock.now()
    made = []
    for i in range(n):
        application = actions.application_submit(
            service=service, applicant=world.resident, data=GOOD, idempotency_key=f"{service.code}-{i}"
        )
        due = None if i == 3 else now + dt.timedelta(days=(i * 7) % 11 - 5, hours=i % 3)
        Application.objects.filter(pk=application.pk).update(status=STATUSES[i % len(STATUSES)], due_at=due)
        made.append(application)
    return made


def _expected(rows, *, department_ids=None, status="", overdue=False, service=""):
    """What the queue must show, by the rule in plain Python: open (or the status asked for), the viewer's
    departments, by deadline (no deadline first on SQLite, last on PostgreSQL) then id."""
    now = clock.now()
    picked = [
        a
        for a in rows
        if (a.status == status if status else a.status in lifecycle.OPEN)
        and (department_ids is None or a.service.department_id in department_ids)
        and (not service or a.service.code == service)
        and (not overdue or (a.status in lifecycle.CLOCK_RUNNING and a.due_at is not None and a.due_at < now))
    ]
    nulls_first = connection.vendor == "sqlite"
    return [
        a.pk
        for a in sorted(
            picked,
            key=lambda a: (
                (a.due_at is not None) == nulls_first,
                a.due_at or dt.datetime.min.replace(tzinfo=dt.UTC),
                a.pk,
            ),
        )
    ]


@pytest.fixture
def busy(hromada):
    world = make_world(hromada)
    other = make_service(hromada, department=None, code="cnap-099")
    elsewhere = make_service(hromada, department=world.outsider.memberships.get().department, code="cnap-100")
    for service in (world.service, other, elsewhere):
        _filed(world, service, 17)
    rows = list(Application.objects.filter(hromada=hromada).select_related("service"))
    return world, rows


def test_the_stored_open_flag_follows_the_status(busy):
    world, rows = busy
    stored = dict(Application.objects.filter(hromada=world.hromada).values_list("pk", "is_open"))
    assert stored == {a.pk: a.status in lifecycle.OPEN for a in rows}
    some = rows[0]
    for status in lifecycle.STATUSES:
        Application.objects.filter(pk=some.pk).update(status=status)
        assert Application.objects.get(pk=some.pk).is_open is (status in lifecycle.OPEN)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"overdue": True},
        {"status": lifecycle.ISSUED},
        {"status": lifecycle.CORRECTION},
        {"status": lifecycle.SUBMITTED, "overdue": True},
        {"service": "cnap-099"},
    ],
)
def test_the_queue_shows_what_the_status_rule_gives_in_deadline_order(busy, filters):
    world, rows = busy
    for viewer, departments in ((world.administrator, None), (world.specialist, {world.department.pk})):
        got = [a.pk for a in selectors.work_queue(hromada=world.hromada, viewer=viewer, **filters)]
        assert got == _expected(rows, department_ids=departments, **filters)
        if departments is None:
            assert got  # every case has rows: a filter that dropped everything would pass unseen


def test_the_queue_never_shows_drafts_or_another_department(busy):
    world, _rows = busy
    draft = actions.application_draft_save(
        service=world.service, applicant=world.resident, data={"full_name": "Чернетка"}
    )
    for status in ("", lifecycle.DRAFT):
        shown = selectors.work_queue(hromada=world.hromada, viewer=world.administrator, status=status)
        assert draft.pk not in {a.pk for a in shown}
    outsiders = selectors.work_queue(hromada=world.hromada, viewer=world.outsider)
    assert {a.service.code for a in outsiders} == {"cnap-100"}


def test_the_counts_of_open_and_overdue(busy):
    world, rows = busy
    now = clock.now()
    assert selectors.application_counts(hromada=world.hromada) == {
        "open": sum(a.status in lifecycle.OPEN for a in rows),
        "overdue": sum(
            a.status in lifecycle.CLOCK_RUNNING and a.due_at is not None and a.due_at < now for a in rows
        ),
    }
    backlog = selectors.backlog_by_service(hromada=world.hromada)
    assert backlog["cnap-099"]["open"] == sum(
        a.status in lifecycle.OPEN for a in rows if a.service.code == "cnap-099"
    )


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/services/queue/", {"overdue": "on"})
    assert response.status_code == 200
    return len(queries)


def test_the_queue_page_costs_the_same_queries_with_more_applications(hromada):
    world = make_world(hromada)
    _filed(world, world.service, 6)
    specialist = with_second_factor(world.specialist)
    specialist.get("/services/queue/")  # the session and the second factor settle on the first request
    few = _queue_queries(specialist)
    other = make_service(hromada, department=world.department, code="cnap-101")
    _filed(world, other, 60)
    assert _queue_queries(specialist) == few


def _plan(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(row[-1] for row in cursor.fetchall())


def test_the_open_queue_is_read_in_index_order_and_counted_from_the_index(busy):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plan (PostgreSQL plans by table statistics)")
    world, _rows = busy
    for viewer in (world.specialist, world.administrator):
        queue = selectors.work_queue(hromada=world.hromada, viewer=viewer)
        page = _plan(*queue[:30].query.sql_with_params())
        # Read in deadline order: no sort of all the open rows (only applications due at the same
        # moment are put in id order, "RIGHT PART OF ORDER BY").
        assert "services_open_due_idx" in page and "TEMP B-TREE FOR ORDER BY" not in page, page
        with CaptureQueriesContext(connection) as counted:
            queue.count()
        count = _plan(counted.captured_queries[0]["sql"])
        # The open part of the index only. (SQLite reads it without the rows, but does not print
        # "COVERING" for an index with a generated column; docs/performance.md has the timings.)
        assert "INDEX services_open_due_idx (hromada_id=? AND is_open=?)" in count, count

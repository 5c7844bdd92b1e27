"""Hot batch statements: the rows written and the rows read are the ORM's, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.functional import lazy

from hromada.core.batchsql import any_of, hot_cursor, insert_rows, position_in
from hromada.core.models import Notification, RateLimitBucket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_inserted_rows_read_back_as_the_orm_wrote_them(hromada):
    person = UserFactory(hromada=hromada)
    kyiv = dt.timezone(dt.timedelta(hours=2))
    lazy_title = lazy(lambda: "Лінива назва", str)()
    rows = [
        Notification(hromada=hromada, recipient=person, kind="a", title="Перша", read_at=None),
        Notification(
            hromada=hromada,
            recipient_id=person.pk,
            kind="b",
            title=lazy_title,  # not a str: prepared by the field
            body="текст\n'лапки' \"і\" {дужки}, коми",
            read_at=dt.datetime(2026, 11, 23, 12, 30, 15, 250_000, tzinfo=kyiv),
        ),
    ]
    inserted = insert_rows(rows)
    assert [n.pk for n in inserted] == sorted(n.pk for n in inserted)
    first, second = (Notification.objects.get(pk=n.pk) for n in inserted)
    assert (first.kind, first.title, first.read_at, first.recipient_id) == ("a", "Перша", None, person.pk)
    assert first.created_at is not None and first.created_at.tzinfo is not None  # auto_now_add applied
    assert second.title == "Лінива назва" and second.body == rows[1].body
    assert second.read_at == dt.datetime(2026, 11, 23, 10, 30, 15, 250_000, tzinfo=dt.UTC)


def test_many_rows_keep_their_order_and_ids():
    buckets = [
        RateLimitBucket(key=f"k{i:03d}", window_start=i, window_end=i + 60, count=i % 7) for i in range(150)
    ]
    insert_rows(buckets)
    stored = dict(RateLimitBucket.objects.values_list("pk", "key"))
    assert [stored[b.pk] for b in buckets] == [b.key for b in buckets]


def test_any_of_finds_the_same_rows_whatever_the_count():
    insert_rows([RateLimitBucket(key=f"x{i}", window_start=i, window_end=0, count=1) for i in range(5)])
    texts = set()
    for wanted in ([1], [1, 3], [0, 2, 4, 99]):
        condition, params = any_of("window_start", wanted)
        sql = f"SELECT window_start FROM core_ratelimitbucket WHERE {condition} ORDER BY 1"  # noqa: S608
        with CaptureQueriesContext(connection) as queries, hot_cursor() as cursor:
            cursor.execute(sql, params)
            found = [row[0] for row in cursor.fetchall()]
        assert found == sorted(set(wanted) & {0, 1, 2, 3, 4})
        assert len(queries) == 1  # the cursor is Django's (counted, logged)
        texts.add(sql)
    assert len(texts) == (1 if connection.vendor == "postgresql" else 3)


def test_a_value_too_long_for_its_column_is_refused_not_cut(hromada):
    from django.db import DataError, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps text of any length in a varchar column")
    person = UserFactory(hromada=hromada)
    too_long = Notification(hromada=hromada, recipient=person, kind="k" * 61, title="t")
    with pytest.raises(DataError), transaction.atomic():
        insert_rows([too_long])
    assert not Notification.objects.filter(kind__startswith="kkk").exists()


def test_position_in_orders_rows_by_their_place_in_the_list(hromada):
    person = UserFactory(hromada=hromada)
    made = {
        kind: Notification.objects.create(hromada=hromada, recipient=person, kind=kind, title=kind)
        for kind in "abcd"
    }
    wanted = ["c", "a", "d"]
    rows = (
        Notification.objects.filter(kind__in=wanted)
        .annotate(place=position_in(Notification._meta.get_field("kind"), wanted))
        .order_by("place")
    )
    assert [(n.kind, n.place) for n in rows] == [("c", 0), ("a", 1), ("d", 2)]
    unlisted = Notification.objects.annotate(
        place=position_in(Notification._meta.get_field("kind"), wanted)
    ).get(pk=made["b"].pk)
    assert unlisted.place is None

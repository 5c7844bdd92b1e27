"""Statistics per service and month: the pure count, the selector over real applications, the public page
(no personal data) and the officials' page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from hromada.core.workdays import KYIV, WorkingCalendar
from hromada.services import actions, selectors, stats

from .factories import GOOD, logged_in, make_service, with_second_factor

pytestmark = pytest.mark.django_db


def _at(day: int, month: int = 3, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=KYIV)


def test_summarise_counts_channels_on_time_late_refusals_and_the_median_in_working_days():
    calendar = WorkingCalendar(martial_law=True)
    filed = [
        stats.Filed(service_id=1, channel="online", submitted_at=_at(2)),
        stats.Filed(service_id=1, channel="desk", submitted_at=_at(3)),
        stats.Filed(service_id=1, channel="online", submitted_at=_at(27, month=2)),
        # 23:30 UTC on 31 March is already April in Kyiv.
        stats.Filed(
            service_id=1, channel="api", submitted_at=dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC)
        ),
    ]
    decided = [
        # Friday 27 February → Tuesday 3 March: 2 working days, before the deadline.
        stats.Decided(1, _at(27, month=2), _at(3), _at(6), refused=False, refusal_code=""),
        # Monday 2 March → Friday 13 March: 9 working days, late.
        stats.Decided(1, _at(2), _at(13), _at(9), refused=True, refusal_code="incomplete"),
        stats.Decided(1, _at(3), _at(3, hour=15), None, refused=True, refusal_code="incomplete"),
    ]

    rows = stats.summarise(calendar, filed=filed, decided=decided)

    assert [(r.service_id, r.month) for r in rows] == [
        (1, dt.date(2026, 4, 1)), (1, dt.date(2026, 3, 1)), (1, dt.date(2026, 2, 1)),
    ]  # fmt: skip
    april, march, february = rows
    assert april.received == {"online": 0, "desk": 0, "api": 1}
    assert march.received == {"online": 1, "desk": 1, "api": 0} and march.received_total == 2
    assert (march.decided, march.on_time, march.late, march.refused) == (3, 2, 1, 2)
    assert march.refusals == {"incomplete": 2}
    assert march.median_days == 2.0  # of 2, 9 and 0
    assert march.p90_days == 9  # the third of three by nearest rank
    assert march.on_time_share == pytest.approx(2 / 3)
    assert february.decided == 0 and february.median_days is None and february.on_time_share is None


def test_the_90th_percentile_is_the_nearest_rank_of_whole_days():
    assert stats.percentile_days([]) is None
    assert stats.percentile_days([4]) == 4
    assert stats.percentile_days(range(1, 11)) == 9  # 9 of 10 decisions took at most 9 days
    assert stats.percentile_days(range(1, 12)) == 10  # 9 of 11 is under 90 %: the tenth
    assert stats.percentile_days([30, 1, 1, 1, 1, 1, 1, 1, 1, 1]) == 1  # one slow decision in ten
    assert stats.percentile_days([30, 30, 1, 1, 1, 1, 1, 1, 1, 1]) == 30
    assert stats.percentile_days([5, 1, 3], share=0.5) == 3


def test_median_of_an_even_count_is_between_the_middle_values():
    calendar = WorkingCalendar(martial_law=True)
    decided = [
        stats.Decided(1, _at(2), _at(3), None, refused=False, refusal_code=""),  # 1
        stats.Decided(1, _at(2), _at(5), None, refused=False, refusal_code=""),  # 3
    ]
    (row,) = stats.summarise(calendar, filed=[], decided=decided)
    assert row.median_days == 2.0
    decided.append(stats.Decided(1, _at(2), _at(4), None, refused=False, refusal_code=""))  # 2
    decided.append(stats.Decided(1, _at(2), _at(4), None, refused=False, refusal_code=""))  # 2
    decided[0] = stats.Decided(1, _at(2), _at(2), None, refused=False, refusal_code="")  # 0
    (row,) = stats.summarise(calendar, filed=[], decided=decided)
    assert row.median_days == 2.0
    (row,) = stats.summarise(calendar, filed=[], decided=decided[:1] + decided[2:3])
    assert row.median_days == 1.0  # of 0 and 2


def _filed_and_decided(world, clock):
    """Three applications in March 2026: online granted on time, at the desk refused late, one open."""
    clock.set(_at(2))  # Monday; the term is 5 working days
    granted = actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    refused = actions.application_submit(
        service=world.service, applicant=None, data=GOOD, filed_by=world.officer
    )
    actions.application_submit(
        service=world.service, applicant=world.resident, data=GOOD, idempotency_key="third"
    )
    clock.set(_at(4))
    actions.application_take(application=granted, actor=world.specialist)
    actions.application_decide(application=granted, actor=world.specialist, approve=True)
    clock.set(_at(16))
    actions.application_take(application=refused, actor=world.specialist)
    actions.application_decide(
        application=refused, actor=world.specialist, approve=False, refusal_code="incomplete", text="Немає."
    )
    return granted, refused


def test_service_statistics_count_real_applications_with_refusal_labels(world, clock):
    _filed_and_decided(world, clock)

    (item,) = selectors.service_statistics(hromada=world.hromada, year=2026, language="uk")

    assert item.code == world.service.code
    row = item.row
    assert row.month == dt.date(2026, 3, 1)
    assert row.received == {"online": 2, "desk": 1, "api": 0}
    assert (row.decided, row.on_time, row.late, row.refused) == (2, 1, 1, 1)
    assert item.refusals == [("Неповний пакет", 1)]
    assert row.median_days == 6.0  # 2 and 10 working days
    assert row.p90_days == 10
    assert selectors.service_statistics(hromada=world.hromada, year=2025, language="uk") == []
    assert selectors.statistics_years(hromada=world.hromada)[0] >= 2026


def test_public_statistics_page_shows_counts_but_no_person_or_number(world, clock):
    granted, refused = _filed_and_decided(world, clock)
    make_service(world.hromada, code="cnap-090", online=True)

    page = Client().get("/services/statistics/", {"year": 2026})

    body = page.content.decode()
    assert page.status_code == 200
    assert "березень 2026" in body.lower()
    assert "Неповний пакет" in body and "6 робочих днів" in body and "10 робочих днів" in body
    assert granted.number not in body and refused.number not in body
    assert "Петренко" not in body and world.resident.full_name not in body
    english = Client().get("/en/services/statistics/", {"year": 2026})
    assert english.status_code == 200 and "Incomplete" in english.content.decode()
    assert "6 working days" in english.content.decode() and "10 working days" in english.content.decode()
    bad = Client().get("/services/statistics/", {"year": "1900", "service": "nope", "page": "x"})
    assert bad.status_code == 200


def test_officials_statistics_need_an_official_and_show_the_backlog(world, clock):
    _filed_and_decided(world, clock)
    world.service.is_published = False
    actions.service_save(service=world.service, actor=None)

    refused = logged_in(world.resident).get("/services/queue/statistics/")
    assert refused.status_code in (302, 403)
    public = Client().get("/services/statistics/", {"year": 2026}).content.decode()
    assert "Неповний пакет" not in public  # an unpublished service is left out of the public page
    page = with_second_factor(world.specialist).get("/services/queue/statistics/", {"year": 2026})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Неповний пакет" in body and "Відкриті зараз" in body

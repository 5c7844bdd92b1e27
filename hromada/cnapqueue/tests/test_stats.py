"""The manager's statistics: per operator (who called), desk, service, day and hour; the Erlang C
staffing suggestion from the arrivals of the last weeks."""

import datetime as dt

import pytest
from django.urls import reverse

from hromada.cnapqueue import actions, selectors
from tests.factories import login_with_totp

from .factories import make_desk, make_manager, make_office, make_operator, make_service, take

pytestmark = pytest.mark.django_db

MONDAY_10_UTC = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)  # 10:00 in Kyiv


@pytest.fixture
def served_day(hromada, clock):
    """Monday: window 1 (Олена) serves two tickets of 4 and 8 minutes; window 2 (Петро) one no-show."""
    clock.set(MONDAY_10_UTC)
    office = make_office(hromada)
    passport = make_service(office)
    subsidy = make_service(office, name="Субсидії", prefix="Б")
    olena = make_operator(office, full_name="Олена Коваль")
    petro = make_operator(office, full_name="Петро Мельник")
    one = make_desk(office, [passport], number=1, operator=olena)
    two = make_desk(office, [subsidy], number=2, operator=petro)
    first, second, missing = take(office, passport), take(office, passport), take(office, subsidy)
    for ticket, minutes in ((first, 4), (second, 8)):
        clock.advance(dt.timedelta(minutes=2))
        actions.ticket_call_next(desk=one, actor=olena)
        actions.ticket_start(desk=one, ticket=ticket, actor=olena)
        clock.advance(dt.timedelta(minutes=minutes))
        actions.ticket_complete(desk=one, ticket=ticket, actor=olena)
    actions.ticket_call_next(desk=two, actor=petro)
    actions.ticket_no_show(desk=two, ticket=missing, actor=petro)
    take(office, passport)  # still waiting: counted by service, day and hour, not by operator or desk
    return office, olena, petro


def test_per_operator_counts_served_no_shows_and_handling_time(served_day):
    office, olena, petro = served_day

    rows = {
        r.key: r
        for r in selectors.ticket_breakdown(
            office=office, since=dt.date(2026, 12, 1), by="operator", language="uk"
        )
    }

    assert set(rows) == {olena.pk, petro.pk}
    assert rows[olena.pk].label == "Олена Коваль"
    assert (rows[olena.pk].tickets, rows[olena.pk].served, rows[olena.pk].no_shows) == (2, 2, 0)
    assert rows[olena.pk].mean_service == pytest.approx(6.0)
    assert rows[olena.pk].mean_wait == pytest.approx(
        (2 + 8) / 2
    )  # called after 2 and after 2 + 4 + 2 minutes
    assert (rows[petro.pk].served, rows[petro.pk].no_shows, rows[petro.pk].mean_service) == (0, 1, None)


def test_per_desk_service_day_and_hour(served_day):
    office, _olena, _petro = served_day
    since = dt.date(2026, 12, 1)

    def table(by):
        return [
            (r.label, r.tickets, r.served, r.no_shows)
            for r in selectors.ticket_breakdown(office=office, since=since, by=by, language="uk")
        ]

    assert table("desk") == [("Вікно 1", 2, 2, 0), ("Вікно 2", 1, 0, 1)]
    assert table("service") == [("Паспорт", 3, 2, 0), ("Субсидії", 1, 0, 1)]
    assert table("day") == [("07.12.2026", 4, 2, 1)]
    assert table("hour") == [("10:00", 4, 2, 1)]
    assert (
        selectors.ticket_breakdown(office=office, since=dt.date(2026, 12, 8), by="day", language="uk") == []
    )


def test_the_staffing_suggestion_grows_with_the_arrivals(hromada, clock):
    clock.set(MONDAY_10_UTC)
    office = make_office(hromada)
    service = make_service(office, minutes=10)
    make_desk(office, [service])
    for _ in range(6):
        take(office, service)
    quiet = selectors.staffing_suggestion(office=office)
    for _ in range(54):
        take(office, service)
    busy = selectors.staffing_suggestion(office=office)

    assert [(s.weekday, s.hour) for s in busy] == [(0, 10)]
    assert quiet[0].arrivals_per_hour == 6 and busy[0].arrivals_per_hour == 60
    assert quiet[0].handling_minutes == 10  # nothing served yet: the services' set average
    assert quiet[0].desks_needed is not None and busy[0].desks_needed is not None
    assert 1 <= quiet[0].desks_needed < busy[0].desks_needed and 11 <= busy[0].desks_needed <= 13


def test_the_stats_page_shows_each_breakdown_and_the_staffing(client, served_day):
    office, _olena, petro = served_day
    login_with_totp(make_manager(office), client=client)
    url = reverse("cnapqueue:stats", args=[office.pk])

    by_operator = client.get(url).content.decode()
    by_desk = client.get(url, {"by": "desk"})
    unknown = client.get(url, {"by": "nonsense"})

    assert "Олена Коваль" in by_operator and "Петро Мельник" in by_operator and "Erlang" in by_operator
    assert by_desk.context["by"] == "desk" and len(by_desk.context["breakdown"]) == 2
    assert unknown.status_code == 200 and unknown.context["by"] == "operator"
    login_with_totp(petro, client=client)
    assert client.get(url).status_code == 403


def test_the_open_daily_dataset_has_each_finished_day_per_office_and_service(served_day, hromada, clock):
    office, _olena, _petro = served_day
    office.institution.short_name = "ЦНАП"
    office.institution.save(update_fields=["short_name"])

    assert list(selectors.opendata_daily(hromada=hromada)) == []  # the day is not over yet
    clock.advance(dt.timedelta(days=1))
    rows = list(selectors.opendata_daily(hromada=hromada))

    assert [(r["day"], r["service"], r["tickets"], r["served"], r["no_shows"]) for r in rows] == [
        (dt.date(2026, 12, 7), "Паспорт", 3, 2, 0),
        (dt.date(2026, 12, 7), "Субсидії", 1, 0, 1),
    ]
    assert rows[0]["mean_wait_minutes"] == pytest.approx(5.0) and rows[0]["office_id"] == office.pk
    assert rows[0]["office"] == office.institution.name  # as the 30-day dataset names it, not the short name
    assert selectors.opendata_daily_modified(hromada=hromada).date() == dt.date(2026, 12, 8)


def test_the_open_daily_dataset_takes_a_day_as_finished_at_kyiv_midnight(served_day, hromada, clock):
    clock.set(dt.datetime(2026, 12, 7, 22, 30, tzinfo=dt.UTC))  # 00:30 on Tuesday in Kyiv, Monday in UTC

    rows = list(selectors.opendata_daily(hromada=hromada))

    assert {r["day"] for r in rows} == {dt.date(2026, 12, 7)}
    modified = selectors.opendata_daily_modified(hromada=hromada)
    assert modified == dt.datetime(2026, 12, 7, 22, 0, tzinfo=dt.UTC)  # Tuesday's Kyiv midnight

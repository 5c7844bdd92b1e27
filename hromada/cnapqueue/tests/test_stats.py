"""The manager's statistics: per operator (who called), desk, service, day and hour; the Erlang C
staffing suggestion from the arrivals of the last weeks."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from hromada.cnapqueue import actions, selectors
from hromada.cnapqueue.models import Service, Ticket
from tests.factories import UserFactory, login_with_totp

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


def _book(service, person, at, *, confirm=True):
    booking = actions.booking_hold(service=service, starts_at=at, person=person)
    return actions.booking_confirm(booking=booking, actor=person) if confirm else booking


def _kyiv(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


MONDAY = dt.date(2026, 12, 7)
TUESDAY = dt.date(2026, 12, 8)


@pytest.fixture
def mixed_day(hromada, clock):
    """Monday in Kyiv: ten walk-ins at 10:00 called after 1, 2, … 10 minutes and served; bookings for 12:00
    (checked in and served at once), 12:15 (never comes), 12:30 (cancelled), 12:45 (a hold never confirmed)
    and Tuesday 09:00; at 12:00 one more ticket waits and one is cancelled."""
    clock.set(MONDAY_10_UTC)
    office = make_office(hromada)
    passport = make_service(office)
    olena = make_operator(office, full_name="Олена Коваль")
    desk = make_desk(office, [passport], operator=olena)
    for _ in range(10):
        take(office, passport)
    for _ in range(10):
        clock.advance(dt.timedelta(minutes=1))
        ticket = actions.ticket_call_next(desk=desk, actor=olena)
        actions.ticket_complete(desk=desk, ticket=ticket, actor=olena)
    people = [UserFactory(hromada=hromada) for _ in range(5)]
    kept = _book(passport, people[0], _kyiv(MONDAY, 12))
    _book(passport, people[1], _kyiv(MONDAY, 12, 15))
    actions.booking_cancel(booking=_book(passport, people[2], _kyiv(MONDAY, 12, 30)), actor=people[2])
    _book(passport, people[3], _kyiv(MONDAY, 12, 45), confirm=False)
    _book(passport, people[4], _kyiv(TUESDAY, 9))
    clock.set(_kyiv(MONDAY, 12))
    visit = actions.booking_check_in(office=office, code=kept.code, actor=olena)
    called = actions.ticket_call_next(desk=desk, actor=olena)
    assert called is not None and called.pk == visit.pk
    actions.ticket_complete(desk=desk, ticket=called, actor=olena)
    take(office, passport)  # still waiting: abandoned once Monday is over
    gone = take(office, passport)
    Ticket.objects.filter(pk=gone.pk).update(status=Ticket.Status.CANCELLED)  # the model's "left" status
    return office, olena


def test_the_tally_counts_abandonment_bookings_and_the_p90_wait(mixed_day, clock):
    office, _olena = mixed_day

    (monday,) = selectors.office_stats(office=office, since=dt.date(2026, 12, 1), language="uk")

    # 11 waits: 1 … 10 minutes and the booked visitor's 0; p90 by nearest rank is the 10th of 11 = 9.
    assert (monday.tickets, monday.served, monday.no_shows) == (13, 11, 0)
    assert monday.mean_wait == pytest.approx(5.0) and monday.p90_wait == pytest.approx(9.0)
    assert monday.abandoned == 1  # the cancelled ticket; the waiting one may still be called today
    assert (monday.bookings, monday.booking_no_shows) == (2, 0)  # 12:00 and 12:15; not Tuesday's yet

    clock.set(_kyiv(TUESDAY, 8))
    (tuesday,) = selectors.office_stats(office=office, since=dt.date(2026, 12, 1), language="uk")
    assert tuesday.abandoned == 2  # the day ended with one ticket still waiting
    assert (tuesday.bookings, tuesday.booking_no_shows) == (3, 1)  # 12:15 never came; Tuesday 09:00 is ahead
    actions.queue_tick()  # marks the unused booking as a no-show: the figures stay the same
    (ticked,) = selectors.office_stats(office=office, since=dt.date(2026, 12, 1), language="uk")
    assert (ticked.bookings, ticked.booking_no_shows, ticked.abandoned) == (3, 1, 2)


def test_breakdowns_and_the_daily_dataset_use_the_same_tally(mixed_day, hromada, clock):
    office, _olena = mixed_day
    clock.set(_kyiv(TUESDAY, 8))
    since = dt.date(2026, 12, 1)

    def table(by):
        return [
            (r.label, r.tickets, r.abandoned, r.bookings, r.booking_no_shows)
            for r in selectors.ticket_breakdown(office=office, since=since, by=by, language="uk")
        ]

    assert table("hour") == [("09:00", 0, 0, 1, 0), ("10:00", 10, 0, 0, 0), ("12:00", 3, 2, 2, 1)]
    assert table("day") == [("07.12.2026", 13, 2, 2, 1), ("08.12.2026", 0, 0, 1, 0)]
    assert table("operator") == [("Олена Коваль", 11, 0, None, None)]  # bookings have no operator
    (hour_10,) = [
        r
        for r in selectors.ticket_breakdown(office=office, since=since, by="hour", language="uk")
        if r.key == 10
    ]
    assert hour_10.mean_wait == pytest.approx(5.5) and hour_10.p90_wait == pytest.approx(9.0)
    (row,) = selectors.opendata_daily(hromada=hromada)
    assert row["day"] == MONDAY
    assert (row["tickets"], row["served"], row["abandoned"], row["bookings"], row["booking_no_shows"]) == (
        13,
        11,
        2,
        2,
        1,
    )
    assert (row["mean_wait_minutes"], row["p90_wait_minutes"]) == (5.0, 9.0)


def test_the_daily_dataset_has_a_day_with_bookings_and_no_tickets(hromada, clock):
    clock.set(MONDAY_10_UTC)
    office = make_office(hromada)
    service = make_service(office)
    make_desk(office, [service])
    person = UserFactory(hromada=hromada)
    _book(service, person, _kyiv(TUESDAY, 9))
    clock.set(_kyiv(TUESDAY + dt.timedelta(days=1), 8))

    rows = list(selectors.opendata_daily(hromada=hromada))

    assert [
        (r["day"], r["tickets"], r["bookings"], r["booking_no_shows"], r["p90_wait_minutes"]) for r in rows
    ] == [(TUESDAY, 0, 1, 1, None)]


def test_the_stats_page_draws_the_charts_for_the_manager_only(client, mixed_day, resident):
    office, olena = mixed_day
    login_with_totp(make_manager(office), client=client)
    url = reverse("cnapqueue:stats", args=[office.pk])

    page = client.get(url)
    html = page.content.decode()

    assert page.status_code == 200
    assert html.count('<svg class="chart-svg bars" role="img"') == 3  # by hour
    assert html.count('<svg class="chart-svg spark" role="img"') == 1  # by day
    for key in ("tickets-by-hour", "mean-wait-by-hour", "p90-wait-by-hour", "tickets-by-day"):
        assert f'id="chart-{key}"' in html
    hours = page.context["hour_charts"][0]
    assert [label for label, _n in hours.rows] == ["10:00", "11:00", "12:00"]  # an hour without tickets is 0
    assert [n for _l, n in hours.rows] == [10, 0, 3]
    assert (
        page.context["day_chart"].rows[-1] == ("07.12.2026", 13) and len(page.context["day_chart"].rows) == 31
    )
    assert ' style="' not in html and "<script>" not in html
    assert reverse("cnapqueue:stats_csv", args=[office.pk]) + "?by=hour" in html
    client.force_login(resident)
    assert client.get(url).status_code == 403
    login_with_totp(olena, client=client)  # an operator of the office, not its manager
    assert client.get(url).status_code == 403


def test_the_stats_csv_has_the_page_numbers_neutralised_for_the_manager_only(client, mixed_day, resident):
    office, olena = mixed_day
    Service.objects.filter(office=office).update(name='=HYPERLINK("http://evil.example","x")')
    login_with_totp(make_manager(office), client=client)
    url = reverse("cnapqueue:stats_csv", args=[office.pk])

    services = client.get(url)
    hours = client.get(url, {"by": "hour"})
    operators = client.get(url, {"by": "operator"})
    unknown = client.get(url, {"by": "nonsense"})

    assert services.status_code == 200 and services["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(services.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "service",
        "tickets",
        "served",
        "no_shows",
        "abandoned",
        "bookings",
        "booking_no_shows",
        "mean_wait_minutes",
        "p90_wait_minutes",
        "mean_service_minutes",
        "prediction_error_minutes",
    ]
    assert rows[1][:10] == [
        '\'=HYPERLINK("http://evil.example","x")',
        "13",
        "11",
        "0",
        "1",
        "2",
        "0",
        "5.0",
        "9.0",
        "0.0",
    ]
    hour_rows = list(csv.reader(io.StringIO(hours.content.decode("utf-8-sig"))))
    assert [r[:7] for r in hour_rows] == [
        ["hour", "tickets", "served", "no_shows", "abandoned", "bookings", "booking_no_shows"],
        ["10", "10", "10", "0", "0", "0", "0"],
        ["12", "3", "1", "0", "1", "2", "0"],
    ]
    operator_rows = list(csv.reader(io.StringIO(operators.content.decode("utf-8-sig"))))
    assert operator_rows[0][:5] == ["operator", "tickets", "served", "no_shows", "abandoned"]
    assert "bookings" not in operator_rows[0] and operator_rows[1][0] == "Олена Коваль"
    assert unknown.status_code == 400
    client.force_login(resident)
    assert client.get(url).status_code == 403
    login_with_totp(olena, client=client)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page

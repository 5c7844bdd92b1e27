"""The queue API contract: offices, tickets (kiosk token, personal token), desks, the board, bookings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.accounts.actions import api_token_create
from hromada.cnapqueue import actions, selectors
from hromada.cnapqueue.models import Booking, Channel, Desk, Ticket
from tests.factories import UserFactory

from .factories import make_desk, make_office, make_operator, make_service, take

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="test", second_factor_passed=True)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def setup(hromada):
    office = make_office(hromada)
    service = make_service(office)
    desk = make_desk(office, [service])
    return office, service, desk


def test_offices_list_services_and_open_desks(client, setup):
    office, service, desk = setup

    body = client.get("/api/v1/queue/offices").json()

    assert body[0]["id"] == office.pk and body[0]["open_now"] is True
    assert body[0]["services"][0]["id"] == service.pk and body[0]["services"][0]["catalogue_ref"] is None
    assert body[0]["open_desks"] == [{"id": desk.pk, "number": 1, "state": "open"}]


def test_a_kiosk_token_takes_a_ticket_and_a_double_click_gives_one(client, setup):
    office, service, _desk = setup
    _kiosk, token = actions.kiosk_create(office=office, name="K")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": "tap-1"}

    first = client.post(
        f"/api/v1/queue/offices/{office.pk}/tickets",
        {"service": service.pk},
        content_type="application/json",
        **auth,
    )
    again = client.post(
        f"/api/v1/queue/offices/{office.pk}/tickets",
        {"service": service.pk},
        content_type="application/json",
        **auth,
    )

    assert first.status_code == 201, first.content
    assert first.json()["number"] == "А-001" and first.json()["position"] == 1
    assert first.json()["estimated_wait_minutes"] == 0
    assert again.json()["id"] == first.json()["id"] and Ticket.objects.count() == 1
    status = client.get(f"/api/v1/queue/tickets/{first.json()['id']}").json()
    assert status["status"] == "waiting"


def test_a_kiosk_take_reads_the_office_only_in_the_action(client, setup):
    office, service, _desk = setup
    _kiosk, token = actions.kiosk_create(office=office, name="K")

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/api/v1/queue/offices/{office.pk}/tickets",
            {"service": service.pk},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert response.status_code == 201, response.content
    office_reads = [q["sql"] for q in queries.captured_queries if 'FROM "cnapqueue_office"' in q["sql"]]
    # Only ticket_take's own fresh read: the view takes the office the kiosk's token lookup joined
    # (bench/cnapqueue_profile.py: each statement costs the server ~1 ms of CPU).
    assert len(office_reads) == 1, office_reads


def test_a_take_answers_the_place_the_action_computed_without_ranking_the_queue_again(client, setup, clock):
    # A stopped clock: a priority ticket overtakes regular ones as its wait grows (wait × weight), so on a
    # running clock the place at the take and the place read a moment later may differ under load.
    office, service, _desk = setup
    for category in ("regular", "regular", "disability", "regular"):
        take(office, service, category=category)
    _kiosk, token = actions.kiosk_create(office=office, name="K")

    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/api/v1/queue/offices/{office.pk}/tickets",
            {"service": service.pk, "category": "disability"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert response.status_code == 201, response.content
    body = response.json()
    place = selectors.ticket_place(ticket=Ticket.objects.get(pk=body["id"]))
    assert body["position"] == place.position
    assert body["estimated_wait_minutes"] == place.estimated_wait_minutes
    waiting_reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "cnapqueue_ticket"' in q["sql"] and "'waiting'" in q["sql"]
    ]
    assert len(waiting_reads) == 1, waiting_reads  # the action's place_of_new only, not ticket_place again


def test_call_next_and_complete_read_the_desk_and_ticket_once_beside_the_action(client, setup):
    office, service, desk = setup
    take(office, service)
    take(office, service)
    operator = _bearer(desk.operator)

    def reads(response_of):
        with CaptureQueriesContext(connection) as queries:
            response = response_of()
        assert response.status_code == 200, response.content
        selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
        return response.json(), selects

    called, selects = reads(lambda: client.post(f"/api/v1/queue/desks/{desk.pk}/call-next", **operator))
    desk_reads = [q for q in selects if 'FROM "cnapqueue_desk"' in q]
    # the view's plain read (no office, no institution) and the action's locked one; the answer names the
    # locked desk, and the claimed row is not read again after the claim
    assert len(desk_reads) == 2 and "JOIN" not in desk_reads[0], desk_reads
    assert called["ticket"]["desk"] == 1 and called["ticket"]["status"] == "called"
    ticket_reads = [q for q in selects if 'FROM "cnapqueue_ticket"' in q.split(" WHERE ")[0]]
    assert len(ticket_reads) == 4, ticket_reads  # active at the desk, the ranking, the claim, the near ones

    done, selects = reads(
        lambda: client.post(
            f"/api/v1/queue/tickets/{called['ticket']['id']}/complete",
            {},
            content_type="application/json",
            **operator,
        )
    )
    assert done["status"] == "done" and done["desk"] == 1
    # the view's ticket read joins its desk only; the institution is read once, with the action's locked desk
    assert len([q for q in selects if "territory_institution" in q]) == 1, selects
    assert len([q for q in selects if 'FROM "cnapqueue_desk"' in q]) == 1  # the action's locked read


def test_a_kiosk_of_another_office_takes_no_ticket_there(client, setup, hromada):
    office, service, _desk = setup
    other = make_office(hromada)
    _kiosk, token = actions.kiosk_create(office=other, name="K")

    response = client.post(
        f"/api/v1/queue/offices/{office.pk}/tickets",
        {"service": service.pk},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code in (401, 403, 409), response.content
    assert not Ticket.objects.filter(office=office).exists()


def test_refusals_have_the_documented_statuses(client, setup, hromada):
    office, service, desk = setup
    person = UserFactory(hromada=hromada)
    elsewhere = make_service(make_office(hromada), name="Інша")
    url = f"/api/v1/queue/offices/{office.pk}/tickets"

    assert client.post(url, {"service": service.pk}, content_type="application/json").status_code == 401
    wrong = client.post(url, {"service": elsewhere.pk}, content_type="application/json", **_bearer(person))
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "service_not_offered"

    actions.desk_set_state(desk=desk, actor=desk.operator, state=Desk.State.PAUSED)
    paused = client.post(f"/api/v1/queue/desks/{desk.pk}/call-next", **_bearer(desk.operator))
    assert paused.status_code == 409
    stranger = make_operator(make_office(hromada))
    assert client.post(f"/api/v1/queue/desks/{desk.pk}/call-next", **_bearer(stranger)).status_code == 403


def test_calling_through_the_api_reaches_the_board(client, setup, hromada):
    office, service, desk = setup
    person = UserFactory(hromada=hromada)
    ticket = client.post(
        f"/api/v1/queue/offices/{office.pk}/tickets",
        {"service": service.pk, "category": "elderly"},
        content_type="application/json",
        **_bearer(person),
    ).json()
    operator = _bearer(desk.operator)

    called = client.post(f"/api/v1/queue/desks/{desk.pk}/call-next", **operator).json()
    board = client.get(f"/api/v1/queue/offices/{office.pk}/board").json()

    assert called["ticket"]["id"] == ticket["id"] and called["ticket"]["desk"] == 1
    assert board["calls"][0] == {"number": ticket["number"], "desk": 1, "at": board["calls"][0]["at"]}
    tid = ticket["id"]
    assert client.post(f"/api/v1/queue/tickets/{tid}/recall", **operator).status_code == 200
    assert client.post(f"/api/v1/queue/tickets/{tid}/start", **operator).json()["status"] == "serving"
    other = make_service(office, name="Субсидії", prefix="Б")
    moved = client.post(
        f"/api/v1/queue/tickets/{tid}/transfer",
        {"service": other.pk},
        content_type="application/json",
        **operator,
    )
    assert moved.json()["status"] == "waiting"
    desk.services.add(other)
    client.post(f"/api/v1/queue/desks/{desk.pk}/call-next", **operator)
    done = client.post(
        f"/api/v1/queue/tickets/{tid}/complete",
        {"rendered_service": other.pk},
        content_type="application/json",
        **operator,
    )
    assert done.json()["status"] == "done"
    assert client.post(f"/api/v1/queue/desks/{desk.pk}/call-next", **operator).json() == {"ticket": None}

    t2 = client.post(
        f"/api/v1/queue/offices/{office.pk}/tickets",
        {"service": service.pk},
        content_type="application/json",
        **_bearer(person),
    ).json()
    client.post(f"/api/v1/queue/desks/{desk.pk}/call-next", **operator)
    assert client.post(f"/api/v1/queue/tickets/{t2['id']}/no-show", **operator).json()["status"] == "no_show"


def test_slots_hold_confirm_cancel(client, hromada, clock):
    clock.set(dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC))
    office = make_office(hromada, hours={"mon": [["09:00", "10:00"]]})
    service = make_service(office)
    make_desk(office, [service])
    person = UserFactory(hromada=hromada)
    auth = _bearer(person)

    slots = client.get(f"/api/v1/queue/offices/{office.pk}/slots?service={service.pk}&date=2026-12-07").json()
    held = client.post(
        f"/api/v1/queue/offices/{office.pk}/bookings",
        {"service": service.pk, "starts_at": slots[0]["starts_at"]},
        content_type="application/json",
        **auth,
    )
    again = client.post(
        f"/api/v1/queue/offices/{office.pk}/bookings",
        {"service": service.pk, "starts_at": slots[0]["starts_at"]},
        content_type="application/json",
        **_bearer(UserFactory(hromada=hromada)),
    )

    assert len(slots) == 4 and held.status_code == 201 and held.json()["status"] == "held"
    assert again.status_code == 409
    bid = held.json()["id"]
    assert client.post(f"/api/v1/queue/bookings/{bid}/confirm", **auth).json()["status"] == "confirmed"
    assert Booking.objects.get(pk=bid).channel == Channel.API  # where it was booked
    assert client.post(f"/api/v1/queue/bookings/{bid}/cancel", **auth).json()["status"] == "cancelled"


def test_another_hromadas_office_is_not_found(client, hromada, other_hromada):
    office = make_office(other_hromada)

    assert client.get(f"/api/v1/queue/offices/{office.pk}/board").status_code == 404
    assert client.get("/api/v1/queue/offices").json() == []


def test_slots_of_a_past_or_ancient_day_are_none_not_a_server_error(client, hromada, clock):
    # Found by the API fuzzer: a day before the holiday calendar's first year answered 500.
    clock.set(dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC))
    office = make_office(hromada, hours={"mon": [["09:00", "10:00"]]})
    service = make_service(office)
    make_desk(office, [service])

    for day in ("1900-01-01", "2026-11-30"):
        answer = client.get(f"/api/v1/queue/offices/{office.pk}/slots?service={service.pk}&date={day}")
        assert answer.status_code == 200, day
        assert answer.json() == [], day

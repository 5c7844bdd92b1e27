"""Home visits (request on a ground the office accepts → the coordinator confirms → schedules into an
operator's day in route order → done or failed) and the mobile office's stops (booked like any office)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hromada.cnapqueue import actions, selectors
from hromada.cnapqueue.models import Booking, HomeVisit, MobileStop, Office
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.ledger.models import PendingEntry
from tests.factories import UserFactory, login_with_totp

from .factories import make_desk, make_manager, make_office, make_operator, make_service

pytestmark = pytest.mark.django_db

MONDAY_8_UTC = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)  # 08:00 in Kyiv
MONDAY = dt.date(2026, 12, 7)


@pytest.fixture
def world(hromada, clock):
    clock.set(MONDAY_8_UTC)
    office = make_office(hromada, home_visit_grounds=["age_80", "disability_i"])
    service = make_service(office)
    return office, service, make_manager(office), make_operator(office)


def _ask(office, service, person, lat=None, lon=None, **kwargs):
    kwargs.setdefault("ground", "age_80")
    return actions.home_visit_request(
        office=office,
        service=service,
        person=person,
        address="с. Ясне, 5",
        phone="+380501112233",
        lat=lat,
        lon=lon,
        **kwargs,
    )


def test_only_grounds_the_office_accepts_and_one_open_request_per_service(world, resident):
    office, service, _manager, _operator = world

    with pytest.raises(ApplicationError) as refused:
        _ask(office, service, resident, ground="bedridden")
    visit = _ask(office, service, resident)
    with pytest.raises(ConflictError):
        _ask(office, service, resident, ground="disability_i")

    assert refused.value.code == "ground_not_accepted"
    assert visit.status == HomeVisit.Status.REQUESTED and HomeVisit.objects.count() == 1


def test_the_coordinator_confirms_with_proof_and_schedules_a_nearest_neighbour_route(world, hromada):
    office, service, manager, operator = world
    office.institution.lat, office.institution.lon = 50.45, 30.52
    office.institution.save()
    far = _ask(office, service, UserFactory(hromada=hromada), lat=50.60, lon=30.90)
    near = _ask(office, service, UserFactory(hromada=hromada), lat=50.46, lon=30.53)
    middle = _ask(office, service, UserFactory(hromada=hromada), lat=50.50, lon=30.70)

    with pytest.raises(PermissionDeniedError):
        actions.home_visit_decide(visit=far, actor=operator, eligible=True, proof="phone")
    with pytest.raises(ApplicationError):
        actions.home_visit_decide(visit=far, actor=manager, eligible=True, proof="")  # say how
    with pytest.raises(ConflictError):
        actions.home_visit_schedule(
            visit=far, actor=manager, day=MONDAY, operator=operator
        )  # not yet eligible
    for visit in (far, near, middle):
        actions.home_visit_decide(visit=visit, actor=manager, eligible=True, proof="посвідчення, дзвінок")
        actions.home_visit_schedule(visit=visit, actor=manager, day=MONDAY, operator=operator)
    with pytest.raises(ConflictError):
        actions.home_visit_schedule(
            visit=far, actor=manager, day=MONDAY - dt.timedelta(days=1), operator=operator
        )

    day = list(selectors.home_visit_day(hromada=hromada, operator=operator, day=MONDAY))
    assert [v.pk for v in day] == [near.pk, middle.pk, far.pk]
    assert [v.route_order for v in day] == [1, 2, 3]

    actions.home_visit_schedule(
        visit=middle, actor=manager, day=MONDAY + dt.timedelta(days=1), operator=operator
    )
    assert [
        (v.pk, v.route_order)
        for v in selectors.home_visit_day(hromada=hromada, operator=operator, day=MONDAY)
    ] == [
        (near.pk, 1),
        (far.pk, 2),
    ]


def test_a_refusal_needs_a_reason_and_tells_the_person(world, resident):
    from django.test import TestCase

    from hromada.core.models import Notification

    office, service, manager, _operator = world
    visit = _ask(office, service, resident)

    with pytest.raises(ApplicationError):
        actions.home_visit_decide(visit=visit, actor=manager, eligible=False)
    with TestCase.captureOnCommitCallbacks(execute=True):
        refused = actions.home_visit_decide(
            visit=visit, actor=manager, eligible=False, reason="Немає підстав"
        )

    assert refused.status == HomeVisit.Status.REJECTED
    assert Notification.objects.filter(recipient=resident, kind="cnapqueue.home_visit_refused").exists()


def test_the_operator_marks_done_or_failed_and_the_ledger_has_no_personal_data(world, hromada, resident):
    office, service, manager, operator = world
    other_operator = make_operator(office)
    visits = []
    for _ in range(2):
        v = _ask(office, service, UserFactory(hromada=hromada))
        actions.home_visit_decide(visit=v, actor=manager, eligible=True, proof="дзвінок")
        visits.append(actions.home_visit_schedule(visit=v, actor=manager, day=MONDAY, operator=operator))

    with pytest.raises(PermissionDeniedError):
        actions.home_visit_finish(visit=visits[0], actor=other_operator, done=True)
    with pytest.raises(ApplicationError):
        actions.home_visit_finish(visit=visits[1], actor=operator, done=False)  # say why
    done = actions.home_visit_finish(visit=visits[0], actor=operator, done=True)
    failed = actions.home_visit_finish(visit=visits[1], actor=operator, done=False, reason="Нікого вдома")
    with pytest.raises(ConflictError):
        actions.home_visit_finish(visit=visits[0], actor=operator, done=False, reason="x")

    assert done.status == "done" and failed.status == "failed" and failed.reason == "Нікого вдома"
    entries = PendingEntry.objects.filter(kind__startswith="cnapqueue.home_visit")
    assert sorted(e.kind for e in entries) == ["cnapqueue.home_visit.done", "cnapqueue.home_visit.failed"]
    for entry in entries:
        raw = bytes(entry.data)
        assert "Ясне".encode() not in raw and b"+380" not in raw and rb"\u042f" not in raw


def test_a_withdrawn_visit_leaves_the_route(world, hromada, resident):
    office, service, manager, operator = world
    mine = _ask(office, service, resident, lat=50.02, lon=30.02)
    other = _ask(office, service, UserFactory(hromada=hromada), lat=50.1, lon=30.1)
    for v in (mine, other):
        actions.home_visit_decide(visit=v, actor=manager, eligible=True, proof="дзвінок")
        actions.home_visit_schedule(visit=v, actor=manager, day=MONDAY, operator=operator)

    with pytest.raises(PermissionDeniedError):
        actions.home_visit_cancel(visit=mine, actor=UserFactory(hromada=hromada))
    actions.home_visit_cancel(visit=mine, actor=resident)

    assert [
        (v.pk, v.route_order)
        for v in selectors.home_visit_day(hromada=hromada, operator=operator, day=MONDAY)
    ] == [(other.pk, 1)]


@pytest.fixture
def van(hromada, clock):
    """A mobile office with one desk and two stops on Monday (10:00–11:00 and 13:00–13:30)."""
    clock.set(MONDAY_8_UTC)
    office = make_office(hromada, hours={}, is_mobile=True)
    service = make_service(office)
    make_desk(office, [service])
    first = actions.mobile_stop_save(
        stop=MobileStop(office=office, place="с. Ясне", date=MONDAY, starts=dt.time(10), ends=dt.time(11))
    )
    second = actions.mobile_stop_save(
        stop=MobileStop(
            office=office, place="с. Зелене", date=MONDAY, starts=dt.time(13), ends=dt.time(13, 30)
        )
    )
    return office, service, first, second


def test_a_mobile_office_books_and_opens_only_at_its_stops(van, resident):
    office, service, first, second = van

    free = selectors.slots_for(service=service, day=MONDAY)
    local = [timezone.localtime(s).strftime("%H:%M") for s, _e, _n in free]
    booking = actions.booking_hold(service=service, starts_at=free[-1][0], person=resident)

    assert local == ["10:00", "10:15", "10:30", "10:45", "13:00", "13:15"]
    assert booking.stop == second
    assert selectors.slots_for(service=service, day=MONDAY + dt.timedelta(days=1)) == []
    assert selectors.office_closed_reason(office=office, at=MONDAY_8_UTC) == "hours"  # 08:00: no stop
    at_first = dt.datetime(2026, 12, 7, 8, 30, tzinfo=dt.UTC)  # 10:30 at the first stop
    assert selectors.office_closed_reason(office=office, at=at_first) is None
    assert selectors.stop_at(office=office, at=at_first) == first


def test_stops_only_for_a_mobile_office_and_never_backwards(van, hromada):
    office, _service, _first, _second = van
    ordinary = make_office(hromada)

    with pytest.raises(ApplicationError):
        actions.mobile_stop_save(
            stop=MobileStop(office=ordinary, place="x", date=MONDAY, starts=dt.time(9), ends=dt.time(10))
        )
    with pytest.raises(ApplicationError):
        actions.mobile_stop_save(
            stop=MobileStop(office=office, place="x", date=MONDAY, starts=dt.time(15), ends=dt.time(14))
        )
    with pytest.raises(ConflictError):
        actions.mobile_stop_save(
            stop=MobileStop(office=office, place="x", date=MONDAY, starts=dt.time(10), ends=dt.time(12))
        )


# ------------------------------------------------------------------------------------------------ pages


def test_a_resident_asks_for_a_home_visit_on_the_web_and_withdraws_it(client, world, resident):
    office, service, _manager, _operator = world
    client.force_login(resident)
    url = reverse("cnapqueue:home_visit_request", args=[office.pk])

    page = client.get(url).content.decode()
    bad = client.post(url, {"service": service.pk, "ground": "age_80", "address": "", "phone": "1"})
    sent = client.post(
        url, {"service": service.pk, "ground": "age_80", "address": "с. Ясне, 5", "phone": "+380501112233"}
    )

    assert "bedridden" not in page and "age_80" in page
    assert bad.status_code == 200 and bad.context["form"].errors
    assert sent.status_code == 302 and HomeVisit.objects.get().person == resident
    visit = HomeVisit.objects.get()
    assert (
        reverse("cnapqueue:home_visit_cancel", args=[visit.pk])
        in client.get(reverse("cnapqueue:mine")).content.decode()
    )
    client.post(reverse("cnapqueue:home_visit_cancel", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.status == "cancelled"


def test_the_coordinator_and_the_operator_work_through_their_pages(client, world, resident):
    office, service, manager, operator = world
    visit = _ask(office, service, resident, lat=50.02, lon=30.02)
    login_with_totp(manager, client=client)
    url = reverse("cnapqueue:home_visits", args=[office.pk])

    assert "с. Ясне" in client.get(url).content.decode()
    client.post(url, {"visit": visit.pk, "do": "approve", "proof": "дзвінок"})
    client.post(url, {"visit": visit.pk, "do": "schedule", "day": "2026-12-07", "operator": operator.pk})
    visit.refresh_from_db()
    assert visit.status == "scheduled" and visit.operator == operator and visit.route_order == 1

    login_with_totp(operator, client=client)
    assert client.get(url).status_code == 403  # operators do not coordinate
    day = client.get(reverse("cnapqueue:visit_day"), {"day": "2026-12-07"})
    assert (
        day.status_code == 200
        and "с. Ясне" in day.content.decode()
        and 'id="route-data"' in day.content.decode()
    )
    client.post(reverse("cnapqueue:visit_day"), {"visit": visit.pk, "do": "done"})
    visit.refresh_from_db()
    assert visit.status == "done"


def test_the_timetable_is_public_and_the_manager_publishes_stops(client, van, hromada):
    office, _service, _first, _second = van
    url = reverse("cnapqueue:stops", args=[office.pk])

    public = client.get(url)
    refused = client.post(url, {"place": "с. Нове", "date": "2026-12-08", "starts": "09:00", "ends": "10:00"})
    login_with_totp(make_manager(office), client=client)
    published = client.post(
        url, {"place": "с. Нове", "date": "2026-12-08", "starts": "09:00", "ends": "10:00"}
    )

    assert public.status_code == 200 and "с. Ясне" in public.content.decode()
    assert refused.status_code == 403
    assert published.status_code == 302 and MobileStop.objects.filter(place="с. Нове").exists()
    ordinary: Office = make_office(hromada)
    assert client.get(reverse("cnapqueue:stops", args=[ordinary.pk])).status_code == 404
    assert Booking.objects.count() == 0

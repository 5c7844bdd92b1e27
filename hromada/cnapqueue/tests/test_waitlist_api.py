"""The residents' booking flow in JSON as on the web: my bookings, reschedule, check-in by code, the
waitlist (join, see the offer, accept by confirming, leave); and leaving the waitlist on the web."""

import datetime as dt

import pytest
from django.test import TestCase
from django.urls import reverse

from hromada.accounts.actions import api_token_create
from hromada.cnapqueue import actions, selectors
from hromada.cnapqueue.models import Booking, Ticket, WaitlistEntry
from tests.factories import UserFactory

from .factories import make_desk, make_office, make_service

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 12, 7)


def _bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="test", second_factor_passed=True)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def full_day(hromada, clock):
    """An office open 09:00–09:30 on Monday with one desk: two slots, both booked by others."""
    clock.set(dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC))
    office = make_office(hromada, hours={"mon": [["09:00", "09:30"]], "tue": [["09:00", "09:30"]]})
    service = make_service(office)
    make_desk(office, [service])
    holders = []
    for starts, _end, _n in selectors.slots_for(service=service, day=MONDAY):
        person = UserFactory(hromada=hromada)
        booking = actions.booking_hold(service=service, starts_at=starts, person=person)
        holders.append(actions.booking_confirm(booking=booking, actor=person))
    return office, service, holders


def test_the_api_waitlist_joins_shows_the_offer_and_accepting_books(client, full_day, hromada):
    office, service, holders = full_day
    person = UserFactory(hromada=hromada)
    auth = _bearer(person)
    url = f"/api/v1/queue/offices/{office.pk}/waitlist"

    free_day = client.post(
        url, {"service": service.pk, "date": "2026-12-08"}, content_type="application/json", **auth
    )
    joined = client.post(
        url, {"service": service.pk, "date": "2026-12-07"}, content_type="application/json", **auth
    )

    assert free_day.status_code == 409 and free_day.json()["error"]["code"] == "places_free"
    assert joined.status_code == 201, joined.content
    assert joined.json()["status"] == "waiting" and joined.json()["booking"] is None
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.booking_cancel(booking=holders[1], actor=holders[1].person)
    mine = client.get("/api/v1/queue/waitlist", **auth).json()
    assert [e["status"] for e in mine] == ["offered"]
    offered = mine[0]["booking"]
    assert offered["status"] == "held" and offered["starts_at"].startswith(
        "2026-12-07T07:15"
    )  # 09:15 in Kyiv
    accepted = client.post(f"/api/v1/queue/bookings/{offered['id']}/confirm", **auth)
    assert accepted.json()["status"] == "confirmed"
    assert WaitlistEntry.objects.get().status == WaitlistEntry.Status.BOOKED
    assert client.get("/api/v1/queue/waitlist", **auth).json() == []


def test_leaving_with_an_offer_passes_the_place_to_the_next_in_line(client, full_day, hromada):
    _office, service, holders = full_day
    first, second = UserFactory(hromada=hromada), UserFactory(hromada=hromada)
    entry = actions.waitlist_join(service=service, day=MONDAY, person=first)
    later = actions.waitlist_join(service=service, day=MONDAY, person=second)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.booking_cancel(booking=holders[0], actor=holders[0].person)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED

    stranger = client.post(f"/api/v1/queue/waitlist/{entry.pk}/leave", **_bearer(second))
    left = client.post(f"/api/v1/queue/waitlist/{entry.pk}/leave", **_bearer(first))
    again = client.post(f"/api/v1/queue/waitlist/{entry.pk}/leave", **_bearer(first))

    assert stranger.status_code == 404
    assert left.status_code == 200 and left.json()["status"] == "cancelled"
    assert again.status_code == 409
    assert Booking.objects.get(pk=entry.booking_id).status == Booking.Status.CANCELLED
    later.refresh_from_db()
    assert later.status == WaitlistEntry.Status.OFFERED
    assert later.booking.starts_at == holders[0].starts_at and later.booking.status == "held"


def test_my_bookings_reschedule_and_someone_elses_booking_is_not_found(client, full_day, hromada):
    office, service, holders = full_day
    owner = holders[0].person
    auth = _bearer(owner)
    tuesday = client.get(f"/api/v1/queue/offices/{office.pk}/slots?service={service.pk}&date=2026-12-08")

    mine = client.get("/api/v1/queue/bookings", **auth).json()
    moved = client.post(
        f"/api/v1/queue/bookings/{holders[0].pk}/reschedule",
        {"starts_at": tuesday.json()[0]["starts_at"]},
        content_type="application/json",
        **auth,
    )
    taken = client.post(
        f"/api/v1/queue/bookings/{moved.json()['id']}/reschedule",
        {"starts_at": holders[1].starts_at.isoformat()},
        content_type="application/json",
        **auth,
    )

    assert [b["id"] for b in mine] == [holders[0].pk] and mine[0]["ics_url"].endswith("visit.ics")
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "confirmed" and moved.json()["starts_at"].startswith("2026-12-08")
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "slot_taken"
    assert Booking.objects.get(pk=holders[0].pk).status == Booking.Status.CANCELLED
    assert Booking.objects.get(pk=moved.json()["id"]).channel == "api"  # where it was moved
    other = client.get(f"/api/v1/queue/bookings/{holders[1].pk}", **auth)
    assert other.status_code == 404


def test_a_kiosk_checks_in_a_booking_by_code_through_the_api(client, full_day, clock):
    office, _service, holders = full_day
    _kiosk, token = actions.kiosk_create(office=office, name="K")
    clock.set(dt.datetime(2026, 12, 7, 7, 1, tzinfo=dt.UTC))  # 09:01, within the grace period
    url = f"/api/v1/queue/offices/{office.pk}/check-in"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    unknown = client.post(url, {"code": "ZZZZZZZZ"}, content_type="application/json", **auth)
    done = client.post(url, {"code": holders[0].code.lower()}, content_type="application/json", **auth)
    twice = client.post(url, {"code": holders[0].code}, content_type="application/json", **auth)
    resident = client.post(
        url, {"code": holders[1].code}, content_type="application/json", **_bearer(holders[1].person)
    )

    assert unknown.status_code == 400
    assert done.status_code == 201, done.content
    assert Ticket.objects.get().booking_id == holders[0].pk
    assert twice.status_code == 409
    assert resident.status_code == 403  # residents do not check themselves in: the kiosk or reception does


def test_leaving_the_waitlist_on_the_web(client, full_day, hromada, resident):
    _office, service, _holders = full_day
    entry = actions.waitlist_join(service=service, day=MONDAY, person=resident)
    client.force_login(resident)

    page = client.get(reverse("cnapqueue:mine")).content.decode()
    assert reverse("cnapqueue:waitlist_leave", args=[entry.pk]) in page
    assert client.get(reverse("cnapqueue:waitlist_leave", args=[entry.pk])).status_code == 405
    left = client.post(reverse("cnapqueue:waitlist_leave", args=[entry.pk]))

    assert left.status_code == 302
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.CANCELLED


def test_rescheduling_on_the_web_moves_the_visit(client, full_day, hromada):
    _office, _service, holders = full_day
    owner = holders[0].person
    client.force_login(owner)
    url = reverse("cnapqueue:booking", args=[holders[0].pk])

    page = client.get(url, {"date": "2026-12-08"})
    starts = page.context["free"][0][0]
    moved = client.post(
        url, {"do": "reschedule", "service": holders[0].service_id, "starts_at": starts.isoformat()}
    )

    assert moved.status_code == 302
    new = Booking.objects.get(person=owner, status=Booking.Status.CONFIRMED)
    assert new.starts_at == starts and moved["Location"] == reverse("cnapqueue:booking", args=[new.pk])


def test_waitlist_accept_confirms_the_offered_place_with_its_channel_and_refuses_an_expired_offer(
    full_day, hromada, clock
):
    from hromada.cnapqueue.models import Channel
    from hromada.core.errors import ApplicationError

    office, service, holders = full_day
    first, second = UserFactory(hromada=hromada), UserFactory(hromada=hromada)
    entry = actions.waitlist_join(service=service, day=MONDAY, person=first)
    later = actions.waitlist_join(service=service, day=MONDAY, person=second)
    with pytest.raises(ApplicationError) as not_yet:
        actions.waitlist_accept(entry=entry, actor=first)
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.booking_cancel(booking=holders[0], actor=holders[0].person)
        actions.booking_cancel(booking=holders[1], actor=holders[1].person)
    entry.refresh_from_db()
    later.refresh_from_db()

    with pytest.raises(ApplicationError):
        actions.waitlist_accept(entry=entry, actor=second)  # not theirs
    booking = actions.waitlist_accept(entry=entry, actor=first, channel=Channel.TELEGRAM)
    again = actions.waitlist_accept(entry=entry, actor=first, channel=Channel.TELEGRAM)
    clock.advance(dt.timedelta(minutes=office.offer_minutes, seconds=1))
    with pytest.raises(ApplicationError) as expired:
        actions.waitlist_accept(entry=later, actor=second)

    assert not_yet.value.code == "not_offered"
    assert (booking.status, booking.channel, booking.person) == ("confirmed", Channel.TELEGRAM, first)
    assert again.pk == booking.pk
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.BOOKED
    assert expired.value.code == "offer_expired"
    assert Booking.objects.get(pk=later.booking_id).status == "held"  # the tick expires it

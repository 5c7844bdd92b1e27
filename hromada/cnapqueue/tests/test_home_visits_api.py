"""Home visits and the mobile office in JSON, through the same actions as the pages: the resident asks and
sends a document, the coordinator decides and schedules, the operator finishes the day's visits."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.accounts.actions import api_token_create
from hromada.cnapqueue import actions
from hromada.cnapqueue.models import HomeVisit, MobileStop
from tests.factories import UserFactory

from .factories import make_manager, make_office, make_operator, make_service

pytestmark = pytest.mark.django_db

MONDAY_8_UTC = dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="test", second_factor_passed=True)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def world(hromada, clock):
    clock.set(MONDAY_8_UTC)
    office = make_office(hromada, home_visit_grounds=["age_80", "bedridden"])
    office.institution.lat, office.institution.lon = 50.45, 30.52
    office.institution.save()
    service = make_service(office)
    return office, service, make_manager(office), make_operator(office)


def _request(client, office, service, auth, **extra):
    body = {"service": service.pk, "ground": "bedridden", "address": "с. Ясне, 5", "phone": "+380501112233"}
    return client.post(
        f"/api/v1/queue/offices/{office.pk}/home-visits",
        body | extra,
        content_type="application/json",
        **auth,
    )


def test_a_resident_asks_sends_a_document_and_sees_the_request(client, world, resident, hromada):
    office, service, _manager, _operator = world
    auth = _bearer(resident)

    refused = _request(client, office, service, auth, ground="medical")
    asked = _request(client, office, service, auth, lat=50.5, lon=30.6)
    again = _request(client, office, service, auth)
    visit_id = asked.json()["id"]
    sent = client.post(
        f"/api/v1/queue/home-visits/{visit_id}/document",
        {"file": SimpleUploadedFile("scan.pdf", PDF, content_type="text/html")},
        **auth,
    )
    bad = client.post(
        f"/api/v1/queue/home-visits/{visit_id}/document",
        {"file": SimpleUploadedFile("scan.pdf", b"<svg onload=alert(1)>")},
        **auth,
    )
    mine = client.get("/api/v1/queue/home-visits", **auth).json()
    document = client.get(f"/api/v1/queue/home-visits/{visit_id}/document", **auth)
    stranger = _bearer(UserFactory(hromada=hromada))

    assert refused.status_code == 400 and refused.json()["error"]["code"] == "ground_not_accepted"
    assert asked.status_code == 201, asked.content
    assert asked.json()["status"] == "requested" and asked.json()["document"] is None
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_requested"
    assert sent.status_code == 200, sent.content
    assert sent.json()["document"] == f"/api/v1/queue/home-visits/{visit_id}/document"
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "file_type"
    assert [v["id"] for v in mine] == [visit_id] and mine[0]["lat"] == 50.5
    assert document.status_code == 200 and b"".join(document.streaming_content) == PDF
    assert document["Content-Type"] == "application/pdf"
    assert client.get(f"/api/v1/queue/home-visits/{visit_id}", **stranger).status_code == 404
    assert client.get(f"/api/v1/queue/home-visits/{visit_id}/document", **stranger).status_code == 404


def test_the_coordinator_decides_and_schedules_and_the_operator_finishes(client, world, hromada):
    office, service, manager, operator = world
    people = [UserFactory(hromada=hromada) for _ in range(2)]
    far = _request(client, office, service, _bearer(people[0]), lat=50.60, lon=30.90).json()["id"]
    near = _request(client, office, service, _bearer(people[1]), lat=50.46, lon=30.53).json()["id"]
    boss, worker = _bearer(manager), _bearer(operator)

    listed = client.get(f"/api/v1/queue/offices/{office.pk}/home-visits?page_size=1", **boss).json()
    not_coordinator = client.get(f"/api/v1/queue/offices/{office.pk}/home-visits", **worker)
    operator_decides = client.post(
        f"/api/v1/queue/home-visits/{far}/decide",
        {"eligible": True, "proof": "дзвінок"},
        content_type="application/json",
        **worker,
    )
    for visit_id in (far, near):
        decided = client.post(
            f"/api/v1/queue/home-visits/{visit_id}/decide",
            {"eligible": True, "proof": "довідка МСЕК"},
            content_type="application/json",
            **boss,
        )
        assert decided.status_code == 200 and decided.json()["status"] == "approved"
        scheduled = client.post(
            f"/api/v1/queue/home-visits/{visit_id}/schedule",
            {"day": "2026-12-07", "operator": operator.pk},
            content_type="application/json",
            **boss,
        )
        assert scheduled.status_code == 200, scheduled.content
    not_an_operator = client.post(
        f"/api/v1/queue/home-visits/{far}/schedule",
        {"day": "2026-12-07", "operator": people[0].pk},
        content_type="application/json",
        **boss,
    )
    day = client.get("/api/v1/queue/visits?day=2026-12-07", **worker).json()
    failed_without_reason = client.post(
        f"/api/v1/queue/home-visits/{near}/finish", {"done": False}, content_type="application/json", **worker
    )
    done = client.post(
        f"/api/v1/queue/home-visits/{near}/finish", {"done": True}, content_type="application/json", **worker
    )

    assert listed["count"] == 2 and len(listed["items"]) == 1 and listed["items"][0]["phone"]
    assert not_coordinator.status_code == 403
    assert operator_decides.status_code == 403
    assert not_an_operator.status_code == 400
    assert [(v["id"], v["route_order"]) for v in day] == [(near, 1), (far, 2)]
    assert failed_without_reason.status_code == 400
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert HomeVisit.objects.get(pk=near).status == HomeVisit.Status.DONE


def test_the_person_withdraws_over_the_api(client, world, resident):
    office, service, _manager, _operator = world
    auth = _bearer(resident)
    visit_id = _request(client, office, service, auth).json()["id"]

    withdrawn = client.post(f"/api/v1/queue/home-visits/{visit_id}/cancel", **auth)
    twice = client.post(f"/api/v1/queue/home-visits/{visit_id}/cancel", **auth)

    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "cancelled"
    assert twice.status_code == 409


def test_the_mobile_office_timetable_is_public(client, hromada, clock):
    clock.set(MONDAY_8_UTC)
    van = make_office(hromada, hours={}, is_mobile=True)
    for day, place in ((dt.date(2026, 12, 4), "с. Старе"), (dt.date(2026, 12, 8), "с. Нове")):
        actions.mobile_stop_save(
            stop=MobileStop(office=van, place=place, date=day, starts=dt.time(9), ends=dt.time(12))
        )
    ordinary = make_office(hromada)

    stops = client.get(f"/api/v1/queue/offices/{van.pk}/stops").json()

    assert [(s["place"], s["date"], s["starts"]) for s in stops["items"]] == [
        ("с. Нове", "2026-12-08", "09:00:00")
    ]
    assert client.get(f"/api/v1/queue/offices/{ordinary.pk}/stops").status_code == 404


def test_a_document_over_the_size_limit_is_refused(client, world, resident, settings):
    office, service, _manager, _operator = world
    settings.HROMADA_UPLOAD_MAX_BYTES = 100
    auth = _bearer(resident)
    visit_id = _request(client, office, service, auth).json()["id"]

    big = client.post(
        f"/api/v1/queue/home-visits/{visit_id}/document",
        {"file": io.BytesIO(PDF + b" " * 200)},
        **auth,
    )

    assert big.status_code == 400 and big.json()["error"]["code"] == "file_too_large"

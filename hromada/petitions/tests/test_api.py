"""The API contract: shapes and status codes that outside load tests rely on."""

import pytest
from django.test import Client

from hromada.accounts.actions import api_token_create
from hromada.accounts.models import VerificationLevel
from hromada.core.models import RateLimitBucket
from hromada.petitions import actions
from hromada.petitions.api import CachedBearerToken
from hromada.petitions.models import Signature

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(settings):
    settings.HROMADA_RATE_LIMITS = False
    CachedBearerToken.forget_all()
    yield
    CachedBearerToken.forget_all()


def bearer(user):
    _token, secret = api_token_create(user=user, name="load test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_list_is_paginated_with_items_and_count(world):
    for _i in range(3):
        world.collecting()
    world.submitted()  # not public
    client = Client()
    body = client.get("/api/v1/petitions", {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["items"]) == 2
    item = body["items"][0]
    assert set(item) >= {
        "id",
        "title",
        "status",
        "signatures",
        "threshold",
        "addressee",
        "url",
        "published_at",
    }
    assert item["status"] == "collecting" and item["threshold"] == 3
    assert len(client.get("/api/v1/petitions", {"page_size": 2, "page": 2}).json()["items"]) == 1
    assert client.get("/api/v1/petitions", {"status": "answered"}).json()["count"] == 0
    assert client.get("/api/v1/petitions", {"addressee": "council"}).json()["count"] == 0
    assert client.get("/api/v1/petitions", {"addressee": "mayor"}).json()["count"] == 3
    assert client.get("/api/v1/petitions", {"page_size": 1000}).status_code == 400


def test_detail_shape_and_hidden_drafts(world):
    petition = world.collecting()
    client = Client()
    body = client.get(f"/api/v1/petitions/{petition.pk}").json()
    assert body["id"] == petition.pk and body["text"].startswith("Просимо")
    assert body["rejection"] is None and body["answer"] is None
    assert [c["kind"] for c in body["clocks"]] == ["moderation"]
    draft = world.draft()
    missing = client.get(f"/api/v1/petitions/{draft.pk}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_sign_201_then_409_then_withdraw(world):
    petition = world.collecting()
    signer = world.resident()
    headers = bearer(signer)
    client = Client()
    created = client.post(
        f"/api/v1/petitions/{petition.pk}/signatures", {"show_name": False}, content_type="application/json",
        **headers,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["signature"]["petition"] == petition.pk
    assert body["signature"]["status"] == "valid" and body["signature"]["show_name"] is False
    assert Signature.objects.get(petition=petition, signer=signer).channel == "api"
    assert body["receipt"]["id"] > 0
    assert body["receipt"]["download_url"].startswith("/ledger/receipts/")
    assert body["receipt"]["people"][0]["salt"]
    again = client.post(f"/api/v1/petitions/{petition.pk}/signatures", **headers)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_signed"
    mine = client.get(f"/api/v1/petitions/{petition.pk}/signatures/mine", **headers)
    assert mine.json()["signature"]["status"] == "valid"
    withdrawn = client.delete(f"/api/v1/petitions/{petition.pk}/signatures/mine", **headers)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["signature"]["status"] == "withdrawn"
    assert client.delete(f"/api/v1/petitions/{petition.pk}/signatures/mine", **headers).status_code == 404


def test_sign_401_without_credentials_and_403_when_not_eligible(world):
    petition = world.collecting()
    client = Client()
    anonymous = client.post(f"/api/v1/petitions/{petition.pk}/signatures")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "unauthenticated"
    bad_token = client.post(
        f"/api/v1/petitions/{petition.pk}/signatures", HTTP_AUTHORIZATION="Bearer hrm_not-a-token"
    )
    assert bad_token.status_code == 401
    weak = world.resident(verification_level=VerificationLevel.EMAIL)
    refused = client.post(f"/api/v1/petitions/{petition.pk}/signatures", **bearer(weak))
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "not_eligible" and error["message"] and error["fields"] == {}


def test_sign_404_and_409_for_petitions_not_collecting(world, other_world):
    signer = world.resident()
    headers = bearer(signer)
    client = Client()
    assert client.post("/api/v1/petitions/999999/signatures", **headers).status_code == 404
    foreign = other_world.collecting()
    assert client.post(f"/api/v1/petitions/{foreign.pk}/signatures", **headers).status_code == 404
    draft = world.submitted()
    closed = client.post(f"/api/v1/petitions/{draft.pk}/signatures", **headers)
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "not_collecting"


def test_session_signing_needs_csrf(world):
    petition = world.collecting()
    signer = world.resident()
    client = Client(enforce_csrf_checks=True)
    client.force_login(signer)
    refused = client.post(f"/api/v1/petitions/{petition.pk}/signatures")
    assert refused.status_code == 403
    client.get("/")
    token = client.cookies["csrftoken"].value
    signed = client.post(f"/api/v1/petitions/{petition.pk}/signatures", HTTP_X_CSRFTOKEN=token)
    assert signed.status_code == 201, signed.content


def test_counts_endpoint_after_aggregation(world, district):
    petition = world.collecting()
    world.sign(petition, 2)
    actions.petitions_aggregate()
    body = Client().get(f"/api/v1/petitions/{petition.pk}/counts").json()
    assert body["signatures"] == 2
    assert body["by_district"] == [
        {"district": {"id": district.pk, "name": district.name}, "signatures": 2, "against": 0}
    ]
    assert sum(d["signatures"] for d in body["by_day"]) == 2


def test_list_of_another_hromada_is_empty(world, other_world):
    world.collecting()
    client = Client(HTTP_HOST="verbivka.localhost")
    assert client.get("/api/v1/petitions").json() == {"items": [], "count": 0}


def test_popular_sort_orders_by_the_aggregated_count_and_keeps_rejected(world):
    quiet = world.collecting()
    busy = world.collecting()
    world.sign(busy, 2)
    world.sign(quiet, 1)
    rejected = actions.petition_reject(
        petition=world.submitted(),
        actor=world.moderator,
        reason="obscene",
        text="Петиція містить нецензурну лексику, що заборонено законом.",
    )
    actions.petitions_aggregate()
    body = Client().get("/api/v1/petitions", {"sort": "popular"}).json()
    assert [item["id"] for item in body["items"]] == [busy.pk, quiet.pk, rejected.pk]
    assert body["count"] == 3


def test_cached_token_still_checks_the_current_person(world):
    """The token is cached for 30 s, the person is not: a lowered verification level refuses at once."""
    first, second = world.collecting(), world.collecting()
    signer = world.resident()
    headers = bearer(signer)
    client = Client()
    assert client.post(f"/api/v1/petitions/{first.pk}/signatures", **headers).status_code == 201
    type(signer).objects.filter(pk=signer.pk).update(verification_level=VerificationLevel.EMAIL)
    refused = client.post(f"/api/v1/petitions/{second.pk}/signatures", **headers)
    assert refused.status_code == 403
    type(signer).objects.filter(pk=signer.pk).update(is_active=False)
    assert client.post(f"/api/v1/petitions/{second.pk}/signatures", **headers).status_code == 401


def test_signing_answer_matches_its_schema(world):
    """The 201 is built by hand (not re-validated): it must still be exactly the documented SignedOut."""
    from hromada.petitions.api import SignedOut

    petition = world.collecting()
    created = Client().post(
        f"/api/v1/petitions/{petition.pk}/signatures", {"against": False}, content_type="application/json",
        **bearer(world.resident()),
    )  # fmt: skip
    assert created.status_code == 201 and created["Content-Type"] == "application/json; charset=utf-8"
    body = created.json()
    parsed = SignedOut.model_validate(body)
    assert set(body) == set(SignedOut.model_fields)
    assert set(body["signature"]) == set(type(parsed.signature).model_fields)
    assert set(body["receipt"]) == set(type(parsed.receipt).model_fields)
    assert body["signature"]["signed_at"].endswith("Z")  # rendered as every other answer's times
    assert body["receipt"]["kind"] == "petition.signed" and len(body["receipt"]["people"]) == 1


def test_a_body_that_is_not_json_is_refused_not_ignored(world):
    """The probe's case: `{"show_name": false}` sent as text/plain was signed with the name shown."""
    petition = world.collecting()
    signer = world.resident()
    client = Client()

    refused = client.post(
        f"/api/v1/petitions/{petition.pk}/signatures", '{"show_name": false}', content_type="text/plain",
        **bearer(signer),
    )  # fmt: skip

    assert refused.status_code == 415
    assert refused.json()["error"]["code"] == "unsupported_media_type"
    assert not petition.signatures.exists()
    page = client.get(f"/petitions/{petition.pk}/")
    assert signer.full_name not in page.content.decode()


def test_signing_without_a_body_keeps_the_name_private(world):
    petition = world.collecting()
    signer = world.resident()

    created = Client().post(f"/api/v1/petitions/{petition.pk}/signatures", **bearer(signer))

    assert created.status_code == 201
    assert created.json()["signature"]["show_name"] is False
    assert petition.signatures.get().public_name == ""


def test_only_an_explicit_choice_shows_the_name(world):
    petition = world.collecting()
    signer = world.resident()

    created = Client().post(
        f"/api/v1/petitions/{petition.pk}/signatures", {"show_name": True}, content_type="application/json",
        **bearer(signer),
    )  # fmt: skip

    assert created.status_code == 201 and created.json()["signature"]["show_name"] is True
    assert petition.signatures.get().public_name == signer.full_name


def test_every_api_write_refuses_a_body_that_is_not_json(world):
    signer = world.resident()
    client = Client()

    token = client.post("/api/v1/me/tokens", "name=x", content_type="text/plain", **bearer(signer))

    assert token.status_code == 415
    assert token.json()["error"]["code"] == "unsupported_media_type"


def test_token_writes_are_counted_per_person_not_per_address(world, settings):
    """Everyone behind one NAT used to share the per-address write limit when signing by token."""
    settings.HROMADA_RATE_LIMITS = True
    settings.HROMADA_WRITE_LIMIT_PER_MINUTE = 2
    petitions = [world.collecting() for _ in range(3)]
    people = [world.resident() for _ in range(3)]
    client = Client(REMOTE_ADDR="198.51.100.20")  # one address for all of them

    signed = [
        client.post(f"/api/v1/petitions/{petition.pk}/signatures", **bearer(person)).status_code
        for person, petition in zip(people, petitions, strict=True)
    ]
    first = bearer(people[0])
    other_writes = [client.delete("/api/v1/me/tokens/999999", **first).status_code for _ in range(2)]

    assert signed == [201, 201, 201]
    assert other_writes == [404, 429]  # the first person's own limit: one signature + one more write


def test_a_bad_token_is_still_counted_per_address(world, settings):
    settings.HROMADA_RATE_LIMITS = True
    settings.HROMADA_WRITE_LIMIT_PER_MINUTE = 2
    petition = world.collecting()
    client = Client(REMOTE_ADDR="198.51.100.21")

    answers = [
        client.post(f"/api/v1/petitions/{petition.pk}/signatures", HTTP_AUTHORIZATION=f"Bearer hrm_bad{i}")
        for i in range(3)
    ]

    assert [a.status_code for a in answers] == [401, 401, 401]
    counted = RateLimitBucket.objects.filter(key="write:addr:198.51.100.21").values_list("count", flat=True)
    assert sum(counted) == 3  # garbage tokens do not escape the address's limit

"""A batch of signing requests (group commit): one transaction, each request its own outcome."""

import io
import json
import sys

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation

from hromada.accounts.actions import api_token_create
from hromada.accounts.models import VerificationLevel
from hromada.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from hromada.core.handlers import Application, is_token_api_call
from hromada.ledger.models import PendingEntry, PersonalReceipt
from hromada.petitions import actions
from hromada.petitions.actions import SignatureResult, SignRequest
from hromada.petitions.api import CachedBearerToken
from hromada.petitions.models import Signature, SignatureStatus

pytestmark = pytest.mark.django_db


def test_one_batch_gives_each_request_its_own_outcome(world):
    petition, other = world.collecting(), world.collecting()
    first, second, weak = (
        world.resident(),
        world.resident(),
        world.resident(verification_level=VerificationLevel.PHONE),
    )
    signed_before = world.resident()
    actions.signature_add(petition=petition, signer=signed_before)
    requests = [
        SignRequest(petition_id=petition.pk, signer=first, address="198.51.100.7"),
        SignRequest(petition_id=petition.pk, signer=signed_before),  # signed already
        SignRequest(petition_id=other.pk, signer=first, show_name=False),
        SignRequest(petition_id=petition.pk, signer=weak),  # not verified enough
        SignRequest(petition_id=999_999, signer=second),  # no such petition
        SignRequest(petition_id=other.pk, signer=second),
        SignRequest(petition_id=other.pk, signer=second),  # the same pair twice in one batch
    ]
    entries_before = PendingEntry.objects.count()
    outcomes = actions.signatures_add(hromada=world.hromada, requests=requests)
    assert [type(o) for o in outcomes] == [
        SignatureResult,
        ConflictError,
        SignatureResult,
        PermissionDeniedError,
        NotFoundError,
        SignatureResult,
        ConflictError,
    ]
    assert outcomes[1].code == "already_signed" and outcomes[6].code == "already_signed"
    assert outcomes[3].code == "not_eligible"
    created = [o for o in outcomes if isinstance(o, SignatureResult)]
    assert PendingEntry.objects.count() - entries_before == 3  # one entry per signature, none for refusals
    for result in created:
        row = Signature.objects.get(pk=result.signature.pk)
        assert row.status == SignatureStatus.VALID and row.receipt_id == result.receipt.receipt_id
        kept = PersonalReceipt.objects.get(pk=result.personal_receipt_id)
        assert kept.user_id == row.signer_id and kept.receipt_id == row.receipt_id
    assert Signature.objects.get(petition=other, signer=first).public_name == ""
    assert Signature.objects.get(petition=petition, signer=first).network == "198.51.100.0/24"


def test_a_withdrawn_signature_is_given_again_in_a_batch(world):
    petition = world.collecting()
    signer = world.resident()
    actions.signature_add(petition=petition, signer=signer)
    withdrawn = actions.signature_withdraw(petition=petition, signer=signer)
    outcomes = actions.signatures_add(
        hromada=world.hromada,
        requests=[
            SignRequest(petition_id=petition.pk, signer=signer),
            SignRequest(petition_id=petition.pk, signer=signer),
        ],
    )
    assert isinstance(outcomes[0], SignatureResult) and outcomes[0].signature.pk == withdrawn.pk
    assert isinstance(outcomes[1], ConflictError)
    assert Signature.objects.get(pk=withdrawn.pk).status == SignatureStatus.VALID


def test_each_request_of_a_batch_is_refused_in_its_own_language(world):
    petition = world.collecting()
    first, second = world.resident(), world.resident()
    actions.signature_add(petition=petition, signer=first)
    actions.signature_add(petition=petition, signer=second)
    with translation.override("uk"):
        outcomes = actions.signatures_add(
            hromada=world.hromada,
            requests=[
                SignRequest(petition_id=petition.pk, signer=first, language="en"),
                SignRequest(petition_id=petition.pk, signer=second, language="uk"),
            ],
        )
    assert outcomes[0].message == "You have already signed this petition."
    assert outcomes[1].message != outcomes[0].message and "підписали" in outcomes[1].message


def _wsgi_post(app, path, body, headers):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    # As Django's test client does: keep the test's connection (and its transaction) open.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = app(environ, start_response)
        answer["body"] = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer


def test_a_bearer_api_call_takes_the_token_chain_and_signs(world, settings):
    settings.ALLOWED_HOSTS = ["*"]
    CachedBearerToken.forget_all()
    petition = world.collecting()
    person = world.resident()
    _token, secret = api_token_create(user=person, name="t")
    app = Application()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}
    environ_check = {"PATH_INFO": f"/api/v1/petitions/{petition.pk}/signatures", **headers}
    assert is_token_api_call(environ_check)
    assert not is_token_api_call({"PATH_INFO": "/petitions/", **headers})
    assert not is_token_api_call({"PATH_INFO": "/api/v1/petitions"})
    path = f"/api/v1/petitions/{petition.pk}/signatures"
    answer = _wsgi_post(app, path, b'{"show_name": true}', headers)
    assert answer["status"] == 201, answer["body"]
    assert json.loads(answer["body"])["signature"]["petition"] == petition.pk
    assert answer["headers"]["X-Content-Type-Options"] == "nosniff"  # the security headers still apply
    again = _wsgi_post(app, path, b"{}", headers)
    assert again["status"] == 409
    assert json.loads(again["body"])["error"]["message"] == "You have already signed this petition."
    wrong = _wsgi_post(app, path, b"{}", {"HTTP_AUTHORIZATION": "Bearer hrm_not-a-token"})
    assert wrong["status"] == 401
    CachedBearerToken.forget_all()


def test_signers_given_by_id_are_read_with_the_batch_and_must_be_active(world):
    petition = world.collecting()
    active, gone = world.resident(), world.resident()
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    outcomes = actions.signatures_add(
        hromada=world.hromada,
        requests=[
            SignRequest(petition_id=petition.pk, signer=active.pk),
            SignRequest(petition_id=petition.pk, signer=gone.pk),
            SignRequest(petition_id=petition.pk, signer=987_654),
        ],
    )
    assert isinstance(outcomes[0], SignatureResult) and outcomes[0].signature.signer_id == active.pk
    assert [(o.status, o.code) for o in outcomes[1:]] == [(401, "unauthenticated")] * 2
    assert Signature.objects.filter(petition=petition).count() == 1


def test_a_batch_resolves_the_tokens_not_seen_yet_in_one_query(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hromada.accounts.actions import UnresolvedToken, api_token_revoke

    petition, other = world.collecting(), world.collecting()
    person, revoked_person = world.resident(), world.resident()
    token, secret = api_token_create(user=person, name="t")
    revoked, revoked_secret = api_token_create(user=revoked_person, name="t")
    api_token_revoke(user=revoked_person, token_id=revoked.pk)
    unresolved = UnresolvedToken.of(secret)
    requests = [
        SignRequest(petition_id=petition.pk, signer=unresolved),
        SignRequest(petition_id=other.pk, signer=unresolved),
        SignRequest(petition_id=petition.pk, signer=UnresolvedToken.of(revoked_secret)),
        SignRequest(petition_id=petition.pk, signer=UnresolvedToken.of("hrm_unknown")),
    ]
    with CaptureQueriesContext(connection) as queries:
        outcomes = actions.signatures_add(hromada=world.hromada, requests=requests)
    assert [o.signature.signer_id for o in outcomes[:2]] == [person.pk, person.pk]
    assert [(o.status, o.code) for o in outcomes[2:]] == [(401, "unauthenticated")] * 2
    token_reads = [q for q in queries.captured_queries if "accounts_apitoken" in q["sql"]]
    assert len(token_reads) == 2  # the SELECT of all tokens, the UPDATE of the first use
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert not Signature.objects.filter(signer=revoked_person).exists()


@pytest.fixture
def no_cached_tokens():
    CachedBearerToken.forget_all()
    yield
    CachedBearerToken.forget_all()


def _post_signature(client, petition_id, token, body=b"{}"):
    return client.post(
        f"/api/v1/petitions/{petition_id}/signatures",
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_the_api_remembers_a_token_once_it_signed_and_answers_a_bad_token_first(
    world, client, no_cached_tokens
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = world.resident()
    _token, secret = api_token_create(user=person, name="t")
    assert _post_signature(client, world.collecting().pk, secret).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert _post_signature(client, world.collecting().pk, secret).status_code == 201
    assert not [q for q in queries.captured_queries if "accounts_apitoken" in q["sql"]]
    refused = _post_signature(client, world.collecting().pk, "hrm_not-a-token", body=b'{"against": "maybe"')
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == 'Bearer realm="hromada"'
    assert refused.json()["error"]["code"] == "unauthenticated"
    CachedBearerToken.forget_all()
    assert (
        _post_signature(client, world.collecting().pk, secret, body=b'{"against": "maybe"').status_code == 400
    )
    unknown = _post_signature(client, world.collecting().pk, "hrm_not-a-token")
    assert unknown.status_code == 401 and unknown["WWW-Authenticate"] == 'Bearer realm="hromada"'


@pytest.mark.parametrize("petition_id", ["0", "99999999999999999999", "abc"])
def test_a_bad_token_is_answered_401_before_a_bad_petition_id(world, client, no_cached_tokens, petition_id):
    refused = _post_signature(client, petition_id, "hrm_not-a-token")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == 'Bearer realm="hromada"'
    person = world.resident()
    _token, secret = api_token_create(user=person, name="t")
    assert _post_signature(client, petition_id, secret).status_code in (400, 404)


def test_expired_tokens_and_inactive_people_are_answered_401(world, client, no_cached_tokens):
    import datetime as dt

    from django.utils import timezone

    from hromada.accounts.models import ApiToken

    expired_person, inactive_person = world.resident(), world.resident()
    expired, expired_secret = api_token_create(user=expired_person, name="t")
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    _token, inactive_secret = api_token_create(user=inactive_person, name="t")
    type(inactive_person).objects.filter(pk=inactive_person.pk).update(is_active=False)
    petition = world.collecting()
    for secret in (expired_secret, inactive_secret):
        for body in (b"{}", b'{"against": "maybe"'):
            refused = _post_signature(client, petition.pk, secret, body=body)
            assert refused.status_code == 401, (secret, body, refused.content)
            assert refused["WWW-Authenticate"] == 'Bearer realm="hromada"'
    assert not Signature.objects.filter(petition=petition).exists()

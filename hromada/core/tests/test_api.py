import json
from io import StringIO

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate

from hromada.accounts.models import ApiToken
from tests.factories import InstitutionFactory


def test_openapi_document_is_valid(client, hromada):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert "/api/v1/institutions" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_health_endpoints_answer(client, db):
    assert client.get("/healthz").json() == {"status": "ok", "database": True}
    assert client.get("/readyz").status_code == 200


def test_errors_have_one_shape(client, hromada):
    cases = [
        client.get("/api/v1/institutions", {"page": "zero"}),
        client.get("/api/v1/institutions/999999"),
        client.get("/api/v1/no-such-endpoint"),
        client.get("/api/v1/me"),
        client.post(
            "/api/v1/me/tokens",
            data="{not json",
            content_type="application/json",
            HTTP_AUTHORIZATION="Bearer hrm_invalid",
        ),
    ]
    statuses = [r.status_code for r in cases]
    assert statuses == [400, 404, 404, 401, 401]
    for response in cases:
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"code", "message", "fields"}
        assert body["error"]["message"]


def test_malformed_json_from_an_authenticated_caller_is_a_400(client, resident):
    _token, secret = __import__("hromada.accounts.actions", fromlist=["x"]).api_token_create(
        user=resident, name="t"
    )
    response = client.post(
        "/api/v1/me/tokens",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"bad_request", "invalid"}


def test_bearer_token_from_command_authenticates_until_revoked(client, resident):
    out = StringIO()
    call_command("token", "create", resident.email, "--name", "script", stdout=out, stderr=StringIO())
    secret = out.getvalue().strip()

    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200 and me.json()["email"] == resident.email
    assert secret not in str(ApiToken.objects.values_list("token_hash", flat=True))

    token = ApiToken.objects.get(user=resident)
    revoked = client.delete(f"/api/v1/me/tokens/{token.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert revoked.status_code == 204
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_anonymous_write_without_credentials_is_401_not_a_csrf_refusal(hromada):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "табличка"}), content_type="application/json"
    )
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"


def test_token_created_through_api_is_shown_once(resident):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(resident)
    refused = strict.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "табличка"}), content_type="application/json"
    )
    assert refused.status_code == 403  # a session write without the CSRF token

    api = Client()
    api.force_login(resident)
    created = api.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "табличка"}), content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["token"].startswith("hrm_")
    listed = api.get("/api/v1/me/tokens").json()
    assert "token" not in listed[0] and listed[0]["name"] == "табличка"


def test_inactive_accounts_tokens_stop_working(api_client, resident):
    assert api_client.get("/api/v1/me").json()["email"] == resident.email

    resident.is_active = False
    resident.save()

    assert api_client.get("/api/v1/me").status_code == 401


def test_institutions_api_paginates_with_a_constant_number_of_queries(
    client, hromada, district, django_assert_max_num_queries
):
    for _ in range(30):
        InstitutionFactory(hromada=hromada, district=district)
    with django_assert_max_num_queries(4):
        page = client.get("/api/v1/institutions", {"page_size": 25}).json()
    assert page["count"] == 30 and len(page["items"]) == 25
    with django_assert_max_num_queries(3):
        geo = client.get("/api/v1/institutions.geojson").json()
    assert len(geo["features"]) == 30
    assert geo["features"][0]["geometry"]["type"] == "Point"


@pytest.mark.parametrize("page_size", [0, 101])
def test_page_size_is_bounded(client, hromada, page_size):
    assert client.get("/api/v1/institutions", {"page_size": page_size}).status_code == 400


def test_write_endpoints_are_rate_limited(client, resident, settings):
    from hromada.accounts.actions import api_token_create

    _token, secret = api_token_create(user=resident, name="t")
    settings.HROMADA_WRITE_LIMIT_PER_MINUTE = 3
    codes = [
        client.post(
            "/api/v1/me/tokens",
            data=json.dumps({"name": f"n{i}"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        ).status_code
        for i in range(5)
    ]
    assert codes[:2] == [201, 201]
    assert 429 in codes
    limited = client.post(
        "/api/v1/me/tokens", data="{}", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert limited.json()["error"]["code"] == "rate_limited"
    assert int(limited["Retry-After"]) >= 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/institutions?q=%00",
        "/api/v1/institutions.geojson?q=a%00b",
        "/api/v1/news?kind=%00",
        "/api/v1/institutions?district=99999999999999999999",
        "/api/v1/institutions.geojson?district=99999999999999999999",
        "/api/v1/institutions?page=99999999999999999999",
    ],
)
def test_hostile_query_strings_are_400s_in_the_error_shape(client, hromada, path):
    response = client.get(path)
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}


@pytest.mark.parametrize("path", ["/news/?kind=%00", "/news/a%00b/", "/help/a%00b/", "/institutions/?q=%00"])
def test_nul_bytes_in_page_addresses_are_refused_cleanly(client, hromada, path):
    assert client.get(path).status_code == 400


def test_token_api_refuses_nul_and_accepts_a_local_expiry_time(client, resident):
    from hromada.accounts.actions import api_token_create

    _token, secret = api_token_create(user=resident, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    nul = client.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "a\u0000b"}), content_type="application/json", **auth
    )
    assert nul.status_code == 400
    local = client.post(
        "/api/v1/me/tokens",
        data=json.dumps({"name": "n", "expires_at": "2030-01-01T00:00:00"}),
        content_type="application/json",
        **auth,
    )
    assert local.status_code == 201 and local.json()["expires_at"].startswith("2030-01-01")


def test_wrong_method_and_oversized_body_answer_in_the_error_shape(client, resident, settings):
    from hromada.accounts.actions import api_token_create

    _token, secret = api_token_create(user=resident, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    wrong = client.put("/api/v1/me", **auth)
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = client.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "x" * 5000}), content_type="application/json", **auth
    )
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"


def test_inactive_hromada_host_is_not_served_as_the_default(client, hromada, other_hromada):
    from django.test import Client

    other_hromada.is_active = False
    other_hromada.save()
    assert Client(HTTP_HOST="verbivka.localhost").get("/").status_code == 404
    assert client.get("/").status_code == 200

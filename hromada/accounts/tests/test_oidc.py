"""Identity through OpenID Connect, end to end against a real provider.

The provider is a separate Django project (tests/oidc_provider: django-oauth-toolkit with OIDC) started as a
subprocess; our application runs in pytest-django's live server. A `requests.Session` plays the browser over
real HTTP, and our server redeems the code with the provider over HTTP too. Nothing is mocked.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ImproperlyConfigured
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from hromada.accounts.actions import national_id_hash_of
from hromada.accounts.identity import rnokpp_control_digit
from hromada.accounts.models import User, VerificationLevel, VerificationRecord
from hromada.accounts.oidc import oidc_id_token_claims, oidc_providers_parse
from tests.factories import PASSWORD, UserFactory

PROVIDER_SCRIPT = Path(__file__).resolve().parents[3] / "tests" / "oidc_provider" / "serve.py"
KEY = "test-id"
CLIENT_ID = "hromada-test"
CLIENT_SECRET = secrets.token_urlsafe(24)


def rnokpp(first_nine: str) -> str:
    return first_nine + rnokpp_control_digit(first_nine)


OLENA = {
    "username": "olena",
    "password": "olena-secret-1",
    "claims": {
        "drfo_code": rnokpp("312345678"),
        "name": "Коваленко Олена Петрівна",
        "email": "olena.kovalenko@example.org",
        "birthdate": "1988-04-12",
    },
}
TARAS = {
    "username": "taras",
    "password": "taras-secret-1",
    "claims": {
        "drfo_code": rnokpp("298765432"),
        "name": "Шевчук Тарас Іванович",
        "email": "taras.shevchuk@example.org",
        "birthdate": "1975-11-03",
    },
}
NO_IDENTIFIER = {
    "username": "anonymous",
    "password": "anonymous-secret-1",
    "claims": {"name": "Бондар Ірина", "email": "iryna.bondar@example.org"},
}
BAD_IDENTIFIER = {
    "username": "badcode",
    "password": "badcode-secret-1",
    "claims": {"drfo_code": "3123456780", "name": "Мельник Петро", "email": "petro.melnyk@example.org"},
}
WIDE_DIGITS = {  # Olena's РНОКПП in fullwidth digits: must not pass for a different person
    "username": "widedigits",
    "password": "widedigits-secret-1",
    "claims": {
        "drfo_code": OLENA["claims"]["drfo_code"].translate(
            str.maketrans("0123456789", "０１２３４５６７８９")
        )
    },
}
SUPERSCRIPT_DIGITS = {
    "username": "superscript",
    "password": "superscript-secret-1",
    "claims": {"drfo_code": "²" * 10},
}
PERSONS = [OLENA, TARAS, NO_IDENTIFIER, BAD_IDENTIFIER, WIDE_DIGITS, SUPERSCRIPT_DIGITS]


# ---------------------------------------------------------------------------------------------------------
# The provider subprocess


@dataclass(frozen=True)
class RunningProvider:
    discovery_url: str
    log_path: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory) -> Iterator[RunningProvider]:
    """The stand-in identity provider on 127.0.0.1, registered with our live server's callback URL."""
    workdir = tmp_path_factory.mktemp("oidc-provider")
    config_path = workdir / "config.json"
    config_path.write_text(
        json.dumps(
            {
                "clients": [
                    {
                        "client_id": CLIENT_ID,
                        "client_secret": CLIENT_SECRET,
                        "redirect_uris": [f"{live_server.url}/accounts/oidc/{KEY}/callback/"],
                    }
                ],
                "persons": PERSONS,
            }
        ),
        encoding="utf-8",
    )
    port = _free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "HROMADA_", "PYTEST_")) and name != "DATABASE_URL"
    }
    log_path = workdir / "provider.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                str(PROVIDER_SCRIPT),
                "--port",
                str(port),
                "--data-dir",
                str(workdir / "data"),
                "--config",
                str(config_path),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    discovery_url = f"http://127.0.0.1:{port}/o/.well-known/openid-configuration"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"The test identity provider exited:\n{log_path.read_text()}")
            try:
                if requests.get(discovery_url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"The test identity provider did not answer in time:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield RunningProvider(discovery_url=discovery_url, log_path=log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def oidc_configured(settings, oidc_provider, hromada) -> RunningProvider:
    settings.HROMADA_OIDC_PROVIDERS_JSON = json.dumps(
        [
            {
                "key": KEY,
                "name": "Test ID",
                "discovery_url": oidc_provider.discovery_url,
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "identifier_claim": "drfo_code",
            }
        ]
    )
    return oidc_provider


# ---------------------------------------------------------------------------------------------------------
# The browser


def csrf_token_in(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def log_in_here(browser: requests.Session, live_server, user: User) -> None:
    """Log in on our own login page with the factory password."""
    page = browser.get(f"{live_server.url}/accounts/login/")
    answer = browser.post(
        page.url,
        allow_redirects=False,
        data={
            "csrfmiddlewaretoken": csrf_token_in(page),
            "login": user.email,
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 302, answer.text


def browser_for(live_server, user: User | None = None) -> requests.Session:
    """A browser that reads English; logged in to our site as `user` when given."""
    browser = requests.Session()
    browser.headers["Accept-Language"] = "en"
    if user is not None:
        log_in_here(browser, live_server, user)
    return browser


def start_url(live_server, **params: str) -> str:
    query = f"?{urlencode(params)}" if params else ""
    return f"{live_server.url}/accounts/oidc/{KEY}/start/{query}"


def log_in_at_provider(browser: requests.Session, live_server, person: dict, **start_params: str) -> str:
    """Start at our site, log in on the provider's form; returns the callback URL the provider sends back."""
    page = browser.get(start_url(live_server, **start_params))  # → provider authorize → its login form
    assert page.status_code == 200, page.text
    assert urlsplit(page.url).path == "/login/"
    next_field = re.search(r'name="next" value="([^"]*)"', page.text)
    assert next_field
    answer = browser.post(
        page.url,
        allow_redirects=False,
        data={
            "csrfmiddlewaretoken": csrf_token_in(page),
            "username": person["username"],
            "password": person["password"],
            "next": next_field.group(1).replace("&amp;", "&"),
        },
    )
    assert answer.status_code == 302, answer.text
    authorize = browser.get(urljoin(page.url, answer.headers["Location"]), allow_redirects=False)
    assert authorize.status_code == 302, authorize.text  # skip_authorization: no consent screen
    callback_url = authorize.headers["Location"]
    assert callback_url.startswith(f"{live_server.url}/accounts/oidc/{KEY}/callback/?")
    return callback_url


def oidc_round_trip(
    browser: requests.Session, live_server, person: dict, **start_params: str
) -> requests.Response:
    callback_url = log_in_at_provider(browser, live_server, person, **start_params)
    return browser.get(callback_url, allow_redirects=False)


def logged_in_user_id(browser: requests.Session) -> str | None:
    session_key = browser.cookies.get(django_settings.SESSION_COOKIE_NAME)
    return SessionStore(session_key=session_key).get("_auth_user_id") if session_key else None


# ---------------------------------------------------------------------------------------------------------
# End to end

e2e = pytest.mark.django_db(transaction=True)


@e2e
def test_anonymous_person_gets_a_new_strongly_verified_account(live_server, oidc_configured, hromada):
    browser = browser_for(live_server)

    response = oidc_round_trip(browser, live_server, OLENA, next="/cabinet/")

    assert response.status_code == 302, response.text
    assert response.headers["Location"] == "/cabinet/"
    user = User.objects.get(email="olena.kovalenko@example.org")
    assert user.verification_level == VerificationLevel.STRONG
    assert user.national_id_hash == national_id_hash_of(national_identifier=OLENA["claims"]["drfo_code"])
    assert user.hromada == hromada
    assert user.full_name == "Коваленко Олена Петрівна"
    assert str(user.birth_date) == "1988-04-12"
    assert not user.has_usable_password()
    record = VerificationRecord.objects.get(user=user)
    assert (record.method, record.level, record.provider, record.hromada) == (
        VerificationRecord.Method.OIDC,
        VerificationLevel.STRONG,
        KEY,
        hromada,
    )
    assert logged_in_user_id(browser) == str(user.pk)


@e2e
def test_oidc_login_against_the_real_local_provider_raises_the_verification_level(
    live_server, oidc_configured, hromada
):
    resident = UserFactory(hromada=hromada, full_name="Шевчук Т. І.", birth_date=None)
    assert resident.verification_level == VerificationLevel.NONE
    browser = browser_for(live_server, resident)

    response = oidc_round_trip(browser, live_server, TARAS)

    assert response.status_code == 302, response.text
    assert response.headers["Location"] == "/cabinet/verification/"
    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.STRONG
    assert resident.national_id_hash == national_id_hash_of(national_identifier=TARAS["claims"]["drfo_code"])
    assert resident.full_name == "Шевчук Т. І."  # the profile's own name is kept
    assert str(resident.birth_date) == "1975-11-03"  # the missing birth date is filled in
    assert resident.email != TARAS["claims"]["email"]
    record = resident.verifications.get()
    assert (record.method, record.level, record.provider) == (VerificationRecord.Method.OIDC, 3, KEY)
    assert User.objects.count() == 1
    page = browser.get(f"{live_server.url}{response.headers['Location']}")
    assert page.status_code == 200
    assert "Вашу особу підтверджено." in page.text


@e2e
def test_second_account_binding_the_same_person_is_refused_and_stays_unverified(
    live_server, oidc_configured, hromada
):
    first, second = UserFactory(hromada=hromada), UserFactory(hromada=hromada)
    assert oidc_round_trip(browser_for(live_server, first), live_server, OLENA).status_code == 302

    response = oidc_round_trip(browser_for(live_server, second), live_server, OLENA)

    assert response.status_code == 409
    assert "Ця особа вже має обліковий запис." in response.text
    second.refresh_from_db()
    assert second.verification_level == VerificationLevel.NONE
    assert second.national_id_hash is None
    assert not second.verifications.exists()
    first.refresh_from_db()
    assert first.verification_level == VerificationLevel.STRONG


@e2e
def test_tampered_state_is_refused_with_a_clear_page(live_server, oidc_configured, hromada):
    browser = browser_for(live_server)
    callback_url = log_in_at_provider(browser, live_server, OLENA)
    parts = urlsplit(callback_url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    query["state"] = query["state"][:-2] + ("AA" if not query["state"].endswith("AA") else "BB")

    response = browser.get(f"{live_server.url}{parts.path}?{urlencode(query)}", allow_redirects=False)

    assert response.status_code == 400
    assert "Час на перевірку особи минув або її розпочато в іншому вікні." in response.text
    assert "/cabinet/verification/" in response.text
    assert not User.objects.exists()
    assert logged_in_user_id(browser) is None


@e2e
def test_provider_user_without_the_identifier_claim_is_refused(live_server, oidc_configured, hromada):
    browser = browser_for(live_server)

    response = oidc_round_trip(browser, live_server, NO_IDENTIFIER)

    assert response.status_code == 400
    assert "не отримано вашого РНОКПП" in response.text
    assert not User.objects.exists()
    assert logged_in_user_id(browser) is None


@e2e
@pytest.mark.parametrize(
    "person", [BAD_IDENTIFIER, WIDE_DIGITS, SUPERSCRIPT_DIGITS], ids=lambda p: p["username"]
)
def test_invalid_national_identifier_from_the_provider_is_refused(
    live_server, oidc_configured, hromada, person
):
    resident = UserFactory(hromada=hromada)

    response = oidc_round_trip(browser_for(live_server, resident), live_server, person)

    assert response.status_code == 400
    assert "отримано недійсний РНОКПП" in response.text
    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.NONE


@e2e
def test_returning_person_logs_in_to_the_same_account(live_server, oidc_configured, hromada):
    oidc_round_trip(browser_for(live_server), live_server, TARAS)
    user = User.objects.get()

    browser = browser_for(live_server)
    response = oidc_round_trip(browser, live_server, TARAS)

    assert response.status_code == 302
    assert User.objects.count() == 1
    assert logged_in_user_id(browser) == str(user.pk)
    assert user.verifications.count() == 1  # already verified: no new evidence row per login


@e2e
def test_email_of_an_unverified_account_is_not_merged_silently(live_server, oidc_configured, hromada):
    existing = UserFactory(hromada=hromada, email=OLENA["claims"]["email"])
    browser = browser_for(live_server)

    response = oidc_round_trip(browser, live_server, OLENA)

    assert response.status_code == 409
    assert "Спочатку увійдіть у нього, а потім підтвердьте особу" in response.text
    existing.refresh_from_db()
    assert existing.verification_level == VerificationLevel.NONE
    assert existing.national_id_hash is None
    assert User.objects.count() == 1
    assert logged_in_user_id(browser) is None


@e2e
def test_provider_error_answer_is_shown_clearly(live_server, oidc_configured, hromada):
    browser = browser_for(live_server)
    authorize_url = browser.get(start_url(live_server), allow_redirects=False).headers["Location"]
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]

    response = browser.get(
        f"{live_server.url}/accounts/oidc/{KEY}/callback/?"
        + urlencode({"error": "access_denied", "error_description": "cancelled", "state": state}),
        allow_redirects=False,
    )

    assert response.status_code == 400
    assert "Особу не підтверджено через" in response.text


@e2e
def test_logging_in_with_a_password_during_the_check_is_refused(live_server, oidc_configured, hromada):
    resident = UserFactory(hromada=hromada)
    browser = browser_for(live_server)
    callback_url = log_in_at_provider(browser, live_server, TARAS)
    log_in_here(browser, live_server, resident)  # e.g. in another tab, before the provider sent them back

    response = browser.get(callback_url, allow_redirects=False)

    assert response.status_code == 400
    assert "Під час перевірки особи ви увійшли до облікового запису або вийшли з нього." in response.text
    resident.refresh_from_db()
    assert resident.national_id_hash is None
    assert resident.verification_level == VerificationLevel.NONE


@e2e
def test_start_and_callback_are_rate_limited(live_server, oidc_configured, hromada):
    browser = browser_for(live_server)
    statuses = [browser.get(start_url(live_server), allow_redirects=False).status_code for _ in range(21)]

    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


@e2e
def test_unknown_provider_is_a_clear_404(live_server, oidc_configured, hromada):
    browser = browser_for(live_server)

    response = browser.get(f"{live_server.url}/accounts/oidc/nosuch/start/", allow_redirects=False)

    assert response.status_code == 404
    assert "Такого сервісу електронної ідентифікації немає." in response.text


# ---------------------------------------------------------------------------------------------------------
# ID token checks, with tokens signed here


ISSUER = "https://id.example.org"
NONCE = "n-0S6_WzA2Mj"


@pytest.fixture(scope="module")
def signing_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "k1"})


def _public(key: RSAKey) -> KeySet:
    return KeySet([RSAKey.import_key(key.as_dict(private=False))])


def _sign(key: RSAKey, **overrides: object) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": "42", "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": NONCE}
    claims.update(overrides)
    present = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode({"alg": "RS256", "kid": key.kid}, present, key)


def test_valid_id_token_gives_its_claims(signing_key):
    token = _sign(signing_key, drfo_code="3123456789")

    claims = oidc_id_token_claims(
        id_token=token, keys=_public(signing_key), issuer=ISSUER, client_id=CLIENT_ID, nonce=NONCE
    )

    assert claims["drfo_code"] == "3123456789"


HOUR_AGO, IN_AN_HOUR = (
    "hour ago",
    "in an hour",
)  # resolved when signing, so test ids never depend on the clock


@pytest.mark.parametrize(
    "overrides",
    [
        {"nonce": "replayed"},
        {"nonce": None},
        {"aud": "another-client"},
        {"aud": [CLIENT_ID, "another-client"]},  # several audiences need azp = us
        {"iss": "https://evil.example.org"},
        {"exp": HOUR_AGO},
        {"exp": None},
        {"iat": IN_AN_HOUR},
        {"sub": None},
    ],
    ids=repr,
)
def test_id_token_with_wrong_claims_is_rejected(signing_key, overrides):
    offsets = {HOUR_AGO: -3600, IN_AN_HOUR: 3600}
    claims = {
        name: int(time.time()) + offsets[value] if isinstance(value, str) and value in offsets else value
        for name, value in overrides.items()
    }
    token = _sign(signing_key, **claims)

    with pytest.raises((JoseError, ValueError)):
        oidc_id_token_claims(
            id_token=token, keys=_public(signing_key), issuer=ISSUER, client_id=CLIENT_ID, nonce=NONCE
        )


def test_id_token_signed_by_another_key_is_rejected(signing_key):
    forger = RSAKey.generate_key(2048, parameters={"kid": signing_key.kid})

    with pytest.raises(JoseError):
        oidc_id_token_claims(
            id_token=_sign(forger), keys=_public(signing_key), issuer=ISSUER, client_id=CLIENT_ID, nonce=NONCE
        )


def test_unsigned_id_token_is_rejected(signing_key):
    genuine = _sign(signing_key)
    _header, payload, _signature = genuine.split(".")
    none_header = base64.urlsafe_b64encode(b'{"alg":"none"}').rstrip(b"=").decode()
    unsigned = f"{none_header}.{payload}."

    with pytest.raises(JoseError):
        oidc_id_token_claims(
            id_token=unsigned, keys=_public(signing_key), issuer=ISSUER, client_id=CLIENT_ID, nonce=NONCE
        )


# ---------------------------------------------------------------------------------------------------------
# Configuration


def _entry(**changes: object) -> dict:
    entry = {
        "key": "bankid",
        "name": "BankID",
        "discovery_url": "https://id.example.org/.well-known/openid-configuration",
        "client_id": "c",
        "client_secret": "s",
        "identifier_claim": "rnokpp",
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v is not None}


def test_provider_configuration_is_parsed_with_defaults():
    providers = oidc_providers_parse(json.dumps([_entry(), _entry(key="diia", name="Дія")]))

    assert list(providers) == ["bankid", "diia"]
    assert providers["bankid"].scope == "openid profile email"
    assert providers["bankid"].issuer == "https://id.example.org"
    assert (providers["diia"].name_claim, providers["diia"].email_claim) == ("name", "email")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"key": "x"}), "must be a JSON list"),
        (json.dumps([_entry(client_secret=None)]), "'bankid'"),
        (json.dumps([_entry(client_secret=None)]), "'client_secret'"),
        (json.dumps([_entry(identifer_claim="x")]), "unknown field(s) identifer_claim"),
        (
            json.dumps([_entry(discovery_url="http://id.example.org/.well-known/openid-configuration")]),
            "https",
        ),
        (json.dumps([_entry(discovery_url="https://id.example.org/")]), "must end with"),
        (json.dumps([_entry(key="bank id")]), "URL slug"),
        (json.dumps([_entry(scope="profile")]), "'openid'"),
        (json.dumps([_entry(client_id=7)]), "'client_id' must be a non-empty string"),
        (json.dumps([_entry(), _entry()]), "repeats the key"),
    ],
)
def test_bad_provider_configuration_names_the_problem(raw, expected):
    with pytest.raises(ImproperlyConfigured, match=re.escape(expected)):
        oidc_providers_parse(raw)

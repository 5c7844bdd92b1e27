"""Strong identity through OpenID Connect: provider settings, the authorization-code flow, the action.

Residents raise their verification level to "identity verified" by logging in at a national identity
gateway (id.gov.ua, BankID, Diia …). We act as a relying party: authorization code flow with PKCE (S256),
`state` and `nonce`; the ID token's signature is checked against the provider's published keys (JWKS, found
through discovery), and its issuer, audience, expiry and nonce are checked too. The identifier claim
(РНОКПП) is stored only as the peppered hash `User.national_id_hash`: one person, one account.

This module talks to the provider and reads the claims; it writes nothing. What the claims do to accounts
is the action `hromada.accounts.actions.user_verify_oidc`.

Providers come from `settings.HROMADA_OIDC_PROVIDERS_JSON` (env HROMADA_OIDC_PROVIDERS); see
docs/accounts.md ("Identity providers").
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, NoReturn
from urllib.parse import quote, urlencode, urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from hromada.core.errors import ApplicationError, NotFoundError

logger = logging.getLogger(__name__)

DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
HTTP_TIMEOUT_SECONDS = 10
METADATA_CACHE_SECONDS = 60 * 60
FLOW_MAX_AGE_SECONDS = 15 * 60
CLOCK_LEEWAY_SECONDS = 60
# Asymmetric signatures only: "none" and client-secret HMACs are never accepted for an ID token.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


# ---------------------------------------------------------------------------------------------------------
# Configuration


@dataclass(frozen=True)
class OidcProvider:
    """One configured identity provider (an entry of HROMADA_OIDC_PROVIDERS)."""

    key: str
    name: str
    discovery_url: str
    client_id: str
    client_secret: str
    identifier_claim: str
    scope: str = "openid profile email"
    name_claim: str = "name"
    email_claim: str = "email"
    birthdate_claim: str = "birthdate"

    @property
    def issuer(self) -> str:
        """The issuer the discovery document and every ID token must name (OIDC Discovery §4.3)."""
        return self.discovery_url[: -len(DISCOVERY_SUFFIX)]


_REQUIRED_FIELDS = ("key", "name", "discovery_url", "client_id", "client_secret", "identifier_claim")
_KNOWN_FIELDS = tuple(f.name for f in fields(OidcProvider))
_KEY_MAX_LENGTH = 60  # VerificationRecord.provider


def _is_secure_or_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS)


def _provider_from_entry(entry: object, index: int) -> OidcProvider:
    where = f"HROMADA_OIDC_PROVIDERS[{index}]"
    if not isinstance(entry, dict):
        raise ImproperlyConfigured(f"{where} must be a JSON object, not {type(entry).__name__}.")
    if isinstance(entry.get("key"), str):
        where = f"{where} (key {entry['key']!r})"
    unknown = sorted(set(entry) - set(_KNOWN_FIELDS))
    if unknown:
        raise ImproperlyConfigured(
            f"{where} has unknown field(s) {', '.join(unknown)}; known fields: {', '.join(_KNOWN_FIELDS)}."
        )
    for name in _REQUIRED_FIELDS:
        if name not in entry:
            raise ImproperlyConfigured(f"{where} lacks the required field {name!r}.")
    for name, value in entry.items():
        if not isinstance(value, str) or not value.strip():
            raise ImproperlyConfigured(f"{where} field {name!r} must be a non-empty string.")
    provider = OidcProvider(**{name: value.strip() for name, value in entry.items()})
    key = provider.key
    if len(key) > _KEY_MAX_LENGTH or not key.replace("-", "").replace("_", "").isalnum() or not key.isascii():
        raise ImproperlyConfigured(
            f"{where} field 'key' must be a URL slug (latin letters, digits, '-', '_'; at most "
            f"{_KEY_MAX_LENGTH} characters)."
        )
    if not provider.discovery_url.endswith(DISCOVERY_SUFFIX):
        raise ImproperlyConfigured(f"{where} field 'discovery_url' must end with {DISCOVERY_SUFFIX!r}.")
    if not _is_secure_or_loopback(provider.discovery_url):
        raise ImproperlyConfigured(
            f"{where} field 'discovery_url' must use https (plain http only for 127.0.0.1/localhost)."
        )
    if "openid" not in provider.scope.split():
        raise ImproperlyConfigured(f"{where} field 'scope' must include 'openid'.")
    return provider


@functools.lru_cache(maxsize=8)
def oidc_providers_parse(raw: str) -> dict[str, OidcProvider]:
    """Parse and validate the JSON list of providers; raises ImproperlyConfigured naming the bad entry."""
    try:
        data = json.loads(raw or "[]")
    except ValueError as exc:
        raise ImproperlyConfigured(f"HROMADA_OIDC_PROVIDERS is not valid JSON: {exc}") from exc
    if not isinstance(data, list):
        raise ImproperlyConfigured("HROMADA_OIDC_PROVIDERS must be a JSON list of provider objects.")
    providers: dict[str, OidcProvider] = {}
    for index, entry in enumerate(data):
        provider = _provider_from_entry(entry, index)
        if provider.key in providers:
            raise ImproperlyConfigured(
                f"HROMADA_OIDC_PROVIDERS[{index}] (key {provider.key!r}) repeats the key of an earlier "
                "provider."
            )
        providers[provider.key] = provider
    return providers


def oidc_providers() -> dict[str, OidcProvider]:
    """The configured providers by key, in configuration order (for the buttons on the verification page)."""
    return oidc_providers_parse(settings.HROMADA_OIDC_PROVIDERS_JSON)


def oidc_provider_get(*, key: str) -> OidcProvider:
    provider = oidc_providers().get(key)
    if provider is None:
        raise NotFoundError(_("There is no such identity provider."), code="oidc_unknown_provider")
    return provider


# ---------------------------------------------------------------------------------------------------------
# Errors: one clear message for the person, the technical detail only in the log


class OidcError(ApplicationError):
    default_code = "oidc_failed"


def oidc_refuse(provider: OidcProvider, message: str, *, code: str, detail: str) -> NoReturn:
    """Log the technical detail (never claim values) and refuse with one sentence for the person."""
    logger.warning("OIDC login with %s refused (%s): %s", provider.key, code, detail)
    raise OidcError(message, code=code)


def _provider_trouble(provider: OidcProvider, *, detail: str) -> NoReturn:
    oidc_refuse(
        provider,
        _("We could not complete the check with %(provider)s. Please try again in a few minutes.")
        % {"provider": provider.name},
        code="oidc_provider_unavailable",
        detail=detail,
    )


def _answer_not_trusted(provider: OidcProvider, *, detail: str) -> NoReturn:
    oidc_refuse(
        provider,
        _("The answer from %(provider)s could not be verified, so we did not accept it. Please try again.")
        % {"provider": provider.name},
        code="oidc_bad_token",
        detail=detail,
    )


# ---------------------------------------------------------------------------------------------------------
# Talking to the provider


def _get_json(provider: OidcProvider, url: str, *, what: str, headers: dict[str, str] | None = None) -> Any:
    try:
        response = requests.get(
            url, headers={"Accept": "application/json", **(headers or {})}, timeout=HTTP_TIMEOUT_SECONDS
        )
    except requests.RequestException as exc:
        _provider_trouble(provider, detail=f"{what} {url}: {exc}")
    if response.status_code != 200:
        detail = f"{what} {url}: HTTP {response.status_code} {response.text[:300]!r}"
        _provider_trouble(provider, detail=detail)
    try:
        return response.json()
    except ValueError:
        _provider_trouble(provider, detail=f"{what} {url}: not JSON")


def _cache_key(kind: str, url: str) -> str:
    return f"hromada.oidc.{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def oidc_metadata(provider: OidcProvider) -> dict[str, Any]:
    """The provider's discovery document (cached for an hour), checked for what the flow needs."""
    key = _cache_key("metadata", provider.discovery_url)
    metadata = cache.get(key)
    if metadata is not None:
        return metadata
    metadata = _get_json(provider, provider.discovery_url, what="discovery")
    if not isinstance(metadata, dict):
        _provider_trouble(provider, detail="discovery document is not a JSON object")
    for name in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
        value = metadata.get(name)
        if not isinstance(value, str) or not _is_secure_or_loopback(value):
            _provider_trouble(provider, detail=f"discovery field {name!r} missing or not https: {value!r}")
    if metadata["issuer"].rstrip("/") != provider.issuer.rstrip("/"):
        _provider_trouble(
            provider,
            detail=f"discovery issuer {metadata['issuer']!r} does not match {provider.discovery_url!r}",
        )
    cache.set(key, metadata, METADATA_CACHE_SECONDS)
    return metadata


def _signing_keys(provider: OidcProvider, metadata: dict[str, Any], *, refresh: bool = False) -> KeySet:
    key = _cache_key("jwks", metadata["jwks_uri"])
    cached = None if refresh else cache.get(key)
    document = cached if cached is not None else _get_json(provider, metadata["jwks_uri"], what="jwks")
    try:
        keys = KeySet.import_key_set(document)
    except (JoseError, KeyError, TypeError, ValueError) as exc:
        _provider_trouble(provider, detail=f"unusable JWKS: {exc!r}")
    if cached is None:  # cache only a key set that could be used
        cache.set(key, document, METADATA_CACHE_SECONDS)
    return keys


def _signing_algorithms(provider: OidcProvider, metadata: dict[str, Any]) -> list[str]:
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    usable = [alg for alg in SIGNING_ALGORITHMS if alg in offered]
    if not usable:
        _provider_trouble(provider, detail=f"no acceptable ID token signing algorithm among {offered!r}")
    return usable


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class OidcPending:
    """What a started login must remember until the provider sends the person back (kept in the session)."""

    provider_key: str
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    user_id: int | None
    next_url: str
    started_at: float

    def as_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: object) -> OidcPending | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(**data)
        except TypeError:
            return None


def oidc_flow_begin(
    *, provider: OidcProvider, redirect_uri: str, user_id: int | None, next_url: str = ""
) -> tuple[str, OidcPending]:
    """The provider's authorization URL to send the person to, and what to remember until they return."""
    metadata = oidc_metadata(provider)
    pending = OidcPending(
        provider_key=provider.key,
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        code_verifier=secrets.token_urlsafe(64),
        redirect_uri=redirect_uri,
        user_id=user_id,
        next_url=next_url,
        started_at=time.time(),
    )
    params = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scope,
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": _b64url(hashlib.sha256(pending.code_verifier.encode("ascii")).digest()),
        "code_challenge_method": "S256",
    }
    endpoint = metadata["authorization_endpoint"]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}", pending


def oidc_id_token_claims(
    *,
    id_token: str,
    keys: KeySet,
    issuer: str,
    client_id: str,
    nonce: str,
    algorithms: list[str] | tuple[str, ...] = SIGNING_ALGORITHMS,
    now: int | None = None,
) -> dict[str, Any]:
    """The claims of a verified ID token: signature by one of `keys`, issuer, audience, expiry, nonce.

    Raises joserfc's JoseError (InvalidKeyIdError when no key has the token's `kid`) or ValueError.
    """
    token = jwt.decode(id_token, keys, algorithms=list(algorithms))
    claims = token.claims
    registry = jwt.JWTClaimsRegistry(
        now=now,
        leeway=CLOCK_LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        sub={"essential": True},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    registry.validate(claims)
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if ("azp" in claims or len(audiences) > 1) and claims.get("azp") != client_id:
        raise ValueError(f"azp {claims.get('azp')!r} is not our client")
    return claims


def _token_request(
    provider: OidcProvider, metadata: dict[str, Any], *, code: str, pending: OidcPending
) -> dict[str, Any]:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": pending.redirect_uri,
        "code_verifier": pending.code_verifier,
    }
    auth = None
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" in methods:  # RFC 6749 §2.3.1: form-encode before Basic
        auth = (quote(provider.client_id, safe=""), quote(provider.client_secret, safe=""))
    else:
        data.update(client_id=provider.client_id, client_secret=provider.client_secret)
    try:
        response = requests.post(
            metadata["token_endpoint"],
            data=data,
            auth=auth,
            headers={"Accept": "application/json"},
            timeout=HTTP_TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        _provider_trouble(provider, detail=f"token endpoint: {exc}")
    if response.status_code != 200:
        _provider_trouble(
            provider, detail=f"token endpoint: HTTP {response.status_code} {response.text[:300]!r}"
        )
    try:
        tokens = response.json()
    except ValueError:
        _provider_trouble(provider, detail="token endpoint: not JSON")
    if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        _answer_not_trusted(provider, detail="token response has no id_token")
    return tokens


def _verified_id_claims(
    provider: OidcProvider, metadata: dict[str, Any], *, id_token: str, nonce: str
) -> dict[str, Any]:
    algorithms = _signing_algorithms(provider, metadata)
    verify = functools.partial(
        oidc_id_token_claims,
        id_token=id_token,
        issuer=metadata["issuer"],
        client_id=provider.client_id,
        nonce=nonce,
        algorithms=algorithms,
    )
    try:
        try:
            return verify(keys=_signing_keys(provider, metadata))
        except InvalidKeyIdError:  # the provider may have rotated its keys since we cached them
            return verify(keys=_signing_keys(provider, metadata, refresh=True))
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        _answer_not_trusted(provider, detail=f"ID token rejected: {exc!r}")


def _userinfo_claims(
    provider: OidcProvider, metadata: dict[str, Any], *, tokens: dict[str, Any], sub: str
) -> dict[str, Any]:
    endpoint = metadata.get("userinfo_endpoint")
    access_token = tokens.get("access_token")
    if not endpoint or not isinstance(access_token, str):
        return {}
    if not _is_secure_or_loopback(endpoint):
        _provider_trouble(provider, detail=f"userinfo endpoint not https: {endpoint!r}")
    claims = _get_json(
        provider, endpoint, what="userinfo", headers={"Authorization": f"Bearer {access_token}"}
    )
    if not isinstance(claims, dict):
        _answer_not_trusted(provider, detail="userinfo is not a JSON object")
    if claims.get("sub") != sub:  # OIDC Core §5.3.2: must be the ID token's subject
        _answer_not_trusted(provider, detail="userinfo sub differs from the ID token's")
    return claims


def oidc_flow_complete(
    *, provider: OidcProvider, pending: OidcPending | None, params: Mapping[str, str], user_id: int | None
) -> dict[str, Any]:
    """Check the provider's redirect against the started login, redeem the code and return verified claims.

    Claims come from the signed ID token, completed by the userinfo endpoint (the ID token wins).
    """
    if (
        pending is None
        or pending.provider_key != provider.key
        or time.time() - pending.started_at > FLOW_MAX_AGE_SECONDS
        or not hmac.compare_digest(str(params.get("state", "")), pending.state)
    ):
        oidc_refuse(
            provider,
            _("This identity check has expired or was started in another window. Please start again."),
            code="oidc_state_mismatch",
            detail="no pending login" if pending is None else "state missing, different, or expired",
        )
    if params.get("error"):
        oidc_refuse(
            provider,
            _(
                "%(provider)s did not confirm your identity: the check was cancelled or refused. You can try "
                "again."
            )
            % {"provider": provider.name},
            code="oidc_denied",
            detail=f"error={params.get('error')!r} description={params.get('error_description', '')[:300]!r}",
        )
    if pending.user_id != user_id:
        oidc_refuse(
            provider,
            _("You logged in or out while the identity check was in progress. Please start again."),
            code="oidc_session_changed",
            detail=f"started as user {pending.user_id}, returned as {user_id}",
        )
    code = params.get("code", "")
    if not code:
        _answer_not_trusted(provider, detail="redirect without a code")
    metadata = oidc_metadata(provider)
    tokens = _token_request(provider, metadata, code=code, pending=pending)
    id_claims = _verified_id_claims(provider, metadata, id_token=tokens["id_token"], nonce=pending.nonce)
    userinfo = _userinfo_claims(provider, metadata, tokens=tokens, sub=id_claims["sub"])
    return {**userinfo, **id_claims}


# ---------------------------------------------------------------------------------------------------------
# Reading the person from the claims (the writes are in actions.py: user_verify_oidc)


@dataclass(frozen=True)
class OidcPerson:
    """What the claims say about the person (the identifier not yet checked)."""

    identifier: str
    full_name: str
    email: str
    birth_date: dt.date | None


def _claim_text(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def _birth_date(value: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            date = dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date, no time of day)
        except ValueError:
            continue
        return date if date.year >= 1900 and date <= timezone.localdate() else None
    return None


def oidc_person_from_claims(provider: OidcProvider, claims: Mapping[str, Any]) -> OidcPerson:
    full_name = _claim_text(claims, provider.name_claim)
    if not full_name:
        parts = (_claim_text(claims, n) for n in ("family_name", "given_name", "middle_name"))
        full_name = " ".join(part for part in parts if part)
    email = _claim_text(claims, provider.email_claim).lower()
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    return OidcPerson(
        identifier=_claim_text(claims, provider.identifier_claim),
        full_name=full_name[:200],
        email=email,
        birth_date=_birth_date(_claim_text(claims, provider.birthdate_claim)),
    )

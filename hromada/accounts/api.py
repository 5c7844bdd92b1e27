import datetime as dt
from typing import Any

from ninja import Router, Schema, Status
from pydantic import Field

from hromada.core import ratelimit
from hromada.core.api import ErrorOut, Id, Text
from hromada.core.http import HromadaRequest

from .actions import api_token_create, api_token_revoke
from .api_auth import session_or_token
from .selectors import api_tokens_of

router = Router(tags=["me"], auth=session_or_token)


class MeOut(Schema):
    id: int
    full_name: str
    email: str | None
    phone: str | None
    verification_level: int
    verification_label: str
    hromada: str | None
    district: str | None
    preferred_language: str

    @staticmethod
    def resolve_verification_label(obj: Any) -> str:
        return str(obj.get_verification_level_display())

    @staticmethod
    def resolve_hromada(obj: Any) -> str | None:
        return obj.hromada.name if obj.hromada else None

    @staticmethod
    def resolve_district(obj: Any) -> str | None:
        return obj.district.name if obj.district else None


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The calling person")
def me(request: HromadaRequest) -> Any:
    return request.auth


class TokenIn(Schema):
    name: Text = Field(..., min_length=1, max_length=100)
    expires_at: dt.datetime | None = None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret; shown only in this response.")


@router.get("/me/tokens", response=list[TokenOut], summary="My API tokens")
def list_tokens(request: HromadaRequest) -> Any:
    return api_tokens_of(user=request.auth)


@router.post("/me/tokens", response={201: TokenCreatedOut, 400: ErrorOut}, summary="Issue an API token")
def create_token(request: HromadaRequest, payload: TokenIn) -> Any:
    ratelimit.check(request, "tokens", limit=10, window=3600)
    token, secret = api_token_create(
        user=request.auth,
        name=payload.name,
        expires_at=payload.expires_at,
        second_factor_passed=request.auth.is_verified(),
    )
    token.token = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/me/tokens/{token_id}", response={204: None, 404: ErrorOut}, summary="Revoke an API token")
def revoke_token(request: HromadaRequest, token_id: Id) -> Any:
    api_token_revoke(user=request.auth, token_id=token_id)
    return Status(204, None)

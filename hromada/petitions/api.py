"""The petitions API under /api/v1/petitions — a public contract that outside load tests rely on.

- ``GET  /api/v1/petitions`` — public petitions, paginated: ``{"items": [...], "count": N}``; filters
  ``status`` (repeatable), ``topic``, ``district``, ``addressee`` (kind or id), ``q`` (search), ``sort``
  (``new``, ``popular``, ``ending``, ``answer_due``), ``page`` (from 1), ``page_size`` (1–100, 20).
- ``GET  /api/v1/petitions/{id}`` — one petition with its counts, deadline clocks, answer and updates.
- ``GET  /api/v1/petitions/{id}/counts`` — valid signatures per day and per district (aggregated).
- ``POST /api/v1/petitions/{id}/signatures`` — sign (Bearer token or session + CSRF); body
  ``{"against": false, "show_name": false}`` (optional, JSON only: another type is refused with 415;
  without ``show_name: true`` the name is not shown). 201 with the signature and the ledger receipt;
  409 ``already_signed`` / ``not_collecting``; 403 ``not_eligible``; 401 without credentials; 429 when
  rate-limited. Errors use the common shape ``{"error": {"code", "message", "fields"}}``.
- ``GET  /api/v1/petitions/{id}/signatures/mine`` — the caller's signature (404 ``not_signed``).
- ``DELETE /api/v1/petitions/{id}/signatures/mine`` — withdraw it while collecting (200 with the
  withdrawn signature).

Public counts are aggregated every few seconds: a new signature shows in ``signatures`` within ~10 s.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from hromada.accounts.actions import UnresolvedToken
from hromada.accounts.api_auth import ActiveSession
from hromada.core import ratelimit
from hromada.core.api import ErrorOut, Id, json_body
from hromada.core.clientip import client_address
from hromada.core.errors import ApplicationError, NotFoundError
from hromada.core.http import HromadaRequest, hromada_of
from hromada.core.ids import parse_id

from . import selectors
from .actions import signature_submit, signature_withdraw
from .models import AddresseeKind, Channel, Petition, Signature

router = Router(tags=["petitions"])

TOKEN_CACHE_SECONDS = 30.0
TOKEN_CACHE_SIZE = 50_000


class CachedBearerToken(HttpBearer):
    """``Authorization: Bearer hrm_…`` with the token → person mapping cached per process for 30 s.

    Signing under a surge must not look the token up on every request: a token seen in the last 30 s is
    trusted without the token query (so a revoked token keeps working for at most 30 s on a node that saw
    it). The person is read afresh on every request (one query by primary key), so eligibility is always
    checked against the current verification level, birth date, hromada and active flag. Cached keys are
    SHA-256 digests, never the secrets.
    """

    _cache: dict[str, tuple[float, int]] = {}
    _lock = threading.Lock()

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from hromada.accounts.actions import api_token_authenticate
        from hromada.accounts.selectors import active_person

        key = UnresolvedToken.of(token)
        user_id = self.cached(key)
        if user_id is not None:
            user = active_person(user_id=user_id)
        else:
            user = api_token_authenticate(secret=token)
            if user is not None and key is not None:
                self.remember(key, user.pk)
        if user is None:
            return None
        request.user = user
        ratelimit.charge_deferred_write(user_id=user.pk)  # the write limit counts per person
        return user

    @classmethod
    def cached(cls, token: UnresolvedToken | None) -> int | None:
        """The person id of a token seen in the last 30 s."""
        hit = cls._cache.get(token.digest) if token is not None else None
        return hit[1] if hit is not None and hit[0] > time.monotonic() else None

    @classmethod
    def remember(cls, token: UnresolvedToken, user_id: int) -> None:
        with cls._lock:
            if len(cls._cache) >= TOKEN_CACHE_SIZE:
                cls._cache.clear()
            cls._cache[token.digest] = (time.monotonic() + TOKEN_CACHE_SECONDS, user_id)

    @classmethod
    def forget_all(cls) -> None:
        with cls._lock:
            cls._cache.clear()


class SignerToken(CachedBearerToken):
    """:class:`CachedBearerToken` for the signing POST, which signs in batches: a cached token gives the
    person's id, a token not seen yet is passed on unresolved, and the batch resolves its tokens and reads
    its signers in one query each (the person still read afresh for every request). An unknown, revoked
    or expired token is answered 401 by the batch; the view remembers the tokens it signed with."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = UnresolvedToken.of(token)
        user_id = self.cached(key)
        return user_id if user_id is not None else key


signing_auth = [CachedBearerToken(), ActiveSession()]
signing_post_auth = [SignerToken(), ActiveSession()]


# ------------------------------------------------------------------------------------------- schemas


class NamedRef(Schema):
    id: int
    name: str


class AddresseeRef(Schema):
    id: int
    kind: str
    name: str


class PetitionItem(Schema):
    id: int
    title: str
    status: str
    topic: str
    district: NamedRef | None
    addressee: AddresseeRef
    signatures: int
    signatures_against: int
    threshold: int | None
    rules_version: int | None
    published_at: dt.datetime | None
    collection_ends_at: dt.datetime | None
    threshold_reached_at: dt.datetime | None
    answer_due_at: dt.datetime | None
    answered_at: dt.datetime | None
    url: str


class PetitionList(Schema):
    items: list[PetitionItem]
    count: int


class ClockOut(Schema):
    kind: str
    started: dt.datetime
    due: dt.datetime
    stopped: dt.datetime | None
    working_days_left: int
    overdue: bool
    late: bool


class RejectionOut(Schema):
    reason: str
    label: str
    text: str
    duplicate_of: int | None


class AnswerOut(Schema):
    decision: str
    text: str
    answered_at: dt.datetime
    on_time: bool
    document: str | None


class UpdateOut(Schema):
    text: str
    created_at: dt.datetime


class PetitionOut(PetitionItem):
    text: str
    counted_at: dt.datetime | None
    forwarded_at: dt.datetime | None
    expired_at: dt.datetime | None
    rejected_at: dt.datetime | None
    rejection: RejectionOut | None
    clocks: list[ClockOut]
    answer: AnswerOut | None
    updates: list[UpdateOut]


class DayCount(Schema):
    day: dt.date
    signatures: int
    against: int


class DistrictCount(Schema):
    district: NamedRef | None
    signatures: int
    against: int


class CountsOut(Schema):
    signatures: int
    against: int
    counted_at: dt.datetime | None
    by_day: list[DayCount]
    by_district: list[DistrictCount]


class SignIn(Schema):
    against: bool = False
    show_name: bool = Field(default=False, description="Show my name among the signatories (default: no)")


class SignatureOut(Schema):
    id: int
    petition: int
    status: str
    against: bool
    show_name: bool
    signed_at: dt.datetime


class SignatureReceiptOut(Schema):
    id: int | None = Field(description="The ledger receipt id (the pending entry; its index comes later).")
    personal_receipt: int | None
    download_url: str | None
    kind: str | None = None
    entry: str | None = None
    leaf_hash: str | None = None
    people: list[dict[str, str]] = []


class SignedOut(Schema):
    signature: SignatureOut
    receipt: SignatureReceiptOut


class WithdrawnOut(Schema):
    signature: SignatureOut


class ListFilters(Schema):
    status: list[str] = Field(default_factory=list)
    topic: str | None = None
    district: Id | None = None
    addressee: str | None = None
    q: str = Field(default="", max_length=200)
    sort: Literal["new", "popular", "ending", "answer_due"] = "new"
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, ge=1, le=100)


# ---------------------------------------------------------------------------------------- rendering


def _item(p: Petition) -> dict[str, Any]:
    tally = getattr(p, "tally", None)
    return {
        "id": p.pk,
        "title": p.title,
        "status": p.status,
        "topic": p.topic,
        "district": {"id": p.district.pk, "name": p.district.name} if p.district else None,
        "addressee": {"id": p.addressee.pk, "kind": p.addressee.kind, "name": p.addressee.name},
        "signatures": tally.count_for if tally else 0,
        "signatures_against": tally.count_against if tally else 0,
        "threshold": p.rules.signature_threshold if p.rules else None,
        "rules_version": p.rules.version if p.rules else None,
        "published_at": p.published_at,
        "collection_ends_at": p.collection_ends_at,
        "threshold_reached_at": p.threshold_reached_at,
        "answer_due_at": p.answer_due_at,
        "answered_at": p.answered_at,
        "url": f"/petitions/{p.pk}/",
    }


def _signature(s: Signature) -> dict[str, Any]:
    return {
        "id": s.pk,
        "petition": s.petition_id,
        "status": s.status,
        "against": s.against,
        "show_name": s.show_name,
        "signed_at": s.signed_at,
    }


# ------------------------------------------------------------------------------------------ endpoints


@router.get("", response={200: PetitionList, 400: ErrorOut}, summary="Public petitions (paginated)")
def petition_list(request: HromadaRequest, filters: Query[ListFilters]) -> Any:
    hromada = hromada_of(request)
    addressee_id: int | None = None
    if filters.addressee:
        if filters.addressee.isdigit():
            addressee_id = parse_id(filters.addressee) or -1  # not an id of ours: nothing matches
        elif filters.addressee in AddresseeKind.values:
            addressee_id = (
                selectors.addressees_of(hromada=hromada, active_only=False)
                .filter(kind=filters.addressee)
                .values_list("pk", flat=True)
                .first()
            ) or -1
        else:
            addressee_id = -1
    qs = selectors.petition_list(
        hromada=hromada,
        status=filters.status or None,
        topic=filters.topic,
        district_id=filters.district,
        addressee_id=addressee_id,
        query=filters.q,
        sort=filters.sort,
    )
    start = (filters.page - 1) * filters.page_size
    items = [_item(p) for p in selectors.petition_page(qs, start=start, size=filters.page_size)]
    return {"items": items, "count": qs.count()}


@router.get("/{petition_id}", response={200: PetitionOut, 404: ErrorOut}, summary="One petition")
def petition_detail(request: HromadaRequest, petition_id: Id) -> Any:
    detail = selectors.petition_detail(hromada=hromada_of(request), petition_id=petition_id, viewer=None)
    if detail is None:
        raise NotFoundError(_("No such petition."))
    p = detail.petition
    body = _item(p)
    body.update(
        text=p.text,
        counted_at=detail.counted_at,
        forwarded_at=p.forwarded_at,
        expired_at=p.expired_at,
        rejected_at=p.rejected_at,
        rejection=(
            {
                "reason": p.rejection_reason,
                "label": str(p.get_rejection_reason_display()),
                "text": p.rejection_text,
                "duplicate_of": p.duplicate_of_id,
            }
            if p.rejected_at
            else None
        ),
        clocks=[
            {
                "kind": c.kind,
                "started": c.started,
                "due": c.due,
                "stopped": c.stopped,
                "working_days_left": c.working_days_left,
                "overdue": c.overdue,
                "late": c.late,
            }
            for c in detail.clocks
        ],
        answer=(
            {
                "decision": detail.answer.decision,
                "text": detail.answer.text,
                "answered_at": detail.answer.answered_at,
                "on_time": detail.answer.on_time,
                "document": detail.answer.document_url() if detail.answer.document else None,
            }
            if detail.answer
            else None
        ),
        updates=[{"text": u.text, "created_at": u.created_at} for u in detail.updates],
    )
    return body


@router.get(
    "/{petition_id}/counts", response={200: CountsOut, 404: ErrorOut}, summary="Counts per day/district"
)
def petition_counts(request: HromadaRequest, petition_id: Id) -> Any:
    petition = selectors.petition_get(hromada=hromada_of(request), petition_id=petition_id)
    if petition is None:
        raise NotFoundError(_("No such petition."))
    tally = getattr(petition, "tally", None)
    return {
        "signatures": tally.count_for if tally else 0,
        "against": tally.count_against if tally else 0,
        "counted_at": tally.counted_at if tally else None,
        "by_day": [
            {"day": d.day, "signatures": d.count_for, "against": d.count_against}
            for d in selectors.counts_by_day(petition=petition)
        ],
        "by_district": [
            {
                "district": {"id": d.district.pk, "name": d.district.name} if d.district else None,
                "signatures": d.count_for,
                "against": d.count_against,
            }
            for d in selectors.counts_by_district(petition=petition)
        ],
    }


def _sign_input(request: HttpRequest) -> SignIn:
    """The optional JSON body of a signature (no body means the defaults, which are the private choices);
    a body that is not JSON is refused (415), never ignored."""
    raw = json_body(request)
    if not raw.strip():
        return SignIn()
    try:
        return SignIn.model_validate_json(raw)
    except PydanticValidationError as exc:
        raise ApplicationError(
            _("Some values are missing or invalid."),
            code="invalid",
            fields={".".join(str(p) for p in e["loc"]) or "__all__": [e["msg"]] for e in exc.errors()},
        ) from None


# Signing checks the per-account limit (`actions.signing._sign_rate_limits`) before it writes: the platform's
# per-address write limit is counted in the same upsert (one round trip instead of two).
ratelimit.fold_write_limit(r"/api/v1/petitions/\d+/signatures")


@router.post(
    "/{petition_id}/signatures",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": SignIn.model_json_schema()}},
        }
    },
    auth=signing_post_auth,
    response={
        201: SignedOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        415: ErrorOut,
        429: ErrorOut,
    },
    summary="Sign a petition",
)
def signature_create(request: HromadaRequest, petition_id: Id) -> Any:
    # A bad body of a request whose token is bad, and the batch's 401, are answered by the API's error
    # handlers as every 401 (accounts.api_auth.token_refused).
    signer = request.auth
    data = _sign_input(request)
    result = signature_submit(
        hromada=hromada_of(request),
        petition_id=petition_id,
        signer=signer,
        against=data.against,
        show_name=data.show_name,
        address=client_address(request),
        channel=Channel.API,
    )
    if isinstance(signer, UnresolvedToken):
        SignerToken.remember(signer, result.signature.signer_id)
    receipt = result.receipt
    personal = result.personal_receipt_id
    body = {
        "signature": _signature(result.signature),
        "receipt": {
            "id": receipt.receipt_id if receipt else None,
            "personal_receipt": personal,
            "download_url": f"/ledger/receipts/{personal}/download/" if personal else None,
            "kind": None,
            "entry": None,
            "leaf_hash": None,
            "people": [],
            **(
                {k: v for k, v in receipt.as_dict().items() if k in ("kind", "entry", "leaf_hash", "people")}
                if receipt
                else {}
            ),
        },
    }
    # The body is built to SignedOut exactly (test_signing_answer_matches_its_schema) and rendered as
    # ninja renders every answer, without validating it again: under a surge that check of our own
    # output cost more CPU than the rest of the view.
    return HttpResponse(
        json.dumps(body, cls=NinjaJSONEncoder), status=201, content_type="application/json; charset=utf-8"
    )


@router.get(
    "/{petition_id}/signatures/mine",
    auth=signing_auth,
    response={200: WithdrawnOut, 401: ErrorOut, 404: ErrorOut},
    summary="My signature under a petition",
)
def signature_mine(request: HromadaRequest, petition_id: Id) -> Any:
    petition = selectors.petition_get(hromada=hromada_of(request), petition_id=petition_id)
    signature = selectors.signature_of(petition=petition, signer=request.auth) if petition else None
    if signature is None:
        raise NotFoundError(_("You have not signed this petition."), code="not_signed")
    return {"signature": _signature(signature)}


@router.delete(
    "/{petition_id}/signatures/mine",
    auth=signing_auth,
    response={200: WithdrawnOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Withdraw my signature",
)
def signature_delete(request: HromadaRequest, petition_id: Id) -> Any:
    petition = selectors.petition_get(hromada=hromada_of(request), petition_id=petition_id)
    if petition is None:
        raise NotFoundError(_("No such petition."))
    signature = signature_withdraw(petition=petition, signer=request.auth)
    return {"signature": _signature(signature)}

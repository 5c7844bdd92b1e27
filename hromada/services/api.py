"""The services API under /api/v1/ (docs/services.md, "API"):

- ``GET  /api/v1/services`` — published services, paginated ``{"items", "count"}``; filters ``category``,
  ``situation``, ``q``, ``online``, ``page``, ``page_size``.
- ``GET  /api/v1/services/{code}`` — the card, tariffs with today's fee, and the current form definition.
- ``POST /api/v1/applications`` — file an application (bearer token or session + CSRF); body
  ``{"service", "data", "variant", "idempotency_key"}``; 201 with the number and access code; 400 with
  per-field errors; the same idempotency key gives back the same application (200).
- ``GET  /api/v1/applications/{number}?code=…`` — the status only (no personal data).
- ``GET  /api/v1/applications/mine`` — the caller's applications.
Files are attached on the site (the API takes JSON only).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from ninja import Query, Router, Schema, Status
from pydantic import Field

from hromada.accounts.api_auth import session_or_token
from hromada.core import clock, ratelimit
from hromada.core.api import ErrorOut, Text
from hromada.core.errors import NotFoundError
from hromada.core.http import HromadaRequest

from . import actions, selectors
from .models import Application, Service

router = Router(tags=["services"])


class ListFilters(Schema):
    q: Text = Field("", max_length=200, description="Words to find (synonyms and typos are understood)")
    category: str = ""
    situation: str = ""
    online: bool = False
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


class ServiceItem(Schema):
    code: str
    rap_id: str
    title: str
    provider: str
    categories: list[str]
    life_situations: list[str]
    online: bool
    unverified: list[str]


class ServiceList(Schema):
    items: list[ServiceItem]
    count: int


class TariffOut(Schema):
    variant: str
    term_value: int | None
    term_unit: str
    fee_formula: str
    fee_kop: int | None


class ServiceOut(ServiceItem):
    legal_basis: list[dict[str, Any]]
    documents: list[str]
    result: str
    refusal_grounds: list[str]
    technology_card: list[dict[str, Any]]
    term_text: str
    fee_text: str
    tariffs: list[TariffOut]
    definition_version: int | None
    definition: dict[str, Any] | None


class ApplicationIn(Schema):
    service: Text
    data: dict[str, Any] = {}
    variant: str = "regular"
    idempotency_key: Text = ""


class ApplicationOut(Schema):
    number: str
    access_code: str
    service: str
    status: str
    submitted_at: Any
    due_at: Any
    fee_kop: int | None


class StatusOut(Schema):
    number: str
    service: str
    status: str
    status_label: str
    submitted_at: Any
    due_at: Any
    decided_at: Any


def _item(s: Service) -> dict[str, Any]:
    return {
        "code": s.code,
        "rap_id": s.rap_id,
        "title": s.display_title((get_language() or "uk")[:2]),
        "provider": s.provider,
        "categories": s.categories,
        "life_situations": s.life_situations,
        "online": bool(getattr(s, "is_online", False)),
        "unverified": s.unverified,
    }


@router.get(
    "/services", response={200: ServiceList, 400: ErrorOut}, summary="The services catalogue (paginated)"
)
def service_list(request: HromadaRequest, filters: Query[ListFilters]) -> Any:
    services = selectors.service_list(
        hromada=request.hromada,
        query=filters.q,
        category=filters.category,
        life_situation=filters.situation,
        online=filters.online,
    )
    start = (filters.page - 1) * filters.page_size
    page = list(services[start : start + filters.page_size])
    return {"items": [_item(s) for s in page], "count": services.count()}


@router.get(
    "/services/{code}", response={200: ServiceOut, 404: ErrorOut}, summary="A service's card and form"
)
def service_detail(request: HromadaRequest, code: str) -> Any:
    service = selectors.service_get(hromada=request.hromada, code=code)
    if service is None:
        raise NotFoundError("No such service.")
    definition = selectors.definition_current(service=service)
    table = selectors.fee_table()
    today = clock.now().date()
    return {
        **_item(service),
        "legal_basis": service.legal_basis,
        "documents": service.documents,
        "result": service.result,
        "refusal_grounds": service.refusal_grounds,
        "technology_card": service.technology_card,
        "term_text": service.term_text,
        "fee_text": service.fee_text,
        "tariffs": [
            {
                "variant": t.variant,
                "term_value": t.term_value,
                "term_unit": t.term_unit,
                "fee_formula": t.fee_formula,
                "fee_kop": selectors.fee_for(tariff=t, on=today, table=table),
            }
            for t in service.tariffs.all()
        ],
        "definition_version": definition.version if definition else None,
        "definition": definition.spec if definition else None,
    }


def _out(a: Application) -> dict[str, Any]:
    return {
        "number": a.number,
        "access_code": a.access_code,
        "service": a.service.code,
        "status": a.status,
        "submitted_at": a.submitted_at,
        "due_at": a.due_at,
        "fee_kop": a.fee_kop,
    }


@router.post(
    "/applications",
    response={
        200: ApplicationOut,
        201: ApplicationOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
    },
    auth=session_or_token,
    summary="File an application",
)
def application_create(request: HromadaRequest, payload: ApplicationIn) -> Any:
    ratelimit.check(request, "services.api_apply", limit=20, window=60)
    service = selectors.service_get(hromada=request.hromada, code=payload.service)
    if service is None:
        raise NotFoundError("No such service.")
    person = request.auth
    earlier = selectors.application_by_key(applicant=person, key=payload.idempotency_key.strip())
    application = actions.application_submit(
        service=service,
        applicant=person,
        data=payload.data,
        variant=payload.variant,
        idempotency_key=payload.idempotency_key,
        channel="api",
    )
    status = 200 if earlier is not None and earlier.pk == application.pk else 201
    return Status(status, _out(application))


@router.get(
    "/applications/mine",
    response={200: list[ApplicationOut], 401: ErrorOut},
    auth=session_or_token,
    summary="My applications",
)
def applications_mine(request: HromadaRequest) -> Any:
    rows = selectors.applications_of(hromada=request.hromada, person=request.auth).exclude(status="draft")[
        :200
    ]
    return [_out(a) for a in rows]


@router.get(
    "/applications/{number}", response={200: StatusOut, 404: ErrorOut}, summary="Status by number and code"
)
def application_status(request: HromadaRequest, number: str, code: str = "") -> Any:
    ratelimit.check(request, "services.api_lookup", limit=30, window=60)
    found = selectors.application_by_number(hromada=request.hromada, number=number, access_code=code)
    if found is None:
        raise NotFoundError("No application has this number and access code.")
    return {
        "number": found.number,
        "service": found.service.code,
        "status": found.status,
        "status_label": str(found.get_status_display()),
        "submitted_at": found.submitted_at,
        "due_at": found.due_at,
        "decided_at": found.decided_at,
    }

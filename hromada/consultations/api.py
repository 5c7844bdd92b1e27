"""The module's API, mounted under /api/v1/ by the app's register_app call: thin, one selector or
action per operation, errors in the one shape of core/api.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from hromada.core.api import ErrorOut, Id, Page
from hromada.core.http import HromadaRequest

from .selectors import item_public_get, items_public

router = Router(tags=["consultations"])


class ConsultationsItemOut(Schema):
    id: int
    title: str
    status: str
    published_at: datetime | None


@router.get(
    "/items",
    response=list[ConsultationsItemOut],
    summary="Public items, newest first",
)
@paginate(Page)
def list_items(request: HromadaRequest) -> Any:
    return items_public(hromada=request.hromada)


@router.get(
    "/items/{item_id}",
    response={200: ConsultationsItemOut, 404: ErrorOut},
    summary="One public item",
)
def get_item(request: HromadaRequest, item_id: Id) -> Any:
    return item_public_get(hromada=request.hromada, pk=item_id)

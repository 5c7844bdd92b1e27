"""Enrollment in the JSON API: the rounds and each round's public export (the same as the page's download)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from hromada.core.http import hromada_of

from . import selectors

router = Router(tags=["enrollment"])


class RoundOut(Schema):
    slug: str
    title: str
    kind: str
    school_year: int
    status: str
    opens_at: str
    closes_at: str


@router.get("/rounds", response=list[RoundOut], auth=None)
def rounds(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": r.slug,
            "title": r.title,
            "kind": r.kind,
            "school_year": r.school_year,
            "status": r.status,
            "opens_at": r.opens_at.isoformat(),
            "closes_at": r.closes_at.isoformat(),
        }
        for r in selectors.rounds_public(hromada=hromada_of(request))[:100]
    ]


@router.get("/rounds/{slug}/export", auth=None)
def round_export(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The round's public inputs and result, format ``hromada-enrollment/1`` (see docs/enrollment.md)."""
    return selectors.round_export(round=selectors.round_get(hromada=hromada_of(request), slug=slug))

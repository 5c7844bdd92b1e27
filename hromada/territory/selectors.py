from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from hromada.core.geo import BBox, contains, inside_bbox
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada
from hromada.core.textsearch import query_stems

from .models import Department, District, Institution, Street
from .streets import Match, StreetRange, find_district, format_line


def districts_of(*, hromada: Hromada) -> QuerySet[District]:
    return District.objects.filter(hromada=hromada)


def departments_of(*, hromada: Hromada) -> QuerySet[Department]:
    return Department.objects.filter(hromada=hromada)


def institutions_search(
    *, hromada: Hromada, query: str = "", kind: str = "", district_id: int | None = None
) -> QuerySet[Institution]:
    """Active institutions of one hromada, filtered by words (every stem must match, so Ukrainian endings
    do not matter: :mod:`hromada.core.textsearch`), type and district."""
    qs = Institution.objects.filter(hromada=hromada, is_active=True).select_related("district")
    for stem in query_stems(query):
        qs = qs.filter(search_text__contains=stem)
    if kind:
        qs = qs.filter(kind=kind)
    if district_id:
        qs = qs.filter(district_id=district_id)
    return qs.order_by("name", "id")


def institution_points(
    *, hromada: Hromada, query: str = "", kind: str = "", district_id: int | None = None
) -> list[dict[str, Any]]:
    """Just what a map marker needs, as plain values (no model instances: the map asks for all of them)."""
    rows = institutions_search(hromada=hromada, query=query, kind=kind, district_id=district_id).values(
        "id", "name", "kind", "address", "phone", "lat", "lon", "district__name", "district__name_en"
    )
    return [dict(row) for row in rows]


def institutions_on_map(
    *, hromada: Hromada, bbox: BBox | None = None, kind: str = ""
) -> QuerySet[Institution, Any]:
    """Active institutions inside ``bbox`` (west, south, east, north) as plain values for map markers, by
    name (the city map pages through them)."""
    qs = Institution.objects.filter(hromada=hromada, is_active=True)
    qs = qs.filter(**inside_bbox(bbox))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name", "id").values("id", "name", "name_en", "kind", "address", "lat", "lon")


def institution_get(*, hromada: Hromada, institution_id: int) -> Institution | None:
    return (
        Institution.objects.filter(hromada=hromada, pk=institution_id, is_active=True)
        .select_related("district", "department")
        .first()
    )


def district_at(
    *, hromada: Hromada, lon: float, lat: float, among: Sequence[District] | None = None
) -> District | None:
    """The district whose boundary contains the point (the first by name when boundaries overlap).
    ``among``: the hromada's districts as ``districts_of`` gives them, already read (the chat bot reads
    them once for a batch of updates); otherwise they are read here."""
    for district in districts_of(hromada=hromada) if among is None else among:
        if contains(district.boundary, lon, lat):
            return district
    return None


# ------------------------------------------------------------------------------------ street lists


def _range(street: Street) -> StreetRange:
    return StreetRange.stored(
        name=street.name,
        key=street.key,
        kind=street.kind,
        number_from=street.number_from,
        number_to=street.number_to,
        parity=street.parity,
    )


def street_ranges(
    *, hromada: Hromada, exclude_district: District | None = None
) -> list[tuple[str, StreetRange]]:
    """Every listed street (range) of the hromada with its district's name, one query."""
    rows = Street.objects.filter(hromada=hromada).select_related("district")
    if exclude_district is not None and exclude_district.pk:
        rows = rows.exclude(district=exclude_district)
    return [(street.district.name, _range(street)) for street in rows]


def has_street_lists(*, hromada: Hromada) -> bool:
    return Street.objects.filter(hromada=hromada).exists()


def district_by_street(*, hromada: Hromada, address: str) -> Match[int] | None:
    """The district (its id) of a typed address by the hromada's street lists, one query: found, split
    (the street is in several districts and the house number does not decide), or unknown; None when the
    hromada has no street lists."""
    rows = Street.objects.filter(hromada=hromada).order_by("district__name", "key", "number_from")
    listed = [
        (
            district,
            StreetRange.stored(name=name, key=key, kind=kind, number_from=low, number_to=high, parity=side),
        )
        for district, name, key, kind, low, high, side in rows.values_list(
            "district_id", "name", "key", "kind", "number_from", "number_to", "parity"
        )
    ]
    return find_district(address, listed) if listed else None


def street_lines(*, district: District, language: str) -> str:
    """The district's street list as the lines officials edit (``territory/streets.py``)."""
    if not district.pk:
        return ""
    streets = Street.objects.filter(district=district).order_by("key", "number_from", "id")
    return "\n".join(format_line(_range(street), language) for street in streets)


# ------------------------------------------------------------------- indicators (insight, issue 19)


def indicator_institutions_complete(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Active institutions with opening hours and a location on the map, as a percentage (now)."""
    active = Institution.objects.filter(hromada=hromada, is_active=True)
    rows = list(active.values_list("opening_hours", "lat", "lon"))
    complete = sum(1 for hours, lat, lon in rows if any(hours.values() if hours else ()) and (lat or lon))
    return percent(complete, len(rows))

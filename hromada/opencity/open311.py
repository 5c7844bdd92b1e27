"""Open311 GeoReport v2 under /open311/v2/ (an interface: parse, call one selector or action, render).

Exactly the specification's field names, in JSON or XML by the path's extension; W3C datetimes with the
time zone; errors as ``[{"code", "description"}]`` (``<errors><error>…`` in XML) with the HTTP status in
``code``. ``jurisdiction_id`` (a hromada's slug) picks the hromada; without it the host does. POST
/requests takes a form-encoded body with the ``api_key`` of an application (issued in the back office,
rate-limited per key); GET is public and rate-limited per caller. ``lon`` is accepted as well as ``long``.
The FixMyStreet extension ``servicerequestupdates`` lists public updates. POST /requests may also be
multipart with up to three image files in ``media`` (the media-handling extension), cleaned as the web
form's photos are; a report's first published photo is its ``media_url`` when the client sent none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import wraps
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from hromada.core import clock, ratelimit
from hromada.core.errors import ApplicationError, RateLimitedError
from hromada.core.models import Hromada
from hromada.core.workdays import KYIV

from . import lifecycle, selectors
from .actions import report_create
from .actions.reports import MAX_PHOTOS
from .keys import api_key_hash
from .models import Category, Channel, CloseReason, LocationPrecision, Status, Update

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
MAX_REQUESTS = 1000
DEFAULT_DAYS = 90
GET_LIMIT = (600, 60)  # requests per caller per minute


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _w3c(moment: datetime | None) -> str | None:
    return moment.astimezone(KYIV).isoformat(timespec="seconds") if moment else None


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, list):
        for item in value:
            _xml_value(element, "value" if name == "values" else name.rstrip("s"), item)
    elif isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(element, key, inner)
    elif value is not None:
        element.text = str(value)


def _render(fmt: str, data: Any, *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "json":
        return HttpResponse(
            json.dumps(data, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
            status=status,
        )
    top = ET.Element(root)
    for entry in data if isinstance(data, list) else [data]:
        element = ET.SubElement(top, item) if isinstance(data, list) else top
        for key, value in entry.items():
            if key == "attributes" and isinstance(value, list):
                attributes = ET.SubElement(element, "attributes")
                for attribute in value:
                    node = ET.SubElement(attributes, "attribute")
                    for akey, avalue in attribute.items():
                        if akey == "values":
                            values = ET.SubElement(node, "values")
                            for option in avalue:
                                _xml_value(values, "value", option)
                        else:
                            _xml_value(node, akey, avalue)
            elif key == "endpoints" and isinstance(value, list):
                endpoints = ET.SubElement(element, "endpoints")
                for endpoint in value:
                    node = ET.SubElement(endpoints, "endpoint")
                    for ekey, evalue in endpoint.items():
                        if ekey == "formats":
                            formats = ET.SubElement(node, "formats")
                            for f in evalue:
                                _xml_value(formats, "format", f)
                        else:
                            _xml_value(node, ekey, evalue)
            else:
                _xml_value(element, key, value)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _render(
        fmt, [{"code": status, "description": description}], root="errors", item="error", status=status
    )


def endpoint(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """The hromada from ``jurisdiction_id`` or the host, rate limits, errors in the spec's shape."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            if request.method not in ("GET", "HEAD", "POST"):
                raise Open311Error(405, "Method not allowed.")
            if request.method != "POST":
                limit, window = GET_LIMIT
                ratelimit.check(request, "open311.get", limit=limit, window=window)
            hromada = _hromada(request)
            return view(request, fmt, hromada=hromada, **kwargs)
        except Open311Error as error:
            return _error(fmt, error.status, error.description)
        except RateLimitedError as error:
            response = _error(fmt, 429, str(error.message))
            response["Retry-After"] = str(error.retry_after)
            return response
        except ApplicationError as error:
            details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())
            return _error(fmt, error.status, f"{error.message} {details}".strip())

    return wrapped


def _hromada(request: HttpRequest) -> Hromada:
    jurisdiction = (
        request.POST.get("jurisdiction_id") if request.method == "POST" else None
    ) or request.GET.get("jurisdiction_id", "")
    if jurisdiction:
        found = Hromada.objects.filter(slug=jurisdiction.strip(), is_active=True).first()
        if found is None:
            raise Open311Error(404, "jurisdiction_id not found.")
        return found
    hromada = getattr(request, "hromada", None)
    if hromada is None:
        raise Open311Error(404, "jurisdiction_id not found.")
    return hromada


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or None,
        "metadata": bool(category.questions),
        "type": "realtime",
        "keywords": category.keywords or None,
        "group": category.group or None,
    }


def _photo_url(request: HttpRequest, report_id: int, photo_id: int | None) -> str | None:
    if photo_id is None:
        return None
    return request.build_absolute_uri(reverse("opencity:photo", args=[report_id, photo_id]))


def _request(
    row: dict[str, Any], labels: dict[str, str], reasons: dict[str, str], request: HttpRequest
) -> dict[str, Any]:
    """One request from ``selectors.open311_requests``' plain values; ``labels`` and ``reasons`` are the
    state and close-reason labels, translated once per response."""
    return {
        "service_request_id": str(row["pk"]),
        "status": lifecycle.open311_status(row["status"]),
        "status_notes": _status_notes(row, labels, reasons),
        "service_name": row["category__name"],
        "service_code": row["category__code"],
        "description": row["public_description"],
        "agency_responsible": row["department__name"] or row["category__company"] or None,
        "service_notice": None,
        "requested_datetime": _w3c(row["submitted_at"]),
        "updated_datetime": _w3c(row["status_changed_at"]),
        "expected_datetime": _w3c(row["due_at"]),
        "address": row["address"] or None,
        "address_id": None,
        "zipcode": None,
        "lat": row["lat"],
        "long": row["lon"],
        "media_url": row["media_url"] or _photo_url(request, row["pk"], row["photo_id"]),
    }


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    return {k: str(v) for k, v in Status.choices}, {k: str(v) for k, v in CloseReason.choices}


def _status_notes(row: dict[str, Any], labels: dict[str, str], reasons: dict[str, str]) -> str | None:
    if row["status"] == Status.CLOSED and row["close_reason"]:
        label = reasons.get(row["close_reason"], row["close_reason"])
        if row["responsible_elsewhere"]:
            return f"{label}: {row['responsible_elsewhere']}"
        return label
    return labels.get(row["status"], row["status"])


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _date(value: str, name: str) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "+"))
    if parsed is None or parsed.tzinfo is None:
        raise Open311Error(400, f"{name} must be a W3C datetime with a time zone.")
    return parsed


@endpoint
def discovery(request: HttpRequest, fmt: str, *, hromada: Hromada) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": "2026-12-05T00:00:00+02:00",
        "contact": hromada.email or hromada.name,
        "key_service": "Keys are issued by the hromada's administrators in the back office.",
        "endpoints": [
            {
                "specification": SPEC_URL,
                "url": base,
                "changeset": "2026-12-05T00:00:00+02:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _render(fmt, data, root="discovery", item="discovery")


@endpoint
def services(request: HttpRequest, fmt: str, *, hromada: Hromada) -> HttpResponse:
    data = [_service(c) for c in selectors.categories_active(hromada=hromada)]
    return _render(fmt, data, root="services", item="service")


@endpoint
def service_definition(request: HttpRequest, fmt: str, *, hromada: Hromada, code: str) -> HttpResponse:
    category = selectors.category_by_code(hromada=hromada, code=code)
    if category is None:
        raise Open311Error(404, "service_code not found.")
    attributes = []
    for order, question in enumerate(category.questions or [], start=1):
        attributes.append(
            {
                "variable": question.get("variable", True),
                "code": str(question["code"]),
                "datatype": question.get("datatype", "string"),
                "required": bool(question.get("required", False)),
                "datatype_description": question.get("datatype_description") or None,
                "order": order,
                "description": question.get("description") or None,
                "values": [
                    {"key": str(v["key"]), "name": str(v["name"])} for v in question.get("values") or []
                ],
            }
        )
    data = {"service_code": category.code, "attributes": attributes}
    return _render(fmt, data, root="service_definition", item="service_definition")


@endpoint
def requests(request: HttpRequest, fmt: str, *, hromada: Hromada) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt, hromada)
    q = request.GET
    ids = [int(i) for i in _split(q.get("service_request_id", "")) if i.isdigit() and len(i) < 12]
    codes = _split(q.get("service_code", ""))
    statuses = _split(q.get("status", ""))
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, "status must be open or closed.")
    start, end = _date(q.get("start_date", ""), "start_date"), _date(q.get("end_date", ""), "end_date")
    rows = selectors.open311_requests(
        hromada=hromada,
        ids=ids if q.get("service_request_id") else None,
        codes=codes,
        statuses=statuses,
        start=start if start or ids else (end or clock.now()) - timedelta(days=DEFAULT_DAYS),
        end=end,
        limit=MAX_REQUESTS,
    )
    labels, reasons = _labels()
    data = [_request(r, labels, reasons, request) for r in rows]
    return _render(fmt, data, root="service_requests", item="request")


def _api_key(request: HttpRequest, hromada: Hromada) -> Any:
    key = request.POST.get("api_key", "")
    found = selectors.api_key_for(hromada=hromada, key_hash=api_key_hash(key)) if key else None
    if found is None:
        raise Open311Error(403, "Invalid api_key received -- can't proceed with create_request.")
    ratelimit.check(request, "open311.post", limit=found.per_hour, window=3600, key=f"key:{found.pk}")
    return found


def _create(request: HttpRequest, fmt: str, hromada: Hromada) -> HttpResponse:
    post = request.POST
    api_key = _api_key(request, hromada)
    code = post.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code is required.")
    category = selectors.category_by_code(hromada=hromada, code=code)
    if category is None:
        raise Open311Error(400, "service_code not found.")
    lat_text, lon_text = post.get("lat", ""), post.get("long", "") or post.get("lon", "")
    address = post.get("address_string", "").strip()
    precision: str = LocationPrecision.POINT
    if lat_text and lon_text:
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            raise Open311Error(400, "lat and long must be numbers.") from None
    elif address:
        # GeoReport v2 allows an address alone: placed from the hromada's own places, then triaged.
        placement = selectors.address_placement(hromada=hromada, address=address)
        lat, lon, precision = placement.lat, placement.lon, placement.precision
    elif post.get("address_id"):
        raise Open311Error(
            400, "address_id is not known to this server: send address_string or lat and long."
        )
    else:
        raise Open311Error(400, "A location is required: lat and long (or lon), or address_string.")
    description = post.get("description", "")
    if len(description) > 4000:
        raise Open311Error(400, "description is longer than 4000 characters.")
    if not description.strip():
        description = str(category.name)
    answers: dict[str, str] = {
        key[len("attribute[") : -1]: str(post.get(key, ""))
        for key in post
        if key.startswith("attribute[") and key.endswith("]")
    }
    media = request.FILES.getlist("media")
    if len(media) > MAX_PHOTOS:
        raise Open311Error(400, f"At most {MAX_PHOTOS} media files.")
    name = " ".join(p for p in (post.get("first_name", ""), post.get("last_name", "")) if p).strip()
    report = report_create(
        hromada=hromada,
        category=category,
        lat=lat,
        lon=lon,
        description=description,
        channel=Channel.API,
        address=address,
        location_precision=precision,
        contact_name=name,
        contact_email=post.get("email", ""),
        contact_phone=post.get("phone", ""),
        answers=answers,
        media_url=post.get("media_url", ""),
        photos=[(f.read(), f.name or "media") for f in media],
        api_key=api_key,
    )
    data = [
        {
            "service_request_id": str(report.pk),
            "token": report.token,
            "service_notice": None,
            "account_id": None,
        }
    ]
    return _render(fmt, data, root="service_requests", item="request", status=201)


@endpoint
def request_detail(request: HttpRequest, fmt: str, *, hromada: Hromada, request_id: str) -> HttpResponse:
    rows: list[dict[str, Any]] = []
    if request_id.isdigit() and len(request_id) < 12:
        rows = selectors.open311_requests(hromada=hromada, ids=[int(request_id)], limit=1)
    if not rows:
        raise Open311Error(404, "service_request_id not found.")
    data = [_request(rows[0], *_labels(), request)]
    return _render(fmt, data, root="service_requests", item="request")


@endpoint
def token(request: HttpRequest, fmt: str, *, hromada: Hromada, token: str) -> HttpResponse:
    report = selectors.report_by_token(hromada=hromada, token=token[:64])
    if report is None:
        raise Open311Error(404, "token not found.")
    data = [{"service_request_id": str(report.pk), "token": report.token}]
    return _render(fmt, data, root="service_requests", item="request")


@endpoint
def updates(request: HttpRequest, fmt: str, *, hromada: Hromada) -> HttpResponse:
    q = request.GET
    end = _date(q.get("end_date", ""), "end_date")
    start = _date(q.get("start_date", ""), "start_date") or (end or clock.now()) - timedelta(days=1)
    rows: Sequence[Update] = selectors.open311_updates(
        hromada=hromada, start=start, end=end, limit=MAX_REQUESTS
    )
    data = [
        {
            "update_id": str(u.pk),
            "service_request_id": str(u.report_id),
            "status": lifecycle.open311_status(u.status_to)
            if u.status_to
            else lifecycle.open311_status(u.report.status),
            "updated_datetime": _w3c(u.at),
            "description": u.public_text,
            "media_url": _photo_url(request, u.report_id, getattr(u, "photo_id", None)),
        }
        for u in rows
    ]
    return _render(fmt, data, root="service_request_updates", item="request_update")

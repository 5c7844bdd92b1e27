"""Reads of the open city: typed functions, always scoped by the hromada. Selectors never write and never
import actions."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts.permissions import department_ids_of
from hromada.budget.selectors import project_statuses_public, projects_on_map
from hromada.cnapqueue.selectors import offices_on_map
from hromada.core import clock
from hromada.core.errors import NotFoundError
from hromada.core.geo import bbox as geo_bbox
from hromada.core.geo import bboxes_overlap, feature, inside_bbox, interior_point, point, svg_shapes
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada, in_language
from hromada.territory.models import Department, Institution
from hromada.territory.selectors import districts_of, institution_points, institutions_on_map

from . import gazetteer, lifecycle, mapgrid, nearby, summary, timing
from .models import (
    ApiKey,
    Category,
    FixCheck,
    FixCheckAnswer,
    LocationPrecision,
    Photo,
    Report,
    ReportCount,
    ReportDays,
    ReportDistrictDays,
    ReportDue,
    ReportMapCell,
    Status,
    Support,
    Update,
)
from .permissions import triages_reports

FINAL = [Status.FIXED, Status.CLOSED]
OPEN = [s for s in Status.values if s not in FINAL]
RECENTLY_CLOSED = timedelta(days=30)


def categories_active(*, hromada: Hromada) -> QuerySet[Category]:
    return Category.objects.filter(hromada=hromada, is_active=True).select_related("department")


def category_by_code(*, hromada: Hromada, code: str) -> Category | None:
    return categories_active(hromada=hromada).filter(code=code).first()


def reports_public(
    *,
    hromada: Hromada,
    category: str = "",
    status: str = "",
    district: int | None = None,
    department: int | None = None,
    overdue: bool = False,
) -> QuerySet[Report]:
    """The hromada's reports for the public list, newest first; filters by category code, status ("open",
    "closed" or one state), district, department and overdue."""
    qs = map_reports_filtered(hromada=hromada, category=category, status=status).select_related(
        "category", "district", "department"
    )
    if district:
        qs = qs.filter(district_id=district)
    if department:
        qs = qs.filter(department_id=department)
    if overdue:
        qs = qs.filter(status__in=OPEN, due_at__lt=clock.now())
    return qs.order_by("-submitted_at", "-pk")


def report_get(*, hromada: Hromada, pk: int) -> Report:
    report = (
        Report.objects.filter(hromada=hromada, pk=pk)
        .select_related("category", "district", "department", "reporter", "duplicate_of")
        .first()
    )
    if report is None:
        raise NotFoundError(_("There is no such report."))
    return report


def reports_followed(
    *, report_ids: Iterable[int], person_ids: Iterable[int]
) -> tuple[dict[int, Report], set[tuple[int, int]]]:
    """Reports by id across hromadas (for the bot's watches: the caller checks each report's hromada), and
    which of ``person_ids`` follow which of them as (report id, person id) — the reporter or a supporter.
    Two queries whatever the number of reports."""
    reports = {r.pk: r for r in Report.objects.filter(pk__in=set(report_ids))}
    people = set(person_ids)
    follows = {
        (r.pk, r.reporter_id)
        for r in reports.values()
        if r.reporter_id is not None and r.reporter_id in people
    }
    if people and reports:
        follows |= set(
            Support.objects.filter(report_id__in=list(reports), person_id__in=people).values_list(
                "report_id", "person_id"
            )
        )
    return reports, follows


def report_by_token(*, hromada: Hromada, token: str) -> Report | None:
    return Report.objects.filter(hromada=hromada, token=token).first()


def fix_checks_due(*, limit: int = 500) -> list[tuple[int, datetime]]:
    """Fixes to ask about now, in every hromada: (report id, its ``closed_at``) of the reports still fixed
    four weeks after the fix (but not long after, ``lifecycle.FIX_CHECK_WINDOW``) whose check for that fix
    was not sent; oldest first, at most ``limit``."""
    now = clock.now()
    sent = FixCheck.objects.filter(report=OuterRef("pk"), fixed_at=OuterRef("closed_at"))
    rows = (
        Report.objects.filter(
            status=Status.FIXED,
            closed_at__lte=now - lifecycle.FIX_CHECK_AFTER,
            closed_at__gt=now - lifecycle.FIX_CHECK_AFTER - lifecycle.FIX_CHECK_WINDOW,
        )
        .exclude(Exists(sent))
        .order_by("closed_at", "pk")
        .values_list("pk", "closed_at")[:limit]
    )
    return [(pk, closed_at) for pk, closed_at in rows if closed_at is not None]


def fix_check_for(*, report: Report, person: Any) -> FixCheck | None:
    """The fix check ``person`` may answer on ``report``'s page: the one about the report's current fix,
    when they follow the report (reporter or supporter) and have not answered it; else None."""
    if report.status != Status.FIXED or report.closed_at is None:
        return None
    if not getattr(person, "is_authenticated", False):
        return None
    if report.reporter_id != person.pk and not Support.objects.filter(report=report, person=person).exists():
        return None
    return (
        FixCheck.objects.filter(report=report, fixed_at=report.closed_at)
        .exclude(Exists(FixCheckAnswer.objects.filter(fix_check=OuterRef("pk"), person=person)))
        .first()
    )


def fix_check_get(*, report: Report, pk: int) -> FixCheck:
    check = FixCheck.objects.filter(report=report, pk=pk).first()
    if check is None:
        raise NotFoundError(_("Not found."))
    return check


def fix_check_counts(*, report: Report) -> dict[str, int]:
    """How many answered the fix checks of ``report``'s current fix: fixed / not fixed."""
    if report.closed_at is None:
        return {"fixed": 0, "not_fixed": 0}
    rows = FixCheckAnswer.objects.filter(fix_check__report=report, fix_check__fixed_at=report.closed_at)
    counts = rows.aggregate(yes=Count("pk", filter=Q(fixed=True)), no=Count("pk", filter=Q(fixed=False)))
    return {"fixed": counts["yes"] or 0, "not_fixed": counts["no"] or 0}


def report_updates(*, report: Report, staff: bool) -> QuerySet[Update]:
    qs = report.updates.select_related("author")
    return qs if staff else qs.exclude(kind=Update.Kind.INTERNAL)


def report_photos(*, report: Report, staff: bool) -> QuerySet[Photo]:
    qs = report.photos.all()
    return qs if staff else qs.filter(is_public=True)


def photo_get(*, report: Report, pk: int, staff: bool) -> Photo:
    photo = report_photos(report=report, staff=staff).filter(pk=pk).first()
    if photo is None:
        raise NotFoundError(_("Not found."))
    return photo


@dataclass(frozen=True)
class NearbyReport:
    report: Report
    distance_m: float


def reports_nearby(
    *,
    hromada: Hromada,
    category: Category,
    lat: float,
    lon: float,
    radius_m: float = nearby.DUPLICATE_RADIUS_M,
) -> list[NearbyReport]:
    """Open reports of the same category within ``radius_m`` (and ones closed in the last 30 days), nearest
    first: shown before filing so that a resident can +1 instead of filing a duplicate. The bounding box
    uses the (hromada, category, lat, lon) index; the exact distance is the haversine."""
    south, west, north, east = nearby.bounding_box(lat, lon, radius_m)
    rows = list(
        Report.objects.filter(
            Q(status__in=OPEN) | Q(closed_at__gte=clock.now() - RECENTLY_CLOSED),
            hromada=hromada,
            category=category,
            lat__gte=south,
            lat__lte=north,
            lon__gte=west,
            lon__lte=east,
        ).select_related("category")[:200]
    )
    by_pk = {r.pk: r for r in rows}
    found = nearby.within(lat, lon, [nearby.Candidate(r.pk, r.lat, r.lon) for r in rows], radius_m)
    return [NearbyReport(by_pk[n.key], n.distance_m) for n in found]


def reports_mine(*, hromada: Hromada, person: Any) -> QuerySet[Report]:
    """What the person reported or supported, newest first."""
    return (
        Report.objects.filter(Q(reporter=person) | Q(supports__person=person), hromada=hromada)
        .distinct()
        .select_related("category")
        .order_by("-submitted_at", "-pk")
    )


def staff_queue(
    *, hromada: Hromada, person: Any, triage: bool = False, status: str = "open"
) -> QuerySet[Report]:
    """Reports of the person's departments (or, for whoever triages, the triage queue), oldest due first."""
    qs = Report.objects.filter(hromada=hromada).select_related("category", "department", "district")
    if triage:
        qs = qs.filter(needs_triage=True) if triages_reports(person, hromada) else qs.none()
    elif triages_reports(person, hromada):
        pass
    else:
        qs = qs.filter(department_id__in=department_ids_of(person, hromada))
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status == "closed":
        qs = qs.filter(status__in=FINAL)
    return qs.order_by("due_at", "pk")


@dataclass(frozen=True)
class DepartmentClock:
    department: Department | None
    open: int
    overdue: int
    on_time: int
    late: int
    fixed: int
    closed_not_fixed: int

    @property
    def closed(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_share(self) -> float | None:
        return percent(self.on_time, self.closed, digits=0)


def department_clocks(*, hromada: Hromada) -> list[DepartmentClock]:
    """Per responsible department: open, overdue (open past the deadline), closed on time and late, and
    fixed apart from closed-not-fixed — one grouped query."""
    now = clock.now()
    final = Q(status__in=FINAL)
    rows = (
        Report.objects.filter(hromada=hromada)
        .values("department_id")
        .annotate(
            open=Count("pk", filter=~final),
            overdue=Count("pk", filter=~final & Q(due_at__lt=now)),
            on_time=Count("pk", filter=final & Q(closed_at__lte=F("due_at"))),
            late=Count("pk", filter=final & Q(closed_at__gt=F("due_at"))),
            fixed=Count("pk", filter=Q(status=Status.FIXED)),
            closed_not_fixed=Count("pk", filter=Q(status=Status.CLOSED)),
        )
        .order_by()
    )
    departments = Department.objects.in_bulk([r["department_id"] for r in rows if r["department_id"]])
    result = [
        DepartmentClock(
            department=departments.get(r["department_id"]),
            open=r["open"],
            overdue=r["overdue"],
            on_time=r["on_time"],
            late=r["late"],
            fixed=r["fixed"],
            closed_not_fixed=r["closed_not_fixed"],
        )
        for r in rows
    ]
    return sorted(result, key=lambda c: (c.department is None, c.department.name if c.department else ""))


def clock_state(report: Report) -> str:
    """ "on_time", "late", "overdue" or "running" (lifecycle.clock_state)."""
    closed = int(report.closed_at.timestamp() * 1000) if report.closed_at else None
    return lifecycle.clock_state(
        status=report.status,
        due_ms=int(report.due_at.timestamp() * 1000),
        now_ms=int(clock.now().timestamp() * 1000),
        closed_ms=closed,
    )


def api_key_for(*, hromada: Hromada, key_hash: str) -> ApiKey | None:
    return ApiKey.objects.filter(hromada=hromada, key_hash=key_hash, is_active=True).first()


def departments_for_handover(*, hromada: Hromada) -> QuerySet[Department]:
    return Department.objects.filter(hromada=hromada).order_by("name")


def reports_open_for_duplicate(*, report: Report) -> QuerySet[Report]:
    return Report.objects.filter(hromada_id=report.hromada_id, category_id=report.category_id).exclude(
        pk=report.pk
    )


OPEN311_FIELDS = (
    "pk",
    "status",
    "close_reason",
    "responsible_elsewhere",
    "category__name",
    "category__code",
    "category__company",
    "department__name",
    "public_description",
    "submitted_at",
    "status_changed_at",
    "due_at",
    "address",
    "lat",
    "lon",
    "media_url",
)


def open311_requests(
    *,
    hromada: Hromada,
    ids: list[int] | None = None,
    codes: list[str] | None = None,
    statuses: list[str] | None = None,
    start: Any = None,
    end: Any = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    """Reports for Open311's GET requests: by ids, service codes, open/closed and submission dates, newest
    first, at most ``limit`` (one query). Plain values of just the fields Open311 shows (``OPEN311_FIELDS``):
    a thousand model instances with their category and department cost more than the query. ``photo_id``
    is the report's first published photo of its own (its ``media_url`` when the client sent none)."""
    qs = Report.objects.filter(hromada=hromada)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if codes:
        qs = qs.filter(category__code__in=codes)
    if statuses and set(statuses) != {"open", "closed"}:
        qs = qs.filter(status__in=OPEN if "open" in statuses else FINAL)
    if start is not None:
        qs = qs.filter(submitted_at__gte=start)
    if end is not None:
        qs = qs.filter(submitted_at__lte=end)
    first_photo = Photo.objects.filter(report=OuterRef("pk"), update__isnull=True, is_public=True)
    qs = qs.annotate(photo_id=Subquery(first_photo.order_by("pk").values("pk")[:1]))
    return list(qs.order_by("-submitted_at", "-pk").values(*OPEN311_FIELDS, "photo_id")[:limit])


def open311_updates(*, hromada: Hromada, start: Any, end: Any = None, limit: int = 1000) -> list[Update]:
    """Public updates and status changes of the hromada's reports in a time window (FixMyStreet's
    servicerequestupdates), oldest first; ``photo_id`` is the update's first photo (staff's, public)."""
    first_photo = Photo.objects.filter(update=OuterRef("pk"), is_public=True).order_by("pk").values("pk")[:1]
    qs = (
        Update.objects.filter(report__hromada=hromada, at__gte=start)
        .exclude(kind=Update.Kind.INTERNAL)
        .select_related("report")
        .annotate(photo_id=Subquery(first_photo))
    )
    if end is not None:
        qs = qs.filter(at__lte=end)
    return list(qs.order_by("at", "pk")[:limit])


PLACES_FROM_REPORTS = 5000  # the most recent reports with a point and an address join the gazetteer


def address_placement(*, hromada: Hromada, address: str) -> gazetteer.Placement:
    """Where a report that came with an address and no point goes (``gazetteer.locate``): the hromada's
    institutions and its recent reports with a point are the known places, its districts the areas."""
    places = [
        gazetteer.Place(row["address"], row["lat"], row["lon"])
        for row in institution_points(hromada=hromada)
        if row["address"]
    ]
    recent = (
        Report.objects.filter(hromada=hromada, location_precision=LocationPrecision.POINT)
        .exclude(address="")
        .order_by("-submitted_at")
        .values_list("address", "lat", "lon")[:PLACES_FROM_REPORTS]
    )
    places += [gazetteer.Place(*row) for row in recent]
    areas = []
    for district in districts_of(hromada=hromada):
        inside = interior_point(district.boundary)
        if inside is not None:
            lon, lat = inside
            names = tuple(name for name in (district.name, district.name_en) if name)
            areas.append(gazetteer.Area(names, lat, lon))
    return gazetteer.locate(
        address, places=places, areas=areas, centre=(hromada.center_lat, hromada.center_lon)
    )


def reports_recently_changed(
    *,
    hromada: Hromada,
    limit: int,
    category: str = "",
    status: str = "",
    district: int | None = None,
    department: int | None = None,
) -> list[Report]:
    """The reports whose state changed last (the feeds), filtered like the public list."""
    qs = reports_public(
        hromada=hromada, category=category, status=status, district=district, department=department
    )
    return list(qs.order_by("-status_changed_at", "-pk")[:limit])


# ------------------------------------------------------------------------------------------- the city map
# One map of everything geographic the platform has (docs/opencity.md, "The city map"). Each layer reads
# through its own app's selectors; every layer is bounded by a bbox and paginated.

MAP_PAGE_SIZE = 500
MAP_DISTRICTS_PAGE_SIZE = 100


class _GridCell(Func):
    """The clustering grid's cell number of a coordinate (``mapgrid``): ``(value + offset) // step``.
    The offset keeps it positive, so SQLite's truncating cast is the floor; PostgreSQL floors."""

    output_field = IntegerField()

    def __init__(self, field: str, *, offset: int, step: float) -> None:
        super().__init__(F(field), offset=str(int(offset)), step=repr(float(step)))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        template = "CAST((%(expressions)s + %(offset)s) / %(step)s AS INTEGER)"
        if connection.vendor == "postgresql":
            template = "CAST(FLOOR((%(expressions)s + %(offset)s) / %(step)s) AS INTEGER)"
        return super().as_sql(compiler, connection, template=template, **extra)


@dataclass(frozen=True)
class MapPage:
    """One page of one layer: GeoJSON features (RFC 7946: [lon, lat]), whether more pages follow, and
    whether the reports came as grid clusters (``properties.cluster``) rather than one marker each."""

    features: list[dict[str, Any]]
    page: int
    has_next: bool
    clustered: bool = False


def _paged(rows: Any, page: int, size: int) -> tuple[list[Any], bool]:
    start = (page - 1) * size
    chunk = list(rows[start : start + size + 1])
    return chunk[:size], len(chunk) > size


def _status_filter(status: str) -> Q:
    """A state filter of the map ("open", "closed", one state; anything else: every report)."""
    if status == "open":
        return Q(status__in=OPEN)
    if status == "closed":
        return Q(status__in=FINAL)
    if status in Status.values:
        return Q(status=status)
    return Q()


def map_reports_filtered(*, hromada: Hromada, category: str = "", status: str = "") -> QuerySet[Report]:
    """The hromada's reports of a category code and a state ("open", "closed" or one state)."""
    qs = Report.objects.filter(_status_filter(status), hromada=hromada)
    if category:
        qs = qs.filter(category__code=category)
    return qs


MAP_STORED_BELOW_ZOOM = mapgrid.STORED_ZOOMS[-1] + 1  # below it the clusters are read from the stored cells


def _cell_rows(qs: QuerySet[Report], grid: mapgrid.Grid) -> list[mapgrid.CellRow]:
    """One grouped query: the reports per grid cell and state, with their coordinate sums."""
    rows = (
        qs.annotate(
            cx=_GridCell("lon", offset=180, step=grid.lon_step),
            cy=_GridCell("lat", offset=90, step=grid.lat_step),
        )
        .values_list("cx", "cy", "status")
        .annotate(n=Count("pk"), slon=Sum("lon"), slat=Sum("lat"), one=Min("pk"))
        .order_by()
    )
    return [mapgrid.CellRow(*row) for row in rows]


def _stored_cell_rows(
    *, hromada: Hromada, zoom: int, bbox: Any, category: str, status: str
) -> list[mapgrid.CellRow]:
    """The clusters' rows at ``zoom`` from the cells the actions keep (``ReportMapCell``): one grouped
    query over the cells touching the box, never the reports."""
    stored, shift = mapgrid.stored_zoom(zoom)
    qs = ReportMapCell.objects.filter(_status_filter(status), hromada=hromada, zoom=stored)
    if category:
        qs = qs.filter(category__code=category)
    if bbox is not None:
        x0, y0, x1, y1 = mapgrid.cell_span(bbox, zoom)
        qs = qs.filter(
            cell_x__range=(x0 << shift, ((x1 + 1) << shift) - 1),
            cell_y__range=(y0 << shift, ((y1 + 1) << shift) - 1),
        )
    halve = 2**shift
    rows = (
        qs.annotate(cx=F("cell_x") / halve, cy=F("cell_y") / halve)
        .values_list("cx", "cy", "status")
        .annotate(n=Sum("reports"), slon=Sum("sum_lon"), slat=Sum("sum_lat"), one=Sum("sum_id"))
        .filter(n__gt=0)
        .order_by()
    )
    units = mapgrid.COORDINATE_UNITS
    return [
        mapgrid.CellRow(x, y, state, n, slon / units, slat / units, one)
        for x, y, state, n, slon, slat, one in rows
    ]


def _reports_layer(
    *, hromada: Hromada, bbox: Any, zoom: int, page: int, language: str, category: str = "", status: str = ""
) -> MapPage:
    qs = map_reports_filtered(hromada=hromada, category=category, status=status)
    qs = qs.filter(**inside_bbox(bbox))
    labels = dict(Status.choices)
    base = reverse("opencity:report", args=[1])[: -len("1/")]
    if mapgrid.clusters_wanted(zoom):
        zoom = mapgrid.zoom_fitting(bbox, zoom)
        if zoom < MAP_STORED_BELOW_ZOOM:
            rows = _stored_cell_rows(hromada=hromada, zoom=zoom, bbox=bbox, category=category, status=status)
        else:
            # A few streets: grouped live. The grid follows the hromada's latitude (not the box's), so
            # every box at one zoom shares it.
            rows = _cell_rows(qs, mapgrid.grid_for(zoom, hromada.center_lat))
        clusters = mapgrid.merge(rows)
        chunk, has_next = _paged(clusters, page, MAP_PAGE_SIZE)
        features = []
        for c in chunk:
            if c.single_id is not None:
                properties = {
                    "status": c.status,
                    "status_label": str(labels.get(c.status, "")),
                    "name": f"#{c.single_id}",
                    "count": 1,
                    "url": f"{base}{c.single_id}/",
                }
                features.append(feature(point(c.lon, c.lat), properties, c.single_id))
            else:
                features.append(
                    feature(
                        point(c.lon, c.lat),
                        {"cluster": True, "count": c.count, "status": c.status, "by_status": c.by_status},
                    )
                )
        return MapPage(features, page, has_next, clustered=True)
    values = qs.order_by("-submitted_at", "-pk").values_list(
        "pk", "lat", "lon", "status", "category__code", "category__name", "category__name_en"
    )
    chunk, has_next = _paged(values, page, MAP_PAGE_SIZE)
    features = [
        feature(
            point(lon, lat),
            {
                "status": state,
                "status_label": str(labels.get(state, "")),
                "category": code,
                "name": f"#{pk} {(name_en or name) if language == 'en' else name}",
                "count": 1,
                "url": f"{base}{pk}/",
            },
            pk,
        )
        for pk, lat, lon, state, code, name, name_en in chunk
    ]
    return MapPage(features, page, has_next)


def _point_layer(
    reads: Callable[..., Any],
    url_name: str,
    properties: Callable[[Any, str], dict[str, Any]],
    where: str = "",
) -> Callable[..., MapPage]:
    """A marker layer's page: ``reads`` (another app's map selector) inside the box, paged; each row's point
    at ``<where>lon``/``<where>lat``, its ``properties(row, language)`` and the link to its page."""

    def page_of(
        *, hromada: Hromada, bbox: Any, zoom: int, page: int, language: str, **params: str
    ) -> MapPage:
        base = reverse(url_name, args=[1])[: -len("1/")]
        chunk, has_next = _paged(reads(hromada=hromada, bbox=bbox, **params), page, MAP_PAGE_SIZE)
        features = [
            feature(
                point(r[f"{where}lon"], r[f"{where}lat"]),
                {**properties(r, language), "url": f"{base}{r['id']}/"},
                r["id"],
            )
            for r in chunk
        ]
        return MapPage(features, page, has_next)

    return page_of


def _institution(row: dict[str, Any], language: str) -> dict[str, Any]:
    return {
        "name": in_language(row, "name", language),
        "kind": row["kind"],
        "kind_label": str(dict(Institution.Kind.choices).get(row["kind"], row["kind"])),
        "address": row["address"],
    }


def _project(row: dict[str, Any], language: str) -> dict[str, Any]:
    return {
        "name": f"№{row['number']} {in_language(row, 'title', language)}",
        "status": row["status"],
        "status_label": dict(project_statuses_public()).get(row["status"], row["status"]),
        "year": row["cycle__year"],
        "cost_uah": round(row["cost"] / 100, 2),
    }


def _office(row: dict[str, Any], language: str) -> dict[str, Any]:
    return {
        "name": in_language(row, "institution__name", language),
        "address": row["institution__address"],
        "mobile": row["is_mobile"],
    }


def _districts_layer(*, hromada: Hromada, bbox: Any, zoom: int, page: int, language: str) -> MapPage:
    districts = []
    for d in districts_of(hromada=hromada).order_by("name", "pk"):
        box = geo_bbox([d.boundary])
        if bbox is not None and (box is None or not bboxes_overlap(box, bbox)):
            continue
        districts.append(d)
    chunk, has_next = _paged(districts, page, MAP_DISTRICTS_PAGE_SIZE)
    features = [feature(d.boundary, {"name": d.display_name(language), "kind": d.kind}, d.pk) for d in chunk]
    return MapPage(features, page, has_next)


MAP_LIST_SIZE = 50  # each marker layer's list under the map; reports: the 20 newest and their count
MAP_LIST_REPORTS = 20


@dataclass(frozen=True)
class ReportsList:
    items: list[Report]
    total: int


def _reports_list(*, hromada: Hromada, category: str = "", status: str = "") -> ReportsList:
    qs = map_reports_filtered(hromada=hromada, category=category, status=status)
    newest = qs.select_related("category").order_by("-submitted_at", "-pk")[:MAP_LIST_REPORTS]
    return ReportsList(list(newest), qs.count())


def _first(reads: Callable[..., Any]) -> Callable[..., list[Any]]:
    def listing(*, hromada: Hromada, **params: str) -> list[Any]:
        return list(reads(hromada=hromada, **params)[:MAP_LIST_SIZE])

    return listing


@dataclass(frozen=True)
class MapLayer:
    """One layer of the city map — the one place a layer is declared: the map page's checkboxes and lists
    (each through its ``list_template``), its GeoJSON endpoint, city map script (through the checkboxes)
    and docs/opencity.md's table
    (``test_citymap.py`` compares them) all follow MAP_LAYERS."""

    key: str  # in the URL (``/city/map/<key>.geojson``) and the form (``layer=<key>``)
    title: Any  # lazy text
    reads: Callable[..., Any]  # the selector it reads through (the docs' table names it)
    page: Callable[..., MapPage]  # hromada, bbox, zoom, page, language and the filters → one page
    listing: Callable[..., Any]  # hromada and the filters → the list under the map
    filters: tuple[tuple[str, str], ...] = ()  # (the GeoJSON parameter, the map form's field)

    @property
    def list_template(self) -> str:
        """The template of this layer's list under the map, given ``layer``, ``items`` (what ``listing``
        returned) and the map form's ``filters``: ``templates/opencity/map/list_<key>.html``."""
        return f"opencity/map/list_{self.key}.html"

    def params(self, data: Any) -> dict[str, str]:
        """This layer's filters out of the map form's data (a QueryDict or dict), by GeoJSON parameter."""
        return {name: str(data.get(field, ""))[:40] for name, field in self.filters}


MAP_LAYERS: dict[str, MapLayer] = {
    layer.key: layer
    for layer in (
        MapLayer(
            "reports",
            gettext_lazy("Problem reports"),
            map_reports_filtered,
            _reports_layer,
            _reports_list,
            (("category", "category"), ("status", "status")),
        ),
        MapLayer(
            "institutions",
            gettext_lazy("Institutions"),
            institutions_on_map,
            _point_layer(institutions_on_map, "portal:institution", _institution),
            _first(institutions_on_map),
            (("kind", "kind"),),
        ),
        MapLayer(
            "projects",
            gettext_lazy("Public budget projects"),
            projects_on_map,
            _point_layer(projects_on_map, "budget:project", _project),
            _first(projects_on_map),
            (("status", "project_status"),),
        ),
        MapLayer(
            "offices",
            gettext_lazy("Administrative service centres (TsNAP)"),
            offices_on_map,
            _point_layer(offices_on_map, "cnapqueue:office", _office, where="institution__"),
            _first(offices_on_map),
        ),
        MapLayer(
            "districts",
            gettext_lazy("District boundaries"),
            districts_of,
            _districts_layer,
            lambda *, hromada: list(districts_of(hromada=hromada).order_by("name", "pk")),
        ),
    )
}


# ------------------------------------------------------------------- indicators (insight, issue 19)


def indicator_fixed_within_sla(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Reports whose deadline fell in the quarter (and has passed) that were fixed by it, as a percentage."""
    start, end = quarter.span()
    due = Report.objects.filter(hromada=hromada, due_at__gte=start, due_at__lt=min(end, clock.now()))
    fixed = due.filter(status=Status.FIXED, closed_at__isnull=False, closed_at__lte=F("due_at"))
    return percent(fixed.count(), due.count())


def headline_reports(*, hromada: Hromada, start: Any, end: Any) -> float | None:
    """Problem reports submitted in [start, end)."""
    return float(
        Report.objects.filter(hromada=hromada, submitted_at__gte=start, submitted_at__lt=end).count()
    )


# ------------------------------------------------------------------- analytics (issue 16 §5)


@dataclass(frozen=True)
class AnalyticsFilters:
    """The analytics' filters: submitted in [start, end) (Kyiv months), a category code, a district id."""

    start: datetime | None = None
    end: datetime | None = None
    category: str = ""
    district: int | None = None


@dataclass(frozen=True)
class CategoryTiming:
    code: str
    name: str
    name_en: str
    reports: int
    sla_days: int
    median_response_working_days: float | None  # submitted → first response, in working days
    median_fix_working_days: float | None  # submitted → fixed, fixed reports only, in working days
    closed: int
    on_time: int  # closed by the deadline

    @property
    def on_time_share(self) -> float | None:
        return percent(self.on_time, self.closed, digits=0)


@dataclass(frozen=True)
class Outcomes:
    total: int
    open: int
    fixed: int
    closed_not_fixed: int
    reopened: int  # reopened at least once
    duplicates: int  # closed as a duplicate

    @property
    def reopen_rate(self) -> float | None:
        return percent(self.reopened, self.total, digits=0)

    @property
    def duplicate_rate(self) -> float | None:
        return percent(self.duplicates, self.total, digits=0)


@dataclass(frozen=True)
class DistrictShape:
    """A district on the overdue map: its name, SVG path, open reports past their deadline and their shade."""

    name: str
    path: str
    overdue: int
    level: int


@dataclass(frozen=True)
class Heatmap:
    """Open reports past their deadline: ``cells[district_index][category_index]`` counts; ``levels`` the
    same grid as a shade 0–4 (0 none, 4 the highest cell) for the CSS classes; ``shapes`` every district
    of the hromada shaded by its total, in a ``map_width`` × ``map_height`` SVG box."""

    districts: list[tuple[int | None, str]]
    categories: list[tuple[int, str]]
    cells: list[list[int]]
    levels: list[list[int]]
    total: int
    shapes: list[DistrictShape] = field(default_factory=list)
    map_width: int = 0
    map_height: int = 0

    @property
    def rows(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """Per district: its name and its cells as (count, shade)."""
        return [
            (name, list(zip(self.cells[i], self.levels[i], strict=True)))
            for i, (_pk, name) in enumerate(self.districts)
        ]


def analytics_reports(*, hromada: Hromada, filters: AnalyticsFilters) -> QuerySet[Report]:
    """The hromada's reports the analytics count (never another hromada's)."""
    return _analytics_filter(Report.objects.filter(hromada=hromada), filters)


def _analytics_filter(qs: QuerySet[Report], filters: AnalyticsFilters) -> QuerySet[Report]:
    # A period of whole Kyiv months (the form's) filters on the stored month, a column of the analytics'
    # covering index; any other moment on the time of filing.
    for bound, month_lookup, moment_lookup in (
        (filters.start, "submitted_month__gte", "submitted_at__gte"),
        (filters.end, "submitted_month__lt", "submitted_at__lt"),
    ):
        if bound is None:
            continue
        month = _month_start(bound)
        qs = qs.filter(**{month_lookup: month} if month is not None else {moment_lookup: bound})
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.district is not None:
        qs = qs.filter(district_id=filters.district)
    return qs.order_by()


@dataclass(frozen=True)
class AnalyticsCounts:
    """The analytics' counts in one grouped query: ``rows`` per category, district, channel and Kyiv month
    of filing (``CountRow``), and the names of the hromada's categories and districts by primary key."""

    rows: list[CountRow]
    categories: Mapping[int, Mapping[str, Any]]
    districts: Mapping[int, Mapping[str, Any]]
    # From the summary: open reports past their deadline per (district, category) (the rows' OVERDUE is 0).
    overdue: Mapping[tuple[int | None, int], int] | None = None
    # From the summary: the counts summed per dimension by the database, asked for when first needed
    # (``loader(dimension)``; ``rows`` is then empty).
    loader: Callable[[str], dict[Any, list[int]]] | None = None
    grouped: dict[str, dict[Any, list[int]]] = field(default_factory=dict)

    def by(self, dimension: str) -> dict[Any, list[int]]:
        """The counts summed per ``dimension`` (one of DIMENSIONS)."""
        if dimension == "all":
            per_category = list(self.by("category").values())
            return {None: [sum(column) for column in zip(*per_category, strict=True)]} if per_category else {}
        if self.loader is None:
            return self.summed(DIMENSIONS[dimension])
        if dimension not in self.grouped:
            self.grouped[dimension] = self.loader(dimension)
        return self.grouped[dimension]

    def summed(self, key: Callable[[CountRow], Any]) -> dict[Any, list[int]]:
        """The rows' counts (``CountRow.counts``) summed per ``key(row)``."""
        sums: dict[Any, list[int]] = {}
        for r in self.rows:
            total = sums.setdefault(key(r), [0] * len(r.counts))
            for i, n in enumerate(r.counts):
                total[i] += n
        return sums


@dataclass(frozen=True)
class CountRow:
    category_id: int
    district_id: int | None
    channel: str
    month: date | None
    counts: tuple[int, ...]  # in the order of COUNT_NAMES


# What each grouped row counts (the order of CountRow.counts).
COUNT_NAMES = (
    "reports",
    "closed",
    "on_time",
    "fixed",
    "closed_not_fixed",
    "reopened",
    "duplicates",
    "overdue",
)
REPORTS, CLOSED, ON_TIME, FIXED, CLOSED_NOT_FIXED, REOPENED, DUPLICATES, OVERDUE = range(len(COUNT_NAMES))
# The dimensions the tables sum the counts by (AnalyticsCounts.by), as keys of a CountRow.
DIMENSIONS: dict[str, Callable[[CountRow], Any]] = {
    "category": lambda r: r.category_id,
    "district": lambda r: r.district_id,
    "channel": lambda r: r.channel,
    "month": lambda r: r.month,
    "district_category": lambda r: (r.district_id, r.category_id),
}
_SUMMARY_COLUMNS = {"category": "category_id", "district": "district", "channel": "channel", "month": "month"}


def _summary_period(filters: AnalyticsFilters) -> tuple[date | None, date | None] | None:
    """The filters' period as stored months (first, after last), or None when a bound is not the start of
    a Kyiv month (then only the reports themselves can answer)."""
    first, after = (_month_start(b) if b is not None else None for b in (filters.start, filters.end))
    if (filters.start is not None and first is None) or (filters.end is not None and after is None):
        return None
    return first, after


def _month_start(moment: datetime) -> date | None:
    """The Kyiv month ``moment`` starts (its first day), or None when it is not the start of one."""
    local = moment.astimezone(timing.KYIV)
    return local.date() if local.day == 1 and local.time() == time(0) else None


def _summary_rows(model: Any, *, hromada: Hromada, filters: AnalyticsFilters, period: Any) -> QuerySet[Any]:
    """The hromada's rows of a summary table within the filters (the category by its code)."""
    qs = model.objects.filter(hromada=hromada)
    first, after = period
    if first is not None or after is not None:
        qs = qs.exclude(month=summary.NO_MONTH)
    if first is not None:
        qs = qs.filter(month__gte=first)
    if after is not None:
        qs = qs.filter(month__lt=after)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.district is not None:
        qs = qs.filter(district=filters.district)
    return qs.order_by()


def _analytics_names(hromada: Hromada) -> tuple[dict[int, Any], dict[int, Any]]:
    from hromada.territory.models import District

    categories = {
        c["pk"]: c
        for c in Category.objects.filter(hromada=hromada).values(
            "pk", "code", "name", "name_en", "sla_days", "position"
        )
    }
    districts = {d["pk"]: d for d in District.objects.filter(hromada=hromada).values("pk", "name", "name_en")}
    return categories, districts


def _summary_counts(
    *, hromada: Hromada, filters: AnalyticsFilters, period: Any, overdue: bool
) -> AnalyticsCounts:
    """The counts from the summary tables: a few thousand rows at most (categories × districts × channels
    × months), whatever the number of reports; the open reports past their deadline from the deadline
    months before the current Kyiv month, plus those due this month before now, read live (the
    ``opencity_report_clock`` index: one month of deadlines)."""
    table = _summary_rows(ReportCount, hromada=hromada, filters=filters, period=period)
    categories, districts = _analytics_names(hromada)

    def district_of(pk: int) -> int | None:
        # 0 is no district; a district deleted since (its reports' district is now empty) is none either.
        return pk if pk in districts else None

    def load(dimension: str) -> dict[Any, list[int]]:
        """One grouped query over the summary rows (a few thousand at most) per dimension."""
        column = _SUMMARY_COLUMNS[dimension]
        sums = table.values_list(column).annotate(**{f"n_{c}": Sum(c) for c in summary.COUNT_COLUMNS})
        found: dict[Any, list[int]] = {}
        for key, *counts in sums:
            if dimension == "district":
                key = district_of(key)
            elif dimension == "month" and key == summary.NO_MONTH:
                key = None
            total = found.setdefault(key, [0] * len(counts))
            for i, n in enumerate(counts):
                total[i] += n
        return {key: [*n, 0] for key, n in found.items() if n[REPORTS]}

    if not overdue:
        return AnalyticsCounts(rows=[], categories=categories, districts=districts, overdue={}, loader=load)
    now = clock.now()
    this_month = timing.month_of(now)
    late: dict[tuple[int | None, int], int] = {}
    past = (
        _summary_rows(ReportDue, hromada=hromada, filters=filters, period=period)
        .filter(due_month__lt=this_month)
        .values_list("district", "category_id")
        .annotate(n=Sum("reports"))
    )
    for district, category_id, n in past:
        key = (district_of(district), category_id)
        late[key] = late.get(key, 0) + n
    # The reports due this month before now by the deadline index (``opencity_report_clock``) in a
    # subquery, then their rows by primary key (with the hromada's condition outside, SQLite's planner
    # scanned the analytics' covering index instead: every report of the hromada).
    due_now = Report.objects.filter(
        hromada=hromada,
        status__in=OPEN,
        due_at__gte=datetime.combine(this_month, time(0), tzinfo=timing.KYIV),
        due_at__lt=now,
    )
    live = (
        _analytics_filter(Report.objects.filter(pk__in=due_now.order_by().values("pk")), filters)
        .values_list("district_id", "category_id")
        .annotate(n=Count("pk"))
    )
    for district, category_id, n in live:
        late[(district, category_id)] = late.get((district, category_id), 0) + n
    return AnalyticsCounts(rows=[], categories=categories, districts=districts, overdue=late, loader=load)


def analytics_counts(
    *, hromada: Hromada, filters: AnalyticsFilters, from_summary: bool = True, overdue: bool = True
) -> AnalyticsCounts:
    """Every count of the analytics: from the summary tables (``summary.py``) when the period is whole
    Kyiv months (the form's) and ``from_summary``; else in one query over the reports (below). Without
    ``overdue`` the summary's overdue counts are left out (empty: for tables other than the heatmap)."""
    period = _summary_period(filters)
    if from_summary and period is not None:
        return _summary_counts(hromada=hromada, filters=filters, period=period, overdue=overdue)
    return _reports_counts(hromada=hromada, filters=filters)


def _outcome_counts() -> dict[str, Count]:
    """What the analytics count of a group of reports, as aggregates named and ordered as COUNT_NAMES
    (without OVERDUE), the SQL twin of ``summary.contribution``. They count ``status``, a column of the
    analytics' covering index (COUNT(*) cannot take a filter)."""
    from .models import CloseReason

    final = Q(status__in=FINAL)
    return {
        "reports": Count("status"),
        "closed": Count("status", filter=final),
        "on_time": Count("status", filter=final & Q(closed_at__lte=F("due_at"))),
        "fixed": Count("status", filter=Q(status=Status.FIXED)),
        "closed_not_fixed": Count("status", filter=Q(status=Status.CLOSED)),
        "reopened": Count("status", filter=Q(reopen_count__gt=0)),
        "as_duplicate": Count("status", filter=Q(status=Status.CLOSED, close_reason=CloseReason.DUPLICATE)),
    }


def _reports_counts(*, hromada: Hromada, filters: AnalyticsFilters) -> AnalyticsCounts:
    """Every count of the analytics in one query grouped by category, district, channel and the stored
    Kyiv month of filing, read from one covering index (``opencity_report_analytics``); the tables are sums
    of its rows in Python (a few thousand rows at most: categories × districts × channels × months)."""
    rows = (
        analytics_reports(hromada=hromada, filters=filters)
        .values_list("category_id", "district_id", "channel", "submitted_month")
        .annotate(
            **_outcome_counts(),
            overdue=Count("status", filter=~Q(status__in=FINAL) & Q(due_at__lt=clock.now())),
        )
        .order_by()
    )
    categories, districts = _analytics_names(hromada)
    return AnalyticsCounts(
        rows=[CountRow(r[0], r[1], r[2], r[3], tuple(r[4:])) for r in rows],
        categories=categories,
        districts=districts,
    )


def _counts(hromada: Hromada, filters: AnalyticsFilters, counts: AnalyticsCounts | None) -> AnalyticsCounts:
    return counts if counts is not None else analytics_counts(hromada=hromada, filters=filters)


def analytics_by_category(
    *, hromada: Hromada, filters: AnalyticsFilters, language: str, counts: AnalyticsCounts | None = None
) -> list[tuple[str, int]]:
    counts = _counts(hromada, filters, counts)
    sums = counts.by("category")
    rows = sorted(
        ((counts.categories[pk], n[REPORTS]) for pk, n in sums.items()), key=lambda c: (-c[1], c[0]["name"])
    )
    return [(in_language(c, "name", language), n) for c, n in rows]


def analytics_by_district(
    *, hromada: Hromada, filters: AnalyticsFilters, language: str, counts: AnalyticsCounts | None = None
) -> list[tuple[str, int]]:
    counts = _counts(hromada, filters, counts)
    sums = counts.by("district")
    rows = sorted(
        ((counts.districts.get(pk) if pk is not None else None, n[REPORTS]) for pk, n in sums.items()),
        key=lambda d: (-d[1], d[0] is None, d[0]["name"] if d[0] else ""),
    )
    return [(in_language(d, "name", language) if d else _("No district"), n) for d, n in rows]


def analytics_by_channel(
    *, hromada: Hromada, filters: AnalyticsFilters, counts: AnalyticsCounts | None = None
) -> list[tuple[str, int]]:
    from .models import Channel

    counts = _counts(hromada, filters, counts)
    sums = counts.by("channel")
    labels = dict(Channel.choices)
    rows = sorted(((channel, n[REPORTS]) for channel, n in sums.items()), key=lambda c: (-c[1], c[0]))
    return [(str(labels.get(channel, channel)), n) for channel, n in rows]


def analytics_by_month(
    *, hromada: Hromada, filters: AnalyticsFilters, counts: AnalyticsCounts | None = None
) -> list[tuple[str, int]]:
    """Reports per Kyiv month of filing ("2026-03"), oldest first, from the first month with a report to the
    last; a month without reports between them counts 0 (a gap in a chart would hide it)."""
    sums = _counts(hromada, filters, counts).by("month")
    found = {(m.year, m.month): n[REPORTS] for m, n in sums.items() if m is not None}
    if not found:
        return []
    (year, month), last = min(found), max(found)
    months = []
    while (year, month) <= last:
        months.append((f"{year:04d}-{month:02d}", found.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class _Median(Aggregate):
    """PostgreSQL's exact median (the mean of the middle two for an even count); NULLs are skipped."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


Medians = dict[int, tuple[float | None, float | None]]


def analytics_medians(
    *,
    hromada: Hromada,
    filters: AnalyticsFilters,
    exact_in_sql: bool | None = None,
    from_summary: bool = True,
) -> Medians:
    """Per category: the median working days to the first response and to the fix (of the reports fixed
    now), from the numbers the actions stored on each report. PostgreSQL computes them (``percentile_cont``);
    elsewhere the database counts the reports per category and pair of values (a histogram: its size is the
    distinct numbers of days, not the reports) and the median is read from it here — both exact, one
    query. ``exact_in_sql`` chooses the way (default: by the database; tests compare the two).

    With a period of whole Kyiv months (and ``from_summary``), the histograms come from the summary
    instead, whatever the number of reports: ``ReportDays`` (per category and month), or with a district
    filter ``ReportDistrictDays`` (the same per district)."""
    period = _summary_period(filters)
    if from_summary and period is not None:
        table = ReportDays if filters.district is None else ReportDistrictDays
        histogram = (
            _summary_rows(table, hromada=hromada, filters=filters, period=period)
            .values_list("category_id", "measure", "days")
            .annotate(n=Sum("reports"))
        )
        per: dict[tuple[int, int], dict[int, int]] = {}
        for pk, measure, days, n in histogram:
            if n:
                per.setdefault((pk, measure), {})[days] = n
        return {
            pk: (
                timing.histogram_median(per.get((pk, summary.RESPONSE), {}).items()),
                timing.histogram_median(per.get((pk, summary.FIX), {}).items()),
            )
            for pk in {pk for pk, _m in per}
        }
    qs = analytics_reports(hromada=hromada, filters=filters).filter(
        Q(response_working_days__isnull=False) | Q(fix_working_days__isnull=False)
    )
    if exact_in_sql is None:
        exact_in_sql = connections[qs.db].vendor == "postgresql"
    if exact_in_sql:
        rows = qs.values_list("category_id").annotate(
            response=_Median("response_working_days"), fix=_Median("fix_working_days")
        )
        return {pk: (response, fix) for pk, response, fix in rows}
    histogram = qs.values_list("category_id", "response_working_days", "fix_working_days").annotate(
        n=Count("*")
    )
    responses: dict[int, dict[int, int]] = {}
    fixes: dict[int, dict[int, int]] = {}
    for pk, response, fix, n in histogram.order_by():
        if response is not None:
            days = responses.setdefault(pk, {})
            days[response] = days.get(response, 0) + n
        if fix is not None:
            days = fixes.setdefault(pk, {})
            days[fix] = days.get(fix, 0) + n
    return {
        pk: (
            timing.histogram_median(responses.get(pk, {}).items()),
            timing.histogram_median(fixes.get(pk, {}).items()),
        )
        for pk in responses.keys() | fixes.keys()
    }


def analytics_timing(
    *, hromada: Hromada, filters: AnalyticsFilters, counts: AnalyticsCounts | None = None
) -> list[CategoryTiming]:
    """Per category: reports, the median working days to the first response and to a fix (counted as the
    deadline is, in the hromada's working-day calendar, when they happened), the SLA and how many closed
    reports were closed by their deadline."""
    counts = _counts(hromada, filters, counts)
    medians = analytics_medians(hromada=hromada, filters=filters)
    sums = counts.by("category")
    result = []
    for pk in sorted(sums, key=lambda pk: (counts.categories[pk]["position"], counts.categories[pk]["name"])):
        c, n = counts.categories[pk], sums[pk]
        response, fix = medians.get(pk, (None, None))
        result.append(
            CategoryTiming(
                code=c["code"],
                name=c["name"],
                name_en=c["name_en"],
                reports=n[REPORTS],
                sla_days=c["sla_days"],
                median_response_working_days=response,
                median_fix_working_days=fix,
                closed=n[CLOSED],
                on_time=n[ON_TIME],
            )
        )
    return result


def analytics_outcomes(
    *, hromada: Hromada, filters: AnalyticsFilters, counts: AnalyticsCounts | None = None
) -> Outcomes:
    n = _counts(hromada, filters, counts).by("all").get(None, [0] * len(COUNT_NAMES))
    return Outcomes(
        total=n[REPORTS],
        open=n[REPORTS] - n[CLOSED],
        fixed=n[FIXED],
        closed_not_fixed=n[CLOSED_NOT_FIXED],
        reopened=n[REOPENED],
        duplicates=n[DUPLICATES],
    )


def _shade(value: int, top: int) -> int:
    return 0 if value <= 0 or top <= 0 else min(4, 1 + (4 * value - 1) // top)


def analytics_overdue_heatmap(
    *, hromada: Hromada, filters: AnalyticsFilters, language: str, counts: AnalyticsCounts | None = None
) -> Heatmap:
    """Open reports past their deadline per district × category (from the grouped counts)."""
    counts = _counts(hromada, filters, counts)
    if counts.overdue is not None:
        sums = {key: n for key, n in counts.overdue.items() if n}
    else:
        sums = {key: n[OVERDUE] for key, n in counts.by("district_category").items() if n[OVERDUE]}
    districts = sorted(
        {(d, in_language(counts.districts[d], "name", language) if d is not None else "") for d, _c in sums},
        key=lambda d: (d[0] is None, d[1]),
    )
    districts = [(pk, name or _("No district")) for pk, name in districts]
    categories = sorted(
        {(c, in_language(counts.categories[c], "name", language)) for _d, c in sums}, key=lambda c: c[1]
    )
    d_index = {pk: i for i, (pk, _name) in enumerate(districts)}
    c_index = {pk: i for i, (pk, _name) in enumerate(categories)}
    cells = [[0] * len(categories) for _d in districts]
    for (d, c), n in sums.items():
        cells[d_index[d]][c_index[c]] = n
    top = max((n for row in cells for n in row), default=0)
    levels = [[_shade(n, top) for n in row] for row in cells]
    by_district: dict[int | None, int] = {}
    for (d, _c), n in sums.items():
        by_district[d] = by_district.get(d, 0) + n
    outlines = [(d, in_language(d, "name", language)) for d in districts_of(hromada=hromada).order_by("name")]
    drawn = svg_shapes([d.boundary for d, _name in outlines])
    most = max((by_district.get(d.pk, 0) for d, _name in outlines), default=0)
    shapes = [
        DistrictShape(name, path, by_district.get(d.pk, 0), _shade(by_district.get(d.pk, 0), most))
        for (d, name), path in zip(outlines, drawn.paths, strict=True)
        if path
    ]
    return Heatmap(
        districts, categories, cells, levels, sum(sums.values()), shapes, drawn.width, drawn.height
    )


# Each table of the analytics and the selector that computes it from the grouped counts.
_ANALYTICS_TABLES: dict[str, Callable[[Hromada, AnalyticsFilters, str, AnalyticsCounts], Any]] = {
    "categories": lambda h, f, lang, c: analytics_by_category(hromada=h, filters=f, language=lang, counts=c),
    "districts": lambda h, f, lang, c: analytics_by_district(hromada=h, filters=f, language=lang, counts=c),
    "channels": lambda h, f, lang, c: analytics_by_channel(hromada=h, filters=f, counts=c),
    "months": lambda h, f, lang, c: analytics_by_month(hromada=h, filters=f, counts=c),
    "timing": lambda h, f, lang, c: analytics_timing(hromada=h, filters=f, counts=c),
    "outcomes": lambda h, f, lang, c: analytics_outcomes(hromada=h, filters=f, counts=c),
    "overdue": lambda h, f, lang, c: analytics_overdue_heatmap(hromada=h, filters=f, language=lang, counts=c),
}
ANALYTICS_TABLES = tuple(_ANALYTICS_TABLES)


def analytics_tables(
    *, hromada: Hromada, filters: AnalyticsFilters, language: str, tables: tuple[str, ...] = ANALYTICS_TABLES
) -> dict[str, Any]:
    """The named tables (of ANALYTICS_TABLES) from one grouped count (and the medians for ``timing``).

    Kept in Django's cache for ``HROMADA_ANALYTICS_CACHE_SECONDS`` (60 s; 0 turns it off, as in tests) per
    hromada, filters, language and tables: the grouped count reads every report of the hromada, which at
    200,000 reports costs more than a page may (docs/performance.md), and a dashboard a minute old is
    still the dashboard. So a new report or state change reaches the numbers within a minute."""

    def compute() -> dict[str, Any]:
        counts = analytics_counts(hromada=hromada, filters=filters, overdue="overdue" in tables)
        return {name: _ANALYTICS_TABLES[name](hromada, filters, language, counts) for name in tables}

    seconds = settings.HROMADA_ANALYTICS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    described = repr((hromada.pk, filters, language, tables)).encode()
    key = f"opencity:analytics:{hashlib.sha256(described).hexdigest()}"
    data = cache.get(key)
    if data is None:
        data = compute()
        cache.set(key, data, seconds)
    return data


def analytics_overdue_reports(
    *, hromada: Hromada, filters: AnalyticsFilters, limit: int = 100
) -> QuerySet[Report]:
    """For staff: the open reports past their deadline, the longest overdue first."""
    return (
        analytics_reports(hromada=hromada, filters=filters)
        .filter(~Q(status__in=FINAL), due_at__lt=clock.now())
        .select_related("category", "district", "department")
        .order_by("due_at", "pk")[:limit]
    )


# ------------------------------------------------------------------- open data (issue 16 §5)

OPENDATA_VALUES = (
    "pk",
    "category__code",
    "category__name",
    "district__name",
    "department__name",
    "channel",
    "status",
    "close_reason",
    "submitted_at",
    "responded_at",
    "closed_at",
    "due_at",
    "supporters_count",
    "reopen_count",
)


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(ZoneInfo(settings.TIME_ZONE)).isoformat() if value is not None else None


def _opendata_rows(qs: QuerySet[Report]) -> Iterator[dict[str, Any]]:
    for r in qs.order_by("pk").values(*OPENDATA_VALUES).iterator(chunk_size=5000):
        closed, due = r["closed_at"], r["due_at"]
        yield {
            "id": r["pk"],
            "category_code": r["category__code"],
            "category": r["category__name"],
            "district": r["district__name"] or "",
            "department": r["department__name"] or "",
            "channel": r["channel"],
            "status": r["status"],
            "close_reason": r["close_reason"],
            "submitted_at": _iso(r["submitted_at"]),
            "first_response_at": _iso(r["responded_at"]),
            "closed_at": _iso(closed),
            "due_at": _iso(due),
            # Met: closed by the deadline; not met: closed after it, or open past it; empty: still running.
            "sla_met": (closed <= due) if closed is not None else (False if due < clock.now() else None),
            "supporters": r["supporters_count"],
            "times_reopened": r["reopen_count"],
        }


def opendata_reports(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    """Every report of the hromada as a flat row without personal data: no reporter, contact, text,
    address or photo — the category, district, channel, state and dates, and whether the deadline was met."""
    return _opendata_rows(Report.objects.filter(hromada=hromada))


def opendata_reports_after(*, hromada: Hromada, after: Any) -> Iterator[dict[str, Any]]:
    return _opendata_rows(Report.objects.filter(hromada=hromada, pk__gt=int(after)))


def opendata_reports_count(*, hromada: Hromada) -> int:
    return Report.objects.filter(hromada=hromada).count()


def opendata_reports_modified(*, hromada: Hromada) -> datetime | None:
    """When a report of the hromada last changed state (or was filed)."""
    return Report.objects.filter(hromada=hromada).aggregate(m=Max("status_changed_at"))["m"]


def opendata_report_statistics(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    """Reports counted per Kyiv month of filing, category and district — one grouped query over the stored
    analytics month (``submitted_month``, kept by the actions and ``opencity_analytics_fill``): how many
    were filed, closed, fixed, closed without a fix, closed by their deadline, reopened. Counts only: no
    report, reporter, text or place is in a row. Oldest month first, then category code and district."""
    rows = (
        Report.objects.filter(hromada=hromada, submitted_month__isnull=False)
        .values_list("submitted_month", "category__code", "category__name", "district__name")
        .annotate(**_outcome_counts())
        .order_by("submitted_month", "category__code", "district__name")
    )
    for month, code, category, district, *counts in rows.iterator(chunk_size=2000):
        reports, closed, on_time, fixed, closed_not_fixed, reopened, duplicates = counts
        yield {
            "month": month.strftime("%Y-%m"),
            "category_code": code,
            "category": category,
            "district": district or "",
            "reports": reports,
            "closed": closed,
            "fixed": fixed,
            "closed_not_fixed": closed_not_fixed,
            "duplicates": duplicates,
            "closed_on_time": on_time,
            "on_time_share": round(on_time / closed, 4) if closed else None,
            "reopened": reopened,
        }

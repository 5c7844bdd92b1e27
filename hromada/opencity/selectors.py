"""Reads of the open city: typed functions, always scoped by the hromada. Selectors never write and never
import actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.errors import NotFoundError
from hromada.core.geo import interior_point
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada
from hromada.territory.models import Department
from hromada.territory.selectors import districts_of, institution_points

from . import gazetteer, lifecycle, nearby
from .models import ApiKey, Category, LocationPrecision, Photo, Report, Status, Update
from .permissions import department_ids_of, triages_reports

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
    qs = Report.objects.filter(hromada=hromada).select_related("category", "district", "department")
    if category:
        qs = qs.filter(category__code=category)
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status == "closed":
        qs = qs.filter(status__in=FINAL)
    elif status in Status.values:
        qs = qs.filter(status=status)
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


def report_by_token(*, hromada: Hromada, token: str) -> Report | None:
    return Report.objects.filter(hromada=hromada, token=token).first()


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
    def on_time_share(self) -> int | None:
        return round(100 * self.on_time / self.closed) if self.closed else None


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


MAP_LIMIT = 1000


def report_points(
    *, hromada: Hromada, bbox: tuple[float, float, float, float] | None = None, category: str = ""
) -> list[dict[str, Any]]:
    """Plain values for map markers inside ``bbox`` (west, south, east, north), newest first, capped."""
    qs = Report.objects.filter(hromada=hromada)
    if bbox is not None:
        west, south, east, north = bbox
        qs = qs.filter(lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east)
    if category:
        qs = qs.filter(category__code=category)
    rows = qs.order_by("-submitted_at").values("pk", "lat", "lon", "status", "category__code")[:MAP_LIMIT]
    return [dict(row) for row in rows]


def open311_requests(
    *,
    hromada: Hromada,
    ids: list[int] | None = None,
    codes: list[str] | None = None,
    statuses: list[str] | None = None,
    start: Any = None,
    end: Any = None,
    limit: int = 1000,
) -> list[Report]:
    """Reports for Open311's GET requests: by ids, service codes, open/closed and submission dates, newest
    first, at most ``limit`` (one query)."""
    qs = Report.objects.filter(hromada=hromada).select_related("category", "department")
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
    return list(qs.order_by("-submitted_at", "-pk")[:limit])


def open311_updates(*, hromada: Hromada, start: Any, end: Any = None, limit: int = 1000) -> list[Update]:
    """Public updates and status changes of the hromada's reports in a time window (FixMyStreet's
    servicerequestupdates), oldest first."""
    qs = (
        Update.objects.filter(report__hromada=hromada, at__gte=start)
        .exclude(kind=Update.Kind.INTERNAL)
        .select_related("report")
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

"""The open city's web pages: parse the request, call one selector or action, render. No logic here."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core.errors import NotFoundError
from hromada.core.forms import run_form_action, run_message_action
from hromada.core.geo import feature, feature_collection, point
from hromada.core.http import HromadaRequest
from hromada.core.pagination import paginate
from hromada.territory.selectors import districts_of

from . import actions, selectors
from .forms import ReassignForm, RelocateForm, ReportForm, TransitionForm, UpdateForm, VerdictForm
from .models import CloseReason, Status
from .permissions import handles_report, sees_staff_pages, triages_reports


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def list_filters(request: HttpRequest) -> dict[str, Any]:
    """The public list's filters that its Atom feed shares (feeds.py): category, status, district,
    department."""
    return {
        "category": request.GET.get("category", "")[:40],
        "status": request.GET.get("status", "")[:20],
        "district": _int(request.GET.get("district")),
        "department": _int(request.GET.get("department")),
    }


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def index(request: HromadaRequest) -> HttpResponse:
    """Public list with filters and the map of the listed reports."""
    feed_filters = list_filters(request)
    filters: dict[str, Any] = {**feed_filters, "overdue": request.GET.get("overdue") == "1"}
    qs = selectors.reports_public(hromada=request.hromada, **filters)
    page, query = paginate(request, qs, per_page=20)
    context = {
        "page_obj": page,
        "query_string": query,
        "filters": filters,
        "categories": selectors.categories_active(hromada=request.hromada),
        "districts": districts_of(hromada=request.hromada),
        "statuses": Status.choices,
        "rows": [(r, selectors.clock_state(r)) for r in page],
        "handles_reports": sees_staff_pages(request.user, request.hromada),
        "feed_query": urlencode({k: v for k, v in feed_filters.items() if v}),
    }
    return render(request, "opencity/index.html", context)


def reports_geojson(request: HromadaRequest) -> JsonResponse:
    """The reports inside ``bbox=west,south,east,north`` (at most 1,000, newest first) as GeoJSON."""
    parts = [_float(v) for v in request.GET.get("bbox", "").split(",")]
    bbox = None
    if len(parts) == 4 and all(p is not None for p in parts):
        west, south, east, north = (float(p or 0) for p in parts)
        bbox = (west, south, east, north)
    rows = selectors.report_points(
        hromada=request.hromada, bbox=bbox, category=request.GET.get("category", "")[:40]
    )  # type: ignore[arg-type]
    base = reverse("opencity:report", args=[1])[: -len("1/")]
    features = [
        feature(
            point(r["lon"], r["lat"]),
            {"status": r["status"], "category": r["category__code"], "url": f"{base}{r['pk']}/"},
            r["pk"],
        )
        for r in rows
    ]
    return JsonResponse(feature_collection(features), content_type="application/geo+json")


@login_required
def new(request: HromadaRequest) -> HttpResponse:
    """The map-first report form; nearby reports of the same category are fetched as the pin moves."""
    categories = selectors.categories_active(hromada=request.hromada)
    form = ReportForm(request.POST or None, request.FILES or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = run_form_action(
            form,
            actions.report_create,
            hromada=request.hromada,
            category=data["category"],
            lat=data["lat"],
            lon=data["lon"],
            address=data["address"],
            description=data["description"],
            show_name=data["show_name"],
            photos=[(f.read(), f.name or "photo") for f in data["photos"]],
            channel="web",
            reporter=request.user,
        )
        if report is not None:
            messages.success(request, _("Thank you. Your report #%(n)s was filed.") % {"n": report.pk})
            return redirect(report.get_absolute_url())
    return render(request, "opencity/new.html", {"form": form})


def nearby(request: HromadaRequest) -> HttpResponse:
    """A fragment: open (and recently closed) reports of the category within 50 m of the pin."""
    lat, lon = _float(request.GET.get("lat")), _float(request.GET.get("lon"))
    category_id = _int(request.GET.get("category")) or 0
    category = selectors.categories_active(hromada=request.hromada).filter(pk=category_id).first()
    found = []
    if category is not None and lat is not None and lon is not None:
        found = selectors.reports_nearby(hromada=request.hromada, category=category, lat=lat, lon=lon)
    return render(request, "opencity/_nearby.html", {"nearby": found})


def report(request: HromadaRequest, pk: int) -> HttpResponse:
    """A report's public page: SLA clock, redacted text, published photos, updates; staff see more."""
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    staff = handles_report(request.user, item)
    context: dict[str, Any] = {
        "report": item,
        "staff": staff,
        "clock": selectors.clock_state(item),
        "updates": selectors.report_updates(report=item, staff=staff),
        "photos": selectors.report_photos(report=item, staff=staff),
        "is_reporter": request.user.is_authenticated and item.reporter_id == request.user.pk,
        "verdict_form": VerdictForm(),
    }
    if staff:
        context["transition_form"] = TransitionForm()
        context["update_form"] = UpdateForm()
        context["reassign_form"] = ReassignForm(
            departments=selectors.departments_for_handover(hromada=request.hromada)
        )
        context["close_reasons"] = CloseReason.choices
        context["relocate_form"] = RelocateForm(
            initial={"lat": item.lat, "lon": item.lon}, prefix=RelocateForm.prefix
        )
    return render(request, "opencity/report.html", context)


def photo(request: HromadaRequest, pk: int, photo_pk: int) -> FileResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    found = selectors.photo_get(report=item, pk=photo_pk, staff=handles_report(request.user, item))
    content_type = mimetypes.guess_type(found.image.name)[0] or "application/octet-stream"
    return FileResponse(found.image.open("rb"), content_type=content_type)


@login_required
@require_POST
def support(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    if run_message_action(request, actions.report_support, report=item, person=request.user):
        messages.success(request, _("Thank you: your +1 is counted and you will get the updates."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def verdict(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    form = VerdictForm(request.POST)
    if form.is_valid():
        run_message_action(
            request,
            actions.report_verdict,
            report=item,
            person=request.user,
            fixed=form.cleaned_data["fixed"],
            text=form.cleaned_data["text"],
        )
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def transition(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect(item.get_absolute_url())
    data = form.cleaned_data
    duplicate = None
    if data["duplicate_of"]:
        try:
            duplicate = selectors.report_get(hromada=request.hromada, pk=data["duplicate_of"])
        except NotFoundError:
            messages.error(request, _("There is no report with that number."))
            return redirect(item.get_absolute_url())
    if run_message_action(
        request,
        actions.report_transition,
        report=item,
        by=request.user,
        target=data["target"],
        reason=data["reason"],
        responsible_elsewhere=data["responsible_elsewhere"],
        forwarded_to_email=data["forwarded_to_email"] or "",
        duplicate_of=duplicate,
        text=data["text"],
    ):
        messages.success(request, _("The status was changed."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def update(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    form = UpdateForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        if run_message_action(
            request,
            actions.report_update_add,
            report=item,
            by=request.user,
            text=data["text"],
            public=data["public"],
            photos=[(f.read(), f.name or "photo") for f in data["photos"]],
        ):
            messages.success(request, _("The update was added."))
    else:
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def reassign(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    form = ReassignForm(request.POST, departments=selectors.departments_for_handover(hromada=request.hromada))
    if form.is_valid():
        done = run_message_action(
            request,
            actions.report_reassign,
            report=item,
            by=request.user,
            department=form.cleaned_data["department"],
            text=form.cleaned_data["text"],
        )
        if done is not None:
            messages.success(request, _("The report was handed over."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def relocate(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    form = RelocateForm(request.POST, prefix=RelocateForm.prefix)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
    elif run_message_action(
        request,
        actions.report_relocate,
        report=item,
        by=request.user,
        lat=form.cleaned_data["lat"],
        lon=form.cleaned_data["lon"],
        text=form.cleaned_data["text"],
    ):
        messages.success(request, _("The place of the problem is set."))
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def photo_publish(request: HromadaRequest, pk: int, photo_pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    found = selectors.photo_get(report=item, pk=photo_pk, staff=handles_report(request.user, item))
    if run_message_action(
        request,
        actions.report_photo_publish,
        photo=found,
        by=request.user,
        public=request.POST.get("public") == "1",
    ):
        messages.success(request, _("The photo was updated."))
    return redirect(item.get_absolute_url())


@login_required
def mine(request: HromadaRequest) -> HttpResponse:
    """ "Мої звернення": what I reported or supported."""
    page, query = paginate(request, selectors.reports_mine(hromada=request.hromada, person=request.user))
    return render(request, "opencity/mine.html", {"page_obj": page, "query_string": query})


@login_required
def staff(request: HromadaRequest) -> HttpResponse:
    """The department's queue (whoever triages sees all, and the triage queue)."""
    if not sees_staff_pages(request.user, request.hromada):
        raise PermissionDenied
    triage = request.GET.get("triage") == "1"
    status = request.GET.get("status", "open")
    qs = selectors.staff_queue(hromada=request.hromada, person=request.user, triage=triage, status=status)
    page, query = paginate(request, qs, per_page=30)
    context = {
        "page_obj": page,
        "query_string": query,
        "triage": triage,
        "status": status,
        "can_triage": triages_reports(request.user, request.hromada),
        "rows": [(r, selectors.clock_state(r)) for r in page],
    }
    return render(request, "opencity/staff.html", context)


def departments(request: HromadaRequest) -> HttpResponse:
    """Per department: on time, late, overdue; fixed and closed-not-fixed apart."""
    return render(
        request, "opencity/departments.html", {"clocks": selectors.department_clocks(hromada=request.hromada)}
    )

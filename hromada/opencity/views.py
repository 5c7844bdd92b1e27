"""The open city's web pages: parse the request, call one selector or action, render. No logic here."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Callable
from typing import Any, Literal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.budget.selectors import project_statuses_public
from hromada.core.charts import make_chart
from hromada.core.errors import NotFoundError, error_body
from hromada.core.forms import run_form_action, run_message_action
from hromada.core.geo import feature_collection
from hromada.core.http import HromadaRequest, csv_download
from hromada.core.models import in_language
from hromada.core.pagination import paginate
from hromada.territory.models import Institution
from hromada.territory.selectors import districts_of

from . import actions, mapgrid, selectors
from .forms import (
    AnalyticsFilterForm,
    BlurForm,
    FixCheckForm,
    ReassignForm,
    RecategoriseForm,
    RelocateForm,
    ReportForm,
    TransitionForm,
    UpdateForm,
    VerdictForm,
)
from .models import CloseReason, Report, Status
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


def _bad_map_request(field: str, message: str) -> JsonResponse:
    return JsonResponse(error_body("invalid", message, {field: [message]}), status=400)


def _bbox_message(code: str) -> str:
    return {
        mapgrid.BBOX_PARTS: _(
            "bbox must be four numbers separated by commas: west,south,east,north (longitude first)."
        ),
        mapgrid.BBOX_NUMBER: _("Every part of bbox must be a number."),
        mapgrid.BBOX_RANGE: _(
            "bbox is off the Earth: longitudes run from -180 to 180, latitudes from -90 to 90."
        ),
        mapgrid.BBOX_ORDER: _("In bbox, west must not be east of east, nor south north of north."),
    }[code]


def map_geojson(request: HromadaRequest, layer: str = "reports") -> HttpResponse:
    """One page of one city-map layer inside ``bbox=west,south,east,north`` as a GeoJSON FeatureCollection
    (RFC 7946), with ``page`` and ``next`` as foreign members; reports are grid clusters below zoom 17."""
    found = selectors.MAP_LAYERS.get(layer)
    if found is None:
        raise Http404
    bbox, problem = mapgrid.parse_bbox(request.GET.get("bbox", "")[:200])
    if problem:
        return _bad_map_request("bbox", _bbox_message(problem))
    zoom, problem = mapgrid.parse_zoom(request.GET.get("zoom", ""), default=mapgrid.CLUSTER_BELOW_ZOOM - 1)
    if problem or zoom is None:
        return _bad_map_request(
            "zoom",
            _("zoom must be a whole number from %(min)s to %(max)s.")
            % {"min": mapgrid.MIN_ZOOM, "max": mapgrid.MAX_ZOOM},
        )
    page_number = mapgrid.page_of(request.GET.get("page", ""))
    if page_number is None:
        return _bad_map_request("page", _("page must be a whole number from 1."))
    params = found.params(request.GET)
    if layer == "reports":
        # Only known filters: each filter's city-wide clusters are cached, so a made-up one must not
        # start a grouped query over every report (nor leave an entry behind).
        if params["status"] not in ("", "open", "closed", *Status.values):
            return _bad_map_request("status", _("Unknown state: use open, closed or one of the states."))
        category = params["category"]
        if category and selectors.category_by_code(hromada=request.hromada, code=category) is None:
            return _bad_map_request("category", _("There is no such category."))
    page = found.page(
        hromada=request.hromada,
        bbox=bbox,
        zoom=zoom,
        page=page_number,
        language=get_language() or "uk",
        **params,
    )
    body: dict[str, Any] = feature_collection(page.features)
    body["page"] = page.page
    body["next"] = None
    if page.has_next:
        params = request.GET.copy()
        params["page"] = str(page.page + 1)
        body["next"] = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    if page.clustered:
        body["clustered"] = True
    response = JsonResponse(body, content_type="application/geo+json")
    if body["next"]:
        response["Link"] = f'<{body["next"]}>; rel="next"'
    return response


def city_map(request: HromadaRequest) -> HttpResponse:
    """The city map of every module's places, with the same places as lists below it."""
    chosen = [key for key in request.GET.getlist("layer") if key in selectors.MAP_LAYERS]
    on = set(chosen or selectors.MAP_LAYERS)
    layers = [
        (
            layer,
            layer.key in on,
            layer.listing(hromada=request.hromada, **layer.params(request.GET)) if layer.key in on else None,
        )
        for layer in selectors.MAP_LAYERS.values()
    ]
    context = {
        "layers": layers,
        "filters": {
            field: request.GET.get(field, "")[:40]
            for layer in selectors.MAP_LAYERS.values()
            for _param, field in layer.filters
        },
        "categories": selectors.categories_active(hromada=request.hromada),
        "statuses": Status.choices,
        "kinds": Institution.Kind.choices,
        "project_statuses": project_statuses_public(),
    }
    return render(request, "opencity/map.html", context)


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
    return render(request, "opencity/report.html", _report_context(request, item))


def _report_context(
    request: HromadaRequest,
    item: Any,
    *,
    fix_check_form: FixCheckForm | None = None,
    blur_form: BlurForm | None = None,
) -> dict[str, Any]:
    staff = handles_report(request.user, item)
    check = selectors.fix_check_for(report=item, person=request.user)
    photos = list(selectors.report_photos(report=item, staff=staff))
    context: dict[str, Any] = {
        "report": item,
        "staff": staff,
        "clock": selectors.clock_state(item),
        "updates": selectors.report_updates(report=item, staff=staff),
        "photos": photos,
        # Staff get a blur form per photo (the one that failed keeps what was typed).
        "photo_rows": [
            (
                p,
                (blur_form if blur_form is not None and blur_form.prefix == f"blur-{p.pk}" else None)
                or (BlurForm.for_photo(p.pk) if staff else None),
            )
            for p in photos
        ],
        "is_reporter": request.user.is_authenticated and item.reporter_id == request.user.pk,
        "verdict_form": VerdictForm(),
        "fix_check": check,
        "fix_check_form": fix_check_form or FixCheckForm(),
        "fix_check_counts": selectors.fix_check_counts(report=item) if item.status == Status.FIXED else None,
    }
    if staff:
        context["transition_form"] = TransitionForm()
        context["update_form"] = UpdateForm()
        context["reassign_form"] = ReassignForm(
            departments=selectors.departments_for_handover(hromada=request.hromada)
        )
        others = selectors.categories_active(hromada=request.hromada).exclude(pk=item.category_id)
        # With no other category there is nothing to choose: the form is left out.
        context["recategorise_form"] = RecategoriseForm(categories=others) if others.exists() else None
        context["close_reasons"] = CloseReason.choices
        context["relocate_form"] = RelocateForm(
            initial={"lat": item.lat, "lon": item.lon}, prefix=RelocateForm.prefix
        )
    return context


def photo(request: HromadaRequest, pk: int, photo_pk: int) -> FileResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    found = selectors.photo_get(report=item, pk=photo_pk, staff=handles_report(request.user, item))
    content_type = mimetypes.guess_type(found.image.name)[0] or "application/octet-stream"
    return FileResponse(found.image.open("rb"), content_type=content_type)


@login_required
@require_POST
def photo_blur(request: HromadaRequest, pk: int, photo_pk: int) -> HttpResponse:
    """Staff blur a rectangle of a photo; a form with errors is shown again with what was typed."""
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    if not handles_report(request.user, item):
        raise PermissionDenied
    found = selectors.photo_get(report=item, pk=photo_pk, staff=True)
    form = BlurForm.for_photo(found.pk, request.POST)
    if not form.is_valid():
        return render(
            request, "opencity/report.html", _report_context(request, item, blur_form=form), status=400
        )
    box = form.cleaned_data
    if run_message_action(
        request,
        actions.report_photo_blur,
        photo=found,
        by=request.user,
        left=box["left"] / 100,
        top=box["top"] / 100,
        width=box["width"] / 100,
        height=box["height"] / 100,
    ):
        messages.success(
            request, _("The part of the photo is blurred. Blur another part or publish the photo.")
        )
    return redirect(f"{item.get_absolute_url()}#photo-{found.pk}")


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
def fix_check(request: HromadaRequest, pk: int, check_pk: int) -> HttpResponse:
    """The answer to the four-week fix check; a form with errors is shown again with what was typed."""
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    check = selectors.fix_check_get(report=item, pk=check_pk)
    form = FixCheckForm(request.POST)
    if not form.is_valid():
        context = _report_context(request, item, fix_check_form=form)
        return render(request, "opencity/report.html", context, status=400)
    fixed = form.cleaned_data["fixed"]
    if run_message_action(
        request,
        actions.fix_check_answer,
        check=check,
        person=request.user,
        fixed=fixed,
        text=form.cleaned_data["text"],
    ):
        if fixed:
            messages.success(request, _("Thank you: your answer confirms the fix."))
        else:
            messages.success(request, _("Thank you: the report is open again and the department is told."))
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


def _staff_form_done(
    request: HromadaRequest, item: Report, form: forms.Form, action: Callable[..., Any], done: str
) -> HttpResponse:
    """A staff form of the report's page: the action with the form's fields, or what is wrong with them."""
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
    elif run_message_action(request, action, report=item, by=request.user, **form.cleaned_data):
        messages.success(request, done)
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def reassign(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    form = ReassignForm(request.POST, departments=selectors.departments_for_handover(hromada=request.hromada))
    return _staff_form_done(request, item, form, actions.report_reassign, _("The report was handed over."))


@login_required
@require_POST
def recategorise(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    form = RecategoriseForm(request.POST, categories=selectors.categories_active(hromada=request.hromada))
    done = _("The report's category is changed; its department and deadline stay.")
    return _staff_form_done(request, item, form, actions.report_recategorise, done)


@login_required
@require_POST
def relocate(request: HromadaRequest, pk: int) -> HttpResponse:
    item = selectors.report_get(hromada=request.hromada, pk=pk)
    form = RelocateForm(request.POST, prefix=RelocateForm.prefix)
    done = _("The place of the problem is set.")
    return _staff_form_done(request, item, form, actions.report_relocate, done)


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


# ------------------------------------------------------------------- analytics (issue 16 §5)


def _analytics_form(request: HromadaRequest) -> AnalyticsFilterForm:
    return AnalyticsFilterForm(
        request.GET or None,
        categories=selectors.categories_active(hromada=request.hromada),
        districts=districts_of(hromada=request.hromada),
        language=get_language() or "uk",
    )


def _analytics_csv_rows(
    what: str, data: dict[str, Any], language: str
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    if what in ("categories", "districts", "channels", "months"):
        key = {"categories": "category", "districts": "district", "channels": "channel", "months": "month"}[
            what
        ]
        return [{key: label, "reports": n} for label, n in data[what]], (key, "reports")
    if what == "timing":
        fields = (
            "code",
            "category",
            "reports",
            "sla_days",
            "median_response_working_days",
            "median_fix_working_days",
            "closed",
            "closed_on_time",
        )
        rows = [
            {
                "code": t.code,
                "category": in_language(t, "name", language),
                "reports": t.reports,
                "sla_days": t.sla_days,
                "median_response_working_days": t.median_response_working_days,
                "median_fix_working_days": t.median_fix_working_days,
                "closed": t.closed,
                "closed_on_time": t.on_time,
            }
            for t in data["timing"]
        ]
        return rows, fields
    if what == "outcomes":
        o = data["outcomes"]
        totals = ("total", "open", "fixed", "closed_not_fixed", "reopened", "duplicates")
        return [{name: getattr(o, name) for name in totals}], totals
    heat = data["overdue"]
    rows = [
        {"district": d_name, "category": c_name, "overdue": heat.cells[i][j]}
        for i, (_d, d_name) in enumerate(heat.districts)
        for j, (_c, c_name) in enumerate(heat.categories)
        if heat.cells[i][j]
    ]
    return rows, ("district", "category", "overdue")


ANALYTICS_CSV = selectors.ANALYTICS_TABLES

# The count charts: key (a table above), title, kind, the label column's heading.
_COUNT_CHARTS: tuple[tuple[str, Any, Literal["hbar", "vbar"], Any], ...] = (
    ("months", gettext_lazy("Reports by month"), "vbar", gettext_lazy("Month")),
    ("categories", gettext_lazy("Reports by category"), "hbar", gettext_lazy("Category")),
    ("districts", gettext_lazy("Reports by district"), "hbar", gettext_lazy("District")),
    ("channels", gettext_lazy("Reports by channel"), "hbar", gettext_lazy("Channel")),
)


def _month_labels(rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """ "2026-03" → "березень 2026" for people; the CSV keeps the ISO month."""
    return [
        (date_format(dt.date(int(month[:4]), int(month[5:]), 1), "YEAR_MONTH_FORMAT"), n) for month, n in rows
    ]


def _analytics_data(
    request: HromadaRequest, filters: Any, language: str, tables: tuple[str, ...] = ANALYTICS_CSV
) -> dict[str, Any]:
    return selectors.analytics_tables(
        hromada=request.hromada, filters=filters, language=language, tables=tables
    )


def analytics(request: HromadaRequest) -> HttpResponse:
    """Aggregate numbers of residents' reports (never a person or a text); staff of the hromada also see
    the overdue reports themselves."""
    form = _analytics_form(request)
    valid = form.is_valid() if form.is_bound else True
    context: dict[str, Any] = {"form": form, "valid": valid}
    if valid:
        language = get_language() or "uk"
        filters = form.filters() if form.is_bound else selectors.AnalyticsFilters()
        data = _analytics_data(request, filters, language)
        query = request.GET.urlencode()

        def csv_url(what: str) -> str:
            return (
                reverse("opencity:analytics_csv")
                + "?"
                + urlencode({"what": what})
                + (f"&{query}" if query else "")
            )

        charts = [
            make_chart(
                key=key,
                title=str(title),
                kind=kind,
                rows=_month_labels(data[key]) if key == "months" else data[key],
                label_header=str(label),
                value_label=_("Reports"),
                csv_url=csv_url(key),
            )
            for key, title, kind, label in _COUNT_CHARTS
        ]
        outcomes = data["outcomes"]
        outcome_chart = make_chart(
            key="outcomes",
            title=_("How reports ended"),
            kind="hbar",
            rows=[
                (_("Fixed"), outcomes.fixed),
                (_("Closed, not fixed"), outcomes.closed_not_fixed),
                (pgettext("reports", "Open"), outcomes.open),
            ],
            label_header=_("Outcome"),
            value_label=_("Reports"),
            csv_url=csv_url("outcomes"),
        )
        staff = sees_staff_pages(request.user, request.hromada)
        context |= {
            "data": data,
            "charts": charts,
            "outcome_chart": outcome_chart,
            "language": language,
            "csv": {what: csv_url(what) for what in ANALYTICS_CSV},
            "staff": staff,
            "overdue_reports": (
                selectors.analytics_overdue_reports(hromada=request.hromada, filters=filters) if staff else []
            ),
        }
    return render(request, "opencity/analytics.html", context, status=200 if valid else 400)


def analytics_csv(request: HromadaRequest) -> HttpResponse:
    """One of the analytics' tables as CSV: ``what`` is one of ANALYTICS_CSV (anything else → 400), with the
    page's filters."""
    what = request.GET.get("what", "")
    if what not in ANALYTICS_CSV:
        return HttpResponseBadRequest(
            _("Unknown table: choose one of %(names)s.") % {"names": ", ".join(ANALYTICS_CSV)}
        )
    form = _analytics_form(request)
    if not form.is_valid():
        message = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponseBadRequest(message)
    language = get_language() or "uk"
    data = _analytics_data(request, form.filters(), language, tables=(what,))
    rows, fields = _analytics_csv_rows(what, data, language)
    return csv_download(rows, fields, name=f"reports-{what}")

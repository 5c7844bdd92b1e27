"""Pages of the insight index: the public and the officials' dashboards, the index by quarter, the
frameworks' coverage, the comparison, self-reports, exports. Thin: one selector or action each."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.guards import officials_page
from hromada.core import clock
from hromada.core.charts import Chart, make_chart
from hromada.core.forms import run_form_action, run_message_action
from hromada.core.http import HromadaRequest, csv_download
from hromada.core.indicators import Quarter, headlines, indicator
from hromada.opendata.formats import MEDIA_TYPES, xlsx_chunks

from . import actions, frameworks, selectors
from .forms import SelfReportCorrectionForm, SelfReportForm, SettingsForm
from .permissions import can_close_quarter, can_self_report, can_view_insight


def _refusal() -> str:
    return _("The index and the dashboard are for the hromada's officials.")


officials = officials_page(can_view_insight, _refusal)
managers = officials_page(can_self_report, _refusal)
administrators = officials_page(can_close_quarter, _refusal)


def _is_official(request: HromadaRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_verified() and can_view_insight(user, request.hromada))


def _quarter(text: str) -> Quarter:
    quarter = Quarter.parse(text)
    if quarter.start > clock.today():
        raise Http404
    return quarter


def _evidence(item: Any, *, request: HromadaRequest, official: bool) -> list[tuple[str, str]]:
    """The indicator's evidence the visitor is shown, as (title, URL); the URL is empty for a page the
    visitor may not open (its ``audience``), so a link never leads to a refusal."""
    links = []
    for evidence in item.evidence:
        if not evidence.public and not official:
            continue
        try:
            url = reverse(evidence.url_name, kwargs=dict(evidence.kwargs))
        except NoReverseMatch:
            continue
        if evidence.audience is not None and not evidence.audience(request.user, request.hromada):
            url = ""
        links.append((str(evidence.title), url))
    return links


def _series_charts(series: list[selectors.Series]) -> list[tuple[selectors.Series, Chart, str]]:
    charts = []
    for item in series:
        chart = make_chart(
            key=item.headline.key.replace(".", "-"),
            title=str(item.headline.title),
            kind="sparkline",
            rows=[(month.strftime("%Y-%m"), value) for month, value in item.points],
            label_header=_("Month"),
            value_label=str(item.headline.title),
            csv_url=reverse("insight:series_csv", kwargs={"key": item.headline.key}),
        )
        try:
            link = reverse(item.headline.url_name)
        except NoReverseMatch:
            link = ""
        charts.append((item, chart, link))
    return charts


def _module_chart(index: selectors.Index, key: str, csv_url: str = "") -> Chart:
    return make_chart(
        key=key,
        title=_("Each module's score, 0–100"),
        kind="hbar",
        rows=[
            (str(p.title), index.modules[p.key].score if p.key in index.modules else None)
            for p in frameworks.MINTSYFRA_MODULES
        ],
        label_header=_("Module"),
        value_label=_("Score, 0–100"),
        csv_url=csv_url,
        top=100,
    )


def public(request: HromadaRequest) -> HttpResponse:
    hromada = request.hromada
    quarter = selectors.current_quarter()
    index = selectors.index_for(hromada=hromada, quarter=quarter, public=True)
    return render(
        request,
        "insight/public.html",
        {
            "series": _series_charts(selectors.month_series(hromada=hromada, public=True)),
            "index": index,
            "module_chart": _module_chart(index, "modules", reverse("insight:trend_csv")),
            "quarters": selectors.recent_quarters(),
            "is_official": _is_official(request),
        },
    )


@officials
def dashboard(request: HromadaRequest) -> HttpResponse:
    hromada = request.hromada
    index = selectors.index_for(hromada=hromada, quarter=selectors.current_quarter())
    return render(
        request,
        "insight/dashboard.html",
        {
            "series": _series_charts(selectors.month_series(hromada=hromada)),
            "index": index,
            "module_chart": _module_chart(index, "modules", reverse("insight:trend_csv")),
            "reports": selectors.self_report_states(hromada=hromada),
            "quarters": selectors.recent_quarters(),
            "may_report": can_self_report(request.user, hromada),
            "may_close": can_close_quarter(request.user, hromada),
        },
    )


def index_current(request: HromadaRequest) -> HttpResponse:
    return redirect("insight:index", quarter=str(selectors.current_quarter()))


def index(request: HromadaRequest, quarter: str) -> HttpResponse:
    hromada = request.hromada
    official = _is_official(request)
    period = _quarter(quarter)
    data = selectors.index_for(hromada=hromada, quarter=period, public=not official)
    quarters = selectors.recent_quarters(count=4)
    trend = selectors.module_trend(hromada=hromada, quarters=quarters, public=not official)
    trend_charts = [
        make_chart(
            key=f"trend-{p.key}",
            title=str(p.title),
            kind="vbar",
            rows=[(Quarter.parse(name).label(), score) for name, score in trend[p.key]],
            label_header=_("Quarter"),
            value_label=_("Score, 0–100"),
            csv_url=reverse("insight:trend_csv"),
            top=100,
        )
        for p in frameworks.MINTSYFRA_MODULES
    ]
    titles = {r.indicator.key: r.indicator for r in data.rows}
    return render(
        request,
        "insight/index.html",
        {
            "index": data,
            "official": official,
            "rows": [(r, _evidence(r.indicator, request=request, official=official)) for r in data.rows],
            "module_chart": _module_chart(
                data, "modules", f"{reverse('insight:trend_csv')}?quarter={period}"
            ),
            "module_titles": {p.key: p.title for p in frameworks.MINTSYFRA_MODULES},
            "trend_charts": trend_charts,
            "gains": _gains_by_effort(data, titles),
            "quarters": quarters,
            "may_close": official
            and can_close_quarter(request.user, hromada)
            and not data.closed
            and period.end <= clock.today(),
        },
    )


def _gains_by_effort(data: selectors.Index, titles: dict[str, Any]) -> list[tuple[Any, list[Any]]]:
    """What would raise the score most, grouped by the effort it takes (easiest first): for each, the
    indicators with their gain and the module whose score it raises, the largest gain first."""
    modules = {p.key: p.title for p in frameworks.MINTSYFRA_MODULES}
    groups: dict[int, list[tuple[Any, Any, Any]]] = {}
    for gain in data.gains:  # ordered by effort, then by gain
        if gain.key in titles:
            groups.setdefault(gain.effort, []).append((gain, titles[gain.key], modules.get(gain.module, "")))
    return [(frameworks.EFFORT_TITLES[effort], items) for effort, items in groups.items()]


@require_POST
@administrators
def close(request: HromadaRequest, quarter: str) -> HttpResponse:
    period = _quarter(quarter)
    done = run_message_action(
        request, actions.quarter_close, hromada=request.hromada, actor=request.user, quarter=period
    )
    if done:
        messages.success(
            request,
            _("The quarter %(quarter)s is closed and published in the ledger.") % {"quarter": period.label()},
        )
    return redirect("insight:index", quarter=str(period))


@officials
def export(request: HromadaRequest, quarter: str, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    period = _quarter(quarter)
    rows = selectors.questionnaire_rows(hromada=request.hromada, quarter=period)
    name = f"index-{request.hromada.slug}-{period}"
    if fmt == "csv":
        return csv_download(rows, selectors.QUESTIONNAIRE_FIELDS, name=name)
    response = HttpResponse(
        b"".join(xlsx_chunks(rows, selectors.QUESTIONNAIRE_FIELDS)), content_type=MEDIA_TYPES["xlsx"]
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def trend_csv(request: HromadaRequest) -> HttpResponse:
    """The module scores of the trend's quarters, or of the one ``?quarter=`` names (an index page's)."""
    wanted = request.GET.get("quarter")
    try:
        quarters = [_quarter(wanted)] if wanted else selectors.recent_quarters(count=4)
    except ValueError:
        raise Http404 from None  # as a malformed quarter in a path
    trend = selectors.module_trend(
        hromada=request.hromada, quarters=quarters, public=not _is_official(request)
    )
    rows = [
        {"module": module, "quarter": q, "score": score}
        for module, points in trend.items()
        for q, score in points
    ]
    return csv_download(rows, ("module", "quarter", "score"), name="index-trend")


def series_csv(request: HromadaRequest, key: str) -> HttpResponse:
    official = _is_official(request)
    wanted = next((h for h in headlines() if h.key == key and (h.public or official)), None)
    if wanted is None:
        raise Http404
    found = next(
        s
        for s in selectors.month_series(hromada=request.hromada, public=not official)
        if s.headline.key == key
    )
    rows = [{"month": month.strftime("%Y-%m"), "value": value} for month, value in found.points]
    return csv_download(rows, ("month", "value"), name=key)


def framework_coverage(request: HromadaRequest) -> HttpResponse:
    parts = selectors.coverage()
    grouped: dict[str, list[selectors.Coverage]] = {}
    for item in parts:
        grouped.setdefault(item.part.framework, []).append(item)
    return render(
        request,
        "insight/frameworks.html",
        {
            "frameworks": [(k, frameworks.FRAMEWORK_TITLES[k], v) for k, v in grouped.items()],
            "tc_sources": frameworks.TRANSPARENT_CITIES_SOURCES,
            "tc_numbers": frameworks.TRANSPARENT_CITIES_NUMBERS,
            "not_mapped": frameworks.NOT_MAPPED_REASON,
            "quarters": selectors.recent_quarters(),
            "is_official": _is_official(request),
        },
    )


def _comparison(request: HromadaRequest) -> tuple[Quarter, list[dict[str, Any]]]:
    quarter = selectors.current_quarter().previous()
    rows = []
    english = translation.get_language() == "en"
    for hromada, scores in selectors.comparison(quarter=quarter):
        name = hromada.name_en if english and hromada.name_en else hromada.name
        modules = {p.key: scores.get(p.key) for p in frameworks.MINTSYFRA_MODULES}
        rows.append({"hromada": name, "object": hromada, **modules})
    return quarter, rows


def compare(request: HromadaRequest) -> HttpResponse:
    quarter, rows = _comparison(request)
    charts = [
        make_chart(
            key=f"compare-{p.key}",
            title=str(p.title),
            kind="hbar",
            rows=[(r["hromada"], r[p.key]) for r in rows],
            label_header=_("Hromada"),
            value_label=_("Score, 0–100"),
            csv_url=reverse("insight:compare_csv"),
            top=100,
        )
        for p in frameworks.MINTSYFRA_MODULES
    ]
    return render(
        request,
        "insight/compare.html",
        {
            "quarter": quarter,
            "rows": rows,
            "modules": frameworks.MINTSYFRA_MODULES,
            "charts": charts,
            "quarters": selectors.recent_quarters(),
            "is_official": _is_official(request),
        },
    )


def compare_csv(request: HromadaRequest) -> HttpResponse:
    _quarter_shown, rows = _comparison(request)
    fields = ("hromada", *(p.key for p in frameworks.MINTSYFRA_MODULES))
    return csv_download(rows, fields, name="index-comparison")


@managers
def self_report(request: HromadaRequest) -> HttpResponse:
    form = SelfReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        done = run_form_action(
            form,
            actions.self_report_add,
            hromada=request.hromada,
            actor=request.user,
            key=form.cleaned_data["indicator"],
            value=form.cleaned_data["value"],
            valid_from=form.cleaned_data["valid_from"],
            document=upload,
            filename=upload.name,
            note=form.cleaned_data["note"],
        )
        if done:
            messages.success(request, _("The value is recorded with its document."))
            return redirect("insight:dashboard")
    return render(request, "insight/self_report.html", {"form": form})


@officials
def self_report_history(request: HromadaRequest, pk: int) -> HttpResponse:
    history = selectors.self_report_history(hromada=request.hromada, pk=pk)
    if not history:
        raise Http404
    closed = selectors.closed_quarters(hromada=request.hromada)
    latest = history[0]
    return render(
        request,
        "insight/self_report_history.html",
        {
            "history": history,
            "latest": latest,
            "item": indicator(latest.indicator),
            "stale": selectors.self_report_expires(latest) <= clock.today(),
            "may_correct": can_self_report(request.user, request.hromada)
            and str(Quarter.of(latest.valid_from)) not in closed,
        },
    )


@managers
def self_report_correct(request: HromadaRequest, pk: int) -> HttpResponse:
    history = selectors.self_report_history(hromada=request.hromada, pk=pk)
    if not history:
        raise Http404
    latest = history[0]
    if latest.pk != pk:  # an older version: correct the current one
        return redirect("insight:self_report_correct", pk=latest.pk)
    form = SelfReportCorrectionForm(
        request.POST or None,
        request.FILES or None,
        initial={"value": latest.value, "valid_from": latest.valid_from, "note": latest.note},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        done = run_form_action(
            form,
            actions.self_report_correct,
            hromada=request.hromada,
            actor=request.user,
            report=latest,
            value=form.cleaned_data["value"],
            valid_from=form.cleaned_data["valid_from"],
            reason=form.cleaned_data["reason"],
            document=upload,
            filename=upload.name if upload else "",
            note=form.cleaned_data["note"],
        )
        if done:
            messages.success(
                request, _("The correction is recorded; the earlier version is kept in the history.")
            )
            return redirect("insight:self_report_history", pk=done.pk)
    return render(
        request,
        "insight/self_report_correct.html",
        {"form": form, "latest": latest, "item": indicator(latest.indicator)},
    )


@officials
def self_report_document(request: HromadaRequest, pk: int) -> HttpResponseBase:
    report = selectors.self_report_document(hromada=request.hromada, pk=pk)
    if report is None:
        raise Http404
    content_type = (
        report.content_type or mimetypes.guess_type(report.document.name)[0] or "application/octet-stream"
    )
    return FileResponse(
        report.document.open("rb"),
        content_type=content_type,
        as_attachment=True,
        filename=report.document_name,
    )


@administrators
def settings_edit(request: HromadaRequest) -> HttpResponse:
    current = selectors.settings_of(hromada=request.hromada)
    form = SettingsForm(
        request.POST or None,
        weights=current.weights,
        initial={"comparison_opt_in": current.comparison_opt_in},
    )
    if request.method == "POST" and form.is_valid():
        done = run_form_action(
            form,
            actions.settings_save,
            hromada=request.hromada,
            actor=request.user,
            comparison_opt_in=form.cleaned_data["comparison_opt_in"],
            weights=form.weights(),
        )
        if done:
            messages.success(request, _("The index settings are saved."))
            return redirect("insight:dashboard")
    return render(request, "insight/settings.html", {"form": form})

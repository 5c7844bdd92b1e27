"""Public and residents' pages of the services module: the catalogue, a service's card (and its printable
information card), applying online (with autosave), the resident's applications and the status lookup.

Views are thin: they parse input with ``forms.py``, call one action or selector and render. Officials'
pages are in ``views_staff.py``."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hromada.core import clock, ratelimit
from hromada.core.errors import ApplicationError
from hromada.core.forms import form_within_limit, run_form_action, run_message_action
from hromada.core.http import HromadaRequest, private_download
from hromada.core.pagination import paginate

from . import actions, selectors
from .definitions import answer_rows, label
from .forms import (
    ApplicationForm,
    CatalogueFilterForm,
    DocumentCheckForm,
    StatisticsFilterForm,
    StatusLookupForm,
)
from .models import Application, Service
from .permissions import handles_application, sees_work_queue

PER_PAGE = 20
WRITE_LIMIT = {"limit": 20, "window": 60}


def _language() -> str:
    return (get_language() or "uk")[:2]


def _card_context(service: Service) -> dict[str, Any]:
    on = clock.now().date()
    table = selectors.fee_table()
    tariffs = [
        {"tariff": t, "fee_kop": selectors.fee_for(tariff=t, on=on, table=table)}
        for t in service.tariffs.all()
    ]
    return {
        "service": service,
        "title": service.display_title(_language()),
        "tariffs": tariffs,
        "definition": selectors.definition_current(service=service),
        "unverified": set(service.unverified),
    }


def variant_labels(service: Service) -> dict[str, str]:
    """“Urgent: 1 working day, 100,00 UAH” for each variant of the service's card, to choose from."""
    from .templatetags.services_tags import term, uah

    on = clock.now().date()
    table = selectors.fee_table()
    return {
        t.variant: _("%(variant)s: %(term)s, %(fee)s")
        % {
            "variant": str(t.get_variant_display()).capitalize(),
            "term": term(t),
            "fee": uah(selectors.fee_for(tariff=t, on=on, table=table)),
        }
        for t in service.tariffs.all()
    }


@require_safe
def service_list(request: HromadaRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    services = selectors.service_list(
        hromada=request.hromada,
        query=filters.get("q", ""),
        category=filters.get("category", ""),
        life_situation=filters.get("situation", ""),
        online=bool(filters.get("online")),
    )
    page_obj, query_string = paginate(request, services, PER_PAGE)
    context = {
        "form": form,
        "page_obj": page_obj,
        "query_string": query_string,
        "official": sees_work_queue(request.user, request.hromada),
    }
    if request.htmx:
        return render(request, "services/_list_results.html", context)
    return render(request, "services/list.html", context)


def _published_service(request: HromadaRequest, code: str) -> Service:
    service = selectors.service_get(hromada=request.hromada, code=code)
    if service is None:
        raise Http404
    return service


@require_safe
def service_detail(request: HromadaRequest, code: str) -> HttpResponse:
    return render(request, "services/detail.html", _card_context(_published_service(request, code)))


@require_safe
def service_card(request: HromadaRequest, code: str) -> HttpResponse:
    """The information card as a printable page (the browser's "Save as PDF" makes the PDF)."""
    return render(request, "services/card.html", _card_context(_published_service(request, code)))


def _prefill(request: HromadaRequest, spec: dict[str, Any]) -> dict[str, Any]:
    user = request.user
    sources = {"full_name": user.full_name, "email": user.email, "phone": getattr(user, "phone", "") or ""}
    return {
        f["name"]: sources.get(f.get("prefill", ""), "") for f in spec.get("fields", []) if f.get("prefill")
    }


@login_required
def service_apply(request: HromadaRequest, code: str) -> HttpResponse:
    """Fill in and submit (or keep as a draft) an application; the form keeps everything on an error."""
    service = _published_service(request, code)
    definition = selectors.definition_current(service=service)
    if definition is None:
        messages.info(
            request, _("This service cannot be applied for online yet: see where to apply in person.")
        )
        return redirect("services:detail", code=code)
    draft: Application | None = None
    draft_id = request.GET.get("draft") or request.POST.get("draft")
    if draft_id and str(draft_id).isdigit():
        draft = selectors.application_of_applicant(
            hromada=request.hromada, pk=int(draft_id), person=request.user
        )
        if draft is None or draft.status != "draft" or draft.service_id != service.pk:
            raise Http404
    spec = definition.spec
    variants = selectors.variants_of(service=service)
    labels = variant_labels(service)
    if request.method == "POST":
        form = ApplicationForm(
            request.POST,
            request.FILES,
            spec=spec,
            variants=variants,
            variant_labels=labels,
            hromada=request.hromada,
        )
        form.is_valid()
        if not form_within_limit(request, form, "services.apply", **WRITE_LIMIT):
            return render(request, "services/apply.html", _apply_context(service, form, draft), status=429)
        if request.POST.get("save") == "draft":
            saved = run_form_action(
                form,
                actions.application_draft_save,
                service=service,
                applicant=request.user,
                data=form.answers(),
                application=draft,
            )
            if saved is not None:
                messages.success(
                    request, _("The draft is saved. You can come back to it from “My applications”.")
                )
                return redirect(f"{request.path}?draft={saved.pk}")
        else:
            application = run_form_action(
                form,
                actions.application_submit,
                service=service,
                applicant=request.user,
                data=form.answers(),
                files=form.uploads(),
                variant=form.cleaned_data.get("variant") or "regular",
                idempotency_key=form.cleaned_data.get("idempotency_key", ""),
                draft=draft,
            )
            if application is not None:
                messages.success(
                    request,
                    _("Application %(number)s is registered. Your access code is %(code)s.")
                    % {"number": application.number, "code": application.access_code},
                )
                return redirect("services:application", pk=application.pk)
        return render(request, "services/apply.html", _apply_context(service, form, draft), status=400)
    initial = _prefill(request, spec)
    if draft is not None:
        initial.update(draft.data)
    form = ApplicationForm(
        initial=initial, spec=spec, variants=variants, variant_labels=labels, hromada=request.hromada
    )
    return render(request, "services/apply.html", _apply_context(service, form, draft))


def _apply_context(service: Service, form: ApplicationForm, draft: Application | None) -> dict[str, Any]:
    return {**_card_context(service), "form": form, "draft": draft}


@require_POST
@login_required
@ratelimit.rate_limit("services.autosave", limit=60, window=60)
def autosave(request: HromadaRequest, code: str) -> JsonResponse:
    """The apply page's script saves what was typed every few seconds (files aside) into a draft."""
    service = _published_service(request, code)
    definition = selectors.definition_current(service=service)
    if definition is None:
        raise Http404
    draft = None
    draft_id = request.POST.get("draft", "")
    if draft_id.isdigit():
        draft = selectors.application_of_applicant(
            hromada=request.hromada, pk=int(draft_id), person=request.user
        )
        if draft is None:
            raise Http404
    form = ApplicationForm(
        request.POST, spec=definition.spec, variants=selectors.variants_of(service=service)
    )
    form.is_valid()
    try:
        saved = actions.application_draft_save(
            service=service, applicant=request.user, data=form.answers(), application=draft
        )
    except ApplicationError as error:
        return JsonResponse({"saved": False, "message": str(error.message)}, status=409)
    return JsonResponse({"saved": True, "draft": saved.pk})


def _own(request: HromadaRequest, pk: int) -> Application:
    application = selectors.application_of_applicant(hromada=request.hromada, pk=pk, person=request.user)
    if application is None:
        raise Http404
    return application


def _payment(application: Application) -> dict[str, Any] | None:
    """The fee due with its details and, when the service has them, the NBU QR code as inline SVG."""
    payment = selectors.payment_for(application=application)
    if payment is None:
        return None
    qr = _qr_svg(payment.qr_url, _("QR code to pay the fee in a banking app")) if payment.qr_url else ""
    return {"details": payment, "qr": qr}


def _qr_svg(data: str, title: str, *, hryvnia: bool = True) -> SafeString:
    """A QR code as inline SVG that scales with its box (no fixed size); a payment code carries the
    hryvnia sign in a white circle in the middle as the NBU rules ask (error correction Q covers it)."""
    code = segno.make(data, error="q" if hryvnia else "m", boost_error=False)
    size, _height = code.symbol_size(scale=1, border=4)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, title=title, svgclass="qr")
    if not hryvnia:
        return mark_safe(svg)
    middle, radius = size / 2, size * 0.085
    mark = (
        f'<circle cx="{middle}" cy="{middle}" r="{radius:.2f}" fill="#fff" stroke="#000" stroke-width="0.4"/>'
        f'<text x="{middle}" y="{middle}" text-anchor="middle" dominant-baseline="central" '
        f'font-size="{radius * 1.4:.2f}" font-weight="bold" font-family="sans-serif">₴</text>'
    )
    return mark_safe(svg.replace("</svg>", mark + "</svg>"))


@require_safe
@login_required
def application_detail(request: HromadaRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    if application.status == "draft":
        return redirect(_apply_url(application))
    spec = application.definition.spec
    answers = answer_rows(
        spec,
        application.data,
        _language(),
        district_label=_("District"),
        district_names=selectors.district_labels(
            hromada=application.hromada, spec=spec, language=_language()
        ),
    )
    correction = None
    if application.status == "correction":
        correction = ApplicationForm(
            initial=application.data, spec=spec, variants=[application.variant], hromada=request.hromada
        )
    return render(
        request,
        "services/application.html",
        {
            "application": application,
            "answers": answers,
            "events": selectors.events_of(application=application, internal=False),
            "files": selectors.files_of(application=application),
            "correction": correction,
            "payment": _payment(application),
            "reason": _reason_label(application),
        },
    )


def _apply_url(application: Application) -> str:
    from django.urls import reverse

    return f"{reverse('services:apply', args=[application.service.code])}?draft={application.pk}"


def _reason_label(application: Application) -> str:
    for reason in application.definition.spec.get("workflow", {}).get("refusal_reasons", []):
        if reason["code"] == application.refusal_code:
            return label(reason.get("label"), _language())
    return application.refusal_code


@require_POST
@login_required
def application_correct(request: HromadaRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    form = ApplicationForm(
        request.POST,
        request.FILES,
        spec=application.definition.spec,
        variants=[application.variant],
        hromada=request.hromada,
    )
    form.is_valid()
    if form_within_limit(request, form, "services.correct", **WRITE_LIMIT):
        corrected = run_form_action(
            form,
            actions.application_correct,
            application=application,
            applicant=request.user,
            data=form.answers(),
            files=form.uploads(),
        )
        if corrected is not None:
            messages.success(request, _("The corrected application is sent back."))
            return redirect("services:application", pk=pk)
    return render(
        request,
        "services/application.html",
        {
            "application": application,
            "answers": [],
            "events": selectors.events_of(application=application, internal=False),
            "files": selectors.files_of(application=application),
            "correction": form,
            "payment": _payment(application),
        },
        status=400,
    )


@require_POST
@login_required
@ratelimit.rate_limit("services.withdraw", limit=10, window=60)
def application_withdraw(request: HromadaRequest, pk: int) -> HttpResponse:
    application = _own(request, pk)
    if run_message_action(
        request, actions.application_withdraw, application=application, applicant=request.user
    ):
        messages.success(request, _("The application is withdrawn."))
    return redirect("services:mine")


@require_POST
@login_required
@ratelimit.rate_limit("services.again", limit=10, window=60)
def application_again(request: HromadaRequest, pk: int) -> HttpResponse:
    """Apply again with the answers of a refused or withdrawn application."""
    application = _own(request, pk)
    draft = run_message_action(
        request, actions.application_copy_as_draft, application=application, applicant=request.user
    )
    if draft is None:
        return redirect("services:application", pk=pk)
    return redirect(_apply_url(draft))


def my_applications_summary(request: HromadaRequest) -> str | None:
    count = (
        selectors.applications_of(hromada=request.hromada, person=request.user)
        .exclude(status="draft")
        .count()
    )
    if not count:
        return None
    return ngettext("%(n)d application", "%(n)d applications", count) % {"n": count}


@require_safe
@login_required
def my_applications(request: HromadaRequest) -> HttpResponse:
    page_obj, query_string = paginate(
        request, selectors.applications_of(hromada=request.hromada, person=request.user), PER_PAGE
    )
    return render(request, "services/mine.html", {"page_obj": page_obj, "query_string": query_string})


@require_safe
@ratelimit.rate_limit("services.lookup", limit=20, window=60, methods=("GET",))
def status_lookup(request: HromadaRequest) -> HttpResponse:
    """The status of an application by its number and access code: the status only, no personal data."""
    form = StatusLookupForm(request.GET or None)
    found = None
    if form.is_valid():
        found = selectors.application_by_number(
            hromada=request.hromada, number=form.cleaned_data["number"], access_code=form.cleaned_data["code"]
        )
        if found is None:
            form.add_error(None, _("No application has this number and access code."))
    return render(request, "services/status.html", {"form": form, "found": found})


@require_safe
@login_required
def application_file(request: HromadaRequest, pk: int) -> FileResponse:
    """A file of an application, to its applicant or the officials who handle it; always a download."""
    stored = selectors.file_for(hromada=request.hromada, file_id=pk)
    if stored is None:
        raise Http404
    application = stored.application
    if application.applicant_id != request.user.pk and not handles_application(request.user, application):
        raise Http404
    suffix = Path(stored.file.name or "").suffix.lower()
    name = f"{application.number or 'draft'}-{stored.field}{suffix}"
    return private_download(stored.file, filename=name, content_type=mimetypes.guess_type(name)[0])


STATISTICS_PER_PAGE = 25


def statistics_context(request: HromadaRequest, *, published_only: bool) -> dict[str, Any]:
    """The statistics filter (year, service) and one page of rows per service and month; shared by the
    public page and the officials' one (``views_staff.statistics``)."""
    years = selectors.statistics_years(hromada=request.hromada)
    services = selectors.service_choices(hromada=request.hromada, published_only=published_only)
    form = StatisticsFilterForm(request.GET or None, years=years, services=services)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or years[0]
    by = filters.get("by") or "service"
    rows = selectors.service_statistics(
        hromada=request.hromada,
        year=year,
        language=_language(),
        service=filters.get("service", ""),
        published_only=published_only,
        by=by,
    )
    page_obj = Paginator(rows, STATISTICS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return {
        "form": form,
        "year": year,
        "by_office": by == "office",
        "page_obj": page_obj,
        "query_string": f"{query}&" if query else "",
    }


@require_safe
def statistics(request: HromadaRequest) -> HttpResponse:
    """Public statistics of services rendered: counts only, no person and no application number."""
    return render(request, "services/statistics.html", statistics_context(request, published_only=True))


def document_context(request: HromadaRequest, application: Application) -> dict[str, Any]:
    from urllib.parse import urlencode

    from django.urls import reverse

    query = urlencode({"number": application.number, "code": application.document_code})
    url = request.build_absolute_uri(f"{reverse('services:verify')}?{query}")
    with translation.override("uk"):  # the document is an official Ukrainian text on every page language
        title = str(_("QR code to check that this document is genuine"))
    # On English pages an unofficial English rendering follows the official text (none after an erasure,
    # which removed the text and the answers it was made from).
    english = _language() == "en" and bool(application.document_text)
    return {
        "application": application,
        "verify_url": url,
        "qr": _qr_svg(url, title, hryvnia=False),
        "translation_shown": english,
        "translation": selectors.document_text(application=application, language="en") if english else None,
    }


@require_safe
@login_required
def application_document(request: HromadaRequest, pk: int) -> HttpResponse:
    """The result document, printable (the browser's "Save as PDF"), with a QR code of its check page."""
    application = _own(request, pk)
    if not application.document_code:
        raise Http404
    return render(request, "services/document.html", document_context(request, application))


@require_safe
@ratelimit.rate_limit("services.verify", limit=20, window=60, methods=("GET",))
def verify(request: HromadaRequest) -> HttpResponse:
    """Is a result document genuine? By its number and verification code (both printed on it and in its
    QR code); the answer names the service and the day of issue, never the person."""
    form = DocumentCheckForm(request.GET or None)
    found = None
    if form.is_valid():
        found = selectors.document_verified(
            hromada=request.hromada, number=form.cleaned_data["number"], code=form.cleaned_data["code"]
        )
    return render(
        request,
        "services/verify.html",
        {"form": form, "found": found, "checked": form.is_bound and form.is_valid()},
    )

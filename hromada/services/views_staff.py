"""Officials' pages: the work queue, an application's handling page (assignment, stages, notes, return for
correction, decisions, the result, the fee), filing at the ЦНАП desk with the receipt of acceptance, and the
definition editor with a live preview. Reached only by staff of the hromada after the second factor; the
actions check the object permissions again."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.guards import officials_page
from hromada.accounts.selectors import resident_find
from hromada.core import clock
from hromada.core.errors import ApplicationError
from hromada.core.forms import add_application_error, form_within_limit, run_form_action, run_message_action
from hromada.core.http import HromadaRequest
from hromada.core.models import in_language
from hromada.core.pagination import paginate

from . import actions, selectors
from .definitions import answer_rows, label, refusal_codes, stages
from .forms import (
    ApplicationForm,
    CommentForm,
    DecisionForm,
    DefinitionForm,
    DeskForm,
    IssueForm,
    NoteForm,
    OnlineServicesFilterForm,
    QueueFilterForm,
)
from .models import Application, Service
from .permissions import (
    approves_application,
    files_at_desk,
    handles_application,
    manages_catalogue,
    sees_work_queue,
)
from .views import document_context, statistics_context, variant_labels

QUEUE_PER_PAGE = 30
ONLINE_SERVICES_PER_PAGE = 25
LIMIT = {"limit": 60, "window": 60}


def _language() -> str:
    return (get_language() or "uk")[:2]


def _refused() -> str:
    return _("Only officials of this hromada can open the work queue.")


def _catalogue_refused() -> str:
    return _("Only administrators and heads of departments can edit service definitions.")


def _desk_refused() -> str:
    return _("Only TsNAP administrators can file applications at the desk.")


@officials_page(sees_work_queue, _refused)
def queue(request: HromadaRequest) -> HttpResponse:
    services = list(selectors.service_list(hromada=request.hromada, online=True).values_list("code", "title"))
    form = QueueFilterForm(request.GET or None, services=services)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.work_queue(
        hromada=request.hromada,
        viewer=request.user,
        service=filters.get("service", ""),
        status=filters.get("status", ""),
        assignee=filters.get("assignee", ""),
        overdue=bool(filters.get("overdue")),
        sort=filters.get("sort") or "due",
    )
    page_obj, query_string = paginate(request, rows, QUEUE_PER_PAGE)
    return render(
        request,
        "services/queue.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query_string": query_string,
            "now": clock.now(),
            "counts": selectors.application_counts(hromada=request.hromada),
            "may_file": files_at_desk(request.user, request.hromada),
            "may_define": manages_catalogue(request.user, request.hromada),
        },
    )


@officials_page(sees_work_queue, _refused)
def online_services(request: HromadaRequest) -> HttpResponse:
    """The services with an online form, a page at a time: filing one at the desk, editing its form."""
    form = OnlineServicesFilterForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    services = selectors.service_list(hromada=request.hromada, query=query, online=True)
    page_obj, query_string = paginate(request, services, ONLINE_SERVICES_PER_PAGE)
    return render(
        request,
        "services/online_services.html",
        {
            "form": form,
            "page_obj": page_obj,
            "query_string": query_string,
            "may_file": files_at_desk(request.user, request.hromada),
            "may_define": manages_catalogue(request.user, request.hromada),
        },
    )


@officials_page(sees_work_queue, _refused)
def statistics(request: HromadaRequest) -> HttpResponse:
    """The officials' statistics: every service of the hromada (unpublished too) with today's backlog."""
    context = statistics_context(request, published_only=False)
    context["backlog"] = selectors.backlog_by_service(hromada=request.hromada)
    context["staff"] = True
    return render(request, "services/statistics.html", context)


def _handled(request: HromadaRequest, pk: int) -> Application:
    application = selectors.application_for_staff(hromada=request.hromada, pk=pk)
    if application is None or not handles_application(request.user, application):
        raise Http404
    return application


def _forms(application: Application, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    spec = application.definition.spec
    language = _language()
    reasons = [
        (r["code"], label(r.get("label"), language))
        for r in spec.get("workflow", {}).get("refusal_reasons", [])
    ]
    stage_choices = [(s["key"], label(s.get("title"), language)) for s in stages(spec)]
    forms = {
        "comment_form": CommentForm(),
        "note_form": NoteForm(),
        "decision_form": DecisionForm(reasons=reasons),
        "issue_form": IssueForm(),
        "stage_choices": stage_choices,
    }
    forms.update(bound or {})
    return forms


def _handle_context(request: HromadaRequest, application: Application, **bound: Any) -> dict[str, Any]:
    spec = application.definition.spec
    language = _language()
    answers = answer_rows(
        spec,
        application.data,
        language,
        district_label=_("District"),
        district_names=selectors.district_labels(hromada=application.hromada, spec=spec, language=language),
    )
    return {
        "application": application,
        "answers": answers,
        "events": selectors.events_of(application=application, internal=True),
        "files": selectors.files_of(application=application),
        "now": clock.now(),
        "approver": approves_application(request.user, application),
        "reason": next(
            (
                label(r.get("label"), language)
                for r in spec["workflow"].get("refusal_reasons", [])
                if r["code"] == application.refusal_code
            ),
            application.refusal_code,
        ),
        **_forms(application, bound),
    }


@officials_page(sees_work_queue, _refused)
def handle(request: HromadaRequest, pk: int) -> HttpResponse:
    application = _handled(request, pk)
    return render(request, "services/handle.html", _handle_context(request, application))


MOVES = ("take", "note", "stage", "return", "decide", "send_back", "issue", "paid")


@require_POST
@officials_page(sees_work_queue, _refused)
def act(request: HromadaRequest, pk: int, move: str) -> HttpResponse:
    """One step on an application; a refusal keeps what was typed and shows why."""
    if move not in MOVES:
        raise Http404
    application = _handled(request, pk)
    user = request.user
    form: Any = None
    if move == "take":
        run_message_action(request, actions.application_take, application=application, actor=user)
        return redirect("services:handle", pk=pk)
    if move == "paid":
        run_message_action(request, actions.application_mark_paid, application=application, actor=user)
        return redirect("services:handle", pk=pk)
    if move == "stage":
        run_message_action(
            request,
            actions.application_stage,
            application=application,
            actor=user,
            stage=request.POST.get("stage", ""),
        )
        return redirect("services:handle", pk=pk)
    bound: dict[str, Any] = {}
    try:
        if move == "note":
            form = NoteForm(request.POST)
            bound["note_form"] = form
            if form.is_valid() and form_within_limit(request, form, "services.staff", **LIMIT):
                actions.application_note(application=application, actor=user, text=form.cleaned_data["text"])
                return redirect("services:handle", pk=pk)
        elif move in ("return", "send_back"):
            form = CommentForm(request.POST)
            bound["comment_form"] = form
            if form.is_valid() and form_within_limit(request, form, "services.staff", **LIMIT):
                action = actions.application_return if move == "return" else actions.application_send_back
                action(application=application, actor=user, comment=form.cleaned_data["comment"])
                messages.success(request, _("Done."))
                return redirect("services:handle", pk=pk)
        elif move == "decide":
            spec = application.definition.spec
            reasons = [(c, c) for c in refusal_codes(spec)]
            form = DecisionForm(request.POST, reasons=reasons)
            bound["decision_form"] = form
            if form.is_valid() and form_within_limit(request, form, "services.staff", **LIMIT):
                actions.application_decide(
                    application=application,
                    actor=user,
                    approve=form.cleaned_data["decision"] == "approve",
                    refusal_code=form.cleaned_data.get("refusal_code", ""),
                    text=form.cleaned_data.get("text", ""),
                )
                messages.success(request, _("The decision is recorded."))
                return redirect("services:handle", pk=pk)
        elif move == "issue":
            form = IssueForm(request.POST, request.FILES)
            bound["issue_form"] = form
            if form.is_valid() and form_within_limit(request, form, "services.staff", **LIMIT):
                actions.application_issue(
                    application=application,
                    actor=user,
                    result_text=form.cleaned_data.get("result_text", ""),
                    document=form.cleaned_data.get("document"),
                )
                messages.success(request, _("The result is issued; the applicant is told."))
                return redirect("services:handle", pk=pk)
    except ApplicationError as error:
        if form is not None:
            add_application_error(form, error)
    application = _handled(request, pk)
    return render(request, "services/handle.html", _handle_context(request, application, **bound), status=400)


@officials_page(sees_work_queue, _refused)
def receipt(request: HromadaRequest, pk: int) -> HttpResponse:
    """The receipt of acceptance (опис вхідного пакета документів), to print and hand to the applicant."""
    application = _handled(request, pk)
    return render(
        request,
        "services/receipt.html",
        {**_handle_context(request, application), "documents": application.service.documents},
    )


@officials_page(sees_work_queue, _refused)
def document(request: HromadaRequest, pk: int) -> HttpResponse:
    """The result document as the applicant sees it, to print and hand over at the desk."""
    application = _handled(request, pk)
    if not application.document_code:
        raise Http404
    return render(
        request, "services/document.html", {**document_context(request, application), "staff": True}
    )


@officials_page(files_at_desk, _desk_refused)
def desk(request: HromadaRequest, code: str) -> HttpResponse:
    """File an application for a walk-in resident (identity checked in person at the desk)."""
    service = selectors.service_get(hromada=request.hromada, code=code)
    definition = selectors.definition_current(service=service) if service else None
    if service is None or definition is None:
        raise Http404
    variants = selectors.variants_of(service=service)
    offices = {o.pk: o for o in selectors.desk_offices(service=service)}
    office_choices = [(pk, in_language(o, "name", _language())) for pk, o in offices.items()]
    if request.method == "POST":
        desk_form = DeskForm(request.POST, offices=office_choices)
        form = ApplicationForm(
            request.POST,
            request.FILES,
            spec=definition.spec,
            variants=variants,
            variant_labels=variant_labels(service),
            hromada=request.hromada,
        )
        desk_form.is_valid()
        form.is_valid()
        if form_within_limit(request, form, "services.desk", **LIMIT):
            login = desk_form.cleaned_data.get("login", "") if desk_form.is_valid() else ""
            resident = resident_find(hromada=request.hromada, login=login) if login else None
            if login and resident is None:
                desk_form.add_error("login", _("No resident of this hromada has this e-mail or phone."))
            elif desk_form.is_valid():
                application = run_form_action(
                    form,
                    actions.application_submit,
                    service=service,
                    applicant=resident,
                    data=form.answers(),
                    files=form.uploads(),
                    variant=form.cleaned_data.get("variant") or "regular",
                    idempotency_key=form.cleaned_data.get("idempotency_key", "") if resident else "",
                    filed_by=request.user,
                    office=offices.get(desk_form.cleaned_data.get("office") or 0),
                )
                if application is not None:
                    messages.success(
                        request,
                        _("Application %(number)s is registered; access code %(code)s.")
                        % {"number": application.number, "code": application.access_code},
                    )
                    return redirect("services:receipt", pk=application.pk)
        status = 400
    else:
        desk_form = DeskForm(offices=office_choices)
        form, status = (
            ApplicationForm(
                spec=definition.spec,
                variants=variants,
                variant_labels=variant_labels(service),
                hromada=request.hromada,
            ),
            200,
        )
    return render(
        request,
        "services/desk.html",
        {"service": service, "form": form, "desk_form": desk_form},
        status=status,
    )


def _catalogue_service(request: HromadaRequest, code: str) -> Service:
    service = selectors.service_get(hromada=request.hromada, code=code, published_only=False)
    if service is None:
        raise Http404
    return service


@officials_page(manages_catalogue, _catalogue_refused)
def definition_edit(request: HromadaRequest, code: str) -> HttpResponse:
    """Edit a service's definition as JSON with a live preview of the form; publish makes a new version."""
    service = _catalogue_service(request, code)
    current = selectors.definition_current(service=service)
    problems: list[str] = []
    preview = None
    if request.method == "POST":
        form = DefinitionForm(request.POST)
        if form.is_valid() and form_within_limit(request, form, "services.definition", **LIMIT):
            try:
                spec = actions.definition_parse(text=form.cleaned_data["spec"])
                problems = actions.definition_check(spec=spec)
                if not problems:
                    preview = ApplicationForm(spec=spec, variants=["regular"])
                if not problems and request.POST.get("publish") == "yes":
                    definition = actions.definition_publish(service=service, spec=spec, actor=request.user)
                    messages.success(request, _("Version %(v)d is published.") % {"v": definition.version})
                    return redirect("services:definition", code=code)
            except ApplicationError as error:
                add_application_error(form, error)
        template = "services/_definition_preview.html" if request.htmx else "services/definition.html"
        context = {
            "service": service,
            "form": form,
            "problems": problems,
            "preview": preview,
            "current": current,
        }
        return render(request, template, context, status=200 if not (problems or form.errors) else 400)
    text = json.dumps(current.spec if current else EMPTY_SPEC, ensure_ascii=False, indent=2)
    form = DefinitionForm(initial={"spec": text})
    preview = ApplicationForm(spec=current.spec, variants=["regular"]) if current else None
    return render(
        request,
        "services/definition.html",
        {
            "service": service,
            "form": form,
            "problems": problems,
            "preview": preview,
            "current": current,
            "versions": selectors.definition_versions(service=service),
        },
    )


@officials_page(sees_work_queue, _refused)
def definition_json(request: HromadaRequest, code: str) -> JsonResponse:
    """The current definition as a JSON file (to share with other communities)."""
    service = _catalogue_service(request, code)
    current = selectors.definition_current(service=service)
    if current is None:
        raise Http404
    response = JsonResponse(
        {"service": service.code, "version": current.version, "definition": current.spec},
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="{service.code}-v{current.version}.json"'
    return response


EMPTY_SPEC = {
    "identity_level": 1,
    "fields": [
        {"name": "full_name", "type": "person", "label": {"uk": "ПІБ", "en": "Full name"}, "required": True}
    ],
    "workflow": {
        "stages": [
            {"key": "decide", "title": {"uk": "Розгляд", "en": "Review"}, "role": "specialist", "days": 5}
        ],
        "two_step": False,
        "refusal_reasons": [
            {"code": "incomplete", "label": {"uk": "Неповний пакет документів", "en": "Incomplete"}}
        ],
    },
}

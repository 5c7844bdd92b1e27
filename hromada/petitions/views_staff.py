"""Staff pages of petitions: the moderator queue and moderation (publish, reasoned refusal, anti-fraud
alerts, bulk invalidation), and the addressee's page (forwarding, answer, implementation updates).

Only moderators/administrators (the queue) or staff of the hromada (answers) reach them, and only after
the second factor (TOTP), like the back office. The actions check permissions again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from hromada.accounts.guards import officials_page
from hromada.accounts.permissions import can_moderate, works_for_hromada
from hromada.core import clock, ratelimit
from hromada.core.calendar import calendar_for
from hromada.core.errors import ApplicationError
from hromada.core.forms import form_within_limit, run_form_action
from hromada.core.http import HromadaRequest
from hromada.core.pagination import paginate
from hromada.core.uploads import clean_upload

from . import actions, selectors
from .forms import AnswerForm, InvalidateForm, RejectForm, UpdateForm
from .lifecycle import IN_MODERATION
from .models import Petition, PetitionStatus, RejectionReason
from .views import clock_rows

QUEUE_PER_PAGE = 30
AWAITING_ANSWER = [
    PetitionStatus.THRESHOLD_REACHED.value,
    PetitionStatus.UNDER_CONSIDERATION.value,
    PetitionStatus.EXPIRED.value,
]


def _moderators_only() -> str:
    return _("Only moderators and administrators of this hromada can moderate petitions.")


def _staff_only() -> str:
    return _("Only officials of this hromada can answer petitions.")


def _petition(request: HromadaRequest, petition_id: int) -> Petition:
    petition = selectors.petition_get(hromada=request.hromada, petition_id=petition_id, viewer=request.user)
    if petition is None:
        raise Http404
    return petition


# -------------------------------------------------------------------------------------- moderation


@require_safe
@officials_page(can_moderate, _moderators_only)
def moderation_queue(request: HromadaRequest) -> HttpResponse:
    page, query_string = paginate(
        request, selectors.moderation_queue(hromada=request.hromada), per_page=QUEUE_PER_PAGE
    )
    awaiting = list(
        selectors.petition_list(hromada=request.hromada, status=AWAITING_ANSWER, sort="answer_due")[:50]
    )
    alerts = list(selectors.fraud_alerts(hromada=request.hromada)[:20])
    calendar = calendar_for(hromada=request.hromada)
    now = clock.now()
    rows = [
        {"petition": p, "clock_rows": clock_rows(selectors.petition_clocks(p, now=now, calendar=calendar))}
        for p in page.object_list
    ]
    return render(
        request,
        "petitions/moderation_queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "query_string": query_string,
            "awaiting": awaiting,
            "alerts": alerts,
        },
    )


def _moderation_context(request: HromadaRequest, petition: Petition, **forms: Any) -> dict[str, Any]:
    in_moderation = petition.status in IN_MODERATION
    context: dict[str, Any] = {
        "petition": petition,
        "in_moderation": in_moderation,
        "clock_rows": clock_rows(selectors.petition_clocks(petition)),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "invalidate_form": forms.get("invalidate_form") or InvalidateForm(),
        "alerts": list(selectors.fraud_alerts(hromada=request.hromada, petition=petition)[:50]),
        "similar": (
            selectors.similar_open_petitions(
                hromada=request.hromada, text=f"{petition.title} {petition.text}", exclude_id=petition.pk
            )
            if in_moderation
            else []
        ),
        "own": petition.author_id == request.user.pk,
        "may_invalidate": petition.status == PetitionStatus.COLLECTING,
    }
    return context


@require_safe
@officials_page(can_moderate, _moderators_only)
def petition_moderate(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    return render(request, "petitions/moderate.html", _moderation_context(request, petition))


@require_POST
@officials_page(can_moderate, _moderators_only)
def petition_take(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    ratelimit.check(request, "petition-moderate", limit=120, window=60)
    try:
        actions.petition_moderation_take(petition=petition, actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("You took the petition: other moderators see it is being handled."))
    return redirect("petitions:moderate", petition_id=petition.pk)


@require_POST
@officials_page(can_moderate, _moderators_only)
def petition_publish(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    ratelimit.check(request, "petition-moderate", limit=120, window=60)
    try:
        actions.petition_publish(petition=petition, actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("petitions:moderate", petition_id=petition.pk)
    messages.success(request, _("The petition is published: signatures are being collected."))
    return redirect("petitions:moderation")


@require_POST
@officials_page(can_moderate, _moderators_only)
def petition_reject(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    form = RejectForm(request.POST)
    if form.is_valid() and form_within_limit(request, form, "petition-moderate", limit=120, window=60):
        data = form.cleaned_data
        duplicate = None
        if data["reason"] == RejectionReason.DUPLICATE and data.get("duplicate_of"):
            duplicate = selectors.petition_get(
                hromada=request.hromada, petition_id=data["duplicate_of"], viewer=request.user
            )
            if duplicate is None:
                form.add_error("duplicate_of", _("There is no such petition here."))
        rejected = None
        if not form.errors:
            rejected = run_form_action(
                form,
                actions.petition_reject,
                petition=petition,
                actor=request.user,
                reason=data["reason"],
                text=data["text"],
                duplicate_of=duplicate,
            )
        if rejected is not None:
            messages.success(request, _("The petition is refused; the reasons are published."))
            return redirect("petitions:moderation")
    return render(
        request,
        "petitions/moderate.html",
        _moderation_context(request, petition, reject_form=form),
        status=400,
    )


@require_POST
@officials_page(can_moderate, _moderators_only)
def signatures_invalidate(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    form = InvalidateForm(request.POST)
    if form.is_valid() and form_within_limit(request, form, "petition-invalidate", limit=20, window=600):
        data = form.cleaned_data
        count = run_form_action(
            form,
            actions.signatures_invalidate_bulk,
            petition=petition,
            actor=request.user,
            reason=data["reason"],
            signature_ids=data["signature_ids"],
            network=data["network"].strip(),
            email_domain=data["email_domain"].strip(),
        )
        if count is not None:
            messages.success(
                request,
                ngettext(
                    "%(count)d signature invalidated; the counts are recomputed.",
                    "%(count)d signatures invalidated; the counts are recomputed.",
                    count,
                )
                % {"count": count},
            )
            return redirect("petitions:moderate", petition_id=petition.pk)
    return render(
        request,
        "petitions/moderate.html",
        _moderation_context(request, petition, invalidate_form=form),
        status=400,
    )


# ------------------------------------------------------------------------------------- addressee


def _respond_context(request: HromadaRequest, petition: Petition, **forms: Any) -> dict[str, Any]:
    expired = petition.status == PetitionStatus.EXPIRED
    answerable = petition.status in (PetitionStatus.UNDER_CONSIDERATION, PetitionStatus.EXPIRED)
    return {
        "petition": petition,
        "clock_rows": clock_rows(selectors.petition_clocks(petition)),
        "forwardable": petition.status == PetitionStatus.THRESHOLD_REACHED,
        "answerable": answerable,
        "answered": petition.status == PetitionStatus.ANSWERED,
        "answer_form": forms.get("answer_form") or (AnswerForm(expired=expired) if answerable else None),
        "update_form": forms.get("update_form") or UpdateForm(),
    }


@require_safe
@officials_page(works_for_hromada, _staff_only)
def petition_respond(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    return render(request, "petitions/respond.html", _respond_context(request, petition))


@require_POST
@officials_page(works_for_hromada, _staff_only)
def petition_forward(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    ratelimit.check(request, "petition-answer", limit=60, window=600)
    try:
        actions.petition_forward(petition=petition, actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Consideration started: the answer clock runs publicly."))
    return redirect("petitions:respond", petition_id=petition.pk)


@require_POST
@officials_page(works_for_hromada, _staff_only)
def petition_answer(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    form = AnswerForm(request.POST, request.FILES, expired=petition.status == PetitionStatus.EXPIRED)
    if form.is_valid() and form_within_limit(request, form, "petition-answer", limit=60, window=600):
        data = form.cleaned_data
        document = None
        upload = data.get("document")
        if upload is not None:
            try:
                document = clean_upload(upload, filename=upload.name, allowed=actions.ANSWER_DOCUMENT_TYPES)
            except ApplicationError as error:
                form.add_error("document", str(error.message))
        answer = None
        if not form.errors:
            answer = run_form_action(
                form,
                actions.petition_answer,
                petition=petition,
                actor=request.user,
                decision=data["decision"],
                text=data["text"],
                document=document,
            )
        if answer is not None:
            messages.success(request, _("The answer is published; the author and the signatories are told."))
            return redirect("petitions:detail", petition_id=petition.pk)
    return render(
        request, "petitions/respond.html", _respond_context(request, petition, answer_form=form), status=400
    )


@require_POST
@officials_page(works_for_hromada, _staff_only)
def petition_update(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _petition(request, petition_id)
    form = UpdateForm(request.POST)
    update = None
    if form.is_valid() and form_within_limit(request, form, "petition-answer", limit=60, window=600):
        update = run_form_action(
            form,
            actions.petition_add_update,
            petition=petition,
            actor=request.user,
            text=form.cleaned_data["text"],
        )
    if update is not None:
        messages.success(request, _("The implementation update is published."))
        return redirect("petitions:detail", petition_id=petition.pk)
    return render(
        request, "petitions/respond.html", _respond_context(request, petition, update_form=form), status=400
    )

"""Enrollment pages: rounds and their places, applying, a family's applications with their place on every
list and the offers, the public export that anyone re-runs, the open data."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hromada.accounts.permissions import can_reach_back_office
from hromada.core.forms import form_within_limit, run_form_action, run_message_action
from hromada.core.http import HromadaRequest, private_download
from hromada.core.ids import parse_id
from hromada.core.pagination import paginate
from hromada.core.ratelimit import rate_limit

from . import actions, selectors, verification
from .actions import ClaimIn
from .categories import category_title
from .checkwords import check_words
from .forms import ApplyForm, ChoicesForm
from .permissions import checks_documents


@require_safe
def index(request: HromadaRequest) -> HttpResponse:
    page, query = paginate(request, selectors.rounds_public(hromada=request.hromada), per_page=20)
    return render(request, "enrollment/index.html", {"page_obj": page, "query_string": query})


def _rules_context(round: Any) -> dict[str, Any]:
    rules, local = selectors.round_rules(round)
    return {
        "rules": rules,
        "categories": [
            (i, category_title(c.code), c.source) for i, c in enumerate(rules.categories, start=1)
        ],
        "local": [(c.title_in(get_language()), c.decision) for c in local],
    }


@require_safe
def round_detail(request: HromadaRequest, slug: str) -> HttpResponse:
    round = selectors.round_get(hromada=request.hromada, slug=slug)
    page, query = paginate(request, selectors.groups_of(round=round), per_page=30)
    return render(
        request,
        "enrollment/round.html",
        {"round": round, "page_obj": page, "query_string": query, **_rules_context(round)},
    )


@require_safe
def round_export(request: HromadaRequest, slug: str) -> HttpResponse:
    round = selectors.round_get(hromada=request.hromada, slug=slug)
    body = json.dumps(selectors.round_export(round=round), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="enrollment-{round.slug}.json"'
    return response


VERIFY_MAX_BYTES = 10 * 1024 * 1024


def _uploaded_export(request: HromadaRequest) -> tuple[Any, str]:
    """The export a visitor uploaded (parsed JSON), or None and why not."""
    upload = request.FILES.get("export")
    if upload is None:
        return None, _("Choose the export file you downloaded.")
    if upload.size is None or upload.size > VERIFY_MAX_BYTES:
        return None, _("The file is too large for an export.")
    try:
        return json.loads(upload.read()), ""
    except (ValueError, UnicodeDecodeError):
        return None, _("The file is not JSON.")


@rate_limit("enrollment-verify", limit=10, window=60)
@rate_limit("enrollment-verify-view", limit=60, window=60, methods=("GET", "HEAD"))
def round_verify(request: HromadaRequest, slug: str) -> HttpResponse:
    """Re-compute the round from its export (the published one, or a copy the visitor kept) and compare
    it with the log's entries; with ``?number=`` show one applicant on every list they chose."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    round = selectors.round_get(hromada=request.hromada, slug=slug)
    data, problem, uploaded = None, "", False
    if request.method == "POST":
        data, problem = _uploaded_export(request)
        uploaded = data is not None
    checks, entries = selectors.round_verify(round=round, data=data)
    number = request.GET.get("number", "").strip()[:20]
    lines = None
    if number:
        lines = verification.applicant_lines(
            data if data is not None else selectors.round_export(round=round), number
        )
    return render(
        request,
        "enrollment/verify.html",
        {
            "round": round,
            "checks": [(c, check_words(c)) for c in checks],
            "all_ok": all(c.ok for c in checks),
            "entries": entries,
            "uploaded": uploaded,
            "problem": problem,
            "number": number,
            "lines": lines,
        },
        status=400 if problem else 200,
    )


@login_required
@rate_limit("enrollment-apply", limit=10, window=300)
def apply(request: HromadaRequest, slug: str) -> HttpResponse:
    round = selectors.round_get(hromada=request.hromada, slug=slug)
    groups = list(selectors.groups_of(round=round))
    form = ApplyForm(request.POST or None, round=round, groups=groups)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_within_limit(request, form, "enrollment-apply-form", limit=10, window=300)
    ):
        data = form.cleaned_data
        claims = [
            ClaimIn(category=c, proof=data["proof"], expires_on=data["proof_expires_on"])
            for c in data["categories"]
        ]
        application = run_form_action(
            form,
            actions.application_register,
            round=round,
            parent=request.user,
            child_name=data["child_name"],
            birth_date=data["birth_date"],
            certificate=data["certificate"],
            address=data["address"],
            group_ids=form.group_ids(),
            claims=claims,
            consent=data["consent"],
        )
        if application is not None:
            messages.success(
                request,
                _("The application is registered as %(number)s. Its receipt is in “My receipts”.")
                % {"number": application.public_id},
            )
            return redirect("enrollment:application", public_id=application.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "enrollment/apply.html",
        {"round": round, "form": form, **_rules_context(round)},
        status=status,
    )


@require_safe
@login_required
def mine(request: HromadaRequest) -> HttpResponse:
    page, query = paginate(
        request, selectors.applications_of(hromada=request.hromada, parent=request.user), per_page=10
    )
    return render(request, "enrollment/mine.html", {"page_obj": page, "query_string": query})


@login_required
@rate_limit("enrollment-change", limit=20, window=300)
def application_detail(request: HromadaRequest, public_id: str) -> HttpResponse:
    application = selectors.application_of_parent(
        hromada=request.hromada, parent=request.user, public_id=public_id
    )
    groups = list(selectors.groups_of(round=application.round))
    initial = {f"choice_{c.rank}": str(c.group_id) for c in application.choices.all()}
    form = ChoicesForm(request.POST or None, round=application.round, groups=groups, initial=initial)
    status = 200
    if request.method == "POST":
        changed = None
        if form.is_valid():
            changed = run_form_action(
                form,
                actions.application_choices_change,
                application=application,
                parent=request.user,
                group_ids=form.group_ids(),
            )
        if changed is not None:
            messages.success(request, _("The choices are changed; the registration time stays the same."))
            return redirect("enrollment:application", public_id=public_id)
        status = 400
    return render(
        request,
        "enrollment/application.html",
        {
            "application": application,
            "positions": selectors.queue_positions(application=application),
            "claims": [(c, category_title(c.category)) for c in application.claims.all()],
            "offers": list(application.offers.all()),
            "form": form,
        },
        status=status,
    )


@require_POST
@login_required
@rate_limit("enrollment-answer", limit=20, window=300)
def offer_answer(request: HromadaRequest, offer_id: str) -> HttpResponse:
    pk = parse_id(offer_id)
    offer = selectors.offer_find(hromada=request.hromada, pk=pk) if pk else None
    if offer is None:
        raise Http404
    accept = request.POST.get("answer") == "accept"
    if not accept and request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm that you want to decline the place."))
        return redirect("enrollment:application", public_id=offer.application.public_id)
    action = actions.offer_accept if accept else actions.offer_decline
    if run_message_action(request, action, offer=offer, parent=request.user):
        messages.success(request, _("You accepted the place.") if accept else _("You declined the place."))
    return redirect("enrollment:application", public_id=offer.application.public_id)


@require_POST
@login_required
@rate_limit("enrollment-answer", limit=20, window=300)
def withdraw(request: HromadaRequest, public_id: str) -> HttpResponse:
    application = selectors.application_of_parent(
        hromada=request.hromada, parent=request.user, public_id=public_id
    )
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm that you want to withdraw the application."))
    elif run_message_action(
        request, actions.application_withdraw, application=application, parent=request.user
    ):
        messages.success(request, _("The application is withdrawn."))
    return redirect("enrollment:application", public_id=public_id)


@require_POST
@login_required
@rate_limit("enrollment-proof", limit=20, window=300)
def proof_upload(request: HromadaRequest, public_id: str, claim_id: str) -> HttpResponse:
    application = selectors.application_of_parent(
        hromada=request.hromada, parent=request.user, public_id=public_id
    )
    pk = parse_id(claim_id)
    claim = selectors.claim_of_parent(application=application, pk=pk) if pk else None
    if claim is None:
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the file with the proof document."))
    elif run_message_action(
        request,
        actions.claim_proof_attach,
        claim=claim,
        parent=request.user,
        data=upload,
        filename=upload.name or "",
    ):
        messages.success(
            request, _("The proof is added. Staff will check it; until then the claim does not count.")
        )
    return redirect("enrollment:application", public_id=public_id)


@require_safe
@login_required
def proof_download(request: HromadaRequest, file_id: str) -> FileResponse:
    """A proof file, to the parent who uploaded it or to staff who check documents; always a download."""
    pk = parse_id(file_id)
    proof = selectors.proof_file_find(hromada=request.hromada, pk=pk) if pk else None
    if proof is None:
        raise Http404
    own = proof.claim.application.parent_id == request.user.pk
    if not own and not (
        can_reach_back_office(request.user, request.hromada)
        and checks_documents(request.user, request.hromada)
    ):
        raise Http404
    extension = (proof.file.name or "").rsplit(".", 1)[-1]
    return private_download(
        proof.file,
        filename=f"proof-{proof.claim.application.public_id}-{proof.pk}.{extension}",
        content_type=proof.content_type,
    )


@require_safe
def territories(request: HromadaRequest) -> HttpResponse:
    page, query = paginate(request, selectors.territories_published(hromada=request.hromada), per_page=20)
    return render(request, "enrollment/territories.html", {"page_obj": page, "query_string": query})


def _moved(name: str, fmt: str) -> HttpResponsePermanentRedirect:
    """An old open-data address: the file is the open-data portal's (``datasets.py``, docs/opendata.md)."""
    if fmt not in ("csv", "json"):
        raise Http404
    return HttpResponsePermanentRedirect(reverse("opendata:download", args=[name, fmt]))


@require_safe
def opendata_line(request: HromadaRequest, fmt: str) -> HttpResponse:
    return _moved("enrollment-line", fmt)


@require_safe
def opendata_territories(request: HromadaRequest, fmt: str) -> HttpResponse:
    return _moved("enrollment-territories", fmt)

"""Public and residents' petition pages: the list, the petition page with signing, the creation wizard,
the author's dashboard ("My petitions" in the cabinet) and the per-addressee accountability page.

Views are thin: they parse input with ``forms.py``, call one action or selector and render. Moderators'
and addressees' pages are in ``views_staff.py``.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from hromada.accounts import eligibility
from hromada.core import clock, ratelimit
from hromada.core.calendar import calendar_for
from hromada.core.clientip import client_address
from hromada.core.errors import ApplicationError
from hromada.core.forms import add_application_error, form_within_limit, run_form_action
from hromada.core.http import HromadaRequest
from hromada.core.pagination import paginate
from hromada.core.registry import cabinet_sections

from . import actions, clocks, selectors
from .forms import PetitionFilterForm, PetitionForm, SignForm
from .lifecycle import WITHDRAWABLE
from .models import Channel, Petition, PetitionRules, PetitionStatus, SignatureStatus

PER_PAGE = 20
SIGNATORIES_PER_PAGE = 50
SIMILAR_LIMIT = 5
SIGNED_SHOWN = 20

CLOCK_TITLES = {
    clocks.MODERATION: gettext_lazy("To publication"),
    clocks.ANSWER: gettext_lazy("To the answer"),
    clocks.APPEAL: gettext_lazy("To the answer (as an ordinary appeal)"),
}


# ----------------------------------------------------------------------------------------- helpers


def clock_rows(clock_list: list[clocks.Clock]) -> list[dict[str, Any]]:
    """The clocks with their titles, for templates (``_clocks.html``)."""
    return [
        {
            "clock": c,
            "title": CLOCK_TITLES.get(c.kind, c.kind),
            "overdue_days": -c.working_days_left if c.overdue else 0,
        }
        for c in clock_list
    ]


def eligibility_reasons(request: HromadaRequest, rules: PetitionRules, *, level: int) -> list[dict[str, str]]:
    """Why the logged-in person may not create/sign under ``rules``: a message and where to fix it."""
    codes = selectors.eligibility_codes(person=request.user, rules=rules, level=level)
    texts = {
        eligibility.LEVEL: (
            _("Your identity is not verified enough: confirm it in your cabinet first."),
            reverse("portal:verification"),
            _("Verify my identity"),
        ),
        eligibility.AGE: (
            _("You are younger than the rules of this hromada allow (%(age)d years).")
            % {"age": rules.min_signer_age},
            "",
            "",
        ),
        eligibility.AGE_UNKNOWN: (
            _("Your date of birth is not known: it is needed to check your age."),
            reverse("portal:profile"),
            _("Add it to my profile"),
        ),
        eligibility.RESIDENCY: (
            _("Only residents of this hromada may do this."),
            reverse("portal:profile"),
            _("Check my profile"),
        ),
    }
    return [{"message": texts[c][0], "url": texts[c][1], "link": texts[c][2]} for c in codes]


@dataclass(frozen=True)
class PeekPage:
    """One page of a list without counting it (the signatories of a big petition are many): the page
    reads one row more than it shows to know whether a next page exists."""

    object_list: list[Any]
    number: int
    has_next: bool
    query_string: str

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    per_page: int = 50


def peek_page(request: HromadaRequest, queryset: QuerySet[Any], *, per_page: int) -> PeekPage:
    try:
        number = max(1, min(int(request.GET.get("page", "1")), 100_000))
    except ValueError:
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return PeekPage(
        object_list=rows[:per_page],
        number=number,
        has_next=len(rows) > per_page,
        query_string=(query + "&") if query else "",
        per_page=per_page,
    )


def _opendata_links() -> dict[str, str]:
    """Links to the open data (the backend's paths), if they are installed."""
    try:
        return {
            "index": reverse("petitions:opendata_index"),
            "compliance_csv": reverse("petitions:opendata", kwargs={"dataset": "compliance", "fmt": "csv"}),
            "compliance_json": reverse("petitions:opendata", kwargs={"dataset": "compliance", "fmt": "json"}),
        }
    except NoReverseMatch:
        return {}


def _author_petition(request: HromadaRequest, petition_id: int) -> Petition:
    petition = selectors.petition_get(hromada=request.hromada, petition_id=petition_id, viewer=request.user)
    if petition is None or petition.author_id != request.user.pk:
        raise Http404
    return petition


# -------------------------------------------------------------------------------------------- list


@require_safe
def petition_list(request: HromadaRequest) -> HttpResponse:
    form = PetitionFilterForm(request.GET or None, hromada=request.hromada)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.petition_list(
        hromada=request.hromada,
        status=filters.get("status") or None,
        topic=filters.get("topic") or None,
        district_id=filters["district"].pk if filters.get("district") else None,
        addressee_id=filters["addressee"].pk if filters.get("addressee") else None,
        query=filters.get("q", ""),
        sort=filters.get("sort") or "new",
    )
    page, query_string = paginate(request, queryset, per_page=PER_PAGE)
    context = {"form": form, "page_obj": page, "query_string": query_string}
    template = "petitions/_list_results.html" if request.htmx else "petitions/list.html"
    return render(request, template, context)


# ------------------------------------------------------------------------------------------ detail


def _detail_context(
    request: HromadaRequest, petition_id: int, *, sign_form: SignForm | None = None
) -> dict[str, Any]:
    user = request.user
    detail = selectors.petition_detail(hromada=request.hromada, petition_id=petition_id, viewer=user)
    if detail is None:
        raise Http404
    petition = detail.petition
    rules = petition.rules
    collecting = petition.status == PetitionStatus.COLLECTING
    my_signature = detail.my_signature
    signed = my_signature is not None and my_signature.status == SignatureStatus.VALID
    reasons: list[dict[str, str]] = []
    if collecting and rules is not None and user.is_authenticated and not signed:
        reasons = eligibility_reasons(request, rules, level=rules.sign_level)
    if sign_form is None and collecting and rules is not None:
        sign_form = SignForm(against_allowed=rules.against_allowed)
    signatories_page = peek_page(
        request, selectors.signatories(petition=petition), per_page=SIGNATORIES_PER_PAGE
    )
    by_district = list(selectors.counts_by_district(petition=petition)) if petition.published_at else []
    alerts = (
        list(selectors.fraud_alerts(hromada=request.hromada, petition=petition)[:10])
        if detail.may_moderate
        else []
    )
    return {
        "detail": detail,
        "petition": petition,
        "rules": rules,
        "clock_rows": clock_rows(detail.clocks),
        "collecting": collecting,
        "signed": signed,
        "my_signature": my_signature,
        "sign_form": sign_form,
        "not_eligible": reasons,
        "signatories": signatories_page,
        "by_district": by_district,
        "alerts": alerts,
        "is_author": user.is_authenticated and petition.author_id == user.pk,
        "withdrawable": petition.status in WITHDRAWABLE,
        "names_hidden": petition.names_hidden_at is not None,
    }


@require_safe
def petition_detail(request: HromadaRequest, petition_id: int) -> HttpResponse:
    context = _detail_context(request, petition_id)
    if request.htmx and request.GET.get("part") == "count":
        return render(request, "petitions/_count.html", context)
    return render(request, "petitions/detail.html", context)


@require_safe
def answer_document(request: HromadaRequest, petition_id: int) -> FileResponse:
    """The signed decision of an answered petition, to whoever may see the petition; uploaded files are
    never served from /media/ (docs/petitions.md). A download, never shown inline (PDFs are stored as
    uploaded; images were re-encoded)."""
    document = selectors.answer_document(
        hromada=request.hromada, petition_id=petition_id, viewer=request.user
    )
    if document is None:
        raise Http404
    name = f"petition-{petition_id}-answer{Path(document.name or '').suffix.lower()}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(document.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@login_required
def petition_sign(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = selectors.petition_for_signing(hromada=request.hromada, petition_id=petition_id)
    if petition is None or petition.status not in selectors.PUBLIC_STATUSES:
        raise Http404
    rules = petition.rules
    form = SignForm(request.POST, against_allowed=bool(rules and rules.against_allowed))
    if not form.is_valid():
        status = 400
    elif not form_within_limit(request, form, "petition-sign", limit=30, window=60):
        status = 429
    else:
        try:
            result = actions.signature_add(
                petition=petition,
                signer=request.user,
                against=bool(form.cleaned_data.get("against", False)),
                show_name=form.cleaned_data["show_name"],
                address=client_address(request),
                channel=Channel.WEB,
            )
        except ApplicationError as error:
            if error.fields:
                add_application_error(form, error)
            else:  # not eligible, already signed, not collecting: the sign form may not even show
                messages.error(request, str(error.message))
            status = error.status
        else:
            reference = result.receipt.receipt_id if result.receipt else result.signature.receipt_id
            messages.success(
                request,
                _(
                    "You signed the petition. Receipt reference: %(reference)s. The public count "
                    "follows within seconds; your receipt is in “My receipts”."
                )
                % {"reference": reference},
            )
            return redirect("petitions:detail", petition_id=petition_id)
    return render(
        request, "petitions/detail.html", _detail_context(request, petition_id, sign_form=form), status=status
    )


@require_POST
@login_required
def petition_unsign(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = selectors.petition_get(hromada=request.hromada, petition_id=petition_id, viewer=request.user)
    if petition is None:
        raise Http404
    ratelimit.check(request, "petition-unsign", limit=20, window=60)
    try:
        actions.signature_withdraw(petition=petition, signer=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your signature is withdrawn. The public count follows within seconds."))
    return redirect("petitions:detail", petition_id=petition_id)


# ---------------------------------------------------------------------------------- creation wizard


def _wizard_blocker(request: HromadaRequest) -> tuple[PetitionRules | None, list[dict[str, str]]]:
    rules = selectors.rules_current(hromada=request.hromada)
    if rules is None:
        return None, []
    return rules, eligibility_reasons(request, rules, level=rules.create_level)


def _save_draft(request: HromadaRequest, form: PetitionForm, petition: Petition | None) -> Petition | None:
    data = form.cleaned_data
    content = {
        "title": data["title"],
        "text": data["text"],
        "topic": data["topic"],
        "addressee": data["addressee"],
        "district": data.get("district"),
    }
    if petition is None:
        return run_form_action(
            form, actions.petition_create_draft, hromada=request.hromada, author=request.user, **content
        )
    return run_form_action(form, actions.petition_update, petition=petition, actor=request.user, **content)


def _wizard(request: HromadaRequest, petition: Petition | None) -> HttpResponse:
    rules, reasons = _wizard_blocker(request)
    initial = {}
    if petition is not None:
        initial = {
            "title": petition.title,
            "text": petition.text,
            "topic": petition.topic,
            "addressee": petition.addressee_id,
            "district": petition.district_id,
        }
    form = PetitionForm(request.POST or None, initial=initial, hromada=request.hromada)
    status = 200
    if request.method == "POST" and rules is not None:
        if (
            form.is_valid()
            and form_within_limit(request, form, "petition-draft", limit=30, window=3600)
            and (saved := _save_draft(request, form, petition)) is not None
        ):
            return redirect("petitions:preview", petition_id=saved.pk)
        status = 400
    return render(
        request,
        "petitions/wizard_form.html",
        {"form": form, "rules": rules, "not_eligible": reasons, "petition": petition, "step": 1},
        status=status,
    )


@login_required
def petition_new(request: HromadaRequest) -> HttpResponse:
    return _wizard(request, None)


@login_required
def petition_edit(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _author_petition(request, petition_id)
    if petition.status != PetitionStatus.DRAFT:
        messages.info(request, _("Only a draft can be changed; a submitted petition keeps its text."))
        return redirect("petitions:detail", petition_id=petition.pk)
    return _wizard(request, petition)


@require_safe
@login_required
def petition_preview(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _author_petition(request, petition_id)
    if petition.status != PetitionStatus.DRAFT:
        return redirect("petitions:detail", petition_id=petition.pk)
    similar = selectors.similar_open_petitions(
        hromada=request.hromada,
        text=f"{petition.title} {petition.text}",
        exclude_id=petition.pk,
        limit=SIMILAR_LIMIT,
    )
    rules, reasons = _wizard_blocker(request)
    return render(
        request,
        "petitions/wizard_preview.html",
        {"petition": petition, "similar": similar, "rules": rules, "not_eligible": reasons, "step": 2},
    )


@require_safe
def similar_petitions(request: HromadaRequest) -> HttpResponse:
    """The wizard's live hint (htmx): open petitions similar to what is being typed."""
    text = f"{request.GET.get('title', '')} {request.GET.get('text', '')}"[:5000]
    similar = selectors.similar_open_petitions(hromada=request.hromada, text=text, limit=SIMILAR_LIMIT)
    return render(request, "petitions/_similar.html", {"similar": similar})


@require_POST
@login_required
def petition_submit(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _author_petition(request, petition_id)
    ratelimit.check(request, "petition-submit", limit=10, window=3600)
    try:
        petition = actions.petition_submit(petition=petition, actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("petitions:preview", petition_id=petition.pk)
    messages.success(
        request,
        _("Your petition is sent to moderation. It will be published or refused with reasons by %(due)s.")
        % {"due": _local(petition.moderation_due_at)},
    )
    return redirect("petitions:mine")


@require_POST
@login_required
def petition_withdraw(request: HromadaRequest, petition_id: int) -> HttpResponse:
    petition = _author_petition(request, petition_id)
    ratelimit.check(request, "petition-withdraw", limit=10, window=3600)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm that you want to withdraw the petition."))
        return redirect("petitions:mine")
    try:
        actions.petition_withdraw(petition=petition, actor=request.user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The petition is withdrawn."))
    return redirect("petitions:mine")


def _local(moment: dt.datetime | None) -> str:
    return "—" if moment is None else clock.written(moment)


# --------------------------------------------------------------------------------- author dashboard


def my_petitions_summary(request: HromadaRequest) -> str | None:
    """The cabinet overview's line for "My petitions"."""
    count = selectors.author_petitions(hromada=request.hromada, author=request.user).count()
    if not count:
        return None
    return ngettext("%(count)d petition", "%(count)d petitions", count) % {"count": count}


@require_safe
@login_required
def my_petitions(request: HromadaRequest) -> HttpResponse:
    page, query_string = paginate(
        request, selectors.author_petitions(hromada=request.hromada, author=request.user), per_page=PER_PAGE
    )
    calendar = calendar_for(hromada=request.hromada)
    now = clock.now()
    rows = [
        {
            "petition": p,
            "clock_rows": clock_rows(selectors.petition_clocks(p, now=now, calendar=calendar)),
            "withdrawable": p.status in WITHDRAWABLE,
        }
        for p in page.object_list
    ]
    return render(
        request,
        "petitions/mine.html",
        {
            "rows": rows,
            "page_obj": page,
            "query_string": query_string,
            "signed": list(
                selectors.signatures_of(hromada=request.hromada, signer=request.user)[:SIGNED_SHOWN]
            ),
            "sections": cabinet_sections(),
            "current_section": "petitions",
        },
    )


# ----------------------------------------------------------------------------------- accountability


@require_safe
def accountability(request: HromadaRequest) -> HttpResponse:
    rows = selectors.accountability(hromada=request.hromada)
    return render(request, "petitions/accountability.html", {"rows": rows, "opendata": _opendata_links()})

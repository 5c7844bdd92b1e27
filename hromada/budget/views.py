"""The public budget's pages: thin views that parse input, call one action or selector and render.

Officials' pages (review, paper/ЦНАП ballots, rules comparison) need a role in this hromada and a passed
second factor (TOTP), like the back office. Every write is a POST with CSRF and a rate limit.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hromada.accounts.guards import officials_page
from hromada.accounts.selectors import resident_find
from hromada.core import clock, ratelimit
from hromada.core.errors import ApplicationError
from hromada.core.forms import form_within_limit, run_form_action, run_message_action
from hromada.core.geo import feature, feature_collection, point
from hromada.core.http import HromadaRequest
from hromada.core.pagination import paginate
from hromada.core.phases import Feature
from hromada.core.phases import get as phase_type
from hromada.core.registry import cabinet_sections
from hromada.territory.selectors import departments_of, districts_of

from . import actions, selectors
from .forms import (
    AppealDecisionForm,
    AppealForm,
    BallotForm,
    DecisionForm,
    MilestoneForm,
    OfficialBallotForm,
    ProjectFilterForm,
    ProjectForm,
    ReviewForm,
    TiesForm,
    WithdrawForm,
    ballot_initial,
    cost_line_formset,
)
from .models import Appeal, BallotType, BudgetCycle, Phase, Project, Review
from .money import hryvnias
from .permissions import enters_ballots, manages_budget, reviews_projects

MAP_LIMIT = 2000


# ------------------------------------------------------------------------------------------------ helpers


def _viewer(request: HromadaRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _forbidden(request: HromadaRequest, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"message": message, "status": 403}, status=403)


def _is_official(request: HromadaRequest) -> bool:
    return bool(
        request.user.is_authenticated
        and request.user.is_verified()
        and reviews_projects(request.user, request.hromada)
    )


def _enters_ballots(request: HromadaRequest) -> bool:
    """Whether to offer the paper/ЦНАП ballot page: only to whom it will not answer 403."""
    return _is_official(request) and bool(enters_ballots(request.user, request.hromada))


def _timeline(cycle: BudgetCycle, current: Phase) -> list[dict[str, Any]]:
    rows = []
    now = clock.now()
    for window in cycle.phase_windows():
        kind = phase_type(window.type_key)
        rows.append(
            {
                "key": window.type_key.split(":", 1)[1],
                "name": kind.name if kind else window.type_key,
                "description": kind.description if kind else "",
                "starts": window.starts_at,
                "ends": window.ends_at,
                "current": window.type_key == f"budget:{current}",
                "past": window.ends_at is not None and window.ends_at <= now,
            }
        )
    return rows


def _rules_or_none(cycle: BudgetCycle) -> Any:
    try:
        return selectors.rules_current(cycle=cycle)
    except ApplicationError:
        return None


# ------------------------------------------------------------------------------------------------ overview


def index(request: HromadaRequest) -> HttpResponse:
    """The current cycle (or a note that there is none yet)."""
    cycle = selectors.cycle_current(hromada=request.hromada)
    return _cycle_page(request, cycle)


def cycle_detail(request: HromadaRequest, slug: str) -> HttpResponse:
    return _cycle_page(request, selectors.cycle_get(hromada=request.hromada, slug=slug))


def _cycle_page(request: HromadaRequest, cycle: BudgetCycle | None) -> HttpResponse:
    context: dict[str, Any] = {
        "cycle": cycle,
        "cycles": list(selectors.cycles_of(hromada=request.hromada)[:20]),
    }
    if cycle is not None:
        phase = selectors.cycle_phase(cycle=cycle)
        rules = _rules_or_none(cycle)
        categories = list(selectors.categories_of(cycle=cycle))
        context.update(
            {
                "phase": phase,
                "timeline": _timeline(cycle, phase.phase),
                "rules": rules,
                "categories": categories,
                "total": rules.total_amount if rules else sum(c.amount for c in categories),
                "project_count": selectors.projects_list(cycle=cycle).count(),
                "Phase": Phase,
                "is_official": _is_official(request),
                "enters_ballots": _enters_ballots(request),
            }
        )
    return render(request, "budget/overview.html", context)


# ------------------------------------------------------------------------------------------------ projects


def _filters(request: HromadaRequest, cycle: BudgetCycle) -> tuple[ProjectFilterForm, dict[str, Any]]:
    form = ProjectFilterForm(
        request.GET or None,
        categories=selectors.categories_of(cycle=cycle),
        districts=districts_of(hromada=request.hromada),
        language=get_language(),
    )
    values = form.cleaned_data if form.is_valid() else {}
    return form, {
        "category": values.get("category") or None,
        "district": int(values["district"]) if values.get("district") else None,
        "status": values.get("status") or None,
        "search": values.get("q", ""),
        "sort": values.get("sort") or "number",
    }


def projects(request: HromadaRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    form, filters = _filters(request, cycle)
    queryset = selectors.projects_list(cycle=cycle, viewer=_viewer(request), **filters)
    page, query_string = paginate(request, queryset, per_page=20)
    context = {
        "cycle": cycle,
        "form": form,
        "page_obj": page,
        "query_string": query_string,
        "filter_query": query_string.rstrip("&"),
    }
    template = "budget/_project_results.html" if request.htmx else "budget/projects.html"
    return render(request, template, context)


def projects_geojson(request: HromadaRequest, slug: str) -> JsonResponse:
    """The filtered projects that have a place, as GeoJSON points for the map."""
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    _form, filters = _filters(request, cycle)
    rows = (
        selectors.projects_list(cycle=cycle, viewer=_viewer(request), **filters)
        .filter(lat__isnull=False, lon__isnull=False)
        .values_list("pk", "number", "title", "status", "cost", "lat", "lon")[:MAP_LIMIT]
    )
    labels = dict(Project.Status.choices)
    features = [
        feature(
            point(lon, lat),
            {
                "id": pk,
                "name": f"№{number} {title}",
                "status": status,
                "kind_label": str(labels.get(status, status)),
                "address": _("%(cost)s UAH") % {"cost": hryvnias(cost)},
                "url": reverse("budget:project", args=[pk]),
            },
        )
        for pk, number, title, status, cost, lat, lon in rows
        if lat is not None and lon is not None  # filtered in SQL already; narrows the type
    ]
    return JsonResponse(feature_collection(features), content_type="application/geo+json")


def project_detail(request: HromadaRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(hromada=request.hromada, pk=pk, viewer=_viewer(request))
    detail = selectors.project_detail(project=project)
    cycle = project.cycle
    phase = selectors.cycle_phase(cycle=cycle)
    user = request.user
    is_author = user.is_authenticated and user.pk == project.author_id
    needs_revision = any(r.conclusion == Review.Conclusion.NEEDS_REVISION for r in detail.reviews)
    before_voting = clock.now() < cycle.voting_starts
    context = {
        "project": project,
        "detail": detail,
        "cycle": cycle,
        "phase": phase.phase,
        "is_author": is_author,
        "can_edit": is_author
        and (
            (
                phase.allows(Feature.CREATE)
                and project.status in (Project.Status.DRAFT, Project.Status.SUBMITTED)
            )
            or (project.status == Project.Status.UNDER_REVIEW and needs_revision)
        ),
        "can_appeal": is_author and project.status == Project.Status.REJECTED and before_voting,
        "can_withdraw": is_author
        and before_voting
        and project.status not in (Project.Status.WITHDRAWN, Project.Status.REJECTED),
        "can_support": phase.allows(Feature.SUPPORT) and project.status == Project.Status.ADMITTED,
        "is_official": _is_official(request),
        "tracked": project.status in (Project.Status.WON, Project.Status.IMPLEMENTING, Project.Status.DONE),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "budget/project.html", context)


def project_photo(request: HromadaRequest, pk: int, photo_pk: int) -> FileResponse:
    """A project's photo, to whoever may see the project (photos are cleaned of EXIF on upload)."""
    project = selectors.project_get(hromada=request.hromada, pk=pk, viewer=_viewer(request))
    photo = project.photos.filter(pk=photo_pk).first()
    if photo is None or not photo.image:
        raise Http404
    content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
    response = FileResponse(photo.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _project_forms(
    request: HromadaRequest, cycle: BudgetCycle, initial: dict[str, Any], lines: list[dict[str, Any]]
) -> tuple[ProjectForm, Any]:
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    extra = 1 if data is not None and "add_line" in data else 0
    form = ProjectForm(
        data, files, initial=initial, categories=selectors.categories_of(cycle=cycle), language=get_language()
    )
    if data is not None and extra:
        # "Add a line" without JavaScript: the same input back with one more empty line.
        copy = data.copy()
        raw = str(copy.get("lines-TOTAL_FORMS", "0"))
        total = int(raw) if raw.isdigit() else 0
        copy["lines-TOTAL_FORMS"] = str(min(total + 1, 50))
        formset = cost_line_formset(copy)
    else:
        formset = cost_line_formset(data, initial=None if data is not None else lines)
    return form, formset


def _lines(formset: Any) -> list[Any]:
    return [line for form in formset for line in [form.line()] if line is not None]


def _save_photos(request: HromadaRequest, form: ProjectForm, project: Project) -> None:
    for upload in form.cleaned_data.get("photos") or []:
        try:
            actions.project_photo_add(
                actor=request.user, project=project, data=upload.read(), filename=upload.name
            )
        except ApplicationError as error:
            messages.warning(
                request,
                _("The photo “%(name)s” was not added: %(why)s") % {"name": upload.name, "why": error},
            )


def _project_form_valid(request: HromadaRequest, form: ProjectForm, formset: Any, scope: str) -> bool:
    if "add_line" in request.POST:
        return False
    valid = form.is_valid() and formset.is_valid()
    if valid and not _lines(formset):
        form.add_error(None, _("Add at least one line to the cost estimate."))
        valid = False
    return valid and form_within_limit(request, form, scope, limit=20, window=3600)


@login_required
def project_submit(request: HromadaRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    form, formset = _project_forms(request, cycle, {}, [])
    if request.method == "POST" and _project_form_valid(request, form, formset, "budget-project"):
        project = run_form_action(
            form,
            actions.project_submit,
            author=request.user,
            cycle=cycle,
            data=form.project_in(_lines(formset)),
            draft="save_draft" in request.POST,
        )
        if project is not None:
            _save_photos(request, form, project)
            messages.success(
                request,
                _("Your project is saved as a draft.")
                if project.status == Project.Status.DRAFT
                else _("Your project №%(number)s is submitted for review.") % {"number": project.number},
            )
            return redirect("budget:project", pk=project.pk)
    return render(
        request,
        "budget/project_form.html",
        {
            "cycle": cycle,
            "form": form,
            "formset": formset,
            "phase": cycle.phase_at(clock.now()),
            "rules": _rules_or_none(cycle),
            "categories": list(selectors.categories_of(cycle=cycle)),
            "editing": None,
        },
    )


@login_required
def project_edit(request: HromadaRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(hromada=request.hromada, pk=pk, viewer=request.user)
    if project.author_id != request.user.pk:
        return _forbidden(request, _("Only the author may change this project."))
    detail = selectors.project_detail(project=project)
    initial = {
        "category": str(project.category_id),
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "address": project.address,
        "lat": project.lat,
        "lon": project.lon,
    }
    lines = [
        {"item": line.item, "quantity": line.quantity, "unit_cost": line.unit_cost / 100}
        for line in detail.cost_lines
    ]
    form, formset = _project_forms(request, project.cycle, initial, lines)
    if request.method == "POST" and _project_form_valid(request, form, formset, "budget-project"):
        updated = run_form_action(
            form,
            actions.project_update,
            author=request.user,
            project=project,
            data=form.project_in(_lines(formset)),
            submit="save_draft" not in request.POST,
        )
        if updated is not None:
            project = updated
            _save_photos(request, form, project)
            messages.success(request, _("Your changes are saved."))
            return redirect("budget:project", pk=project.pk)
    return render(
        request,
        "budget/project_form.html",
        {
            "cycle": project.cycle,
            "form": form,
            "formset": formset,
            "phase": project.cycle.phase_at(clock.now()),
            "rules": _rules_or_none(project.cycle),
            "categories": list(selectors.categories_of(cycle=project.cycle)),
            "editing": project,
            "reviews": detail.reviews,
        },
    )


@login_required
def project_appeal(request: HromadaRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(hromada=request.hromada, pk=pk, viewer=request.user)
    if project.author_id != request.user.pk:
        return _forbidden(request, _("Only the author may appeal."))
    form = AppealForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_within_limit(request, form, "budget-appeal", limit=5, window=3600)
    ):
        appeal = run_form_action(
            form, actions.project_appeal, author=request.user, project=project, text=form.cleaned_data["text"]
        )
        if appeal is not None:
            messages.success(request, _("Your appeal is registered; the administrators will decide it."))
            return redirect("budget:project", pk=project.pk)
    return render(
        request,
        "budget/appeal.html",
        {"project": project, "form": form, "detail": selectors.project_detail(project=project)},
    )


@login_required
@require_POST
def project_withdraw(request: HromadaRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(hromada=request.hromada, pk=pk, viewer=request.user)
    form = WithdrawForm(request.POST)
    if form.is_valid() and form_within_limit(request, form, "budget-withdraw", limit=10, window=3600):
        withdrawn = run_message_action(
            request,
            actions.project_withdraw,
            author=request.user,
            project=project,
            reason=form.cleaned_data["reason"],
        )
        if withdrawn is not None:
            messages.success(request, _("Your project is withdrawn."))
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Please try again."))
    return redirect("budget:project", pk=project.pk)


@login_required
@require_POST
def project_support(request: HromadaRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(hromada=request.hromada, pk=pk, viewer=request.user)
    try:
        ratelimit.check(request, "budget-support", limit=60, window=3600)
        actions.support_add(person=request.user, project=project)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your support is recorded."))
    return redirect("budget:project", pk=project.pk)


# ------------------------------------------------------------------------------------------------ review


@officials_page(reviews_projects, lambda: _("Only officials of this hromada review projects."))
def review_queue(request: HromadaRequest) -> HttpResponse:
    page, query_string = paginate(request, selectors.review_queue(hromada=request.hromada), per_page=30)
    return render(
        request,
        "budget/review_queue.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "appeals": list(selectors.appeals_pending(hromada=request.hromada)[:50]),
            "criteria_count": len(Review._meta.get_field("criterion").choices or []),
        },
    )


@officials_page(reviews_projects, lambda: _("Only officials of this hromada review projects."))
def review_project(request: HromadaRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(hromada=request.hromada, pk=pk, viewer=request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    departments = departments_of(hromada=request.hromada)
    review_form = ReviewForm(request.POST if action == "review" else None, departments=departments)
    decision_form = DecisionForm(request.POST if action == "decide" else None)
    appeal_form = AppealDecisionForm(request.POST if action == "appeal" else None)
    detail = selectors.project_detail(project=project)
    pending = next((a for a in detail.appeals if a.status == Appeal.Status.PENDING), None)
    done = False
    if action == "review" and review_form.is_valid():
        if form_within_limit(request, review_form, "budget-review", limit=120, window=3600):
            data = review_form.cleaned_data
            department = departments.filter(pk=data["department"]).first() if data["department"] else None
            review = run_form_action(
                review_form,
                actions.review_record,
                reviewer=request.user,
                project=project,
                criterion=data["criterion"],
                conclusion=data["conclusion"],
                reasons=data["reasons"],
                department=department,
            )
            if review is not None:
                messages.success(request, _("The conclusion is recorded."))
                done = True
    elif action == "decide" and decision_form.is_valid():
        if form_within_limit(request, decision_form, "budget-decide", limit=60, window=3600):
            data = decision_form.cleaned_data
            admit = data["decision"] == "admit"
            decided = run_form_action(
                decision_form,
                actions.project_admit if admit else actions.project_reject,
                actor=request.user,
                project=project,
                reason=data["reason"],
            )
            if decided is not None:
                messages.success(
                    request,
                    _("The project is admitted to the vote.")
                    if admit
                    else _("The project is rejected; the author is told why."),
                )
                done = True
    elif (
        action == "appeal"
        and appeal_form.is_valid()
        and pending is not None
        and form_within_limit(request, appeal_form, "budget-decide", limit=60, window=3600)
    ):
        data = appeal_form.cleaned_data
        decided_appeal = run_form_action(
            appeal_form,
            actions.appeal_decide,
            actor=request.user,
            appeal=pending,
            upheld=data["upheld"] == "1",
            reason=data["reason"],
        )
        if decided_appeal is not None:
            messages.success(request, _("The appeal is decided."))
            done = True
    if done:
        return redirect("budget:review_project", pk=project.pk)
    reviewed = {r.criterion for r in detail.reviews}
    return render(
        request,
        "budget/review_project.html",
        {
            "project": project,
            "detail": detail,
            "review_form": review_form,
            "decision_form": decision_form,
            "appeal_form": appeal_form,
            "pending_appeal": pending,
            "missing": [
                label
                for value, label in Review._meta.get_field("criterion").choices or []
                if value not in reviewed
            ],
            "may_decide_appeals": manages_budget(request.user, request.hromada),
        },
    )


@officials_page(reviews_projects, lambda: _("Only officials of this hromada track implementation."))
def milestones(request: HromadaRequest, pk: int) -> HttpResponse:
    """Officials record an implementation milestone of a winning project (progress, spending, a photo)."""
    project = selectors.project_get(hromada=request.hromada, pk=pk, viewer=request.user)
    form = MilestoneForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_within_limit(request, form, "budget-milestone", limit=60, window=3600)
    ):
        milestone = run_form_action(
            form, actions.milestone_add, actor=request.user, project=project, data=form.milestone_in()
        )
        if milestone is not None:
            photo = form.cleaned_data.get("photo")
            if photo:
                run_message_action(
                    request,
                    actions.project_photo_add,
                    level=messages.WARNING,
                    actor=request.user,
                    project=project,
                    data=photo.read(),
                    filename=photo.name,
                    milestone=milestone,
                )
            messages.success(request, _("The milestone is recorded."))
            return redirect("budget:milestones", pk=project.pk)
    detail = selectors.project_detail(project=project)
    return render(request, "budget/milestones.html", {"project": project, "detail": detail, "form": form})


# ------------------------------------------------------------------------------------------------ ballots


def _ballot_form(request: HromadaRequest, state: Any, data: Any = None) -> BallotForm:
    initial = ballot_initial(state.rules, state.chosen) if data is None else None
    return BallotForm(data, initial=initial, rules=state.rules, projects=state.projects)


def _ballot_rows(form: BallotForm, state: Any, language: str | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    current = None
    for project in state.projects:
        if current is None or current["category"].pk != project.category_id:
            current = {
                "category": project.category,
                "name": project.category.display_name(language),
                "items": [],
            }
            rows.append(current)
        current["items"].append({"project": project, "field": form.field_for(project)})
    return rows


def _ballot_context(form: BallotForm, state: Any) -> dict[str, Any]:
    rules = state.rules
    return {
        "cycle": state.cycle,
        "state": state,
        "rules": rules,
        "form": form,
        "groups": _ballot_rows(form, state, get_language()),
        "BallotType": BallotType,
        "cost_limited": rules.ballot_type == BallotType.COST_APPROVAL,
        "cumulative": rules.ballot_type == BallotType.CUMULATIVE,
        "ordinal": rules.ballot_type == BallotType.ORDINAL,
        "rule_errors": [m for messages_ in state.errors.values() for m in messages_],
        "totals": [
            {
                "total": t,
                "name": t.category.display_name(get_language()),
                "share": min(100, round(100 * t.cost / t.category.amount)) if t.category.amount else 0,
                "over": t.cost > t.category.amount,
            }
            for t in state.totals
        ],
    }


@never_cache
def ballot(request: HromadaRequest, slug: str) -> HttpResponse:
    """The voter's ballot: the projects by category with a running total; casting or changing it."""
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    voter = _viewer(request)
    state = selectors.ballot_state(cycle=cycle, voter=voter)
    if request.method != "POST":
        form = _ballot_form(request, state)
        return render(request, "budget/ballot.html", _ballot_context(form, state))
    if voter is None:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path}, safe='/')}")
    form = _ballot_form(request, state, request.POST)
    if form.is_valid():
        state = selectors.ballot_state(cycle=cycle, voter=voter, choices=form.choices())
        if "preview" not in request.POST and form_within_limit(
            request, form, "budget-ballot", limit=10, window=60
        ):
            cast = actions.ballot_change if state.ballot is not None else actions.ballot_cast
            if run_form_action(form, cast, voter=voter, cycle=cycle, choices=form.choices()) is not None:
                return redirect("budget:ballot_recorded", slug=cycle.slug)
    return render(request, "budget/ballot.html", _ballot_context(form, state), status=200)


def ballot_total(request: HromadaRequest, slug: str) -> HttpResponse:
    """The running total of the ballot being filled in (htmx; nothing is saved)."""
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    state = selectors.ballot_state(cycle=cycle, voter=_viewer(request))
    form = _ballot_form(request, state, request.GET)
    if form.is_valid():
        state = selectors.ballot_state(cycle=cycle, voter=_viewer(request), choices=form.choices())
    return render(request, "budget/_ballot_total.html", _ballot_context(form, state))


@never_cache
@login_required
def ballot_recorded(request: HromadaRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    state = selectors.ballot_state(cycle=cycle, voter=request.user)
    if state.ballot is None:
        return redirect("budget:ballot", slug=cycle.slug)
    chosen = [
        {"project": state.choice_projects.get(c.project_id), "points": c.points, "place": place}
        for place, c in enumerate(state.chosen, start=1)
    ]
    return render(
        request,
        "budget/ballot_recorded.html",
        {"cycle": cycle, "state": state, "ballot": state.ballot, "chosen": chosen, "rules": state.rules},
    )


@officials_page(enters_ballots, lambda: _("Only TsNAP administrators of this hromada enter ballots."))
def ballot_enter(request: HromadaRequest, slug: str) -> HttpResponse:
    """An official enters a paper or ЦНАП ballot after checking the voter's identity document."""
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    state = selectors.ballot_state(cycle=cycle, voter=None)
    data = request.POST if request.method == "POST" else None
    official_form = OfficialBallotForm(data)
    if not state.rules.ballot_change_allowed:
        del official_form.fields["replace_existing"]
    form = BallotForm(data, rules=state.rules, projects=state.projects)
    if (
        data is not None
        and official_form.is_valid()
        and form.is_valid()
        and form_within_limit(request, official_form, "budget-ballot-entry", limit=120, window=3600)
    ):
        values = official_form.cleaned_data
        voter = resident_find(hromada=request.hromada, login=values["voter"])
        if voter is None:
            official_form.add_error(
                "voter",
                _(
                    "No resident of this hromada has this e-mail or phone. A person without an account is "
                    "registered and verified on the page “Verify a resident in person” (%(url)s), then "
                    "their ballot can be entered here."
                )
                % {"url": reverse("accounts:verify_in_person")},
            )
        else:
            receipt = run_form_action(
                official_form,
                actions.ballot_cast_by_official,
                official=request.user,
                voter=voter,
                cycle=cycle,
                choices=form.choices(),
                channel=values["channel"],
                identity_document=values["identity_document"],
                replace_existing=values.get("replace_existing", False),
            )
            if receipt is not None:
                messages.success(
                    request,
                    _("The ballot of %(name)s is recorded; receipt reference %(receipt)s.")
                    % {"name": voter.full_name, "receipt": receipt.receipt_id},
                )
                return redirect("budget:ballot_enter", slug=cycle.slug)
    context = _ballot_context(form, state)
    context["official_form"] = official_form
    return render(request, "budget/ballot_enter.html", context)


# ------------------------------------------------------------------------------------------------ results


def _bars(values: list[int | float]) -> list[int]:
    top = max(values, default=0) or 1
    return [round(100 * v / top) for v in values]


def results(request: HromadaRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    official = _is_official(request)
    outcomes = selectors.results_of(cycle=cycle, include_unpublished=official)
    language = get_language()
    categories = []
    for outcome in outcomes:
        lines = outcome.lines
        vote_bars = _bars([line.votes for line in lines])
        cost_bars = _bars([line.cost for line in lines])
        categories.append(
            {
                "outcome": outcome,
                "name": outcome.category.display_name(language),
                "funded_percent": round(100 * outcome.funded_share, 1),
                "lines": [
                    {"line": line, "vote_bar": v, "cost_bar": c}
                    for line, v, c in zip(lines, vote_bars, cost_bars, strict=True)
                ],
                "winners": [line for line in lines if line.won],
            }
        )
    return render(
        request,
        "budget/results.html",
        {
            "cycle": cycle,
            "categories": categories,
            "is_official": official,
            "published": cycle.results_published_at is not None,
            "rules": _rules_or_none(cycle),
            "manages": official and manages_budget(request.user, request.hromada),
            "voting_closed": clock.now() >= cycle.voting_ends,
            "ties_form": TiesForm(),
        },
    )


@officials_page(manages_budget, lambda: _("Only administrators of this hromada handle results."))
@require_POST
def results_manage(request: HromadaRequest, slug: str) -> HttpResponse:
    """Administrators count the votes, acknowledge ties (with a public note) and publish the results."""
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    action = request.POST.get("action", "")
    form = TiesForm(request.POST if action == "ties" else None)
    try:
        ratelimit.check(request, "budget-results", limit=30, window=3600)
        if action == "compute":
            actions.results_compute(actor=request.user, cycle=cycle)
            messages.success(request, _("The votes are counted. Check the results, then publish them."))
        elif action == "publish":
            actions.results_publish(actor=request.user, cycle=cycle)
            messages.success(request, _("The results are published."))
        elif action == "ties" and form.is_valid():
            outcome = next(
                (
                    o
                    for o in selectors.results_of(cycle=cycle, include_unpublished=True)
                    if str(o.result.pk) == request.POST.get("result")
                ),
                None,
            )
            if outcome is None:
                raise Http404
            actions.results_ties_acknowledge(
                actor=request.user, result=outcome.result, note=form.cleaned_data["note"]
            )
            messages.success(request, _("The ties are acknowledged."))
        elif action == "ties":
            messages.error(request, _("Write a note for the public on how the ties were checked."))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("budget:results", slug=cycle.slug)


@officials_page(reviews_projects, lambda: _("Only officials of this hromada compare counting rules."))
def results_compare(request: HromadaRequest, slug: str) -> HttpResponse:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    comparisons = []
    problems = []
    for category in selectors.categories_of(cycle=cycle):
        try:
            comparisons.append(selectors.rules_comparison(cycle=cycle, category=category))
        except ApplicationError as error:
            problems.append(f"{category.name}: {error.message}")
    return render(
        request,
        "budget/results_compare.html",
        {"cycle": cycle, "comparisons": comparisons, "problems": problems},
    )


def tracker(request: HromadaRequest) -> HttpResponse:
    """The public implementation tracker: winning projects, their milestones, progress and spending."""
    cycle = None
    slug = request.GET.get("cycle", "")
    if slug:
        cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    queryset, summary = selectors.implementation_tracker(hromada=request.hromada, cycle=cycle)
    page, query_string = paginate(request, queryset, per_page=20)
    return render(
        request,
        "budget/tracker.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "summary": summary,
            "cycle": cycle,
            "cycles": list(selectors.cycles_of(hromada=request.hromada)[:20]),
            "spent_percent": round(100 * summary.spent / summary.cost) if summary.cost else 0,
        },
    )


# ------------------------------------------------------------------------------------------------ cabinet


@login_required
def my_budget(request: HromadaRequest) -> HttpResponse:
    """The cabinet section "My public budget": my projects and my ballots."""
    own = selectors.projects_of_author(hromada=request.hromada, author=request.user)
    page, query_string = paginate(request, own, per_page=20)
    cycles = list(selectors.cycles_of(hromada=request.hromada)[:10])
    mine = selectors.ballots_by_cycle(voter=request.user, cycles=cycles)
    now = clock.now()
    ballots = [{"cycle": c, "ballot": mine.get(c.pk), "phase": c.phase_at(now)} for c in cycles]
    return render(
        request,
        "budget/cabinet.html",
        {
            "page_obj": page,
            "query_string": query_string,
            "ballots": ballots,
            "sections": cabinet_sections(),
            "current_section": "budget",
        },
    )


def cabinet_summary(request: HromadaRequest) -> str | None:
    count = selectors.projects_of_author(hromada=request.hromada, author=request.user).count()
    if not count:
        return None
    return ngettext("%(n)s project", "%(n)s projects", count) % {"n": count}

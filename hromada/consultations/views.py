"""The consultations' pages: parse the request, call one selector (or action), render. No logic here."""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hromada.accounts.guards import officials_page
from hromada.core import clock
from hromada.core.csvcells import SafeWriter
from hromada.core.errors import ApplicationError
from hromada.core.forms import run_form_action, run_message_action
from hromada.core.http import HromadaRequest
from hromada.core.moderation import ProhibitedContent
from hromada.core.pagination import paginate
from hromada.core.ratelimit import rate_limit
from hromada.core.uploads import clean_upload

from . import actions, selectors
from .forms import (
    AnswerForm,
    ConsultationForm,
    ContributionForm,
    DraftForm,
    HearingForm,
    HideForm,
    MinutesForm,
    QuestionForm,
    ReportForm,
    StatementForm,
    WalkInsForm,
    consultation_initial,
    hearing_initial,
    question_initial,
    survey_values,
)
from .lifecycle import DRAFT_PHASES, ORDER, SPLIT_PHASES, Phase
from .models import Consultation
from .permissions import (
    moderates_consultation,
    moderates_consultations,
    prepares_consultation,
    runs_consultations,
)

PER_PAGE = 50


def _roles(request: HromadaRequest, consultation: Consultation | None = None) -> dict[str, bool]:
    """What the viewer may do here; on a consultation's pages "moderates" is the object permission (the
    moderators of its department), on the list the hromada's."""
    user = request.user
    if not user.is_authenticated:
        return {"runs": False, "moderates": False}
    return {
        "runs": bool(runs_consultations(user, request.hromada)),
        "moderates": bool(
            moderates_consultation(user, consultation)
            if consultation is not None
            else moderates_consultations(user, request.hromada)
        ),
    }


@require_safe
def index(request: HromadaRequest) -> HttpResponse:
    page, query_string = paginate(
        request, selectors.consultations_public(hromada=request.hromada), per_page=20
    )
    now = clock.now()
    rows = [(c, c.phase(now)) for c in page]
    roles = _roles(request)
    preparing = list(selectors.consultations_in_preparation(hromada=request.hromada)) if roles["runs"] else []
    awaiting = (
        selectors.statement_queue(hromada=request.hromada, moderator=request.user).count()
        if roles["moderates"]
        else 0
    )
    context = {
        "page_obj": page,
        "rows": rows,
        "query_string": query_string,
        "preparing": preparing,
        "awaiting_moderation": awaiting,
        **roles,
    }
    return render(request, "consultations/index.html", context)


@require_safe
def detail(request: HromadaRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    return _detail(request, consultation)


def _detail(
    request: HromadaRequest,
    consultation: Consultation,
    *,
    submitted: dict[int, Any] | None = None,
    error: ApplicationError | None = None,
) -> HttpResponse:
    """The consultation's page; after a refused survey form, with what was sent and the refusal shown
    on each question (``submitted``, ``error``), so nothing typed is lost."""
    now = clock.now()
    phase = consultation.phase(now)
    versions = selectors.draft_versions(consultation=consultation)
    wanted = request.GET.get("version", "")
    version = next((v for v in versions if str(v.number) == wanted), versions[-1] if versions else None)
    questions = list(consultation.questions.prefetch_related("options"))
    user = request.user
    roles = _roles(request, consultation)
    closed = phase in (Phase.ANALYSIS, Phase.REPORT)
    mine = selectors.response_of(consultation=consultation, person=user) if questions else None
    fields = (error.fields or {}) if error is not None else {}
    for q in questions:  # the form filled in again: what was just sent, else the person's answer
        empty: Any = [] if q.kind in ("multiple", "ranking") else {} if q.kind == "matrix" else None
        given = (submitted if submitted is not None else mine or {}).get(q.pk)
        q.current = given if given is not None else empty  # type: ignore[attr-defined]
        q.errors = fields.get(f"q{q.pk}", [])  # type: ignore[attr-defined]
        places = {pk: n for n, pk in enumerate(q.current, start=1)} if q.kind == "ranking" else {}  # type: ignore[attr-defined]
        q.columns, q.rows = q.split_options()  # type: ignore[attr-defined]
        for o in q.options.all():
            o.place = places.get(o.pk)  # type: ignore[attr-defined]
            o.current = q.current.get(o.pk) if q.kind == "matrix" else None  # type: ignore[attr-defined]
    context = {
        "consultation": consultation,
        "phase": phase,
        "phases": ORDER,
        "is_open": phase == Phase.OPEN,
        "closed": closed,
        "questions": questions,
        "mine": mine,
        "my_answer": selectors.answer_shown(questions=questions, values=mine) if mine else [],
        "survey_error": error,
        "hide_choices": ProhibitedContent.choices,
        "results": selectors.survey_results(consultation=consultation) if questions and closed else None,
        "versions": versions,
        "version": version,
        "latest": versions[-1] if versions else None,
        "draft": _draft_section(request, consultation, versions, version) if version else "",
        "map": selectors.opinion_map_view(
            consultation=consultation, viewer=user, every_statement=roles["moderates"]
        )
        if consultation.with_opinion_map
        else None,
        "statement_form": StatementForm(),
        "awaiting_moderation": selectors.statement_queue(
            hromada=request.hromada, moderator=user, consultation_id=consultation.pk
        ).count()
        if consultation.with_opinion_map and roles["moderates"]
        else 0,
        "draft_open": phase in DRAFT_PHASES,
        "hearings": selectors.hearings_view(consultation=consultation, viewer=user),
        "now": now,
        "problems": selectors.eligibility_codes(person=user, consultation=consultation)
        if user.is_authenticated
        else [],
        **roles,
    }
    return render(request, "consultations/detail.html", context, status=error.status if error else 200)


DRAFT_CACHE_SECONDS = 600


def _draft_section(
    request: HromadaRequest, consultation: Consultation, versions: list[Any], version: Any
) -> SafeString:
    """The draft's section of the consultation's page (every paragraph with its counts and its most
    supported proposals), the same for every reader: rendered once per language and per state of the
    version's contributions (``selectors.draft_stamp``, one query) and kept in the cache, so a read
    neither ranks the proposals again nor renders 40 paragraphs."""
    # The section also lists the versions and marks an older one: a new version changes its key too.
    stamp = selectors.draft_stamp(version=version)
    key = f"consultations:draft:{version.pk}:{versions[-1].pk}:{get_language()}:{stamp}"
    html = cache.get(key)
    if html is None:
        context = {
            "consultation": consultation,
            "versions": versions,
            "version": version,
            "latest": versions[-1],
            "paragraphs": selectors.draft_view(consultation=consultation, version=version),
        }
        html = render_to_string("consultations/_draft.html", context, request=request)
        cache.set(key, str(html), DRAFT_CACHE_SECONDS)
    return mark_safe(html)  # our own template's output, escaped when it was rendered


def _survey_post(request: HromadaRequest, pk: int, action: Any, done: str) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    values = survey_values(request.POST, consultation.questions.prefetch_related("options"))
    try:
        action(consultation=consultation, person=request.user, values=values)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return _detail(request, consultation, submitted=values, error=error)
    messages.success(request, done)
    return redirect(consultation.get_absolute_url() + "#survey")


@require_POST
@login_required
@rate_limit("consultations.survey", limit=20, window=600)
def survey(request: HromadaRequest, pk: int) -> HttpResponse:
    """Answer the survey (once; a second answer is refused with the offer to change it)."""
    return _survey_post(request, pk, actions.survey_answer, _("Your answer is saved."))


@require_POST
@login_required
@rate_limit("consultations.survey", limit=20, window=600)
def survey_change(request: HromadaRequest, pk: int) -> HttpResponse:
    """Change one's answer to the survey, an intent of its own (logged)."""
    return _survey_post(request, pk, actions.survey_answer_change, _("Your answer is changed."))


@rate_limit("consultations.contribution", limit=10, window=600)
def paragraph(request: HromadaRequest, pk: int, paragraph_id: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    found = selectors.paragraph_get(consultation=consultation, pk=paragraph_id)
    form = ContributionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            added = run_form_action(
                form,
                actions.contribution_add,
                paragraph=found,
                person=request.user,
                text=form.cleaned_data["text"],
                replacement=form.cleaned_data["replacement"],
            )
            if added is not None:
                messages.success(request, _("Thank you: your contribution is published."))
                return redirect(request.path + f"#c{added.pk}")
    page, query_string = paginate(
        request, selectors.paragraph_contributions(paragraph=found, viewer=request.user), per_page=PER_PAGE
    )
    context = {
        "consultation": consultation,
        "paragraph": found,
        "page_obj": page,
        "query_string": query_string,
        "form": form,
        "is_open": consultation.phase(clock.now()) == Phase.OPEN,
        "answer_form": AnswerForm(),
        "hide_form": HideForm(),
        "latest": selectors.draft_versions(consultation=consultation)[-1],
        **_roles(request, consultation),
    }
    return render(request, "consultations/paragraph.html", context)


@require_POST
@login_required
@rate_limit("consultations.support", limit=60, window=600)
def support(request: HromadaRequest, pk: int, contribution_id: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    contribution = selectors.contribution_get(consultation=consultation, pk=contribution_id)
    if run_message_action(request, actions.proposal_support, contribution=contribution, person=request.user):
        messages.success(request, _("You support this proposal."))
    return redirect(
        f"{consultation.get_absolute_url()}paragraphs/{contribution.paragraph_id}/#c{contribution.pk}"
    )


@require_POST
@login_required
@rate_limit("consultations.answer", limit=120, window=600)
def answer(request: HromadaRequest, pk: int, contribution_id: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    contribution = selectors.contribution_get(consultation=consultation, pk=contribution_id)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the decision and give the reasons."))
    elif run_message_action(
        request,
        actions.proposal_answer,
        contribution=contribution,
        by=request.user,
        decision=form.cleaned_data["decision"],
        reasons=form.cleaned_data["reasons"],
    ):
        messages.success(request, _("The answer is published."))
    return redirect(
        f"{consultation.get_absolute_url()}paragraphs/{contribution.paragraph_id}/#c{contribution.pk}"
    )


def _hide(request: HromadaRequest, action: Any, **target: Any) -> None:
    """A moderator hides a contribution or a statement with a ground from the petitions' list."""
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the ground for hiding."))
    elif run_message_action(request, action, by=request.user, reason=form.cleaned_data["reason"], **target):
        messages.success(request, _("Hidden."))


@require_POST
@login_required
@rate_limit("consultations.hide", limit=120, window=600)
def hide_contribution(request: HromadaRequest, pk: int, contribution_id: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    contribution = selectors.contribution_get(consultation=consultation, pk=contribution_id)
    _hide(request, actions.contribution_hide, contribution=contribution)
    return redirect(f"{consultation.get_absolute_url()}paragraphs/{contribution.paragraph_id}/")


@require_POST
@login_required
@rate_limit("consultations.statement", limit=10, window=600)
def statement_new(request: HromadaRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    form = StatementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a statement of at most 280 characters."))
    elif run_message_action(
        request,
        actions.statement_add,
        consultation=consultation,
        person=request.user,
        text=form.cleaned_data["text"],
    ):
        if consultation.rule("premoderate_statements"):
            messages.success(
                request, _("Your statement is sent: it is shown for voting once a moderator approves it.")
            )
        else:
            messages.success(request, _("Your statement is on the map; others will vote on it."))
    return redirect(consultation.get_absolute_url() + "#map")


@require_POST
@login_required
@rate_limit("consultations.vote", limit=300, window=600)
def vote(request: HromadaRequest, pk: int, statement_id: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    statement = selectors.statement_get(consultation=consultation, pk=statement_id)
    choice = {"agree": 1, "disagree": -1, "pass": 0}.get(request.POST.get("vote", ""), 2)
    run_message_action(request, actions.statement_vote, statement=statement, person=request.user, vote=choice)
    return redirect(consultation.get_absolute_url() + "#map")


@require_POST
@login_required
@rate_limit("consultations.hide", limit=120, window=600)
def hide_statement(request: HromadaRequest, pk: int, statement_id: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    statement = selectors.statement_get(consultation=consultation, pk=statement_id)
    _hide(request, actions.statement_hide, statement=statement)
    return redirect(consultation.get_absolute_url() + "#map")


@rate_limit("consultations.report", limit=20, window=600)
def report(request: HromadaRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            published = run_form_action(
                form,
                actions.report_publish,
                consultation=consultation,
                by=request.user,
                summary=form.cleaned_data["summary"],
            )
            if published is not None:
                messages.success(request, _("The report is published; the participants are told."))
                return redirect(request.path)
    phase = consultation.phase(clock.now())
    context = {
        "consultation": consultation,
        "phase": phase,
        "rows": selectors.report_rows(consultation=consultation),
        "hearings": selectors.hearings_view(consultation=consultation),
        "participants": selectors.participant_count(consultation=consultation),
        "form": form,
        **_roles(request, consultation),
    }
    return render(request, "consultations/report.html", context)


@require_safe
@login_required
def mine(request: HromadaRequest) -> HttpResponse:
    rows = selectors.my_consultations(hromada=request.hromada, person=request.user)
    return render(request, "consultations/mine.html", {"rows": rows})


def my_consultations_summary(request: HromadaRequest) -> str | None:
    """The cabinet overview's line for "My consultations"."""
    count = len(selectors.my_consultations(hromada=request.hromada, person=request.user))
    if not count:
        return None
    return ngettext("%(count)d consultation", "%(count)d consultations", count) % {"count": count}


# ------------------------------------------------------------------------------ officials' preparation

_prepares = officials_page(
    runs_consultations, lambda: _("Only the hromada's officials prepare consultations.")
)


@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def new(request: HromadaRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        # The form's fields are the action's arguments, by name.
        created = run_form_action(
            form, actions.consultation_create, hromada=request.hromada, by=request.user, **form.cleaned_data
        )
        if created is not None:
            messages.success(request, _("The consultation is prepared: add its survey or draft text."))
            return redirect("consultations:prepare", pk=created.pk)
    return render(request, "consultations/new.html", {"form": form})


def _prepare_page(
    request: HromadaRequest,
    consultation: Consultation,
    *,
    question_form: QuestionForm | None = None,
    draft_form: DraftForm | None = None,
    hearing_form: HearingForm | None = None,
) -> HttpResponse:
    phase = consultation.phase(clock.now())
    context = {
        "consultation": consultation,
        "phase": phase,
        "announced": consultation.published_at is not None,
        "can_prepare": prepares_consultation(request.user, consultation),
        "draft_open": phase in DRAFT_PHASES,
        "split_open": phase in SPLIT_PHASES,
        "questions": selectors.preparation_questions(consultation=consultation),
        "versions": selectors.preparation_versions(consultation=consultation),
        "question_form": question_form or QuestionForm(prefix="question", consultation=consultation),
        "draft_form": draft_form or DraftForm(prefix="draft"),
        "hearings": selectors.hearings_view(consultation=consultation),
        "hearing_form": hearing_form or HearingForm(prefix="hearing"),
    }
    return render(request, "consultations/prepare.html", context)


def _refused(request: HromadaRequest, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"message": message, "status": 403}, status=403)


def _editable(request: HromadaRequest, pk: int) -> Consultation | HttpResponse:
    """The consultation whose settings or survey the official wants to change, or the page that says why
    they cannot (another department's, or announced: its rules are frozen). The action checks again."""
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    if not prepares_consultation(request.user, consultation):
        return _refused(request, _("Only the responsible department's officials prepare this consultation."))
    if consultation.published_at is not None:
        messages.error(
            request, _("The consultation is announced: its survey and rules can no longer change.")
        )
        return redirect("consultations:prepare", pk=pk)
    return consultation


@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def settings_edit(request: HromadaRequest, pk: int) -> HttpResponse:
    consultation = _editable(request, pk)
    if isinstance(consultation, HttpResponse):
        return consultation
    form = ConsultationForm(
        request.POST or None, hromada=request.hromada, initial=consultation_initial(consultation)
    )
    if request.method == "POST" and form.is_valid():
        changed = run_form_action(
            form, actions.consultation_update, consultation=consultation, by=request.user, **form.cleaned_data
        )
        if changed is not None:
            messages.success(request, _("The settings are saved."))
            return redirect("consultations:prepare", pk=pk)
    return render(request, "consultations/settings.html", {"form": form, "consultation": consultation})


@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def delete(request: HromadaRequest, pk: int) -> HttpResponse:
    """Delete a consultation still being prepared: a confirmation page, then the POST."""
    consultation = _editable(request, pk)
    if isinstance(consultation, HttpResponse):
        return consultation
    if request.method == "POST":
        title = run_message_action(
            request, actions.consultation_delete, consultation=consultation, by=request.user
        )
        if title is not None:
            messages.success(request, _("The consultation «%(title)s» is deleted.") % {"title": title})
            return redirect("consultations:index")
        return redirect("consultations:prepare", pk=pk)
    contents = selectors.prepared_contents(consultation=consultation)
    return render(request, "consultations/delete.html", {"consultation": consultation, "contents": contents})


@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def question_edit(request: HromadaRequest, pk: int, question_id: int) -> HttpResponse:
    consultation = _editable(request, pk)
    if isinstance(consultation, HttpResponse):
        return consultation
    question = selectors.question_get(consultation=consultation, pk=question_id)
    form = QuestionForm(
        request.POST or None,
        prefix="question",
        consultation=consultation,
        before=question.position,
        initial=question_initial(question),
    )
    if request.method == "POST" and form.is_valid():
        changed = run_form_action(
            form, actions.question_update, question=question, by=request.user, **_question_data(form)
        )
        if changed is not None:
            messages.success(request, _("The question is saved."))
            return redirect(reverse("consultations:prepare", args=[pk]) + f"#q{question.pk}")
    context = {"form": form, "consultation": consultation, "question": question}
    return render(request, "consultations/question.html", context)


@require_POST
@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def question_remove(request: HromadaRequest, pk: int, question_id: int) -> HttpResponse:
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    question = selectors.question_get(consultation=consultation, pk=question_id)
    if run_message_action(request, actions.question_remove, question=question, by=request.user) is not None:
        messages.success(request, _("The question is removed."))
    return redirect(reverse("consultations:prepare", args=[pk]) + "#questions")


@require_POST
@_prepares
@rate_limit("consultations.prepare", limit=120, window=600)
def question_move(request: HromadaRequest, pk: int, question_id: int) -> HttpResponse:
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    question = selectors.question_get(consultation=consultation, pk=question_id)
    up = request.POST.get("direction") != "down"
    run_message_action(request, actions.question_move, question=question, by=request.user, up=up)
    return redirect(reverse("consultations:prepare", args=[pk]) + f"#q{question.pk}")


@require_safe
@_prepares
def prepare(request: HromadaRequest, pk: int) -> HttpResponse:
    return _prepare_page(request, selectors.consultation_get(hromada=request.hromada, pk=pk))


@require_POST
@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def question_new(request: HromadaRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    form = QuestionForm(request.POST, prefix="question", consultation=consultation)
    if form.is_valid():
        added = run_form_action(
            form, actions.question_add, consultation=consultation, by=request.user, **_question_data(form)
        )
        if added is not None:
            messages.success(request, _("The question is added."))
            return redirect(reverse("consultations:prepare", args=[pk]) + "#questions")
    return _prepare_page(request, consultation, question_form=form)


@require_POST
@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def draft_new(request: HromadaRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    form = DraftForm(request.POST, prefix="draft")
    if form.is_valid():
        added = run_form_action(
            form,
            actions.draft_version_add,
            consultation=consultation,
            by=request.user,
            text=form.cleaned_data["text"],
            note=form.cleaned_data["note"],
        )
        if added is not None:
            count = added.paragraphs.count()
            message = ngettext(
                "Version %(number)d of the draft is added: %(count)d paragraph.",
                "Version %(number)d of the draft is added: %(count)d paragraphs.",
                count,
            )
            messages.success(request, message % {"number": added.number, "count": count})
            return redirect(reverse("consultations:prepare", args=[pk]) + "#draft")
    return _prepare_page(request, consultation, draft_form=form)


@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def draft_edit(request: HromadaRequest, pk: int, version_id: int) -> HttpResponse:
    """Change a version's text and paragraph split before the consultation opens."""
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    if not prepares_consultation(request.user, consultation):
        return _refused(request, _("Only the responsible department's officials prepare this consultation."))
    version = selectors.version_get(consultation=consultation, pk=version_id)
    if consultation.phase(clock.now()) not in SPLIT_PHASES:
        messages.error(request, _("The consultation is open: add a new version of the draft instead."))
        return redirect(reverse("consultations:prepare", args=[pk]) + "#draft")
    initial = {"text": "\n\n".join(p.text for p in version.paragraphs.all()), "note": version.note}
    form = DraftForm(request.POST or None, prefix="draft", initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = run_form_action(
            form,
            actions.draft_version_update,
            version=version,
            by=request.user,
            text=form.cleaned_data["text"],
            note=form.cleaned_data["note"],
        )
        if changed is not None:
            count = changed.paragraphs.count()
            message = ngettext(
                "Version %(number)d of the draft is saved: %(count)d paragraph.",
                "Version %(number)d of the draft is saved: %(count)d paragraphs.",
                count,
            )
            messages.success(request, message % {"number": changed.number, "count": count})
            return redirect(reverse("consultations:prepare", args=[pk]) + "#draft")
    context = {"form": form, "consultation": consultation, "version": version}
    return render(request, "consultations/draft_edit.html", context)


@require_POST
@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def announce(request: HromadaRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    if run_message_action(request, actions.consultation_announce, consultation=consultation, by=request.user):
        messages.success(request, _("The consultation is announced; its rules are frozen."))
        return redirect(consultation.get_absolute_url())
    return redirect("consultations:prepare", pk=pk)


# ----------------------------------------------------------------------------------------- public hearings


def _question_data(form: QuestionForm) -> dict[str, Any]:
    """The question form's answers as the arguments of question_add and question_update."""
    data = form.cleaned_data
    names = ("kind", "text", "text_en", "options", "options_en", "required", "show_if", "rows", "rows_en")
    return {**{name: data[name] for name in names}, "scale": (data["scale_min"], data["scale_max"])}


def _hearing_data(form: HearingForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {name: data[name] for name in HearingForm.base_fields}


@require_POST
@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def hearing_new(request: HromadaRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    form = HearingForm(request.POST, prefix="hearing")
    if form.is_valid():
        added = run_form_action(
            form, actions.hearing_add, consultation=consultation, by=request.user, **_hearing_data(form)
        )
        if added is not None:
            messages.success(request, _("The hearing is added."))
            return redirect(reverse("consultations:prepare", args=[pk]) + "#hearings")
    return _prepare_page(request, consultation, hearing_form=form)


@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def hearing_edit(request: HromadaRequest, pk: int, hearing_id: int) -> HttpResponse:
    consultation = _editable(request, pk)
    if isinstance(consultation, HttpResponse):
        return consultation
    hearing = selectors.hearing_get(consultation=consultation, pk=hearing_id)
    form = HearingForm(request.POST or None, prefix="hearing", initial=hearing_initial(hearing))
    if request.method == "POST" and form.is_valid():
        changed = run_form_action(
            form, actions.hearing_update, hearing=hearing, by=request.user, **_hearing_data(form)
        )
        if changed is not None:
            messages.success(request, _("The hearing is saved."))
            return redirect(reverse("consultations:prepare", args=[pk]) + "#hearings")
    context = {"form": form, "consultation": consultation, "hearing": hearing}
    return render(request, "consultations/hearing_edit.html", context)


@require_POST
@_prepares
@rate_limit("consultations.prepare", limit=60, window=600)
def hearing_remove(request: HromadaRequest, pk: int, hearing_id: int) -> HttpResponse:
    consultation = selectors.consultation_get(hromada=request.hromada, pk=pk)
    hearing = selectors.hearing_get(consultation=consultation, pk=hearing_id)
    if run_message_action(request, actions.hearing_remove, hearing=hearing, by=request.user) is not None:
        messages.success(request, _("The hearing is removed."))
    return redirect(reverse("consultations:prepare", args=[pk]) + "#hearings")


@require_POST
@login_required
@rate_limit("consultations.hearing", limit=20, window=600)
def hearing_register(request: HromadaRequest, pk: int, hearing_id: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    hearing = selectors.hearing_get(consultation=consultation, pk=hearing_id)
    registration = run_message_action(request, actions.hearing_register, hearing=hearing, person=request.user)
    if registration is not None:
        if registration.status == "confirmed":
            messages.success(request, _("Your place at the hearing is confirmed."))
        else:
            place = selectors.waiting_place(hearing=hearing, person=request.user)
            messages.info(
                request,
                _("All places are taken: you are number %(place)d on the waiting list.")
                % {"place": place or 0},
            )
    return redirect(consultation.get_absolute_url() + f"#hearing-{hearing.pk}")


@require_POST
@login_required
@rate_limit("consultations.hearing", limit=20, window=600)
def hearing_cancel(request: HromadaRequest, pk: int, hearing_id: int) -> HttpResponse:
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    hearing = selectors.hearing_get(consultation=consultation, pk=hearing_id)
    if run_message_action(request, actions.hearing_cancel, hearing=hearing, person=request.user):
        messages.success(request, _("Your registration is cancelled."))
    return redirect(consultation.get_absolute_url() + f"#hearing-{hearing.pk}")


@_prepares
@rate_limit("consultations.minutes", limit=20, window=600)
def hearing_minutes(request: HromadaRequest, pk: int, hearing_id: int) -> HttpResponse:
    """Officials publish a hearing's minutes: the text and the signed document (cleaned by
    ``core.uploads`` before the action sees it)."""
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    hearing = selectors.hearing_get(consultation=consultation, pk=hearing_id)
    if not prepares_consultation(request.user, consultation):
        return _refused(request, _("Only the responsible department's officials prepare this consultation."))
    form = MinutesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = None
        upload = form.cleaned_data.get("document")
        if upload is not None:
            try:
                document = clean_upload(upload, filename=upload.name, allowed=actions.MINUTES_TYPES)
            except ApplicationError as error:
                form.add_error("document", str(error.message))
        if not form.errors:
            published = run_form_action(
                form,
                actions.hearing_minutes_publish,
                hearing=hearing,
                by=request.user,
                text=form.cleaned_data["minutes"],
                document=document,
            )
            if published is not None:
                messages.success(request, _("The minutes are published; the participants are told."))
                return redirect(consultation.get_absolute_url() + f"#hearing-{hearing.pk}")
    context = {
        "form": form,
        "consultation": consultation,
        "hearing": hearing,
        "turnout": selectors.hearing_turnout(hearing=hearing),
    }
    return render(request, "consultations/minutes.html", context, status=400 if form.errors else 200)


@require_safe
def hearing_document(request: HromadaRequest, pk: int, hearing_id: int) -> FileResponse:
    """The signed minutes of a hearing, as a download (never shown inline; uploads are not served from
    /media/)."""
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    hearing = selectors.hearing_get(consultation=consultation, pk=hearing_id)
    document = hearing.minutes_document
    if hearing.minutes_published_at is None or not document:
        raise Http404
    name = f"hearing-{hearing.pk}-minutes{Path(document.name or '').suffix.lower()}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(document.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@_prepares
@rate_limit("consultations.attendance", limit=60, window=600)
def hearing_attendance(request: HromadaRequest, pk: int, hearing_id: int) -> HttpResponse:
    """The attendance list of a hearing (the confirmed registrants' names), to print, and from the start
    of the hearing the form to tick off who came; only for those who prepare the consultation (the
    selector and the action check)."""
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    hearing = selectors.hearing_get(consultation=consultation, pk=hearing_id)
    rows = selectors.hearing_attendance(consultation=consultation, hearing=hearing, by=request.user)
    present = {row.pk for row in rows if row.attended_at is not None}
    form = WalkInsForm(
        request.POST or None, initial={"walk_ins": hearing.walk_ins, "walk_in_names": hearing.walk_in_names}
    )
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        came = None
        if form.is_valid():
            came = run_form_action(
                form,
                actions.hearing_attendance_mark,
                hearing=hearing,
                by=request.user,
                present=present,
                walk_ins=form.cleaned_data["walk_ins"] or 0,
                walk_in_names=form.cleaned_data["walk_in_names"].splitlines(),
            )
        if came is not None:
            message = ngettext(
                "The attendance is saved: %(count)d person came.",
                "The attendance is saved: %(count)d people came.",
                came,
            )
            messages.success(request, message % {"count": came})
            return redirect(request.path)
    context = {
        "consultation": consultation,
        "hearing": hearing,
        "rows": rows,
        "present": present,
        "form": form,
        "walk_in_names": hearing.walk_in_names.splitlines(),
        "attended": sum(1 for row in rows if row.attended_at is not None) + hearing.walk_ins,
        "can_mark": selectors.attendance_open(consultation=consultation, hearing=hearing),
    }
    return render(request, "consultations/attendance.html", context, status=400 if form.errors else 200)


@_prepares
@require_safe
def hearing_attendance_csv(request: HromadaRequest, pk: int, hearing_id: int) -> HttpResponse:
    """The attendance list as CSV (number, name), through the formula-safe writer."""
    consultation = selectors.consultation_public_get(hromada=request.hromada, pk=pk)
    hearing = selectors.hearing_get(consultation=consultation, pk=hearing_id)
    rows = selectors.hearing_attendance(consultation=consultation, hearing=hearing, by=request.user)
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow([_("No."), pgettext("attendance list", "Name")])
    writer.writerows((n, row.person.full_name) for n, row in enumerate(rows, start=1))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hearing-{hearing.pk}-attendance.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------------------ moderators' queue

_moderates = officials_page(
    moderates_consultations, lambda: _("Only the hromada's moderators moderate consultations.")
)
QUEUE_PER_PAGE = 50


@_moderates
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("consultations.hide", limit=120, window=600, methods=("POST",))
def moderation(request: HromadaRequest) -> HttpResponse:
    """The statements not yet moderated of the consultations the viewer moderates, oldest first, 50 a
    page, with the count per consultation in the page's navigation (``?consultation=<id>`` narrows the
    list). One form: a row's own "Approve" / "Reject" (with that row's ground), or the ticked rows at once."""
    chosen = request.GET.get("consultation", "")
    consultation_id = int(chosen) if chosen.isdigit() else None
    if request.method == "POST":
        _moderate_posted(request)
        return redirect(request.get_full_path())
    queue = selectors.statement_queue(
        hromada=request.hromada, moderator=request.user, consultation_id=consultation_id
    )
    page, query_string = paginate(request, queue, per_page=QUEUE_PER_PAGE)
    counts = selectors.statement_queue_counts(hromada=request.hromada, moderator=request.user)
    context = {
        "page_obj": page,
        "query_string": query_string,
        "counts": counts,
        "total": sum(row.count for row in counts),
        "chosen": consultation_id,
        "hide_choices": ProhibitedContent.choices,
        "bulk_limit": actions.BULK_LIMIT,
    }
    return render(request, "consultations/moderation.html", context)


def _moderate_posted(request: HromadaRequest) -> None:
    """Which statements, and which decision: a row's button carries its id (``approve`` / ``reject``),
    the bulk buttons (``bulk=approve`` / ``bulk=reject``) take the ticked ``statement`` boxes."""
    post = request.POST
    single = post.get("approve") or post.get("reject") or ""
    if single.isdigit():
        ids, approve, reason = [int(single)], "approve" in post, post.get(f"reason-{single}", "")
    else:
        ids = [int(v) for v in post.getlist("statement") if v.isdigit()]
        approve, reason = post.get("bulk") == "approve", post.get("reason", "")
    done = run_message_action(
        request,
        actions.statements_moderate,
        hromada=request.hromada,
        statement_ids=ids,
        by=request.user,
        approve=approve,
        reason=reason,
    )
    if done is None:
        return
    if done.done:
        text = (
            ngettext("%(count)d statement approved.", "%(count)d statements approved.", len(done.done))
            if approve
            else ngettext("%(count)d statement rejected.", "%(count)d statements rejected.", len(done.done))
        )
        messages.success(request, text % {"count": len(done.done)})
    if done.skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d statement had already been moderated and was left as it was.",
                "%(count)d statements had already been moderated and were left as they were.",
                len(done.skipped),
            )
            % {"count": len(done.skipped)},
        )

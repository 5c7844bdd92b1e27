"""The consultations' API, mounted at /api/v1/consultations by the app's register_app call: thin, one
selector or action per operation, errors in the one shape of core/api.py."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from hromada.accounts.api_auth import session_or_token
from hromada.core import clock
from hromada.core.api import ErrorOut, Id, Page
from hromada.core.errors import NotFoundError
from hromada.core.http import HromadaRequest
from hromada.core.ratelimit import rate_limit

from . import actions, selectors
from .lifecycle import Phase
from .models import Consultation

router = Router(tags=["consultations"])


class ConsultationItemOut(Schema):
    id: int
    title: str
    status: str = Field(description="announcement, open, analysis or report")
    subject: str
    published_at: datetime | None
    opens_at: datetime
    closes_at: datetime
    report_due_at: datetime
    report_published_at: datetime | None
    url: str


class ConsultationOut(ConsultationItemOut):
    summary: str
    department: str | None
    audience: str
    district: str | None
    min_age: int
    formats: list[str]
    survey: list[dict[str, Any]] | None = Field(description="the questions; counts only once closed")
    draft: dict[str, Any] | None
    opinion_map: dict[str, Any] | None
    report: dict[str, Any] | None = Field(description="every proposal and its answer, once published")
    hearings: list[dict[str, Any]] = Field(
        description="public hearings: time, place, online link, places, registrations, how many came once "
        "the attendance is taken (`attended`, all who came; `walk_ins`, of them those without registration), "
        "minutes once published"
    )


def _item(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "status": c.phase(clock.now()).value,
        "subject": c.subject,
        "published_at": c.published_at,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "report_due_at": c.report_due_at,
        "report_published_at": c.report_published_at,
        "url": c.get_absolute_url(),
    }


@router.get("", response=list[ConsultationItemOut], summary="Public consultations, the latest opening first")
@paginate(Page)
def consultation_list(request: HromadaRequest) -> Any:
    return [_item(c) for c in selectors.consultations_public(hromada=request.hromada)]


def _matrix_rows(q: Any, result: Any) -> list[dict[str, Any]]:
    """A matrix question's rows; once closed, how many answered each and the count of every column."""
    counted = {m.row.pk: m for m in result.matrix} if result else {}
    return [
        {
            "id": o.pk,
            "text": o.text,
            "answered": counted[o.pk].answered if o.pk in counted else None,
            "counts": [{"option": c.pk, "count": n} for c, n, _s in counted[o.pk].cells]
            if o.pk in counted
            else None,
        }
        for o in q.split_options().rows
    ]


def _survey(consultation: Consultation, closed: bool) -> list[dict[str, Any]] | None:
    questions = list(consultation.questions.prefetch_related("options"))
    if not questions:
        return None
    results = (
        {r.question.pk: r for r in selectors.survey_results(consultation=consultation)} if closed else {}
    )
    out = []
    for q in questions:
        result = results.get(q.pk)
        counts = {o.id: o for o in result.options} if result else {}
        out.append(
            {
                "id": q.pk,
                "kind": q.kind,
                "text": q.text,
                "required": q.required,
                "scale": [q.scale_min, q.scale_max] if q.kind == "scale" else None,
                "show_if_option": q.show_if_id,
                "options": [
                    {
                        "id": o.pk,
                        "text": o.text,
                        "count": counts[o.pk].count if o.pk in counts else None,
                        "mean_rank": counts[o.pk].mean_rank if o.pk in counts else None,
                        "borda": counts[o.pk].borda if o.pk in counts else None,
                    }
                    for o in q.split_options().choices
                ],
                "rows": _matrix_rows(q, result) if q.kind == "matrix" else None,
                "respondents": result.respondents if result else None,
                "mean": result.mean if result else None,
                "histogram": [{"value": v, "count": n} for v, n, _s in result.histogram] if result else None,
            }
        )
    return out


@router.get(
    "/{consultation_id}", response={200: ConsultationOut, 404: ErrorOut}, summary="One public consultation"
)
def consultation_detail(request: HromadaRequest, consultation_id: Id) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    phase = c.phase(clock.now())
    closed = phase in (Phase.ANALYSIS, Phase.REPORT)
    versions = selectors.draft_versions(consultation=c)
    latest = versions[-1] if versions else None
    draft = None
    if latest is not None:
        draft = {
            "versions": [
                {"number": v.number, "note": v.note, "published_at": v.created_at} for v in versions
            ],
            "current": latest.number,
            "paragraphs": [
                {
                    "id": p.paragraph.pk,
                    "number": p.paragraph.number,
                    "text": p.paragraph.text,
                    "comments": p.comments,
                    "proposals": p.proposals,
                }
                for p in selectors.draft_view(consultation=c, version=latest)
            ],
        }
    opinion_map = None
    if c.with_opinion_map:
        view = selectors.opinion_map_view(consultation=c, every_statement=True)
        opinion_map = {
            "statements": [{"id": s.pk, "text": s.text} for s in view.statements.values()],
            "computed_at": view.stored.computed_at if view.stored else None,
            "groups": [{"number": g["number"], "size": g["size"]} for g in view.groups],
            "consensus": [s.pk for s, _share in view.consensus],
            "divisive": [s.pk for s, _spread in view.divisive],
        }
    report = None
    if c.report_published_at is not None:
        report = {
            "summary": c.report_summary,
            "published_at": c.report_published_at,
            "on_time": c.report_on_time,
            "proposals": [
                {
                    "id": r.pk,
                    "version": r.paragraph.version.number,
                    "paragraph": r.paragraph.number,
                    "proposal": r.text if r.status == "visible" else "",
                    "proposed_wording": r.replacement if r.status == "visible" else "",
                    "hidden_reason": r.hidden_reason or None,
                    "supports": r.supports,
                    "decision": r.answer.decision if hasattr(r, "answer") else None,
                    "reasons": r.answer.reasons if hasattr(r, "answer") else None,
                }
                for r in selectors.report_rows(consultation=c)
            ],
        }
    return {
        **_item(c),
        "summary": c.summary,
        "department": c.department.name if c.department else None,
        "audience": c.rule("audience") or c.audience,
        "district": c.district.name if c.district else None,
        "min_age": c.rule("min_age") or 0,
        "formats": selectors.formats_of(c),
        "survey": _survey(c, closed),
        "draft": draft,
        "opinion_map": opinion_map,
        "report": report,
        "hearings": [
            {
                "id": h.pk,
                "title": h.title,
                "starts_at": h.starts_at,
                "ends_at": h.ends_at,
                "place": h.place,
                "online_url": h.online_url,
                "places": h.capacity,
                "confirmed": h.confirmed,  # type: ignore[attr-defined]
                "waiting": h.waiting,  # type: ignore[attr-defined]
                "attended": h.came if h.attendance_taken_at else None,  # type: ignore[attr-defined]
                "walk_ins": h.walk_ins if h.attendance_taken_at else None,
                "minutes": h.minutes if h.minutes_published_at else None,
                "minutes_published_at": h.minutes_published_at,
            }
            for h in selectors.hearings_view(consultation=c)
        ],
    }


class SurveyIn(Schema):
    answers: dict[int, int | str | list[int] | dict[int, int] | None] = Field(
        description="question id → option id (one choice), option ids (several choices; a ranking in "
        "order, first is best), a number (scale), a text, or for a matrix {row id: column option id}"
    )


class SavedOut(Schema):
    id: int
    created: bool
    version: int


WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


@router.post(
    "/{consultation_id}/survey",
    auth=session_or_token,
    response={201: SavedOut, **WRITE_ERRORS},
    summary="Answer the survey (once)",
    description="One answer per person: a second POST is refused with 409 `already_answered` (change the "
    "answer with PUT). 409 `closed` with the date after the close; 403 `not_eligible`; 400 "
    "`invalid_answers` with a field per question (`q<id>`).",
)
@rate_limit("consultations.survey", limit=20, window=600)
def survey_post(request: HromadaRequest, consultation_id: Id, payload: SurveyIn) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    saved = actions.survey_answer(consultation=c, person=request.auth, values=payload.answers)
    return Status(201, {"id": saved.response.pk, "created": True, "version": saved.response.version})


@router.put(
    "/{consultation_id}/survey",
    auth=session_or_token,
    response={200: SavedOut, **WRITE_ERRORS},
    summary="Change my answer to the survey while the consultation is open",
    description="Replaces my earlier answer (its `version` counts the changes; each change is recorded in "
    "the transparency log without saying who or what). 409 `not_answered` before a first answer (POST); "
    "409 `closed` with the date after the close; 403 `not_eligible`; 400 `invalid_answers`.",
)
@rate_limit("consultations.survey", limit=20, window=600, methods=("PUT",))
def survey_put(request: HromadaRequest, consultation_id: Id, payload: SurveyIn) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    saved = actions.survey_answer_change(consultation=c, person=request.auth, values=payload.answers)
    return {"id": saved.response.pk, "created": False, "version": saved.response.version}


class CommentIn(Schema):
    paragraph: int
    text: str = Field(max_length=2000)
    replacement: str = Field("", max_length=2000, description="a proposed wording makes it a proposal")


class CommentOut(Schema):
    id: int
    kind: str
    paragraph: int
    version: int


@router.post(
    "/{consultation_id}/comments",
    auth=session_or_token,
    response={201: CommentOut, **WRITE_ERRORS},
    summary="Comment on a paragraph of the draft, or propose a new wording",
)
@rate_limit("consultations.contribution", limit=10, window=600)
def comment_post(request: HromadaRequest, consultation_id: Id, payload: CommentIn) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    paragraph = selectors.paragraph_get(consultation=c, pk=payload.paragraph)
    added = actions.contribution_add(
        paragraph=paragraph, person=request.auth, text=payload.text, replacement=payload.replacement
    )
    body = {
        "id": added.pk,
        "kind": added.kind,
        "paragraph": paragraph.number,
        "version": paragraph.version.number,
    }
    return Status(201, body)


class VoteIn(Schema):
    vote: int = Field(ge=-1, le=1, description="1 agree, 0 pass, -1 disagree")


class VoteOut(Schema):
    statement: int
    vote: int


@router.put(
    "/{consultation_id}/statements/{statement_id}/vote",
    auth=session_or_token,
    response={200: VoteOut, **WRITE_ERRORS},
    summary="Vote on a statement of the opinion map",
)
@rate_limit("consultations.vote", limit=300, window=600, methods=("PUT",))
def vote_put(request: HromadaRequest, consultation_id: Id, statement_id: Id, payload: VoteIn) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    statement = selectors.statement_get(consultation=c, pk=statement_id)
    row = actions.statement_vote(statement=statement, person=request.auth, vote=payload.vote)
    return {"statement": statement.pk, "vote": row.vote}


class StatementIn(Schema):
    text: str = Field(max_length=280, description="a short statement others vote on")


class StatementOut(Schema):
    id: int
    text: str
    status: str = Field(
        description="`visible` (others can vote on it), or `pending` while it awaits a moderator's approval "
        "(consultations with pre-moderation)"
    )


@router.post(
    "/{consultation_id}/statements",
    auth=session_or_token,
    response={201: StatementOut, **WRITE_ERRORS},
    summary="Write a statement on the opinion map",
    description="409 `duplicate` when the same statement (case, spaces and punctuation folded) is there "
    "already; 409 `no_map` when the consultation has no opinion map. With pre-moderation the statement is "
    "`pending` until a moderator approves it.",
)
@rate_limit("consultations.statement", limit=10, window=600)
def statement_post(request: HromadaRequest, consultation_id: Id, payload: StatementIn) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    added = actions.statement_add(consultation=c, person=request.auth, text=payload.text)
    return Status(201, {"id": added.pk, "text": added.text, "status": added.status})


class SupportOut(Schema):
    proposal: int
    supports: int


@router.put(
    "/{consultation_id}/proposals/{proposal_id}/support",
    auth=session_or_token,
    response={200: SupportOut, **WRITE_ERRORS},
    summary="Support another participant's proposal, once",
)
@rate_limit("consultations.support", limit=60, window=600, methods=("PUT",))
def support_put(request: HromadaRequest, consultation_id: Id, proposal_id: Id) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    proposal = selectors.contribution_get(consultation=c, pk=proposal_id)
    actions.proposal_support(contribution=proposal, person=request.auth)
    proposal.refresh_from_db(fields=["supports"])
    return {"proposal": proposal.pk, "supports": proposal.supports}


class RegistrationOut(Schema):
    hearing: int
    status: str = Field(description="confirmed (a place), waiting (a turn on the waiting list) or cancelled")
    waiting_place: int | None = Field(description="my turn on the waiting list, 1 is next; null otherwise")


def _registration(hearing: Any, person: Any, status: str) -> dict[str, Any]:
    place = selectors.waiting_place(hearing=hearing, person=person) if status == "waiting" else None
    return {"hearing": hearing.pk, "status": status, "waiting_place": place}


@router.get(
    "/{consultation_id}/hearings/{hearing_id}/registration",
    auth=session_or_token,
    response={200: RegistrationOut, 401: ErrorOut, 404: ErrorOut},
    summary="My registration for a public hearing",
    description="404 `not_registered` when I have no place and no turn on the waiting list.",
)
def registration_get(request: HromadaRequest, consultation_id: Id, hearing_id: Id) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    hearing = selectors.hearing_get(consultation=c, pk=hearing_id)
    registration = selectors.registration_of(hearing=hearing, person=request.auth)
    if registration is None:
        raise NotFoundError(_("You are not registered for this hearing."), code="not_registered")
    return _registration(hearing, request.auth, registration.status)


@router.post(
    "/{consultation_id}/hearings/{hearing_id}/registration",
    auth=session_or_token,
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Register for a public hearing",
    description="A place while there is one, else a turn on the waiting list (`status`, `waiting_place`); "
    "the same eligibility as the consultation (403 `not_eligible`) and the same limit as the page "
    "(20 registrations and cancellations in 10 minutes). 409 `registered` when already registered, 409 "
    "`started` with the date once the hearing has started.",
)
@rate_limit("consultations.hearing", limit=20, window=600)
def registration_post(request: HromadaRequest, consultation_id: Id, hearing_id: Id) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    hearing = selectors.hearing_get(consultation=c, pk=hearing_id)
    registration = actions.hearing_register(hearing=hearing, person=request.auth)
    return Status(201, _registration(hearing, request.auth, registration.status))


@router.delete(
    "/{consultation_id}/hearings/{hearing_id}/registration",
    auth=session_or_token,
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary="Cancel my registration for a public hearing",
    description="Until the hearing starts (409 `started` after); a freed place goes to the first one "
    "waiting, who is told. 409 `not_registered` without a registration.",
)
@rate_limit("consultations.hearing", limit=20, window=600, methods=("DELETE",))
def registration_delete(request: HromadaRequest, consultation_id: Id, hearing_id: Id) -> Any:
    c = selectors.consultation_public_get(hromada=request.hromada, pk=consultation_id)
    hearing = selectors.hearing_get(consultation=c, pk=hearing_id)
    registration = actions.hearing_cancel(hearing=hearing, person=request.auth)
    return _registration(hearing, request.auth, registration.status)

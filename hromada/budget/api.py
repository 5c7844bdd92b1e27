"""The public budget in JSON under /api/v1/budget/: cycles, projects, results, and the voter's ballot.

Money is in kopiyky (integers) in every field ending in ``_kopiyky``. Writes need the session cookie (with
the CSRF header) or ``Authorization: Bearer <personal token>``; errors have the common shape
``{"error": {"code", "message", "fields"}}``.
"""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field, field_validator

from hromada.accounts.api_auth import session_or_token
from hromada.core import ratelimit
from hromada.core.api import ErrorOut, Id, Page, Text
from hromada.core.http import HromadaRequest

from . import selectors
from .actions import ChoiceIn, ballot_cast
from .models import BudgetCycle, Channel, Project

router = Router(tags=["budget"])


def _language() -> str:
    return get_language() or "uk"


class CategoryOut(Schema):
    id: int
    key: str
    name: str
    kind: str
    district_id: int | None
    amount_kopiyky: int
    min_cost_kopiyky: int | None
    max_cost_kopiyky: int | None
    max_winners: int | None


def _category(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "key": c.key,
        "name": c.display_name(_language()),
        "kind": c.kind,
        "district_id": c.district_id,
        "amount_kopiyky": c.amount,
        "min_cost_kopiyky": c.min_cost,
        "max_cost_kopiyky": c.max_cost,
        "max_winners": c.max_winners,
    }


class RulesOut(Schema):
    version: int
    total_amount_kopiyky: int
    ballot_type: str
    min_choices: int
    max_choices: int | None
    max_choices_per_category: int | None
    points_total: int | None
    max_points_per_project: int | None
    max_rank_length: int | None
    counting_rule: str
    utility: str
    tie_breaking: str
    ballot_change_allowed: bool
    vote_min_age: int
    submit_min_age: int
    vote_proofs: list[str]
    frozen: bool


class CycleOut(Schema):
    id: int
    slug: str
    year: int
    title: str
    phase: str = Field(
        description="scheduled, submission, review, support, voting, results or implementation"
    )
    phase_label: str
    submission_starts: dt.datetime
    review_starts: dt.datetime
    support_starts: dt.datetime | None
    voting_starts: dt.datetime
    voting_ends: dt.datetime
    implementation_starts: dt.datetime | None
    results_published: bool


class CycleDetailOut(CycleOut):
    description: str
    rules: RulesOut
    categories: list[CategoryOut]


def _cycle(cycle: BudgetCycle) -> dict[str, Any]:
    phase = selectors.cycle_phase(cycle=cycle)
    return {
        "id": cycle.pk,
        "slug": cycle.slug,
        "year": cycle.year,
        "title": cycle.display_title(_language()),
        "phase": phase.phase.value,
        "phase_label": phase.label,
        "submission_starts": cycle.submission_starts,
        "review_starts": cycle.review_starts,
        "support_starts": cycle.support_starts,
        "voting_starts": cycle.voting_starts,
        "voting_ends": cycle.voting_ends,
        "implementation_starts": cycle.implementation_starts,
        "results_published": cycle.results_published_at is not None,
    }


@router.get("/cycles", response=list[CycleOut], summary="Public budget cycles, newest first")
def list_cycles(request: HromadaRequest) -> Any:
    return [_cycle(c) for c in selectors.cycles_of(hromada=request.hromada)]


@router.get(
    "/cycles/{slug}",
    response={200: CycleDetailOut, 404: ErrorOut},
    summary="A cycle with its rules and categories",
)
def get_cycle(request: HromadaRequest, slug: str) -> Any:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    rules = selectors.rules_current(cycle=cycle)
    return {
        **_cycle(cycle),
        "description": cycle.description,
        "rules": {
            "version": rules.version,
            "total_amount_kopiyky": rules.total_amount,
            "ballot_type": rules.ballot_type,
            "min_choices": rules.min_choices,
            "max_choices": rules.max_choices,
            "max_choices_per_category": rules.max_choices_per_category,
            "points_total": rules.points_total,
            "max_points_per_project": rules.max_points_per_project,
            "max_rank_length": rules.max_rank_length,
            "counting_rule": rules.counting_rule,
            "utility": rules.utility,
            "tie_breaking": rules.tie_breaking,
            "ballot_change_allowed": rules.ballot_change_allowed,
            "vote_min_age": rules.vote_min_age,
            "submit_min_age": rules.submit_min_age,
            "vote_proofs": list(rules.vote_proofs),
            "frozen": cycle.rules_frozen_at is not None,
        },
        "categories": [_category(c) for c in selectors.categories_of(cycle=cycle)],
    }


class ProjectFilter(Schema):
    q: Text = Field("", max_length=200, description="Words to find in the number, title, summary or address")
    category: Text = Field("", max_length=60, description="Category id or key")
    district: Id | None = None
    status: Project.Status | None = None
    sort: str = Field("number", pattern="^(number|title|cost|-cost|newest|support)$")

    @field_validator("district", "status", mode="before")
    @classmethod
    def empty_means_any(cls, value: Any) -> Any:
        return None if value == "" else value


class ProjectOut(Schema):
    id: int
    number: int
    title: str
    summary: str
    category_id: int
    category: str
    district_id: int | None
    cost_kopiyky: int
    status: str
    status_label: str
    lat: float | None
    lon: float | None
    address: str
    support_count: int = 0
    progress: int
    spent_kopiyky: int

    @staticmethod
    def resolve_category(obj: Project) -> str:
        return obj.category.display_name(get_language() or "uk")

    @staticmethod
    def resolve_cost_kopiyky(obj: Project) -> int:
        return obj.cost

    @staticmethod
    def resolve_spent_kopiyky(obj: Project) -> int:
        return obj.spent

    @staticmethod
    def resolve_status_label(obj: Project) -> str:
        return str(obj.get_status_display())


@router.get(
    "/cycles/{slug}/projects",
    response={200: list[ProjectOut], 404: ErrorOut},
    summary="Projects of a cycle (paginated: items, count)",
)
@paginate(Page)
def list_projects(request: HromadaRequest, slug: str, filters: Query[ProjectFilter]) -> Any:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    return selectors.projects_list(
        cycle=cycle,
        category=filters.category or None,
        district=filters.district,
        status=filters.status,
        search=filters.q,
        sort=filters.sort,
    )


class CostLineOut(Schema):
    item: str
    quantity: int
    unit_cost_kopiyky: int
    amount_kopiyky: int


class ReviewOut(Schema):
    criterion: str
    criterion_label: str
    conclusion: str
    conclusion_label: str
    reasons: str
    revision: int


class MilestoneOut(Schema):
    title: str
    description: str
    due_date: dt.date | None
    completed_on: dt.date | None
    status: str
    progress: int
    spent_kopiyky: int


class ResultLineOut(Schema):
    votes: int
    points: int
    won: bool
    position: int
    explanation: str


class ProjectDetailOut(Schema):
    id: int
    number: int
    title: str
    summary: str
    category_id: int
    category: str
    district_id: int | None
    cost_kopiyky: int
    status: str
    status_label: str
    lat: float | None
    lon: float | None
    address: str
    support_count: int
    progress: int
    spent_kopiyky: int
    description: str
    revision: int
    cycle: str
    decision_reason: str
    cost_lines: list[CostLineOut]
    photos: list[str]
    reviews: list[ReviewOut]
    result: ResultLineOut | None
    milestones: list[MilestoneOut]


@router.get("/projects/{project_id}", response={200: ProjectDetailOut, 404: ErrorOut}, summary="One project")
def get_project(request: HromadaRequest, project_id: Id) -> Any:
    viewer = request.user if request.user.is_authenticated else None
    project = selectors.project_get(hromada=request.hromada, pk=project_id, viewer=viewer)
    detail = selectors.project_detail(project=project)
    data = {
        "id": project.pk,
        "number": project.number,
        "title": project.title,
        "summary": project.summary,
        "category_id": project.category_id,
        "category": ProjectOut.resolve_category(project),
        "district_id": project.district_id,
        "cost_kopiyky": project.cost,
        "status": project.status,
        "status_label": ProjectOut.resolve_status_label(project),
        "lat": project.lat,
        "lon": project.lon,
        "address": project.address,
        "support_count": detail.support_count,
        "progress": project.progress,
        "spent_kopiyky": project.spent,
    }
    data.update(
        description=project.description,
        revision=project.revision,
        cycle=project.cycle.slug,
        decision_reason=project.decision_reason,
        cost_lines=[
            {
                "item": c.item,
                "quantity": c.quantity,
                "unit_cost_kopiyky": c.unit_cost,
                "amount_kopiyky": c.amount,
            }
            for c in detail.cost_lines
        ],
        photos=[p.image.url for p in detail.photos],
        reviews=[
            {
                "criterion": r.criterion,
                "criterion_label": str(r.get_criterion_display()),
                "conclusion": r.conclusion,
                "conclusion_label": str(r.get_conclusion_display()),
                "reasons": r.reasons,
                "revision": r.revision,
            }
            for r in detail.reviews
        ],
        result=(
            {
                "votes": detail.result.votes,
                "points": detail.result.points,
                "won": detail.result.won,
                "position": detail.result.position,
                "explanation": detail.explanation,
            }
            if detail.result
            else None
        ),
        milestones=[
            {
                "title": m.title,
                "description": m.description,
                "due_date": m.due_date,
                "completed_on": m.completed_on,
                "status": m.status,
                "progress": m.progress,
                "spent_kopiyky": m.spent,
            }
            for m in detail.milestones
        ],
    )
    return data


class ResultProjectOut(Schema):
    project_id: int
    number: int
    title: str
    cost_kopiyky: int
    votes: int
    points: int
    won: bool
    position: int
    explanation: str


class CategoryResultOut(Schema):
    category: CategoryOut
    rule: str
    utility: str
    voters: int
    budget_kopiyky: int
    winners_cost_kopiyky: int
    funded_share: float
    winners: list[int]
    ties: list[dict[str, Any]]
    ties_note: str
    projects: list[ResultProjectOut]


@router.get(
    "/cycles/{slug}/results",
    response={200: list[CategoryResultOut], 404: ErrorOut},
    summary="Published results per category, with the explanation per project",
)
def get_results(request: HromadaRequest, slug: str) -> Any:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    return [
        {
            "category": _category(o.category),
            "rule": o.result.rule,
            "utility": o.result.utility,
            "voters": o.result.voters,
            "budget_kopiyky": o.result.budget,
            "winners_cost_kopiyky": o.result.total_cost,
            "funded_share": o.funded_share,
            "winners": [int(n) for n in o.result.winners],
            "ties": o.result.ties,
            "ties_note": o.result.ties_note,
            "projects": [
                {
                    "project_id": line.project_id,
                    "number": line.number,
                    "title": line.title,
                    "cost_kopiyky": line.cost,
                    "votes": line.votes,
                    "points": line.points,
                    "won": line.won,
                    "position": line.position,
                    "explanation": line.explanation,
                }
                for line in o.lines
            ],
        }
        for o in selectors.results_of(cycle=cycle)
    ]


class ChoiceSchema(Schema):
    project_id: Id
    points: int = Field(1, ge=1, le=1_000_000, description="Points (cumulative ballots); 1 otherwise")


class BallotIn(Schema):
    choices: list[ChoiceSchema] = Field(
        ..., min_length=1, max_length=500, description="Ranked ballots: best first"
    )


class BallotReceiptOut(Schema):
    message: str
    ballot_id: int
    receipt_id: int = Field(description="The reference of the ballot's entry in the hromada's public log")
    version: int
    changed: bool
    channel: str
    receipts_url: str


class ChoiceOut(Schema):
    project_id: int
    number: int
    title: str
    points: int
    rank: int | None
    cost_kopiyky: int


class CategoryTotalOut(Schema):
    category_id: int
    chosen: int
    cost_kopiyky: int
    points: int


class MyBallotOut(Schema):
    voted: bool
    ballot_id: int | None
    receipt_id: int | None
    version: int | None
    channel: str | None
    cast_at: dt.datetime | None
    choices: list[ChoiceOut]
    totals: list[CategoryTotalOut]
    count: int
    cost_kopiyky: int
    points: int
    count_left: int | None
    points_left: int | None
    may_vote: bool
    may_change: bool
    problem: str | None


@router.post(
    "/cycles/{slug}/ballot",
    auth=session_or_token,
    response={
        201: BallotReceiptOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    summary="Cast my ballot",
    description="One ballot per person per cycle across every channel (online, paper, ЦНАП). A second ballot "
    "answers 409 `already_voted` unless the cycle's rules allow changing a ballot before the close, in "
    "which case it replaces the first. 403 `not_eligible` when the caller may not vote; 400 "
    "`invalid_ballot` with field errors (`choices`, `choices.<i>.project_id`, `choices.<i>.points`) when "
    "the ballot breaks the rules (k limits, cost limit, points total, ranking length).",
)
def post_ballot(request: HromadaRequest, slug: str, payload: BallotIn) -> Any:
    ratelimit.check(request, "budget-ballot", limit=10, window=60)
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    receipt = ballot_cast(
        voter=request.auth,
        cycle=cycle,
        choices=[ChoiceIn(project_id=c.project_id, points=c.points) for c in payload.choices],
        channel=Channel.API,
    )
    return Status(
        201,
        {
            "message": _("Your vote is recorded."),
            "ballot_id": receipt.ballot.pk,
            "receipt_id": receipt.receipt_id,
            "version": receipt.ballot.version,
            "changed": receipt.changed,
            "channel": receipt.ballot.channel,
            "receipts_url": reverse("ledger:receipts"),
        },
    )


@router.get(
    "/cycles/{slug}/ballot",
    auth=session_or_token,
    response={200: MyBallotOut, 401: ErrorOut, 404: ErrorOut},
    summary="My ballot and its running totals",
)
def get_ballot(request: HromadaRequest, slug: str) -> Any:
    cycle = selectors.cycle_get(hromada=request.hromada, slug=slug)
    state = selectors.ballot_state(cycle=cycle, voter=request.auth)
    ballot = state.ballot
    stored = {c.project_id: c for c in ballot.choices.all()} if ballot else {}
    return {
        "voted": ballot is not None,
        "ballot_id": ballot.pk if ballot else None,
        "receipt_id": state.receipt_id,
        "version": ballot.version if ballot else None,
        "channel": ballot.channel if ballot else None,
        "cast_at": ballot.cast_at if ballot else None,
        "choices": [
            {
                "project_id": c.project_id,
                "number": state.choice_projects[c.project_id].number,
                "title": state.choice_projects[c.project_id].title,
                "points": c.points,
                "rank": stored[c.project_id].rank if c.project_id in stored else None,
                "cost_kopiyky": state.choice_projects[c.project_id].cost,
            }
            for c in state.chosen
            if c.project_id in state.choice_projects
        ],
        "totals": [
            {"category_id": t.category.pk, "chosen": t.chosen, "cost_kopiyky": t.cost, "points": t.points}
            for t in state.totals
        ],
        "count": state.count,
        "cost_kopiyky": state.cost,
        "points": state.points,
        "count_left": state.count_left,
        "points_left": state.points_left,
        "may_vote": state.may_vote,
        "may_change": state.may_change,
        "problem": state.problem,
    }

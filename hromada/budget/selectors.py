"""Reads of the public budget, always scoped by hromada; pages, the API and open data use these.

Money is in kopiyky (integers); templates format it. Public reads never show drafts, and results, ballots
and Pabulib exports only once the results are published (officials see computed results before that).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts import eligibility
from hromada.accounts.models import User
from hromada.accounts.selectors import residents_of
from hromada.core import clock
from hromada.core.errors import ApplicationError, NotFoundError
from hromada.core.geo import BBox, inside_bbox
from hromada.core.ids import parse_id
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada
from hromada.core.phases import Feature, PhaseType, active_phase
from hromada.core.phases import get as phase_type
from hromada.core.textsearch import query_stems

from . import counting
from .ballots import ballot_problems, ballot_projects
from .inputs import ChoiceIn
from .models import (
    Appeal,
    Ballot,
    BallotType,
    BudgetCategory,
    BudgetCycle,
    BudgetRules,
    CategoryResult,
    EligibilityProof,
    Milestone,
    Phase,
    Project,
    ProjectResult,
    ProofKind,
    Review,
)
from .money import hryvnias

PUBLIC_STATUSES = [s for s in Project.Status.values if s != Project.Status.DRAFT]
SORTS = {
    "number": ("number",),
    "title": ("title", "number"),
    "cost": ("cost", "number"),
    "-cost": ("-cost", "number"),
    "newest": ("-submitted_at", "-number"),
    "support": ("-support_count", "number"),
}

# ------------------------------------------------------------------------------------------------ cycles


def cycles_of(*, hromada: Hromada) -> QuerySet[BudgetCycle]:
    """The hromada's cycles, newest year first."""
    return BudgetCycle.objects.filter(hromada=hromada).order_by("-year", "-id")


def cycle_get(*, hromada: Hromada, slug: str) -> BudgetCycle:
    cycle = BudgetCycle.objects.filter(hromada=hromada, slug=slug).first()
    if cycle is None:
        raise NotFoundError(_("No such budget cycle."))
    return cycle


def cycle_current(*, hromada: Hromada) -> BudgetCycle | None:
    """The cycle residents care about now: the newest one that has started, else the next to start."""
    now = clock.now()
    started = (
        cycles_of(hromada=hromada).filter(submission_starts__lte=now).order_by("-submission_starts").first()
    )
    return started or cycles_of(hromada=hromada).order_by("submission_starts").first()


@dataclass(frozen=True)
class PhaseInfo:
    """The running phase of a cycle: which, since and until when, and the phase type (its features)."""

    phase: Phase
    starts_at: Any
    ends_at: Any
    type: type[PhaseType] | None

    @property
    def label(self) -> str:
        return str(self.phase.label)

    def allows(self, feature: Feature) -> bool:
        """Whether this phase switches ``feature`` on (before submission opens: nothing)."""
        return self.type is not None and self.type.allows(feature)


def cycle_phase(*, cycle: BudgetCycle, at: Any = None) -> PhaseInfo:
    """The phase of ``cycle`` at ``at`` (now by default)."""
    at = at or clock.now()
    window = active_phase(cycle.phase_windows(), at)
    if window is None:
        return PhaseInfo(Phase.SCHEDULED, None, cycle.submission_starts, None)
    return PhaseInfo(
        Phase(window.type_key.split(":", 1)[1]), window.starts_at, window.ends_at, phase_type(window.type_key)
    )


def rules_current(*, cycle: BudgetCycle) -> BudgetRules:
    """The cycle's rules in force: its highest version (refused when the cycle has none yet)."""
    rules = BudgetRules.objects.filter(cycle=cycle).order_by("-version").first()
    if rules is None:
        raise ApplicationError(_("This cycle has no rules yet."), code="no_rules")
    return rules


def eligibility_problem(
    *, person: User, hromada: Hromada, rules: BudgetRules, purpose: str, in_person: bool = False
) -> str | None:
    """Why ``person`` may not submit (``purpose="submit"``) or vote (``"vote"``) under ``rules``; None if
    they may. ``in_person``: an official checked their identity (paper and ЦНАП ballots).

    The rule is :mod:`hromada.accounts.eligibility`'s; this says its first problem in the budget's words.
    Another accepted proof of ties is looked up only when residency is all that is missing.
    """
    voting = purpose == "vote"
    proofs = set(rules.vote_proofs if voting else rules.submit_proofs)
    codes = eligibility.problems(
        eligibility.Person(
            verification_level=person.verification_level,
            birth_date=person.birth_date,
            home_hromada_id=person.hromada_id if ProofKind.RESIDENCE in proofs else None,
        ),
        eligibility.Requirements(
            level=rules.vote_min_level if voting and not in_person else 0,
            min_age=rules.vote_min_age if voting else rules.submit_min_age,
            residency_required=True,
            hromada_id=hromada.pk,
            birth_date_required=True,
        ),
        today=clock.today(),
    )
    if not codes:
        return None
    if codes[0] == eligibility.LEVEL:
        return _("Verify your identity to vote online (for example with an identity provider or at TsNAP).")
    if codes[0] == eligibility.AGE_UNKNOWN:
        return _("Your date of birth is not known; add it to your profile or ask at TsNAP.")
    if codes[0] == eligibility.AGE:
        return _("You must be at least %(age)s years old.") % {
            "age": rules.vote_min_age if voting else rules.submit_min_age
        }
    accepted = EligibilityProof.objects.filter(
        hromada=hromada, person=person, kind__in=proofs, status=EligibilityProof.Status.ACCEPTED
    ).exists()
    if accepted:
        return None
    return _(
        "You need a registered residence in the hromada or another accepted proof (work or study here); "
        "declare it and an official will check it."
    )


def rules_history(*, cycle: BudgetCycle) -> QuerySet[BudgetRules]:
    """Every version of the cycle's rules, newest first (what changed when, and why)."""
    return BudgetRules.objects.filter(cycle=cycle).order_by("-version")


def categories_of(*, cycle: BudgetCycle) -> QuerySet[BudgetCategory]:
    return BudgetCategory.objects.filter(cycle=cycle).select_related("district").order_by("position", "id")


# ------------------------------------------------------------------------------------------------ projects


def projects_list(
    *,
    cycle: BudgetCycle,
    category: int | str | None = None,
    district: int | None = None,
    status: str | Sequence[str] | None = None,
    search: str = "",
    sort: str = "number",
    viewer: User | None = None,
) -> QuerySet[Project]:
    """Projects of a cycle for lists: filters by category (id or key), district and status, a search by
    stems (:mod:`hromada.core.textsearch`, Cyrillic too), and a sort from ``SORTS``. Drafts show only to
    their author (``viewer``). Paginate with ``hromada.core.pagination.paginate``."""
    visible = Q(status__in=PUBLIC_STATUSES)
    if viewer is not None and viewer.is_authenticated:
        visible |= Q(author=viewer)
    qs = (
        Project.objects.filter(cycle=cycle)
        .filter(visible)
        .select_related("category", "district")
        .annotate(support_count=Count("supports", distinct=True))
    )
    if category not in (None, ""):
        if str(category).isdigit():  # an id; digits that are no id of ours match nothing
            qs = qs.filter(category_id=parse_id(category) or -1)
        else:
            qs = qs.filter(category__key=category)
    if district:
        qs = qs.filter(district_id=district)
    if status:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else list(status))
    for stem in query_stems(search):
        qs = qs.filter(search_text__contains=stem)
    return qs.order_by(*SORTS.get(sort, SORTS["number"]))


def projects_search(*, hromada: Hromada, query: str) -> QuerySet[Project]:
    """Public projects of every cycle of the hromada whose title, summary or address has every stem of the
    query (the site search); newest cycle first."""
    qs = Project.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES).select_related("cycle")
    for stem in query_stems(query):
        qs = qs.filter(search_text__contains=stem)
    return qs.order_by("-cycle__year", "-cycle_id", "number", "id")


def project_get(*, hromada: Hromada, pk: int, viewer: User | None = None) -> Project:
    """One project of the hromada (a draft only for its author); NotFoundError otherwise."""
    project = (
        Project.objects.filter(hromada=hromada, pk=pk)
        .select_related("cycle", "category", "district", "author")
        .first()
    )
    if project is None or (
        project.status == Project.Status.DRAFT and (viewer is None or viewer.pk != project.author_id)
    ):
        raise NotFoundError(_("No such project."))
    return project


@dataclass(frozen=True)
class ProjectDetail:
    project: Project
    cost_lines: list[Any]
    photos: list[Any]
    reviews: list[Review]
    """The conclusions on the current revision (earlier revisions in ``earlier_reviews``)."""
    earlier_reviews: list[Review]
    appeals: list[Appeal]
    support_count: int
    result: ProjectResult | None
    explanation: str
    milestones: list[Milestone]


def project_detail(*, project: Project) -> ProjectDetail:
    """Everything a project page shows: cost lines, photos, reviews, appeals, support, result, milestones."""
    reviews = list(project.reviews.select_related("department").order_by("-revision", "criterion"))
    line = (
        ProjectResult.objects.filter(project=project, result__published_at__isnull=False)
        .select_related("result")
        .first()
    )
    return ProjectDetail(
        project=project,
        cost_lines=list(project.cost_lines.all()),
        photos=list(project.photos.filter(milestone__isnull=True)),
        reviews=[r for r in reviews if r.revision == project.revision],
        earlier_reviews=[r for r in reviews if r.revision != project.revision],
        appeals=list(project.appeals.all()),
        support_count=project.supports.count(),
        result=line,
        explanation=explanation_text(line) if line else "",
        milestones=list(
            milestones_flagged(Milestone.objects.filter(project=project)).prefetch_related("photos")
        ),
    )


def milestones_flagged(queryset: QuerySet[Milestone]) -> QuerySet[Milestone]:
    """Milestones in due order, each with ``overdue``: its due date (Kyiv) has passed and it is not done."""
    today = timezone.localdate()
    late = Q(due_date__lt=today, completed_on__isnull=True) & ~Q(status=Milestone.Status.DONE)
    return queryset.annotate(
        overdue=Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField())
    ).order_by("due_date", "id")


def review_queue(*, hromada: Hromada, cycle: BudgetCycle | None = None) -> QuerySet[Project]:
    """Projects waiting for departments: submitted, under review or appealed, oldest first, with how many
    criteria of their current revision have a conclusion (``reviewed``)."""
    qs = Project.objects.filter(
        hromada=hromada,
        status__in=[Project.Status.SUBMITTED, Project.Status.UNDER_REVIEW, Project.Status.APPEAL],
    )
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return (
        qs.select_related("cycle", "category", "author")
        .annotate(
            reviewed=Count("reviews", filter=Q(reviews__revision=F("revision")), distinct=True),
        )
        .order_by("submitted_at", "id")
    )


def appeals_pending(*, hromada: Hromada) -> QuerySet[Appeal]:
    return Appeal.objects.filter(project__hromada=hromada, status=Appeal.Status.PENDING).select_related(
        "project"
    )


def proofs_pending(*, hromada: Hromada) -> QuerySet[EligibilityProof]:
    return EligibilityProof.objects.filter(
        hromada=hromada, status=EligibilityProof.Status.PENDING
    ).select_related("person")


# ------------------------------------------------------------------------------------------------ ballots


def ballot_of(*, voter: User, cycle: BudgetCycle) -> Ballot | None:
    """The voter's ballot in the cycle (any channel), with its choices."""
    return (
        Ballot.objects.filter(cycle=cycle, voter=voter).prefetch_related("choices__project__category").first()
    )


def ballots_by_cycle(*, voter: User, cycles: list[BudgetCycle]) -> dict[int, Ballot]:
    """The voter's ballots in these cycles, by cycle id, in one query (no choices loaded)."""
    return {b.cycle_id: b for b in Ballot.objects.filter(voter=voter, cycle__in=cycles)}


@dataclass(frozen=True)
class CategoryTotal:
    category: BudgetCategory
    chosen: int
    cost: int
    points: int


@dataclass(frozen=True)
class BallotState:
    """What a ballot page shows: the rules, what is chosen, the running totals and what is left."""

    cycle: BudgetCycle
    rules: BudgetRules
    projects: list[Project]
    chosen: list[ChoiceIn]
    totals: list[CategoryTotal]
    count: int
    cost: int
    points: int
    count_left: int | None
    points_left: int | None
    errors: dict[str, list[str]]
    ballot: Ballot | None
    may_vote: bool
    may_change: bool
    problem: str | None
    """Why the viewer may not vote (eligibility, phase), or None."""
    receipt_id: int | None = None
    choice_projects: dict[int, Project] = field(default_factory=dict)


def ballot_state(
    *, cycle: BudgetCycle, voter: User | None, choices: Sequence[ChoiceIn] | None = None
) -> BallotState:
    """Running totals of a ballot: of ``choices`` being filled in (a preview, nothing saved) or, without
    them, of the voter's stored ballot. ``errors`` are the rule violations the cast would report."""
    rules = rules_current(cycle=cycle)
    projects = ballot_projects(cycle, rules)
    ballot = ballot_of(voter=voter, cycle=cycle) if voter is not None and voter.is_authenticated else None
    if choices is None:
        stored = list(ballot.choices.all()) if ballot else []
        stored.sort(key=lambda c: (c.rank or 0, c.pk))
        choices = [ChoiceIn(project_id=c.project_id, points=c.points) for c in stored]
    errors = ballot_problems(rules=rules, projects=projects, choices=choices) if choices else {}
    by_category: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for choice in choices:
        project = projects.get(choice.project_id)
        if project is None:
            continue
        row = by_category[project.category_id]
        row[0] += 1
        row[1] += project.cost
        row[2] += choice.points
    categories = list(categories_of(cycle=cycle))
    totals = [
        CategoryTotal(c, by_category[c.pk][0], by_category[c.pk][1], by_category[c.pk][2]) for c in categories
    ]
    count = sum(t.chosen for t in totals)
    points = sum(t.points for t in totals)
    problem: str | None = None
    if not cycle.allows(Feature.VOTE, clock.now()):
        problem = _("Voting is not open.")
    elif voter is None or not voter.is_authenticated:
        problem = _("Log in to vote.")
    else:
        problem = eligibility_problem(person=voter, hromada=cycle.hromada, rules=rules, purpose="vote")
    may_vote = problem is None and (ballot is None or rules.ballot_change_allowed)
    return BallotState(
        cycle=cycle,
        rules=rules,
        projects=sorted(projects.values(), key=lambda p: (p.category.position, p.number)),
        chosen=list(choices),
        totals=totals,
        count=count,
        cost=sum(t.cost for t in totals),
        points=points,
        count_left=None if rules.max_choices is None else max(rules.max_choices - count, 0),
        points_left=(
            None
            if rules.ballot_type != BallotType.CUMULATIVE or rules.points_total is None
            else max(rules.points_total - points, 0)
        ),
        errors=errors,
        ballot=ballot,
        may_vote=may_vote,
        may_change=ballot is not None and rules.ballot_change_allowed and problem is None,
        problem=problem,
        receipt_id=ballot.receipt_id if ballot else None,
        choice_projects={c.project_id: projects[c.project_id] for c in choices if c.project_id in projects},
    )


# ------------------------------------------------------------------------------------------------ results


def explanation_text(line: ProjectResult) -> str:
    """Why a project won or lost, in the current language (from the counting core's reason code)."""
    details = line.details or {}
    reason = line.explanation or details.get("reason", "")
    texts = {
        "funded": _("Funded: selected as number %(position)s."),
        "does-not-fit": _("Not funded: not enough money was left when its turn came."),
        "stopped": _("Not funded: counting stopped at an earlier project that did not fit."),
        "supporters-short": _("Not funded: its supporters did not have enough money left to pay for it."),
        "category-cap": _("Not funded: its category already has the maximum number of winners."),
        "no-support": _("Not funded: nobody voted for it."),
        "tie-unresolved": _("Undecided: the count stopped at a tie that the rules could not break."),
    }
    text = texts.get(reason, reason)
    if reason == "funded":
        text = text % {"position": details.get("position") or line.position}
    extra = []
    if details.get("payers") is not None and details.get("max_payment") is not None:
        extra.append(
            _("%(payers)s voters shared its cost; nobody paid more than %(max)s UAH.")
            % {"payers": details["payers"], "max": hryvnias(details["max_payment"])}
        )
    if details.get("shortfall") is not None:
        extra.append(
            _("Its supporters had %(money)s UAH left, %(short)s UAH short of its cost.")
            % {
                "money": hryvnias(details.get("supporters_money") or 0),
                "short": hryvnias(details["shortfall"]),
            }
        )
    if details.get("remaining_budget") is not None and reason in ("does-not-fit", "stopped"):
        extra.append(
            _("Money left at that moment: %(left)s UAH.") % {"left": hryvnias(details["remaining_budget"])}
        )
    return " ".join([text, *extra])


@dataclass(frozen=True)
class ResultLine:
    number: int
    project_id: int
    title: str
    cost: int
    votes: int
    points: int
    won: bool
    position: int
    explanation: str
    details: dict[str, Any]


@dataclass(frozen=True)
class CategoryOutcome:
    """One category's published (or, for officials, computed) result with its chart data."""

    result: CategoryResult
    category: BudgetCategory
    lines: list[ResultLine]
    funded_share: float
    """The share of the category's amount the winners cost (0..1)."""
    chart: dict[str, list[Any]]
    """Parallel lists for charts: labels (numbers), votes, cost (UAH), won."""


def results_of(*, cycle: BudgetCycle, include_unpublished: bool = False) -> list[CategoryOutcome]:
    """Per-category results with explanations and chart data; unpublished ones only for officials."""
    qs = CategoryResult.objects.filter(cycle=cycle).select_related("category")
    if not include_unpublished:
        qs = qs.filter(published_at__isnull=False)
    qs = qs.prefetch_related(
        Prefetch("lines", queryset=ProjectResult.objects.select_related("project").order_by("position"))
    ).order_by("category__position", "category_id")
    outcomes = []
    for result in qs:
        lines = [
            ResultLine(
                number=line.project.number,
                project_id=line.project_id,
                title=line.project.title,
                cost=line.project.cost,
                votes=line.votes,
                points=line.points,
                won=line.won,
                position=line.position,
                explanation=explanation_text(line),
                details=line.details,
            )
            for line in result.lines.all()
        ]
        outcomes.append(
            CategoryOutcome(
                result=result,
                category=result.category,
                lines=lines,
                funded_share=(result.total_cost / result.budget) if result.budget else 0.0,
                chart={
                    "labels": [f"№{line.number}" for line in lines],
                    "votes": [line.votes for line in lines],
                    "cost": [line.cost / 100 for line in lines],
                    "won": [line.won for line in lines],
                },
            )
        )
    return outcomes


@dataclass(frozen=True)
class RulesComparison:
    category: BudgetCategory
    labels: list[str]
    rows: list[dict[str, Any]]
    """One per project: number, title, cost (kopiyky), score, and the labels of the rules that fund it."""
    totals: dict[str, int]
    """Cost of the winners per rule."""


def rules_comparison(*, cycle: BudgetCycle, category: BudgetCategory) -> RulesComparison:
    """The counting rules side by side on one category's ballots (for officials; nothing is stored)."""
    rules = rules_current(cycle=cycle)
    election, by_id = counting.election_for(cycle=cycle, rules=rules, category=category)
    if not election.ballots or not election.projects:
        return RulesComparison(category=category, labels=[], rows=[], totals={})
    try:
        comparison = counting.compare_rules(cycle=cycle, rules=rules, category=category)
    except ValueError as exc:
        raise ApplicationError(str(exc), code="count_failed") from exc
    rows = [
        {
            "number": int(row.project_id),
            "title": by_id[row.project_id].title,
            "cost": counting.kopiyky(row.cost),
            "score": int(row.score),
            "selected_by": list(row.selected_by),
        }
        for row in comparison.rows
    ]
    totals = {
        label: counting.kopiyky(outcome.total_cost)
        for label, outcome in zip(comparison.labels, comparison.outcomes, strict=True)
    }
    return RulesComparison(category=category, labels=list(comparison.labels), rows=rows, totals=totals)


# ---------------------------------------------------------------------------------------- implementation


@dataclass(frozen=True)
class TrackerSummary:
    projects: int
    done: int
    cost: int
    spent: int
    average_progress: float


def implementation_tracker(
    *, hromada: Hromada, cycle: BudgetCycle | None = None
) -> tuple[QuerySet[Project], TrackerSummary]:
    """Winning projects being built (or done) with their milestones, and the totals residents follow."""
    qs = Project.objects.filter(
        hromada=hromada, status__in=[Project.Status.WON, Project.Status.IMPLEMENTING, Project.Status.DONE]
    )
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    qs = (
        qs.select_related("cycle", "category", "district")
        .prefetch_related(Prefetch("milestones", queryset=milestones_flagged(Milestone.objects.all())))
        .order_by("-cycle__year", "number")
    )
    rows = list(qs.values_list("status", "cost", "spent", "progress"))
    summary = TrackerSummary(
        projects=len(rows),
        done=sum(1 for r in rows if r[0] == Project.Status.DONE),
        cost=sum(r[1] for r in rows),
        spent=sum(r[2] for r in rows),
        average_progress=(sum(r[3] for r in rows) / len(rows)) if rows else 0.0,
    )
    return qs, summary


# ------------------------------------------------------------------------------------------------ open data


def _published(cycle: BudgetCycle) -> None:
    if cycle.results_published_at is None:
        raise NotFoundError(_("The results of this cycle are not published yet."), code="not_published")


def election_pb(*, cycle: BudgetCycle, category: BudgetCategory) -> str:
    """One category's election as a Pabulib ``.pb`` file (costs and budget in UAH, anonymous voter ids,
    the winners marked ``selected``); only once the results are published."""
    from . import pabulib

    _published(cycle)
    rules = rules_current(cycle=cycle)
    election, _by_id = counting.election_for(cycle=cycle, rules=rules, category=category, anonymous=True)
    result = CategoryResult.objects.filter(category=category).first()
    meta = {
        "description": f"{cycle.title} — {category.name}",
        "country": "Ukraine",
        "unit": cycle.hromada.name,
        "instance": str(cycle.year),
        "subunit": category.name,
        "currency": "UAH",
        "rule": rules.counting_rule,
        "date_begin": timezone.localtime(cycle.voting_starts).strftime("%d.%m.%Y"),
        "date_end": timezone.localtime(cycle.voting_ends).strftime("%d.%m.%Y"),
    }
    pb = pabulib.from_election(election, meta=meta, selected=result.winners if result else ())
    return pabulib.write(pb, neutralise_formulas=True)  # published for anyone to download


def results_rows(*, cycle: BudgetCycle) -> list[dict[str, Any]]:
    """The published results as open-data rows (no personal data)."""
    _published(cycle)
    rows = []
    for outcome in results_of(cycle=cycle):
        for line in outcome.lines:
            rows.append(
                {
                    "category": outcome.category.key,
                    "project": line.number,
                    "title": line.title,
                    "cost_uah": f"{line.cost / 100:.2f}",
                    "votes": line.votes,
                    "points": line.points,
                    "won": line.won,
                    "place": line.position,
                    "explanation": line.explanation,
                }
            )
    return rows


# ------------------------------------------------------------------------------------------------ web pages
# (added by the web pages: the cabinet section "My public budget")


def projects_on_map(
    *, hromada: Hromada, bbox: BBox | None = None, status: str = ""
) -> QuerySet[Project, Any]:
    """Public projects of every cycle that have a place, inside ``bbox`` (west, south, east, north), as
    plain values for map markers; newest cycle first (the city map pages through them)."""
    qs = Project.objects.filter(
        hromada=hromada, status__in=PUBLIC_STATUSES, lat__isnull=False, lon__isnull=False
    )
    qs = qs.filter(**inside_bbox(bbox))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-cycle__year", "-cycle_id", "number", "id").values(
        "id", "number", "title", "title_en", "status", "cost", "lat", "lon", "cycle__year"
    )


def project_statuses_public() -> list[tuple[str, str]]:
    """The statuses a public project can have, with their labels (every status but draft)."""
    return [(value, str(label)) for value, label in Project.Status.choices if value in PUBLIC_STATUSES]


def projects_of_author(*, hromada: Hromada, author: User) -> QuerySet[Project]:
    """The author's own projects in the hromada, drafts included, newest cycle first."""
    return (
        Project.objects.filter(hromada=hromada, author=author)
        .select_related("cycle", "category")
        .order_by("-cycle__year", "-cycle_id", "-number")
    )


# --------------------------------------------------------------------------- datasets of the registry


def opendata_projects(*, hromada: Hromada, after: Any = None) -> Iterator[dict[str, Any]]:
    """Every public project of every cycle as a flat row (the author is not named), by identifier;
    ``after``: only those after it (keyset paging of the open-data API)."""
    qs = (
        Project.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES)
        .select_related("cycle", "category", "district")
        .order_by("pk")
    )
    if after is not None:
        qs = qs.filter(pk__gt=int(after))
    for p in qs.iterator(chunk_size=2000):
        yield {
            "id": p.pk,
            "cycle": p.cycle.slug,
            "year": p.cycle.year,
            "number": p.number,
            "category": p.category.key,
            "title": p.title,
            "summary": p.summary,
            "district": p.district.name if p.district else "",
            "address": p.address,
            "lat": p.lat,
            "lon": p.lon,
            "cost_uah": f"{p.cost / 100:.2f}",
            "status": p.status,
            "submitted_at": p.submitted_at.isoformat() if p.submitted_at else None,
            "decided_at": p.decided_at.isoformat() if p.decided_at else None,
            "progress": p.progress,
            "spent_uah": f"{p.spent / 100:.2f}",
        }


def opendata_results(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    """The published results of every cycle (the rows of each cycle's ``results.csv``, with the cycle)."""
    published = BudgetCycle.objects.filter(hromada=hromada, results_published_at__isnull=False).order_by(
        "year", "pk"
    )
    for cycle in published:
        for row in results_rows(cycle=cycle):
            yield {"cycle": cycle.slug, "year": cycle.year, **row}


def opendata_outcomes(*, hromada: Hromada) -> Iterator[dict[str, Any]]:
    """The published outcome of each category of every cycle: its budget, the cost of the winners, the
    voters and the rules it was counted by (what each cycle's ``results.json`` said beside the projects)."""
    published = BudgetCycle.objects.filter(hromada=hromada, results_published_at__isnull=False).order_by(
        "year", "pk"
    )
    for cycle in published:
        rules = BudgetRules.objects.filter(cycle=cycle).order_by("-version").first()
        for o in results_of(cycle=cycle):
            yield {
                "cycle": cycle.slug,
                "year": cycle.year,
                "category": o.category.key,
                "name": o.category.name,
                "budget_uah": f"{o.result.budget / 100:.2f}",
                "winners_cost_uah": f"{o.result.total_cost / 100:.2f}",
                "voters": o.result.voters,
                "winners": " ".join(str(int(n)) for n in o.result.winners),
                "ties": bool(o.result.ties),
                "rules_version": o.result.rules_version,
                "ballot_type": rules.ballot_type if rules else "",
                "counting_rule": o.result.rule,
                "utility": o.result.utility,
                "tie_breaking": rules.tie_breaking if rules else "",
            }


def cycle_results_published(*, hromada: Hromada, slug: str) -> BudgetCycle:
    """A cycle whose results are published (:class:`NotFoundError` otherwise: unknown or not yet)."""
    cycle = cycle_get(hromada=hromada, slug=slug)
    _published(cycle)
    return cycle


def opendata_modified(*, hromada: Hromada) -> Any:
    """When the budget's open data last changed: a public project or a cycle (its results)."""
    from django.db.models import Max

    moments = [
        Project.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES).aggregate(m=Max("updated_at"))[
            "m"
        ],
        BudgetCycle.objects.filter(hromada=hromada).aggregate(m=Max("updated_at"))["m"],
    ]
    known = [m for m in moments if m is not None]
    return max(known) if known else None


# ------------------------------------------------------------------- indicators (insight, issue 19)


def _voters(hromada: Hromada, start: Any, end: Any) -> int:
    return (
        Ballot.objects.filter(hromada=hromada, cast_at__gte=start, cast_at__lt=end)
        .values("voter")
        .distinct()
        .count()
    )


def indicator_participation(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """People who cast a public-budget ballot in the quarter, as a percentage of the hromada's population
    (its recorded census figure; else the residents registered on the platform); ``None`` when no vote
    closed or ran in the quarter."""
    start, end = quarter.span()
    if not BudgetCycle.objects.filter(
        hromada=hromada, voting_starts__lt=end, voting_ends__gte=start
    ).exists():
        return None
    residents = hromada.population or residents_of(hromada=hromada).count()
    return percent(_voters(hromada, start, end), residents)


def headline_voters(*, hromada: Hromada, start: Any, end: Any) -> float | None:
    """People who cast a public-budget ballot in [start, end)."""
    return float(_voters(hromada, start, end))

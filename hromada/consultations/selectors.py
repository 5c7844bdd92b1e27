"""Reads of consultations: typed functions, always scoped by the hromada. Selectors never write and never
import actions."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.accounts.permissions import department_ids_of
from hromada.core import clock
from hromada.core.errors import NotFoundError
from hromada.core.indicators import Quarter, percent
from hromada.core.models import Hromada
from hromada.core.permissions import manages_hromada, require
from hromada.core.text import alphabetical_key

from . import charts, eligibility
from .lifecycle import Phase
from .models import (
    ROW_POSITIONS,
    Answer,
    Consultation,
    Contribution,
    ContributionKind,
    DraftVersion,
    Hearing,
    HearingRegistration,
    OpinionMap,
    Option,
    Paragraph,
    ProposalAnswer,
    ProposalSupport,
    Question,
    QuestionKind,
    RegistrationStatus,
    Statement,
    StatementStatus,
    StatementVote,
    SurveyResponse,
    Visibility,
)
from .permissions import moderates_consultations, prepares_consultation

# How many proposals each paragraph shows on the consultation's page (the rest on the paragraph's page).
PROPOSALS_SHOWN = 3


def consultations_public(*, hromada: Hromada) -> QuerySet[Consultation]:
    """The hromada's announced consultations, the latest opening first."""
    return (
        Consultation.objects.filter(
            hromada=hromada, published_at__isnull=False, published_at__lte=clock.now()
        )
        .select_related("department")
        .order_by("-opens_at", "-pk")
    )


def consultation_public_get(*, hromada: Hromada, pk: int) -> Consultation:
    """A public consultation of this hromada; a draft, or another hromada's, is not found."""
    consultation = consultations_public(hromada=hromada).select_related("district").filter(pk=pk).first()
    if consultation is None:
        raise NotFoundError(_("There is no such consultation."))
    return consultation


def consultations_in_preparation(*, hromada: Hromada) -> QuerySet[Consultation]:
    """The hromada's consultations not yet announced (officials' eyes only), the latest made first."""
    return Consultation.objects.filter(hromada=hromada, published_at__isnull=True).order_by("-pk")


def consultation_get(*, hromada: Hromada, pk: int) -> Consultation:
    """Any consultation of this hromada, announced or not (for the officials' preparation page)."""
    consultation = (
        Consultation.objects.filter(hromada=hromada, pk=pk).select_related("department", "district").first()
    )
    if consultation is None:
        raise NotFoundError(_("There is no such consultation."))
    return consultation


def formats_of(consultation: Consultation) -> list[str]:
    """Which formats the consultation combines: ``survey``, ``draft``, ``opinion_map``, ``hearing``."""
    found = []
    if consultation.questions.exists():
        found.append("survey")
    if consultation.versions.exists():
        found.append("draft")
    if consultation.with_opinion_map:
        found.append("opinion_map")
    if consultation.hearings.exists():
        found.append("hearing")
    return found


def eligibility_codes(*, person: Any, consultation: Consultation) -> list[str]:
    """What keeps ``person`` out of the consultation, by its frozen rules (codes of ``eligibility``)."""
    rules = consultation.frozen_rules or {}
    return eligibility.problems(
        eligibility.Person(
            verification_level=person.verification_level,
            birth_date=person.birth_date,
            home_hromada_id=person.hromada_id,
            district_id=person.district_id,
        ),
        eligibility.Rules(
            audience=eligibility.Audience(rules.get("audience", eligibility.Audience.RESIDENTS)),
            min_age=int(rules.get("min_age", 0)),
            hromada_id=consultation.hromada_id,
            district_id=rules.get("district_id"),
        ),
        today=timezone.localdate(clock.now()),
    )


# --------------------------------------------------------------------------------------------- survey


@dataclass
class OptionResult:
    id: int
    text: str
    text_en: str
    count: int
    share: float  # of the question's respondents, 0..1
    mean_rank: float | None = None
    borda: int | None = None  # a ranking's Borda points (charts.borda)
    borda_share: float = 0.0  # of the most possible (everyone putting it first)


@dataclass
class MatrixRowResult:
    row: Option
    answered: int
    cells: list[tuple[Option, int, float]]  # per column: the column, its count, its share of the row


@dataclass
class QuestionResult:
    question: Question
    respondents: int
    options: list[OptionResult] = field(default_factory=list)
    columns: list[Option] = field(default_factory=list)  # matrix
    matrix: list[MatrixRowResult] = field(default_factory=list)
    mean: float | None = None  # scale
    histogram: list[tuple[int, int, float]] = field(default_factory=list)  # scale: (value, count, share)
    texts: int = 0
    # The chart's geometry (charts.py): a scale's histogram, a ranking's Borda bars, a matrix's stacks.
    chart: charts.Histogram | charts.Bars | charts.Stacked | None = None
    chart_rows: list[tuple[Any, Any]] = field(default_factory=list)  # (option or matrix row, its bar)
    legend: list[tuple[Option, int]] = field(default_factory=list)  # matrix: each column and its colour


def survey_results(*, consultation: Consultation) -> list[QuestionResult]:
    """The survey's counts per option, the scale's mean and distribution, the ranking's mean ranks (in two
    queries whatever the number of answers)."""
    questions = list(consultation.questions.prefetch_related("options"))
    rows = (
        Answer.objects.filter(response__consultation=consultation)
        .values("question_id", "option_id", "number")
        .annotate(n=Count("pk"), people=Count("response_id", distinct=True))
    )
    respondents = dict(
        Answer.objects.filter(response__consultation=consultation)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    by_question: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_question[row["question_id"]].append(row)
    results = []
    for q in questions:
        total = respondents.get(q.pk, 0)
        result = QuestionResult(question=q, respondents=total)
        data = by_question.get(q.pk, [])
        if q.kind == QuestionKind.MATRIX:
            _matrix_result(result, q, data)
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
            counts: Counter[int] = Counter()
            ranks: dict[int, int] = Counter()
            for row in data:
                counts[row["option_id"]] += row["n"]
                if row["number"] is not None:
                    ranks[row["option_id"]] += row["number"] * row["n"]
            for option in q.options.all():
                n = counts.get(option.pk, 0)
                mean_rank = round(ranks[option.pk] / n, 2) if q.kind == QuestionKind.RANKING and n else None
                result.options.append(
                    OptionResult(
                        option.pk, option.text, option.text_en, n, n / total if total else 0.0, mean_rank
                    )
                )
            if q.kind == QuestionKind.RANKING:
                _borda(result, ranks)
        elif q.kind == QuestionKind.SCALE:
            values = {row["number"]: row["n"] for row in data}
            n = sum(values.values())
            result.mean = round(sum(k * v for k, v in values.items()) / n, 2) if n else None
            result.histogram = [
                (v, values.get(v, 0), values.get(v, 0) / n if n else 0.0)
                for v in range(q.scale_min, q.scale_max + 1)
            ]
            if n:
                result.chart = charts.histogram([(v, c) for v, c, _s in result.histogram], result.mean)
        else:
            result.texts = sum(row["n"] for row in data)
        results.append(result)
    return results


def _borda(result: QuestionResult, ranks: dict[int, int]) -> None:
    """A ranking's Borda points per option, its options ordered by them (then by mean place), and its
    chart."""
    size = len(result.options)
    points = charts.borda([(o.count, ranks.get(o.id, 0)) for o in result.options], size)
    most = result.respondents * (size - 1)
    for option, p in zip(result.options, points, strict=True):
        option.borda = p
        option.borda_share = p / most if most else 0.0
    result.options.sort(key=lambda o: (-(o.borda or 0), o.mean_rank is None, o.mean_rank or 0, o.id))
    if result.respondents:
        chart = charts.bars([o.borda_share for o in result.options])
        result.chart, result.chart_rows = chart, list(zip(result.options, chart.bars, strict=True))


def _matrix_result(result: QuestionResult, q: Question, data: list[dict[str, Any]]) -> None:
    """Per row of a matrix: how many answered it, and per column the count and the share of the row."""
    counts = {(row["option_id"], row["number"]): row["n"] for row in data}
    result.columns, rows = q.split_options()
    for row in rows:
        answered = sum(counts.get((row.pk, c.position), 0) for c in result.columns)
        cells = []
        for column in result.columns:
            n = counts.get((row.pk, column.position), 0)
            cells.append((column, n, n / answered if answered else 0.0))
        result.matrix.append(MatrixRowResult(row=row, answered=answered, cells=cells))
    if any(m.answered for m in result.matrix):
        chart = charts.stacked([[n for _c, n, _s in m.cells] for m in result.matrix])
        result.chart, result.chart_rows = chart, list(zip(result.matrix, chart.rows, strict=True))
        result.legend = list(zip(result.columns, chart.colours, strict=True))


def response_of(*, consultation: Consultation, person: Any) -> dict[int, Any] | None:
    """The person's current answers (question id → option id, option ids in order, number or text)."""
    if not getattr(person, "is_authenticated", False):
        return None
    response = SurveyResponse.objects.filter(consultation=consultation, person=person).first()
    if response is None:
        return None
    values: dict[int, Any] = {}
    kinds = dict(consultation.questions.values_list("pk", "kind"))
    columns: dict[tuple[int, int], int] = {}
    if QuestionKind.MATRIX in kinds.values():
        columns = {
            (question_id, position): pk
            for question_id, position, pk in Option.objects.filter(
                question__consultation=consultation,
                question__kind=QuestionKind.MATRIX,
                position__lt=ROW_POSITIONS,
            ).values_list("question_id", "position", "pk")
        }
    for answer in response.answers.order_by("question_id", "number", "pk"):
        kind = kinds.get(answer.question_id)
        if kind == QuestionKind.MATRIX:
            column = columns.get((answer.question_id, answer.number or 0))
            values.setdefault(answer.question_id, {})[answer.option_id] = column
        elif kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            values.setdefault(answer.question_id, []).append(answer.option_id)
        elif kind == QuestionKind.SINGLE:
            values[answer.question_id] = answer.option_id
        elif kind == QuestionKind.SCALE:
            values[answer.question_id] = answer.number
        else:
            values[answer.question_id] = answer.text
    return values


@dataclass
class ShownAnswer:
    """One question of a person's answer, to show it back: the options chosen (a ranking's in order),
    a matrix's rows with the column chosen, or the number or text."""

    question: Question
    options: list[Option] = field(default_factory=list)
    matrix: list[tuple[Option, Option]] = field(default_factory=list)
    value: int | str | None = None


def answer_shown(*, questions: list[Question], values: dict[int, Any]) -> list[ShownAnswer]:
    """The answered questions of ``values`` (as ``response_of`` gives them), with their options read
    from the questions' prefetched options (no query)."""
    shown = []
    for q in questions:
        value = values.get(q.pk)
        if value is None or value in ("", [], {}):
            continue
        by_id = {o.pk: o for o in q.options.all()}
        if q.kind == QuestionKind.MATRIX:
            pairs = [(by_id[r], by_id[c]) for r, c in value.items() if r in by_id and c in by_id]
            shown.append(ShownAnswer(question=q, matrix=pairs))
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
            ids = value if isinstance(value, list) else [value]
            shown.append(ShownAnswer(question=q, options=[by_id[i] for i in ids if i in by_id]))
        else:
            shown.append(ShownAnswer(question=q, value=value))
    return shown


# ---------------------------------------------------------------------------------------------- draft


@dataclass
class ParagraphView:
    paragraph: Paragraph
    comments: int
    proposals: int
    top: list[Contribution]


def draft_versions(*, consultation: Consultation) -> list[DraftVersion]:
    return list(consultation.versions.all())


def preparation_versions(*, consultation: Consultation) -> QuerySet[DraftVersion]:
    """The draft's versions with their paragraph counts (``paragraph_count``), for the preparation page."""
    return consultation.versions.annotate(paragraph_count=Count("paragraphs")).order_by("number")


def preparation_questions(*, consultation: Consultation) -> QuerySet[Question]:
    """The survey's questions in order with their options (two queries)."""
    return (
        consultation.questions.order_by("position", "pk")
        .select_related("show_if__question")
        .prefetch_related("options")
    )


def version_get(*, consultation: Consultation, pk: int) -> DraftVersion:
    """A version of this consultation's draft with its paragraphs; another consultation's is not found."""
    version = consultation.versions.filter(pk=pk).prefetch_related("paragraphs").first()
    if version is None:
        raise NotFoundError(_("There is no such version."))
    return version


@dataclass(frozen=True)
class PreparedContents:
    questions: int
    versions: int
    hearings: int


def prepared_contents(*, consultation: Consultation) -> PreparedContents:
    """What goes with a consultation being prepared if it is deleted: its questions, draft versions and
    hearings, counted."""
    return PreparedContents(
        questions=consultation.questions.count(),
        versions=consultation.versions.count(),
        hearings=consultation.hearings.count(),
    )


def question_get(*, consultation: Consultation, pk: int) -> Question:
    """A question of this consultation's survey; another consultation's is not found."""
    question = consultation.questions.filter(pk=pk).select_related("consultation").first()
    if question is None:
        raise NotFoundError(_("There is no such question."))
    return question


def draft_stamp(*, version: DraftVersion) -> str:
    """What the draft's section of the page depends on, in one query: the version (and when it was made),
    how many contributions there are and how many visible, the latest one, the supports weighted by
    contribution (a support moved from one proposal to another changes it), and the latest answer. Any
    write that changes the section changes the stamp."""
    row = Contribution.objects.filter(paragraph__version=version).aggregate(
        n=Count("pk"),
        visible=Count("pk", filter=Q(status=Visibility.VISIBLE)),
        last=Max("pk"),
        supports=Sum(F("supports") * F("pk")),
        answered=Max("answer__pk"),
    )
    made = version.created_at.timestamp()
    return f"{made}:{row['n']}:{row['visible']}:{row['last']}:{row['supports']}:{row['answered']}"


def draft_view(*, consultation: Consultation, version: DraftVersion) -> list[ParagraphView]:
    """The paragraphs of one draft version with their counts and the most supported proposals: three
    queries however many comments there are."""
    paragraphs = list(version.paragraphs.all())
    counts = (
        Contribution.objects.filter(paragraph__version=version, status=Visibility.VISIBLE)
        .values("paragraph_id", "kind")
        .annotate(n=Count("pk"))
    )
    tally: dict[tuple[int, str], int] = {(row["paragraph_id"], row["kind"]): row["n"] for row in counts}
    # The top proposals of every paragraph in one query: ranked in the database by a window function.
    ranked = (
        Contribution.objects.filter(
            paragraph__version=version, kind=ContributionKind.PROPOSAL, status=Visibility.VISIBLE
        )
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("paragraph_id")], order_by=[F("supports").desc(), F("pk").asc()]
            )
        )
        .select_related("answer")
    )
    top: dict[int, list[Contribution]] = defaultdict(list)
    for row in ranked.filter(rank__lte=PROPOSALS_SHOWN):
        top[row.paragraph_id].append(row)
    return [
        ParagraphView(
            paragraph=p,
            comments=tally.get((p.pk, ContributionKind.COMMENT), 0),
            proposals=tally.get((p.pk, ContributionKind.PROPOSAL), 0),
            top=sorted(top.get(p.pk, []), key=lambda c: (-c.supports, c.pk)),
        )
        for p in paragraphs
    ]


def paragraph_get(*, consultation: Consultation, pk: int) -> Paragraph:
    paragraph = (
        Paragraph.objects.filter(version__consultation=consultation, pk=pk).select_related("version").first()
    )
    if paragraph is None:
        raise NotFoundError(_("There is no such paragraph."))
    return paragraph


def contribution_get(*, consultation: Consultation, pk: int) -> Contribution:
    found = (
        Contribution.objects.filter(consultation=consultation, pk=pk)
        .select_related("paragraph__version", "consultation__hromada")
        .first()
    )
    if found is None:
        raise NotFoundError(_("There is no such comment or proposal."))
    return found


def paragraph_contributions(*, paragraph: Paragraph, viewer: Any = None) -> QuerySet[Contribution]:
    """Every contribution on a paragraph (hidden ones as placeholders), oldest first, with its answer."""
    rows = (
        Contribution.objects.filter(paragraph=paragraph).select_related("answer").order_by("created_at", "pk")
    )
    if getattr(viewer, "is_authenticated", False):
        rows = rows.annotate(
            supported=Exists(ProposalSupport.objects.filter(contribution=OuterRef("pk"), person=viewer))
        )
    return rows


# ---------------------------------------------------------------------------------------- opinion map


@dataclass
class MapView:
    stored: OpinionMap | None
    statements: dict[int, Statement]
    groups: list[dict[str, Any]]
    consensus: list[tuple[Statement, dict[str, Any]]]
    divisive: list[tuple[Statement, float]]
    my_group: int | None
    to_vote: list[Statement]
    my_votes: int
    total_statements: int
    my_pending: list[Statement] = field(default_factory=list)  # the viewer's statements awaiting moderation


def opinion_map_view(
    *, consultation: Consultation, viewer: Any = None, limit: int = 5, every_statement: bool = False
) -> MapView:
    """The stored groups with their statements, and the statements the viewer has not voted on yet.
    Only the statements shown are read (those the groups name and the next ``limit`` to vote on), not the
    whole map, unless ``every_statement`` (a moderator's list)."""
    visible = Statement.objects.filter(consultation=consultation, status=Visibility.VISIBLE)
    stored = OpinionMap.objects.filter(consultation=consultation).first()
    result = stored.result if stored else {}
    my_group = None
    to_vote: list[Statement] = []
    my_pending: list[Statement] = []
    my_votes = 0
    named = {
        s["statement"]
        for s in [
            *(d for g in result.get("groups", []) for d in g["distinctive"]),
            *result.get("consensus", []),
            *result.get("divisive", []),
        ]
    }
    if every_statement:
        statements = {s.pk: s for s in visible}
    else:
        statements = {s.pk: s for s in visible.filter(pk__in=named)} if named else {}
    if getattr(viewer, "is_authenticated", False):
        for group in result.get("groups", []):
            if viewer.pk in group["members"]:
                my_group = group["number"]
        mine = StatementVote.objects.filter(consultation=consultation, person=viewer)
        my_votes = mine.count()
        to_vote = list(
            visible.exclude(pk__in=mine.values("statement_id")).exclude(author=viewer).order_by("pk")[:limit]
        )
        if consultation.rule("premoderate_statements"):
            my_pending = list(
                Statement.objects.filter(
                    consultation=consultation, author=viewer, status=StatementStatus.PENDING
                ).order_by("pk")
            )
    groups = [
        {
            "number": g["number"],
            "size": g["size"],
            "distinctive": [
                (statements[s["statement"]], s) for s in g["distinctive"] if s["statement"] in statements
            ],
        }
        for g in result.get("groups", [])
    ]
    return MapView(
        stored=stored,
        statements=statements,
        groups=groups,
        consensus=[
            (statements[s["statement"]], s)
            for s in result.get("consensus", [])
            if s["statement"] in statements
        ],
        divisive=[
            (statements[d["statement"]], d["spread"])
            for d in result.get("divisive", [])
            if d["statement"] in statements
        ],
        my_group=my_group,
        to_vote=to_vote,
        my_votes=my_votes,
        total_statements=len(statements) if every_statement else visible.count(),
        my_pending=my_pending,
    )


def statement_get(*, consultation: Consultation, pk: int) -> Statement:
    found = (
        Statement.objects.filter(consultation=consultation, pk=pk)
        .select_related("consultation__hromada")
        .first()
    )
    if found is None:
        raise NotFoundError(_("No such statement."))
    return found


# ------------------------------------------------------------------------------------ moderators' queue


def _moderated_by(*, hromada: Hromada, moderator: Any) -> Q:
    """The consultations ``moderator`` moderates, as a filter on consultations (the same rule as
    ``permissions.moderates_consultation``, for a whole list at once)."""
    if not moderates_consultations(moderator, hromada):
        return Q(pk__in=[])
    departments = department_ids_of(moderator, hromada)
    if manages_hromada(moderator, hromada) or not departments:
        return Q(hromada=hromada)
    return Q(hromada=hromada) & (Q(department__isnull=True) | Q(department_id__in=departments))


def consultations_moderated_by(*, hromada: Hromada, moderator: Any) -> QuerySet[Consultation]:
    """The announced consultations of ``hromada`` that ``moderator`` moderates."""
    return Consultation.objects.filter(
        _moderated_by(hromada=hromada, moderator=moderator), published_at__isnull=False
    )


def statement_queue(
    *,
    hromada: Hromada,
    moderator: Any,
    consultation_id: int | None = None,
) -> QuerySet[Statement]:
    """The statements nobody has moderated yet (awaiting pre-moderation, or shown and not looked at) of
    the announced consultations ``moderator`` moderates (of one of them, given its id), oldest first."""
    consultations = consultations_moderated_by(hromada=hromada, moderator=moderator)
    if consultation_id is not None:
        consultations = consultations.filter(pk=consultation_id)
    return (
        Statement.objects.filter(consultation__in=consultations, moderated_at__isnull=True)
        .exclude(status=StatementStatus.HIDDEN)
        .select_related("consultation")
        .order_by("created_at", "pk")
    )


@dataclass
class QueueCount:
    consultation: Consultation
    count: int
    pending: int  # of them, awaiting pre-moderation (not shown yet)


def statement_queue_counts(*, hromada: Hromada, moderator: Any) -> list[QueueCount]:
    """Per consultation with statements in ``moderator``'s queue, how many (two queries for any number)."""
    rows = (
        statement_queue(hromada=hromada, moderator=moderator)
        .order_by()
        .values("consultation_id")
        .annotate(n=Count("pk"), pending=Count("pk", filter=Q(status=StatementStatus.PENDING)))
    )
    counts = {r["consultation_id"]: (r["n"], r["pending"]) for r in rows}
    consultations = Consultation.objects.filter(pk__in=counts).order_by("closes_at", "pk")
    return [QueueCount(c, *counts[c.pk]) for c in consultations]


# ------------------------------------------------------------------------------------------- hearings


def _hearing_counts() -> dict[str, Count]:
    """A hearing's places taken (``confirmed``) and the length of its waiting list (``waiting``)."""
    return {
        "confirmed": Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
        "waiting": Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    }


def _attended() -> Count:
    """How many were ticked off as having come (meaningful once ``attendance_taken_at`` is set)."""
    return Count("registrations", filter=Q(registrations__attended_at__isnull=False))


def hearing_counts(*, hearing: Hearing) -> dict[str, int]:
    """One hearing's places taken and waiting list, as ``hearings_view`` counts them: one query."""
    return Hearing.objects.filter(pk=hearing.pk).aggregate(**_hearing_counts())


def hearings_view(*, consultation: Consultation, viewer: Any = None) -> list[Hearing]:
    """The consultation's hearings with their places taken (``confirmed``), the waiting list
    (``waiting``), how many came (once the attendance is taken: ``attended`` ticked off among the
    registered, ``came`` with those who came without registration, ``walk_ins``) and the viewer's
    registration status (``mine``, or None): two queries."""
    hearings: list[Hearing] = list(
        consultation.hearings.annotate(**_hearing_counts(), attended=_attended())
        .annotate(came=F("attended") + F("walk_ins"))
        .order_by("starts_at", "pk")
    )
    mine: dict[int, str] = {}
    if hearings and getattr(viewer, "is_authenticated", False):
        mine = dict(
            HearingRegistration.objects.filter(hearing__consultation=consultation, person=viewer)
            .exclude(status=RegistrationStatus.CANCELLED)
            .values_list("hearing_id", "status")
        )
    for hearing in hearings:
        hearing.mine = mine.get(hearing.pk)  # type: ignore[attr-defined]
        hearing.places_left = max(0, hearing.capacity - hearing.confirmed)  # type: ignore[attr-defined]
    return hearings


def hearing_get(*, consultation: Consultation, pk: int) -> Hearing:
    """A hearing of this consultation; another consultation's is not found."""
    found = consultation.hearings.filter(pk=pk).select_related("consultation__hromada").first()
    if found is None:
        raise NotFoundError(_("There is no such hearing."))
    return found


def hearing_attendance(*, consultation: Consultation, hearing: Hearing, by: Any) -> list[HearingRegistration]:
    """The attendance list of a hearing: the confirmed registrations with their people, in alphabetical
    order of the names (one query); ``attended_at`` says who was ticked off as having come. Only those who
    prepare the consultation see it (PermissionDeniedError); a hearing of another consultation is not
    found."""
    require(
        prepares_consultation,
        by,
        consultation,
        _("Only the responsible department's officials prepare this consultation."),
    )
    if hearing.consultation_id != consultation.pk:
        raise NotFoundError(_("There is no such hearing."))
    rows = (
        HearingRegistration.objects.filter(hearing=hearing, status=RegistrationStatus.CONFIRMED)
        .select_related("person")
        .only("pk", "attended_at", "hearing_id", "person__id", "person__full_name")
    )
    return sorted(rows, key=lambda row: (alphabetical_key(row.person.full_name), row.person.pk))


def attendance_open(*, consultation: Consultation, hearing: Hearing) -> bool:
    """Whether who came to ``hearing`` can be ticked off now: from its start until the report."""
    return clock.now() >= hearing.starts_at and consultation.report_published_at is None


@dataclass(frozen=True)
class Turnout:
    came: int  # everyone who came
    registered: int  # of them, ticked off on the attendance list
    walk_ins: int  # of them, without registration


def hearing_turnout(*, hearing: Hearing) -> Turnout | None:
    """How many came to the hearing, once the attendance is taken (else None): one query."""
    if hearing.attendance_taken_at is None:
        return None
    registered = hearing.registrations.filter(attended_at__isnull=False).count()
    return Turnout(came=registered + hearing.walk_ins, registered=registered, walk_ins=hearing.walk_ins)


def registration_of(*, hearing: Hearing, person: Any) -> HearingRegistration | None:
    """The person's registration for the hearing (a place or a turn on the waiting list), or None when
    not registered or cancelled."""
    return (
        HearingRegistration.objects.filter(hearing=hearing, person=person)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def waiting_place(*, hearing: Hearing, person: Any) -> int | None:
    """The person's turn on the hearing's waiting list (1 is next), or None when not waiting."""
    mine = HearingRegistration.objects.filter(
        hearing=hearing, person=person, status=RegistrationStatus.WAITING
    ).first()
    if mine is None:
        return None
    ahead = HearingRegistration.objects.filter(
        Q(registered_at__lt=mine.registered_at) | Q(registered_at=mine.registered_at, pk__lt=mine.pk),
        hearing=hearing,
        status=RegistrationStatus.WAITING,
    ).count()
    return ahead + 1


# --------------------------------------------------------------------------------------------- report


def report_rows(*, consultation: Consultation) -> QuerySet[Contribution]:
    """Every proposal of the consultation (visible or hidden) with its answer, by version and paragraph."""
    return (
        Contribution.objects.filter(consultation=consultation, kind=ContributionKind.PROPOSAL)
        .select_related("paragraph__version", "answer")
        .order_by("paragraph__version__number", "paragraph__number", "created_at", "pk")
    )


def participants(*, consultation: Consultation) -> QuerySet[User]:
    """Everyone who answered, commented, proposed, supported, wrote a statement, voted or had a place at
    a hearing."""
    return User.objects.filter(
        Q(pk__in=SurveyResponse.objects.filter(consultation=consultation).values("person_id"))
        | Q(pk__in=Contribution.objects.filter(consultation=consultation).values("author_id"))
        | Q(pk__in=StatementVote.objects.filter(consultation=consultation).values("person_id"))
        | Q(pk__in=Statement.objects.filter(consultation=consultation).values("author_id"))
        | Q(
            pk__in=ProposalSupport.objects.filter(contribution__consultation=consultation).values("person_id")
        )
        | Q(
            pk__in=HearingRegistration.objects.filter(
                hearing__consultation=consultation, status=RegistrationStatus.CONFIRMED
            ).values("person_id")
        )
    )


def participant_count(*, consultation: Consultation) -> int:
    return participants(consultation=consultation).count()


# ---------------------------------------------------------------------------------------------- cabinet


@dataclass
class Mine:
    consultation: Consultation
    answered_survey: dt.datetime | None
    contributions: list[Contribution]
    statements: int
    votes: int
    hearings: list[HearingRegistration] = field(default_factory=list)


def my_consultations(*, hromada: Hromada, person: Any) -> list[Mine]:
    """The consultations the person took part in, with their contributions and the answers to them."""
    responses = dict(
        SurveyResponse.objects.filter(consultation__hromada=hromada, person=person).values_list(
            "consultation_id", "updated_at"
        )
    )
    contributions: dict[int, list[Contribution]] = defaultdict(list)
    for c in (
        Contribution.objects.filter(consultation__hromada=hromada, author=person)
        .select_related("answer", "paragraph__version")
        .order_by("created_at", "pk")
    ):
        contributions[c.consultation_id].append(c)
    statements = dict(
        Statement.objects.filter(consultation__hromada=hromada, author=person)
        .values_list("consultation_id")
        .annotate(n=Count("pk"))
        .values_list("consultation_id", "n")
    )
    votes = dict(
        StatementVote.objects.filter(consultation__hromada=hromada, person=person)
        .values_list("consultation_id")
        .annotate(n=Count("pk"))
        .values_list("consultation_id", "n")
    )
    hearings: dict[int, list[HearingRegistration]] = defaultdict(list)
    for r in (
        HearingRegistration.objects.filter(hearing__consultation__hromada=hromada, person=person)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("hearing")
        .order_by("hearing__starts_at", "pk")
    ):
        hearings[r.hearing.consultation_id].append(r)
    ids = set(responses) | set(contributions) | set(statements) | set(votes) | set(hearings)
    rows = Consultation.objects.filter(hromada=hromada, pk__in=ids).order_by("-opens_at", "-pk")
    return [
        Mine(
            consultation=c,
            answered_survey=responses.get(c.pk),
            contributions=contributions.get(c.pk, []),
            statements=statements.get(c.pk, 0),
            votes=votes.get(c.pk, 0),
            hearings=hearings.get(c.pk, []),
        )
        for c in rows
    ]


# -------------------------------------------------------------------------------------------- open data


def opendata_proposals(*, hromada: Hromada, after: Any = None) -> Iterator[dict[str, Any]]:
    """Every proposal of the hromada's announced consultations with the department's answer (no author),
    by number; ``after``: only those numbered after it (keyset paging of the open-data API)."""
    rows = (
        Contribution.objects.filter(
            consultation__hromada=hromada,
            consultation__published_at__isnull=False,
            kind=ContributionKind.PROPOSAL,
        )
        .select_related("consultation", "paragraph__version", "answer")
        .order_by("pk")
    )
    if after is not None:
        rows = rows.filter(pk__gt=int(after))
    for c in rows.iterator(chunk_size=2000):
        answer: ProposalAnswer | None = getattr(c, "answer", None)
        yield {
            "id": c.pk,
            "consultation": c.consultation_id,
            "consultation_title": c.consultation.title,
            "version": c.paragraph.version.number,
            "paragraph": c.paragraph.number,
            "proposal": c.text if c.status == Visibility.VISIBLE else "",
            "proposed_wording": c.replacement if c.status == Visibility.VISIBLE else "",
            "hidden_reason": c.hidden_reason,
            "supports": c.supports,
            "proposed_at": c.created_at,
            "decision": answer.decision if answer else "",
            "reasons": answer.reasons if answer else "",
            "answered_at": answer.answered_at if answer else None,
        }


def opendata_modified(*, hromada: Hromada) -> dt.datetime | None:
    row = Contribution.objects.filter(
        consultation__hromada=hromada, consultation__published_at__isnull=False
    ).aggregate(written=Max("created_at"), answered=Max("answer__answered_at"))
    moments = [m for m in (row["written"], row["answered"]) if m is not None]
    return max(moments) if moments else None


def phase_now(consultation: Consultation) -> Phase:
    return consultation.phase(clock.now())


# ------------------------------------------------------------------- indicators (insight, issue 19)


def indicator_with_report(*, hromada: Hromada, quarter: Quarter) -> float | None:
    """Announced consultations that closed in the quarter and have a published report, as a percentage."""
    start, end = quarter.span()
    closed = Consultation.objects.filter(
        hromada=hromada, published_at__isnull=False, closes_at__gte=start, closes_at__lt=end
    )
    return percent(closed.filter(report_published_at__isnull=False).count(), closed.count())


def headline_consultations(*, hromada: Hromada, start: dt.datetime, end: dt.datetime) -> float | None:
    """Consultations open to the public at some moment of [start, end)."""
    return float(
        Consultation.objects.filter(
            hromada=hromada, published_at__isnull=False, opens_at__lt=end, closes_at__gte=start
        ).count()
    )

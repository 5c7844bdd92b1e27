"""Residents' writes: answer the survey (one answer per person; changing it is a separate action, logged),
comment on a paragraph or propose a new wording, support a proposal, write and vote on statements of the
opinion map. Every write checks the open phase and the frozen eligibility; repeated texts are refused."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.core import clock
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, ensure
from hromada.core.phases import Feature
from hromada.ledger.actions import ledger_append

from ..models import (
    STATEMENT_LIMIT,
    TEXT_LIMIT,
    Answer,
    Consultation,
    Contribution,
    ContributionKind,
    Paragraph,
    ProposalSupport,
    Question,
    QuestionKind,
    Statement,
    StatementStatus,
    StatementVote,
    SurveyResponse,
    Visibility,
)
from ._common import _folded, _require_participant, _require_phase

if TYPE_CHECKING:
    from hromada.accounts.models import User

# An option id, option ids, a number or a text; for a matrix, the column option chosen for each row option.
AnswerValue = int | str | Sequence[int] | Mapping[int, int] | None


@dataclass(frozen=True)
class SurveySaved:
    response: SurveyResponse
    created: bool


def _invalid(fields: dict[str, list[str]]) -> ApplicationError:
    return ApplicationError(_("Some answers are missing or invalid."), code="invalid_answers", fields=fields)


def _answers(consultation: Consultation, values: Mapping[int, AnswerValue]) -> list[Answer]:
    """The answer rows for ``values`` (question id → option id, option ids, scale number or text), checked
    against the questions; questions whose condition is not met are skipped."""
    questions = list(consultation.questions.prefetch_related("options"))
    known = {q.pk for q in questions}
    errors: dict[str, list[str]] = {}
    for key in values:
        if key not in known:
            errors[f"q{key}"] = [_("No such question.")]
    rows: list[Answer] = []
    chosen: set[int] = set()
    for q in questions:
        field = f"q{q.pk}"
        if q.show_if_id is not None and q.show_if_id not in chosen:
            continue  # not asked
        value = values.get(q.pk)
        if q.kind == QuestionKind.MATRIX:
            found = _matrix_answers(q, value)
            if isinstance(found, str):
                errors[field] = [found]
            else:
                rows.extend(found)
            continue
        options = {o.pk for o in q.options.all()}
        empty = value is None or value == "" or value == [] or value == ()
        if empty:
            if q.required:
                errors[field] = [_("Answer this question.")]
            continue
        if q.kind == QuestionKind.SINGLE:
            if not isinstance(value, int) or value not in options:
                errors[field] = [_("Choose one of the options.")]
                continue
            rows.append(Answer(question=q, option_id=value))
            chosen.add(value)
        elif q.kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            picked = list(value) if isinstance(value, list | tuple) else []
            if (
                not picked
                or any(not isinstance(v, int) or v not in options for v in picked)
                or len(set(picked)) != len(picked)
            ):
                errors[field] = [_("Choose among the options, each once.")]
                continue
            if q.kind == QuestionKind.RANKING and set(picked) != options:
                errors[field] = [_("Put every option in order.")]
                continue
            for rank, option_id in enumerate(picked, start=1):
                number = rank if q.kind == QuestionKind.RANKING else None
                rows.append(Answer(question=q, option_id=option_id, number=number))
                chosen.add(option_id)
        elif q.kind == QuestionKind.SCALE:
            if not isinstance(value, int) or not q.scale_min <= value <= q.scale_max:
                errors[field] = [
                    _("Choose a number from %(low)d to %(high)d.") % {"low": q.scale_min, "high": q.scale_max}
                ]
                continue
            rows.append(Answer(question=q, number=value))
        else:
            text = str(value).strip()
            if len(text) > TEXT_LIMIT:
                errors[field] = [_("At most %(limit)d characters.") % {"limit": TEXT_LIMIT}]
                continue
            if text:
                rows.append(Answer(question=q, text=text))
    if errors:
        raise _invalid(errors)
    return rows


def _matrix_answers(q: Question, value: object) -> list[Answer] | str:
    """A matrix question's answer rows (the row option, the chosen column's position), or the message
    why ``value`` (row option id → column option id) is refused. A required matrix needs every row."""
    choices, matrix_rows = q.split_options()
    columns = {o.pk: o.position for o in choices}
    given = value if isinstance(value, Mapping) else {}
    if value not in (None, "") and not isinstance(value, Mapping):
        return _("Choose one answer in each row.")
    known = {o.pk for o in matrix_rows}
    if any(key not in known for key in given):
        return _("Choose one answer in each row.")
    answers = []
    missing = 0
    for row in matrix_rows:
        chosen = given.get(row.pk)
        if chosen is None or chosen == "":
            missing += 1
            continue
        if not isinstance(chosen, int) or chosen not in columns:
            return _("Choose one answer in each row.")
        answers.append(Answer(question=q, option_id=row.pk, number=columns[chosen]))
    if q.required and missing:
        return ngettext(
            "Answer every row: %(count)d is left.", "Answer every row: %(count)d are left.", missing
        ) % {"count": missing}
    return answers


def _already_answered(consultation: Consultation) -> ConflictError:
    return ConflictError(
        _(
            "You have already answered this survey: one answer per person. You may change your answer "
            "(“Change my answer”) until the consultation closes on %(date)s."
        )
        % {"date": clock.written(consultation.closes_at)},
        code="already_answered",
    )


def _survey_open_to(consultation: Consultation, person: User) -> None:
    _require_phase(consultation, Feature.VOTE)
    _require_participant(person, consultation)
    ensure(consultation.questions.exists(), _("This consultation has no survey."), code="no_survey")


@transaction.atomic
def survey_answer(
    *, consultation: Consultation, person: User, values: Mapping[int, AnswerValue]
) -> SurveySaved:
    """Answer the survey, once. One answer per person: a second one is refused (``already_answered``,
    offering ``survey_answer_change``); the database's unique constraint decides between two concurrent
    first answers, and the one that loses is refused the same way."""
    _survey_open_to(consultation, person)
    if SurveyResponse.objects.filter(consultation=consultation, person=person).exists():
        raise _already_answered(consultation)  # before checking the answers: this is what to say
    rows = _answers(consultation, values)
    now = clock.now()
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                consultation=consultation, person=person, created_at=now, updated_at=now
            )
    except IntegrityError:
        # Another request of the same person answered first (committed while this one ran).
        raise _already_answered(consultation) from None
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    return SurveySaved(response=response, created=True)


@transaction.atomic
def survey_answer_change(
    *, consultation: Consultation, person: User, values: Mapping[int, AnswerValue]
) -> SurveySaved:
    """Change one's answer to the survey while the consultation is open: the answer's rows are replaced
    and its ``version`` counts the changes. Each change appends ``consultation.survey_answer_changed``
    (the version; the person only as a salted commitment), so changes are on the record without saying
    who or what. Without an earlier answer: ``not_answered``."""
    _survey_open_to(consultation, person)
    rows = _answers(consultation, values)
    response = (
        SurveyResponse.objects.select_for_update().filter(consultation=consultation, person=person).first()
    )
    if response is None:
        raise ConflictError(
            _("You have not answered this survey yet: send your answer first."), code="not_answered"
        )
    response.answers.all().delete()
    response.updated_at = clock.now()
    response.version += 1
    response.save(update_fields=["updated_at", "version"])
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    ledger_append(
        hromada=consultation.hromada,
        kind="consultation.survey_answer_changed",
        subject=consultation,
        payload={"version": response.version},
        people=[person],
    )
    return SurveySaved(response=response, created=False)


def _text(value: str, *, field: str, limit: int = TEXT_LIMIT) -> str:
    text = value.strip()
    ensure(text, _("Write the text."), field=field, code="empty")
    ensure(
        len(text) <= limit,
        _("At most %(limit)d characters.") % {"limit": limit},
        field=field,
        code="too_long",
    )
    return text


@transaction.atomic
def contribution_add(*, paragraph: Paragraph, person: User, text: str, replacement: str = "") -> Contribution:
    """Comment on a paragraph of a draft version, or (with ``replacement``) propose a new wording of it.
    The contribution stays attached to the version it was written on, even when a newer one follows."""
    consultation = paragraph.version.consultation
    _require_phase(consultation, Feature.CREATE)
    _require_participant(person, consultation)
    body = _text(text, field="text")
    wording = replacement.strip()
    ensure(
        len(wording) <= TEXT_LIMIT,
        _("At most %(limit)d characters.") % {"limit": TEXT_LIMIT},
        field="replacement",
    )
    repeated = Contribution.objects.filter(
        consultation=consultation, paragraph=paragraph, author=person, text=body, replacement=wording
    ).exists()
    if repeated:
        raise ConflictError(_("You have already written this here."), code="repeated")
    return Contribution.objects.create(
        consultation=consultation,
        paragraph=paragraph,
        author=person,
        kind=ContributionKind.PROPOSAL if wording else ContributionKind.COMMENT,
        text=body,
        replacement=wording,
        created_at=clock.now(),
    )


@transaction.atomic
def proposal_support(*, contribution: Contribution, person: User) -> ProposalSupport:
    """Support a proposal of another participant, once."""
    consultation = contribution.consultation
    _require_phase(consultation, Feature.SUPPORT)
    _require_participant(person, consultation)
    ensure(
        contribution.kind == ContributionKind.PROPOSAL and contribution.status == Visibility.VISIBLE,
        _("Only visible proposals can be supported."),
        code="not_proposal",
    )
    ensure(contribution.author_id != person.pk, _("You cannot support your own proposal."), code="own")
    try:
        with transaction.atomic():
            support = ProposalSupport.objects.create(
                contribution=contribution, person=person, created_at=clock.now()
            )
    except IntegrityError:
        raise ConflictError(_("You already support this proposal."), code="already_supported") from None
    # An increment, not a recount: under concurrent supports the row lock orders the increments exactly.
    Contribution.objects.filter(pk=contribution.pk).update(supports=F("supports") + 1)
    return support


@transaction.atomic
def statement_add(*, consultation: Consultation, person: User, text: str) -> Statement:
    """Add a short statement to the opinion map; the same statement twice (ignoring case, spaces and
    punctuation) is refused by the database. When the consultation's frozen rules say pre-moderation, the
    statement is shown for voting only once a moderator approves it (``statement_approve``)."""
    _require_phase(consultation, Feature.CREATE)
    _require_participant(person, consultation)
    ensure(consultation.with_opinion_map, _("This consultation has no opinion map."), code="no_map")
    body = _text(text, field="text", limit=STATEMENT_LIMIT)
    folded = _folded(body)
    # With pre-moderation the statement waits for a moderator before anyone can vote on it.
    premoderated = bool(consultation.rule("premoderate_statements"))
    try:
        with transaction.atomic():
            return Statement.objects.create(
                consultation=consultation,
                author=person,
                text=body,
                folded=folded,
                status=StatementStatus.PENDING if premoderated else StatementStatus.VISIBLE,
                created_at=clock.now(),
            )
    except IntegrityError:
        # Say where the same statement is: only one shown for voting can be voted on instead.
        there = Statement.objects.filter(consultation=consultation, folded=folded).values_list(
            "status", flat=True
        )
        status = there.first()
        if status == StatementStatus.PENDING:
            message = _("The same statement already awaits a moderator's approval.")
        elif status == StatementStatus.HIDDEN:
            message = _("The same statement was hidden by a moderator.")
        else:
            message = _("This statement is already on the map: vote on it instead.")
        raise ConflictError(message, code="duplicate") from None


@transaction.atomic
def statement_vote(*, statement: Statement, person: User, vote: int) -> StatementVote:
    """Agree (1), disagree (−1) or pass (0) on a statement; voting again changes the vote."""
    consultation = statement.consultation
    _require_phase(consultation, Feature.VOTE)
    _require_participant(person, consultation)
    ensure(vote in (-1, 0, 1), _("Agree, disagree or pass."), field="vote")
    if statement.status != Visibility.VISIBLE:
        raise NotFoundError(_("No such statement."))
    row, _created = StatementVote.objects.update_or_create(
        statement=statement,
        person=person,
        defaults={"consultation": consultation, "vote": vote, "voted_at": clock.now()},
    )
    return row

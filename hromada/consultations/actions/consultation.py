"""Officials' writes: prepare a consultation, announce it (freezing its rules), add draft versions and
survey questions, answer proposals, publish the report; the periodic recount of the opinion maps."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, ensure
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.core.tenancy import require_same_hromada
from hromada.ledger.actions import ledger_append
from hromada.ledger.jcs import JSONValue

from .. import opinion
from ..lifecycle import DRAFT_PHASES, SPLIT_PHASES, dates_problem
from ..models import (
    ROW_POSITIONS,
    Audience,
    Consultation,
    Contribution,
    ContributionKind,
    Decision,
    DraftVersion,
    OpinionMap,
    Option,
    Paragraph,
    ProposalAnswer,
    Question,
    QuestionKind,
    StatementVote,
    Subject,
    Visibility,
)
from ..permissions import prepares_consultation, runs_consultations
from ..selectors import participants
from ._common import _locked

if TYPE_CHECKING:
    from hromada.accounts.models import User
    from hromada.territory.models import Department, District


def _checked_settings(
    *,
    hromada: Hromada,
    title: str,
    summary: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    audience: str,
    district: District | None,
    department: Department | None,
    min_age: int,
    report_term_days: int,
    excluding: int | None = None,
) -> str:
    """Check a consultation's settings (the same rules when it is created and when it is changed before
    the announcement); returns the title stripped."""
    require_same_hromada(hromada, department=department, district=district)
    title = title.strip()
    ensure(title, _("Give the consultation a title."), code="title_missing", field="title")
    ensure(summary.strip(), _("Describe what is consulted."), code="summary_missing", field="summary")
    ensure(audience in Audience.values, _("Choose who may take part."), code="audience", field="audience")
    ensure(
        audience != Audience.DISTRICT or district is not None,
        _("Choose the district whose residents take part."),
        code="district_missing",
        field="district",
    )
    ensure(
        closes_at > opens_at,
        _("The consultation must close after it opens."),
        code="closes_before_opens",
        field="closes_at",
    )
    ensure(0 <= min_age <= 120, _("Give a minimum age between 0 and 120."), field="min_age")
    ensure(1 <= report_term_days <= 365, _("The report term is 1 to 365 days."), field="report_term_days")
    others = Consultation.objects.filter(hromada=hromada, title=title)
    taken = (others.exclude(pk=excluding) if excluding is not None else others).exists()
    ensure(not taken, _("A consultation with this title already exists."), code="title_taken", field="title")
    return title


@transaction.atomic
def consultation_create(
    *,
    hromada: Hromada,
    by: User,
    title: str,
    summary: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    audience: str = Audience.RESIDENTS,
    subject: str = Subject.QUESTION,
    department: Department | None = None,
    district: District | None = None,
    min_age: int = 0,
    report_term_days: int = 30,
    with_opinion_map: bool = False,
    premoderate_statements: bool = False,
    title_en: str = "",
    summary_en: str = "",
) -> Consultation:
    """An official prepares a consultation; nobody else sees it until it is announced."""
    require(runs_consultations, by, hromada)
    title = _checked_settings(
        hromada=hromada,
        title=title,
        summary=summary,
        opens_at=opens_at,
        closes_at=closes_at,
        audience=audience,
        district=district,
        department=department,
        min_age=min_age,
        report_term_days=report_term_days,
    )
    return Consultation.objects.create(
        hromada=hromada,
        title=title,
        title_en=title_en.strip(),
        summary=summary.strip(),
        summary_en=summary_en.strip(),
        subject=subject,
        department=department,
        audience=audience,
        district=district if audience == Audience.DISTRICT else None,
        min_age=min_age,
        opens_at=opens_at,
        closes_at=closes_at,
        report_term_days=report_term_days,
        with_opinion_map=with_opinion_map,
        premoderate_statements=premoderate_statements,
    )


def _require_draft(consultation: Consultation) -> None:
    ensure(
        consultation.published_at is None,
        _("The consultation is announced: its survey and rules can no longer change."),
        code="frozen",
    )


def _preparing(consultation: Consultation, by: User) -> Consultation:
    """The consultation locked for a change before its announcement, by someone who may prepare it."""
    consultation = _locked(consultation)
    require(prepares_consultation, by, consultation)
    _require_draft(consultation)
    return consultation


@transaction.atomic
def consultation_update(
    *,
    consultation: Consultation,
    by: User,
    title: str,
    summary: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    audience: str,
    subject: str,
    department: Department | None = None,
    district: District | None = None,
    min_age: int = 0,
    report_term_days: int = 30,
    with_opinion_map: bool = False,
    premoderate_statements: bool = False,
    title_en: str = "",
    summary_en: str = "",
) -> Consultation:
    """Change the settings and dates of a consultation not yet announced (the same checks as
    ``consultation_create``); once announced its rules are frozen and this is refused."""
    consultation = _preparing(consultation, by)
    if department is not None and department.pk != consultation.department_id:
        # Handing the consultation to another department: the new one must be the hromada's, and
        # whoever hands it over keeps no right they did not have.
        require(runs_consultations, by, consultation.hromada)
    title = _checked_settings(
        hromada=consultation.hromada,
        title=title,
        summary=summary,
        opens_at=opens_at,
        closes_at=closes_at,
        audience=audience,
        district=district,
        department=department,
        min_age=min_age,
        report_term_days=report_term_days,
        excluding=consultation.pk,
    )
    ensure(subject in Subject.values, _("Choose the subject."), field="subject")
    consultation.title = title
    consultation.title_en = title_en.strip()
    consultation.summary = summary.strip()
    consultation.summary_en = summary_en.strip()
    consultation.subject = subject
    consultation.department = department
    consultation.audience = audience
    consultation.district = district if audience == Audience.DISTRICT else None
    consultation.min_age = min_age
    consultation.opens_at = opens_at
    consultation.closes_at = closes_at
    consultation.report_term_days = report_term_days
    consultation.with_opinion_map = with_opinion_map
    consultation.premoderate_statements = premoderate_statements
    consultation.save()
    return consultation


@transaction.atomic
def consultation_delete(*, consultation: Consultation, by: User) -> str:
    """Delete a consultation still being prepared, with its survey, draft and hearings; nobody outside
    the officials has seen it. Once announced it is public and in the transparency log, and this is
    refused (``frozen``). Returns the deleted consultation's title."""
    consultation = _preparing(consultation, by)
    title = consultation.title
    consultation.delete()
    return title


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING, QuestionKind.MATRIX)
MATRIX_ROWS = 30
CHOICES_MAX = 50  # well below ROW_POSITIONS, after which an option is a matrix row
# The kinds whose options another question may depend on (``show_if``).
CONDITION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


def _checked_question(
    *,
    consultation: Consultation,
    kind: str,
    text: str,
    options: Sequence[str],
    scale: tuple[int, int],
    show_if: Option | None,
    before: int | None,
    rows: Sequence[str] = (),
    options_en: Sequence[str] | None = None,
    rows_en: Sequence[str] | None = None,
) -> tuple[list[str], list[str], list[str] | None, list[str] | None]:
    """Check a question's fields; returns its options (a matrix's columns) and a matrix's rows, cleaned,
    and their English texts (by position, "" for none; None when not given). ``before`` is the position
    the condition's question must precede (None for a new question, which goes last)."""
    errors: dict[str, list[str]] = {}
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose the kind of question.")]
    if not text.strip():
        errors["text"] = [_("Write the question.")]
    choices = [o.strip() for o in options if o.strip()]
    if kind in CHOICE_KINDS:
        if len(choices) < 2:
            errors["options"] = [_("A question with choices needs at least two options.")]
        elif len({c.casefold() for c in choices}) != len(choices):
            errors["options"] = [_("Each option once.")]
        elif len(choices) > CHOICES_MAX:
            errors["options"] = [_("A question has at most %(count)d options.") % {"count": CHOICES_MAX}]
        elif any(len(c) > 300 for c in choices):
            errors["options"] = [_("An option has at most 300 characters.")]
    else:
        choices = []
    lines = [r.strip() for r in rows if r.strip()]
    if kind == QuestionKind.MATRIX:
        if not lines:
            errors["rows"] = [_("A matrix needs at least one row.")]
        elif len(lines) > MATRIX_ROWS:
            errors["rows"] = [_("A matrix has at most %(count)d rows.") % {"count": MATRIX_ROWS}]
        elif len({r.casefold() for r in lines}) != len(lines):
            errors["rows"] = [_("Each row once.")]
        elif any(len(r) > 300 for r in lines):
            errors["rows"] = [_("A row has at most 300 characters.")]
    else:
        lines = []
    english = {}
    for name, texts, given in (("options_en", choices, options_en), ("rows_en", lines, rows_en)):
        english[name] = _english(texts, given, errors, name)
    if scale[1] <= scale[0]:
        errors["scale_max"] = [_("The scale must go up.")]
    if show_if is not None:
        condition = show_if.question
        if condition.consultation_id != consultation.pk or (
            before is not None and condition.position >= before
        ):
            errors["show_if"] = [_("A question can depend only on an earlier question of the same survey.")]
        elif condition.kind not in CONDITION_KINDS:
            errors["show_if"] = [_("A question can depend only on a question of one or several choices.")]
    if errors:
        raise ApplicationError(_("Please correct the marked fields."), code="invalid_question", fields=errors)
    return choices, lines, english["options_en"], english["rows_en"]


def _english(
    texts: list[str], given: Sequence[str] | None, errors: dict[str, list[str]], name: str
) -> list[str] | None:
    """The English texts of options (or rows), one per option by position ("" leaves one without);
    None when none were given (the action then keeps the English of the options whose text stays)."""
    if given is None:
        return None
    if not texts:  # a kind without options (or rows): their English goes with them
        return []
    english = [line.strip() for line in given]
    while english and not english[-1]:
        english.pop()
    if len(english) > len(texts):
        errors[name] = [
            _("Give at most one English line per option (%(count)d); leave a line empty for none.")
            % {"count": len(texts)}
        ]
    elif any(len(line) > 300 for line in english):
        errors[name] = [_("An option has at most 300 characters.")]
    return english + [""] * (len(texts) - len(english))


@transaction.atomic
def question_add(
    *,
    consultation: Consultation,
    by: User,
    kind: str,
    text: str,
    options: Sequence[str] = (),
    required: bool = True,
    scale: tuple[int, int] = (1, 5),
    show_if: Option | None = None,
    text_en: str = "",
    rows: Sequence[str] = (),
    options_en: Sequence[str] | None = None,
    rows_en: Sequence[str] | None = None,
) -> Question:
    """Add a question to the survey of a consultation not yet announced; ``show_if`` makes it
    conditional on an option of an earlier question. A matrix takes ``rows``, each answered with one of
    the shared ``options``. ``options_en`` and ``rows_en`` are their English texts, by position."""
    consultation = _preparing(consultation, by)
    choices, lines, choices_en, lines_en = _checked_question(
        consultation=consultation,
        kind=kind,
        text=text,
        options=options,
        scale=scale,
        show_if=show_if,
        before=None,
        rows=rows,
        options_en=options_en,
        rows_en=rows_en,
    )
    position = (consultation.questions.aggregate(top=Max("position"))["top"] or 0) + 1
    question = Question.objects.create(
        consultation=consultation,
        position=position,
        kind=kind,
        text=text.strip(),
        text_en=text_en.strip(),
        required=required and show_if is None,
        scale_min=scale[0],
        scale_max=scale[1],
        show_if=show_if,
    )
    _options_replace(question, choices, choices_en, rows=False)
    _options_replace(question, lines, lines_en, rows=True)
    return question


def _options_replace(question: Question, texts: list[str], texts_en: list[str] | None, *, rows: bool) -> None:
    """Make the question's options (or a matrix's rows) ``texts``, by position: an option keeps its row
    while it stays; one another question depends on cannot go. ``texts_en`` gives their English texts;
    without it an option whose text changes loses its English (it translated the old words)."""
    old = question.split_options().rows if rows else question.split_options().choices
    _refuse_dependants(_dependants(old[len(texts) :]))
    english = texts_en if texts_en is not None else [""] * len(texts)
    for option, text, text_en in zip(old, texts, english, strict=False):
        wanted_en = text_en if texts_en is not None else (option.text_en if option.text == text else "")
        if option.text != text or option.text_en != wanted_en:
            option.text = text
            option.text_en = wanted_en
            option.save(update_fields=["text", "text_en"])
    Option.objects.filter(pk__in=[o.pk for o in old[len(texts) :]]).delete()
    start = ROW_POSITIONS if rows else 0
    Option.objects.bulk_create(
        Option(question=question, position=start + n, text=text, text_en=english[n - 1])
        for n, text in enumerate(texts[len(old) :], start=len(old) + 1)
    )


def _dependants(options: Iterable[Option]) -> list[Question]:
    return list(Question.objects.filter(show_if__in=list(options)).order_by("position"))


def _refuse_dependants(dependants: list[Question]) -> None:
    if dependants:
        numbers = ", ".join(str(q.position) for q in dependants)
        raise ConflictError(
            _("Question %(numbers)s depends on an option that would disappear: change or remove it first.")
            % {"numbers": numbers},
            code="has_dependants",
        )


def _question_of(consultation: Consultation, question: Question) -> Question:
    found = Question.objects.filter(consultation=consultation, pk=question.pk).first()
    if found is None:
        raise NotFoundError(_("There is no such question."))
    return found


@transaction.atomic
def question_update(
    *,
    question: Question,
    by: User,
    kind: str,
    text: str,
    options: Sequence[str] = (),
    required: bool = True,
    scale: tuple[int, int] = (1, 5),
    show_if: Option | None = None,
    text_en: str = "",
    rows: Sequence[str] = (),
    options_en: Sequence[str] | None = None,
    rows_en: Sequence[str] | None = None,
) -> Question:
    """Change a question of a consultation not yet announced. Its options are replaced by position (an
    option keeps its row while it stays, so a question depending on it keeps its condition); an option
    another question depends on cannot be removed. ``options_en`` / ``rows_en`` set their English texts
    by position; when not given, an option whose text changes loses its English."""
    consultation = _preparing(question.consultation, by)
    question = _question_of(consultation, question)
    choices, lines, choices_en, lines_en = _checked_question(
        consultation=consultation,
        kind=kind,
        text=text,
        options=options,
        scale=scale,
        show_if=show_if,
        before=question.position,
        rows=rows,
        options_en=options_en,
        rows_en=rows_en,
    )
    _options_replace(question, choices, choices_en, rows=False)
    _options_replace(question, lines, lines_en, rows=True)
    question.kind = kind
    question.text = text.strip()
    question.text_en = text_en.strip()
    question.required = required and show_if is None
    question.scale_min, question.scale_max = scale
    question.show_if = show_if
    question.save()
    return question


@transaction.atomic
def question_remove(*, question: Question, by: User) -> Consultation:
    """Remove a question of a consultation not yet announced; the later ones move up. A question others
    depend on is removed only after them."""
    consultation = _preparing(question.consultation, by)
    question = _question_of(consultation, question)
    _refuse_dependants(_dependants(question.options.all()))
    position = question.position
    question.delete()
    for later in consultation.questions.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    return consultation


@transaction.atomic
def question_move(*, question: Question, by: User, up: bool) -> Question:
    """Move a question of a consultation not yet announced one place up or down. A conditional question
    stays after the question it depends on."""
    consultation = _preparing(question.consultation, by)
    question = _question_of(consultation, question)
    neighbours = consultation.questions.select_related("show_if")
    other = (
        neighbours.filter(position__lt=question.position).order_by("-position").first()
        if up
        else neighbours.filter(position__gt=question.position).order_by("position").first()
    )
    ensure(other is not None, _("The question is already there."), code="edge")
    assert other is not None
    first, second = (other, question) if up else (question, other)
    depends = second.show_if is not None and second.show_if.question_id == first.pk
    ensure(
        not depends,
        _("A conditional question stays after the question it depends on."),
        code="condition_order",
    )
    a, b = question.position, other.position
    Question.objects.filter(pk=question.pk).update(position=0)
    Question.objects.filter(pk=other.pk).update(position=a)
    Question.objects.filter(pk=question.pk).update(position=b)
    question.position = b
    return question


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


@transaction.atomic
def draft_version_add(*, consultation: Consultation, by: User, text: str, note: str = "") -> DraftVersion:
    """Publish a (new) version of the draft text, split into numbered paragraphs at blank lines. Older
    versions and the comments on them stay as they were."""
    consultation = _locked(consultation)
    require(prepares_consultation, by, consultation)
    now = clock.now()
    ensure(
        consultation.phase(now) in DRAFT_PHASES,
        _("The consultation is closed: the draft can no longer change."),
        code="closed",
    )
    parts = _split(text)
    ensure(parts, _("The draft has no text."), field="text")
    number = (consultation.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = DraftVersion.objects.create(
        consultation=consultation, number=number, note=note.strip(), created_at=now
    )
    Paragraph.objects.bulk_create(
        Paragraph(version=version, number=n, text=part) for n, part in enumerate(parts, start=1)
    )
    if consultation.published_at is not None:
        ledger_append(
            hromada=consultation.hromada,
            kind="consultation.draft_version",
            subject=consultation,
            payload={
                "version": number,
                "paragraphs": len(parts),
                "text_sha256": hashlib.sha256("\n\n".join(parts).encode()).hexdigest(),
            },
        )
    return version


@transaction.atomic
def draft_version_update(*, version: DraftVersion, by: User, text: str, note: str = "") -> DraftVersion:
    """Change a version's text and its split into paragraphs (at blank lines) before the consultation
    opens, while nobody can have commented on it. Once announced, the change is logged with the new
    text's hash, as the version itself was; once open, a new version is the way (``draft_version_add``)."""
    consultation = _locked(version.consultation)
    require(prepares_consultation, by, consultation)
    found = DraftVersion.objects.select_for_update().filter(consultation=consultation, pk=version.pk).first()
    if found is None:
        raise NotFoundError(_("There is no such version."))
    version = found
    now = clock.now()
    ensure(
        consultation.phase(now) in SPLIT_PHASES
        and not Contribution.objects.filter(paragraph__version=version).exists(),
        _("The consultation is open: add a new version of the draft instead."),
        code="opened",
    )
    parts = _split(text)
    ensure(parts, _("The draft has no text."), field="text")
    version.paragraphs.all().delete()
    Paragraph.objects.bulk_create(
        Paragraph(version=version, number=n, text=part) for n, part in enumerate(parts, start=1)
    )
    version.note = note.strip()
    version.created_at = now  # the text as published now (and a new key for the page's cached section)
    version.save(update_fields=["note", "created_at"])
    if consultation.published_at is not None:
        ledger_append(
            hromada=consultation.hromada,
            kind="consultation.draft_version_changed",
            subject=consultation,
            payload={
                "version": version.number,
                "paragraphs": len(parts),
                "text_sha256": hashlib.sha256("\n\n".join(parts).encode()).hexdigest(),
            },
        )
    return version


@transaction.atomic
def consultation_announce(*, consultation: Consultation, by: User) -> Consultation:
    """Publish the consultation: its rules (who may take part, the dates, the report term) are frozen now
    and recorded in the transparency log."""
    consultation = _preparing(consultation, by)
    now = clock.now()
    problem = dates_problem(
        opens_at=consultation.opens_at, closes_at=consultation.closes_at, published_at=now
    )
    ensure(problem is None, _("The consultation cannot open before it is announced."), code=problem)
    has_format = (
        consultation.with_opinion_map
        or consultation.questions.exists()
        or consultation.versions.exists()
        or consultation.hearings.exists()
    )
    ensure(has_format, _("Add a survey, a draft text, a hearing or an opinion map first."), code="no_format")
    ensure(
        not consultation.hearings.filter(starts_at__lt=consultation.opens_at).exists()
        and not consultation.hearings.filter(starts_at__gt=consultation.closes_at).exists(),
        _("A hearing falls outside the consultation's dates: change the hearing first."),
        code="hearing_dates",
    )
    rules: dict[str, JSONValue] = {
        "audience": consultation.audience,
        "district_id": consultation.district_id,
        "min_age": consultation.min_age,
        "opens_at": consultation.opens_at.isoformat(),
        "closes_at": consultation.closes_at.isoformat(),
        "report_term_days": consultation.report_term_days,
        "premoderate_statements": consultation.with_opinion_map and consultation.premoderate_statements,
        "hearings": [
            {"starts_at": h.starts_at.isoformat(), "ends_at": h.ends_at.isoformat(), "places": h.capacity}
            for h in consultation.hearings.all()
        ],
    }
    consultation.frozen_rules = rules
    consultation.published_at = now
    consultation.save(update_fields=["frozen_rules", "published_at", "updated_at"])
    ledger_append(
        hromada=consultation.hromada,
        kind="consultation.announced",
        subject=consultation,
        payload={"title": consultation.title, "rules": rules},
    )
    return consultation


@transaction.atomic
def proposal_answer(*, contribution: Contribution, by: User, decision: str, reasons: str) -> ProposalAnswer:
    """The department answers a proposal once: accepted, partly accepted or rejected, with reasons. The
    answer is written in the transparency log and the author is told."""
    consultation = _locked(contribution.consultation)
    require(runs_consultations, by, consultation.hromada)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    ensure(
        contribution.kind == ContributionKind.PROPOSAL, _("Only proposals are answered."), code="not_proposal"
    )
    ensure(decision in Decision.values, _("Choose the decision."), field="decision")
    reasons = reasons.strip()
    ensure(reasons, _("Give the reasons of the decision."), field="reasons", code="reasons_missing")
    ensure(consultation.report_published_at is None, _("The report is published."), code="reported")
    if ProposalAnswer.objects.filter(contribution=contribution).exists():
        raise ConflictError(_("This proposal has already been answered."), code="answered")
    now = clock.now()
    receipt = ledger_append(
        hromada=consultation.hromada,
        kind="consultation.proposal_answered",
        subject=consultation,
        payload={
            "proposal": contribution.pk,
            "paragraph": contribution.paragraph.number,
            "version": contribution.paragraph.version.number,
            "proposal_sha256": hashlib.sha256(contribution.replacement.encode()).hexdigest(),
            "decision": decision,
            "reasons_sha256": hashlib.sha256(reasons.encode()).hexdigest(),
        },
    )
    answer = ProposalAnswer.objects.create(
        contribution=contribution,
        decision=decision,
        reasons=reasons,
        answered_at=now,
        receipt_id=receipt.receipt_id,
    )
    notify_on_commit(
        hromada=consultation.hromada,
        recipients=[contribution.author],
        kind="consultations.proposal_answered",
        params={"decision": decision, "title": consultation.title},
        url=consultation.get_absolute_url(),
    )
    return answer


@transaction.atomic
def report_publish(*, consultation: Consultation, by: User, summary: str) -> Consultation:
    """Publish the report once the consultation has closed and every visible proposal is answered; the
    participants are told. A report after its term is published and marked late."""
    consultation = _locked(consultation)
    require(runs_consultations, by, consultation.hromada)
    now = clock.now()
    closed = consultation.published_at is not None and now >= consultation.closes_at
    ensure(
        closed and consultation.report_published_at is None,
        _("The report follows the close."),
        code="not_closed",
    )
    ensure(summary.strip(), _("Write the report's summary."), field="summary")
    unanswered = Contribution.objects.filter(
        consultation=consultation,
        kind=ContributionKind.PROPOSAL,
        status=Visibility.VISIBLE,
        answer__isnull=True,
    ).count()
    ensure(
        unanswered == 0,
        _("Answer every proposal first (%(count)d left).") % {"count": unanswered},
        code="unanswered",
    )
    consultation.report_summary = summary.strip()
    consultation.report_published_at = now
    consultation.save(update_fields=["report_summary", "report_published_at", "updated_at"])
    answers = ProposalAnswer.objects.filter(contribution__consultation=consultation)
    counts = dict(answers.values_list("decision").annotate(n=Count("pk")).values_list("decision", "n"))
    ledger_append(
        hromada=consultation.hromada,
        kind="consultation.report_published",
        subject=consultation,
        payload={
            "summary_sha256": hashlib.sha256(consultation.report_summary.encode()).hexdigest(),
            "proposals": sum(counts.values()),
            "decisions": {k: int(v) for k, v in sorted(counts.items())},
            "on_time": bool(consultation.report_on_time),
        },
    )
    notify_on_commit(
        hromada=consultation.hromada,
        recipients=participants(consultation=consultation),
        kind="consultations.report_published",
        params={"title": consultation.title},
        url=consultation.get_absolute_url() + "report/",
    )
    return consultation


@dataclass(frozen=True)
class MapsRecount:
    computed: int
    skipped: int


def _votes_seen(consultation: Consultation) -> str:
    row = StatementVote.objects.filter(consultation=consultation).aggregate(
        n=Count("pk"), last=Max("voted_at")
    )
    last = row["last"].isoformat() if row["last"] else "-"
    return f"{row['n']}:{last}"


@transaction.atomic
def opinion_map_compute(*, consultation: Consultation) -> OpinionMap:
    """Group the participants of a consultation's opinion map by their votes (``opinion.groups``) and store
    the result; the same votes give the same groups."""
    consultation = _locked(consultation)
    votes = StatementVote.objects.filter(
        consultation=consultation, statement__status=Visibility.VISIBLE
    ).values_list("person_id", "statement_id", "vote")
    result = opinion.as_json(opinion.groups(votes.iterator(chunk_size=10_000)))
    stored, _created = OpinionMap.objects.update_or_create(
        consultation=consultation,
        defaults={"computed_at": clock.now(), "votes_seen": _votes_seen(consultation), "result": result},
    )
    return stored


def opinion_maps_recount() -> MapsRecount:
    """The periodic job: recompute the maps of open (and just closed) consultations whose votes changed
    since the last run."""
    now = clock.now()
    since = now - dt.timedelta(days=2)
    wanted = Consultation.objects.filter(
        with_opinion_map=True, published_at__isnull=False, opens_at__lte=now, closes_at__gte=since
    ).select_related("opinion_map")
    computed = skipped = 0
    for consultation in wanted:
        stored = getattr(consultation, "opinion_map", None)
        if stored is not None and stored.votes_seen == _votes_seen(consultation):
            skipped += 1
            continue
        opinion_map_compute(consultation=consultation)
        computed += 1
    return MapsRecount(computed=computed, skipped=skipped)

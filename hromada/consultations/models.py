"""Consultations and what residents contribute to them. Each row belongs to one hromada (``TenantModel``)
or to a consultation that does; what the database can hold is a constraint in ``Meta``."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core import phases as core_phases
from hromada.core.models import TenantModel
from hromada.core.moderation import ProhibitedContent
from hromada.core.phases import Feature

from .eligibility import Audience as AudienceCode
from .lifecycle import Dates, Phase, phase_at

TEXT_LIMIT = 2000
STATEMENT_LIMIT = 280
# The names of those who came to a hearing without registration are personal data kept only to back the
# attendance count: the periodic job ``consultations.walk_in_names`` deletes them this long after the
# hearing ends (``walk_in_names_erase_due``); the count stays.
WALK_IN_NAMES_KEPT = dt.timedelta(days=90)


class Audience(models.TextChoices):
    ANYONE = AudienceCode.ANYONE.value, _("anyone with an account")
    REGISTERED = AudienceCode.REGISTERED.value, _("people with a confirmed e-mail or phone")
    RESIDENTS = AudienceCode.RESIDENTS.value, _("residents of the hromada")
    DISTRICT = AudienceCode.DISTRICT.value, _("residents of one district")


class Subject(models.TextChoices):
    DRAFT_DECISION = "draft_decision", _("draft decision")
    PLAN = "plan", _("plan or programme")
    QUESTION = "question", _("question")


class Consultation(TenantModel):
    """A public consultation on a draft decision, a plan or a question; its rules and dates are frozen
    when it is published (announced)."""

    title = models.CharField(_("title"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    summary = models.TextField(_("what is consulted"))
    summary_en = models.TextField(_("summary in English"), blank=True)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices, default=Subject.QUESTION)
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    audience = models.CharField(_("who may take part"), max_length=20, choices=Audience.choices)
    district = models.ForeignKey(
        "territory.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=0)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    with_opinion_map = models.BooleanField(_("opinion map"), default=False)
    # Pre-moderation: a new statement of the opinion map is shown for voting only once a moderator has
    # approved it (otherwise at once, and moderated afterwards). Frozen at the announcement.
    premoderate_statements = models.BooleanField(_("statements shown after moderation"), default=False)
    report_term_days = models.PositiveSmallIntegerField(_("days to publish the report"), default=30)
    published_at = models.DateTimeField(_("announced"), null=True, blank=True)
    # The rules as they were when the consultation was announced; eligibility reads these, never the
    # editable columns above.
    frozen_rules = models.JSONField(_("rules frozen at publication"), null=True, blank=True)
    report_summary = models.TextField(_("report"), blank=True)
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "title"], name="consultations_title_unique"),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="consultations_audience_known"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultations_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=~Q(audience=Audience.DISTRICT) | Q(district__isnull=False),
                name="consultations_district_audience_has_district",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(frozen_rules__isnull=False),
                name="consultations_published_rules_frozen",
            ),
            models.CheckConstraint(
                condition=Q(report_published_at__isnull=True) | Q(published_at__isnull=False),
                name="consultations_report_after_publication",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def phase(self, at: dt.datetime) -> Phase:
        return phase_at(
            Dates(
                published_at=self.published_at,
                opens_at=self.opens_at,
                closes_at=self.closes_at,
                report_published_at=self.report_published_at,
            ),
            at,
        )

    def phase_key(self, at: dt.datetime) -> str:
        return f"consultations:{self.phase(at).value}"

    def allows(self, feature: Feature, at: dt.datetime) -> bool:
        """Whether the phase running at ``at`` switches ``feature`` on (docs/adr/0002)."""
        return core_phases.allows(self.phase_key(at), feature)

    @property
    def report_due_at(self) -> dt.datetime:
        return self.closes_at + dt.timedelta(days=self.report_term_days)

    @property
    def report_on_time(self) -> bool | None:
        if self.report_published_at is None:
            return None
        return self.report_published_at <= self.report_due_at

    def rule(self, name: str) -> Any:
        return (self.frozen_rules or {}).get(name)


# ------------------------------------------------------------------------------------------------ survey


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("one choice")
    MULTIPLE = "multiple", _("several choices")
    SCALE = "scale", _("scale")
    RANKING = "ranking", _("ranking")
    TEXT = "text", _("free text")
    MATRIX = "matrix", _("matrix (rows on a shared scale)")


# A matrix question's rows are options too, numbered after this so that its columns (the shared
# choices, numbered from 1) and its rows never share a position: the position alone says which is which.
ROW_POSITIONS = 1000


class SplitOptions(NamedTuple):
    choices: list[Option]
    rows: list[Option]


class Question(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    text_en = models.CharField(_("question in English"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    # Asked only when the answer to an earlier question chose this option.
    show_if = models.ForeignKey(
        "Option",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked when"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="consultations_question_position"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="consultations_question_kind"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="consultations_scale_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def split_options(self) -> SplitOptions:
        """The question's choices (a matrix's columns) and a matrix's rows, each in order; reads
        ``options.all()``, so a ``prefetch_related("options")`` serves every question."""
        split = SplitOptions([], [])
        for option in self.options.all():
            (split.rows if option.is_row else split.choices).append(option)
        return split


class Option(models.Model):
    """A choice of a question; of a matrix question, either a column (a choice of the shared scale) or,
    positioned after ``ROW_POSITIONS``, a row, each answered with one column."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("option"), max_length=300)
    text_en = models.CharField(_("option in English"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="consultations_option_position"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_row(self) -> bool:
        """A matrix row, not a choice (see ``ROW_POSITIONS``)."""
        return self.position > ROW_POSITIONS


class SurveyResponse(models.Model):
    """One person's answers to a consultation's survey: one per person (the constraint), editable while
    the consultation is open."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("answered"))
    updated_at = models.DateTimeField(_("changed"))
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "person"], name="consultations_one_response_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.pk}"


class Answer(models.Model):
    """One answer to one question: the chosen option (one row per option for several choices; with its
    rank for a ranking), a number on the scale, or a text. For a matrix, one answer per matrix row: the
    option is the row and the number the position of the column chosen for it."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    number = models.SmallIntegerField(_("number"), null=True, blank=True)  # scale value or rank
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "option"], name="consultations_answer_option_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


# ------------------------------------------------------------------------------------------------- draft


class DraftVersion(models.Model):
    """One version of the draft text; a new version never changes the paragraphs of an older one, so a
    comment stays attached to the words it was written on."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="consultations_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.number}"


class Paragraph(models.Model):
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveSmallIntegerField(_("paragraph"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="consultations_paragraph_number"),
        ]

    def __str__(self) -> str:
        return f"§{self.number}"


class ContributionKind(models.TextChoices):
    COMMENT = "comment", _("comment")
    PROPOSAL = "proposal", _("proposal of a new wording")


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("hidden by a moderator")


class Contribution(models.Model):
    """A comment on a paragraph, or a proposal to replace its wording (which the department answers)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="contributions")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.PROTECT, related_name="contributions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContributionKind.choices)
    text = models.TextField(_("text"))
    replacement = models.TextField(_("proposed wording"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    hidden_reason = models.CharField(
        _("hidden because"), max_length=30, choices=ProhibitedContent.choices, blank=True
    )
    supports = models.PositiveIntegerField(_("supports"), default=0)
    created_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("comment or proposal")
        verbose_name_plural = _("comments and proposals")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "paragraph", "created_at"], name="consult_contrib_para")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContributionKind.values), name="consultations_contribution_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind=ContributionKind.COMMENT) | ~Q(replacement=""),
                name="consultations_proposal_has_wording",
            ),
            models.CheckConstraint(
                condition=Q(status=Visibility.VISIBLE, hidden_reason="")
                | Q(status=Visibility.HIDDEN) & ~Q(hidden_reason=""),
                name="consultations_hidden_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ProposalSupport(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="support_rows")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("supported"))

    class Meta:
        verbose_name = _("support of a proposal")
        verbose_name_plural = _("supports of proposals")
        constraints = [
            models.UniqueConstraint(fields=["contribution", "person"], name="consultations_support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    REJECTED = "rejected", _("rejected")


class ProposalAnswer(models.Model):
    """The department's answer to one proposal; written once (each answer is in the transparency log, so
    the report cannot be quietly rewritten)."""

    contribution = models.OneToOneField(Contribution, on_delete=models.PROTECT, related_name="answer")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasons = models.TextField(_("reasons"))
    answered_at = models.DateTimeField(_("answered"))
    receipt_id = models.BigIntegerField(_("transparency log receipt"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer to a proposal")
        verbose_name_plural = _("answers to proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="consultations_decision_known"
            ),
            models.CheckConstraint(condition=~Q(reasons=""), name="consultations_answer_has_reasons"),
        ]

    def __str__(self) -> str:
        return self.get_decision_display()


# ------------------------------------------------------------------------------------------- opinion map


class StatementStatus(models.TextChoices):
    """A statement's state: the values of ``Visibility`` and, with pre-moderation, "awaiting moderation"."""

    PENDING = "pending", _("awaiting moderation")
    VISIBLE = "visible", _("visible")
    HIDDEN = "hidden", _("hidden by a moderator")


class Statement(models.Model):
    """A short statement of the opinion map; others vote agree / disagree / pass on it."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements", verbose_name=_("consultation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.CharField(_("statement"), max_length=STATEMENT_LIMIT)
    # The text folded (case, spaces, punctuation): the same statement twice is refused by the database.
    folded = models.CharField(_("folded text"), max_length=STATEMENT_LIMIT, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=StatementStatus.choices, default=StatementStatus.VISIBLE
    )
    hidden_reason = models.CharField(
        _("hidden because"), max_length=30, choices=ProhibitedContent.choices, blank=True
    )
    created_at = models.DateTimeField(_("written"))
    # When a moderator approved or rejected it; None: not looked at yet (the moderators' queue).
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "folded"], name="consultations_statement_once"),
            models.CheckConstraint(
                condition=Q(status__in=[StatementStatus.VISIBLE, StatementStatus.PENDING], hidden_reason="")
                | Q(status=StatementStatus.HIDDEN) & ~Q(hidden_reason=""),
                name="consultations_statement_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=StatementStatus.PENDING) | Q(moderated_at__isnull=True),
                name="consultations_statement_pending_unmoderated",
            ),
        ]
        indexes = [
            # The moderators' queue: the statements not looked at yet, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(moderated_at__isnull=True),
                name="consultations_statement_queue",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class StatementVote(models.Model):
    class Choice(models.IntegerChoices):
        AGREE = 1, _("agree")
        PASS = 0, _("pass")
        DISAGREE = -1, _("disagree")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    vote = models.SmallIntegerField(_("vote"), choices=Choice.choices)
    voted_at = models.DateTimeField(_("voted"))

    class Meta:
        verbose_name = _("vote on a statement")
        verbose_name_plural = _("votes on statements")
        indexes = [models.Index(fields=["consultation", "voted_at"], name="consult_vote_recent")]
        constraints = [
            models.UniqueConstraint(fields=["statement", "person"], name="consultations_vote_once"),
            models.CheckConstraint(condition=Q(vote__in=[-1, 0, 1]), name="consultations_vote_known"),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.vote}"


class OpinionMap(models.Model):
    """The opinion groups last computed from the votes (``opinion.py``), by the periodic job."""

    consultation = models.OneToOneField(Consultation, on_delete=models.CASCADE, related_name="opinion_map")
    computed_at = models.DateTimeField(_("computed"))
    votes_seen = models.CharField(max_length=80)  # what the votes were (count and last vote), to skip a rerun
    result = models.JSONField(_("groups"))

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")

    def __str__(self) -> str:
        return f"{self.consultation_id}"


# ---------------------------------------------------------------------------------------- public hearing


def minutes_path(instance: Hearing, filename: str) -> str:
    return f"consultations/{instance.consultation.hromada_id}/minutes/{filename}"


class Hearing(models.Model):
    """A public hearing (a meeting, in a hall or online) of a consultation: places limited, registration
    with a waiting list, minutes published by the department afterwards."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="hearings")
    title = models.CharField(_("title"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_document = models.FileField(_("minutes document"), upload_to=minutes_path, blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published"), null=True, blank=True)
    minutes_receipt_id = models.BigIntegerField(_("transparency log receipt"), null=True, blank=True)
    # When the department last ticked off who came (``hearing_attendance_mark``); None: not taken yet.
    attendance_taken_at = models.DateTimeField(_("attendance taken"), null=True, blank=True)
    # People who came without a registration (no account needed), recorded with the attendance: how many,
    # and those of them who gave their name (one per line; seen only by the department, never public).
    walk_ins = models.PositiveIntegerField(_("came without registration"), default=0)
    walk_in_names = models.TextField(_("names of those who came without registration"), blank=True)
    # When the names were deleted at the end of their retention term (WALK_IN_NAMES_KEPT); the count stays.
    walk_in_names_erased_at = models.DateTimeField(_("names deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("public hearing")
        verbose_name_plural = _("public hearings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="consultations_hearing_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="consultations_hearing_has_places"),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="consultations_hearing_has_place"
            ),
            models.CheckConstraint(
                condition=Q(minutes_published_at__isnull=True) | ~Q(minutes=""),
                name="consultations_hearing_minutes_have_text",
            ),
            models.CheckConstraint(
                condition=Q(walk_in_names="") | Q(walk_ins__gt=0),
                name="consultations_hearing_named_walk_ins_came",
            ),
            models.CheckConstraint(
                condition=Q(walk_in_names_erased_at__isnull=True) | Q(walk_in_names=""),
                name="consultations_hearing_erased_names_gone",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def walk_in_names_until(self) -> dt.datetime:
        """When the names of the walk-ins are deleted: ``WALK_IN_NAMES_KEPT`` after the hearing ends."""
        return self.ends_at + WALK_IN_NAMES_KEPT


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("place confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class HearingRegistration(models.Model):
    """One person's registration for a hearing: a place, or a turn on the waiting list (ordered by
    ``registered_at``); cancelling frees the place for the first one waiting."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    registered_at = models.DateTimeField(_("registered"))
    changed_at = models.DateTimeField(_("changed"))
    # Ticked off on the attendance list: the person came (only a confirmed place can be).
    attended_at = models.DateTimeField(_("came"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration for a hearing")
        verbose_name_plural = _("registrations for hearings")
        indexes = [models.Index(fields=["hearing", "status", "registered_at"], name="consult_hearing_queue")]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "person"], name="consultations_register_once"),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values), name="consultations_registration_status"
            ),
            models.CheckConstraint(
                condition=Q(attended_at__isnull=True) | Q(status=RegistrationStatus.CONFIRMED),
                name="consultations_attended_had_a_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hearing_id}: {self.status}"


class HearingReminder(models.Model):
    """The once-marker of the reminder a confirmed registrant gets the day before the hearing: one row per
    registration (its primary key), written in the transaction that sends the reminder, so a second run of
    the job, on this worker or another, finds it and sends nothing."""

    registration = models.OneToOneField(
        HearingRegistration, on_delete=models.CASCADE, primary_key=True, related_name="reminder"
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("reminder of a hearing")
        verbose_name_plural = _("reminders of hearings")

    def __str__(self) -> str:
        return f"{self.registration_id}"

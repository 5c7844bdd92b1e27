"""The public (participatory) budget: cycles, versioned rules, projects, reviews, ballots, results, tracking.

Money is always an integer number of kopiyky (``BigIntegerField``), never a float. Writes go through
:mod:`hromada.budget.actions`; the database guards what it can: one ballot per voter per cycle whatever the
channel (``ballot_one_per_voter``), immutable rule versions, and — through triggers installed by migration
``0002_freeze_triggers`` on SQLite and PostgreSQL — no change to rules or categories once a cycle's rules
are frozen (``BudgetCycle.rules_frozen_at``, set when voting opens).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hromada.core.models import BaseModel, TenantModel, in_language
from hromada.core.phases import Feature, PhaseWindow, active_phase


class Phase(models.TextChoices):
    """The phases of a cycle, in order; each is a phase type ``budget:<value>`` (see ``phases.py``)."""

    SCHEDULED = "scheduled", _("not started")
    SUBMISSION = "submission", _("submission of projects")
    REVIEW = "review", _("eligibility review")
    SUPPORT = "support", _("support (shortlist)")
    VOTING = "voting", _("voting")
    RESULTS = "results", _("results")
    IMPLEMENTATION = "implementation", _("implementation")


class BudgetCycle(TenantModel):
    """One year's edition of the public budget, with its phase schedule (end of each phase exclusive)."""

    year = models.PositiveSmallIntegerField(_("year"))
    slug = models.SlugField(_("short name"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    submission_starts = models.DateTimeField(_("submission opens"))
    review_starts = models.DateTimeField(_("review starts (submission closes)"))
    support_starts = models.DateTimeField(
        _("support phase starts"), null=True, blank=True, help_text=_("Empty: no support (shortlist) phase.")
    )
    voting_starts = models.DateTimeField(_("voting opens"))
    voting_ends = models.DateTimeField(_("voting closes"))
    implementation_starts = models.DateTimeField(_("implementation starts"), null=True, blank=True)
    # Set once, when voting opens (or the first ballot arrives): from then on the database refuses any
    # change to this cycle's rules and categories, and refuses clearing this field.
    rules_frozen_at = models.DateTimeField(_("rules frozen"), null=True, blank=True, editable=False)
    admitted_published_at = models.DateTimeField(
        _("admitted list published"), null=True, blank=True, editable=False
    )
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("budget cycle")
        verbose_name_plural = _("budget cycles")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "slug"], name="budget_cycle_slug_unique"),
            models.CheckConstraint(
                condition=Q(submission_starts__lt=F("review_starts"))
                & Q(review_starts__lt=F("voting_starts"))
                & Q(voting_starts__lt=F("voting_ends")),
                name="budget_cycle_phases_in_order",
            ),
            models.CheckConstraint(
                condition=Q(support_starts__isnull=True)
                | (Q(support_starts__gt=F("review_starts")) & Q(support_starts__lt=F("voting_starts"))),
                name="budget_cycle_support_inside",
            ),
            models.CheckConstraint(
                condition=Q(implementation_starts__isnull=True)
                | Q(implementation_starts__gte=F("voting_ends")),
                name="budget_cycle_implementation_after_voting",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def display_title(self, language: str | None) -> str:
        return in_language(self, "title", language)

    def phase_windows(self) -> list[PhaseWindow]:
        """The schedule as phase windows of the phases registry (types ``budget:<phase>``)."""
        review_ends = self.support_starts or self.voting_starts
        windows = [
            PhaseWindow(f"budget:{Phase.SUBMISSION}", self.submission_starts, self.review_starts),
            PhaseWindow(f"budget:{Phase.REVIEW}", self.review_starts, review_ends),
        ]
        if self.support_starts is not None:
            windows.append(PhaseWindow(f"budget:{Phase.SUPPORT}", self.support_starts, self.voting_starts))
        windows.append(PhaseWindow(f"budget:{Phase.VOTING}", self.voting_starts, self.voting_ends))
        windows.append(PhaseWindow(f"budget:{Phase.RESULTS}", self.voting_ends, self.implementation_starts))
        if self.implementation_starts is not None:
            windows.append(PhaseWindow(f"budget:{Phase.IMPLEMENTATION}", self.implementation_starts, None))
        return windows

    def phase_at(self, at: dt.datetime) -> Phase:
        """The phase running at ``at`` (``scheduled`` before submission opens)."""
        window = active_phase(self.phase_windows(), at)
        return Phase.SCHEDULED if window is None else Phase(window.type_key.split(":", 1)[1])

    def allows(self, feature: Feature, at: dt.datetime) -> bool:
        """Whether the phase running at ``at`` switches ``feature`` on (its phase type in ``phases.py``)."""
        window = active_phase(self.phase_windows(), at)
        return window is not None and window.allows(feature)


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("approval (up to the set number of projects)")
    COST_APPROVAL = "cost_approval", _("cost-limited approval (within the amount)")
    CUMULATIVE = "cumulative", _("cumulative points")
    ORDINAL = "ordinal", _("ranked (ordinal)")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("greedy: by votes, skipping projects that no longer fit")
    GREEDY_NO_SKIP = "greedy-no-skip", _("greedy: by votes, stopping at the first that does not fit")
    MES = "mes", _("Method of Equal Shares")
    MES_ADD1 = "mes-add1", _("Method of Equal Shares with Add1 completion")
    PHRAGMEN = "phragmen", _("sequential Phragmén")


class Utility(models.TextChoices):
    COST = "cost", _("cost (default for approval)")
    CARDINALITY = "cardinality", _("cardinality (one per project)")
    POINTS = "points", _("the points of the ballot")


class TieBreaking(models.TextChoices):
    PROJECT_ID = "project_id", _("project number, compared as text (as pabutools)")
    LOWER_COST = "lower_cost", _("the cheaper project first, then the project number")
    HIGHER_COST = "higher_cost", _("the more expensive project first, then the project number")
    MORE_VOTES = "more_votes", _("the project with more supporters first, then the project number")


class ProofKind(models.TextChoices):
    RESIDENCE = "residence", _("registered residence in the hromada")
    WORK = "work", _("works in the hromada")
    STUDY = "study", _("studies in the hromada")
    PROPERTY = "property", _("owns property in the hromada")
    DISPLACED = "displaced", _("internally displaced person living in the hromada")


class BudgetRules(BaseModel):
    """One immutable version of a cycle's rules; a change writes the next version (``rules_update``).

    The cycle's current rules are its highest version. Once the cycle's rules are frozen the database
    refuses new versions (trigger), and it refuses to change any version at any time.
    """

    cycle = models.ForeignKey(
        BudgetCycle, on_delete=models.CASCADE, related_name="rules_versions", verbose_name=_("budget cycle")
    )
    version = models.PositiveIntegerField(_("version"))
    total_amount = models.BigIntegerField(_("total budget, kopiyky"))
    min_project_cost = models.BigIntegerField(_("minimum project cost, kopiyky"), default=0)
    max_project_cost = models.BigIntegerField(_("maximum project cost, kopiyky"), null=True, blank=True)
    submit_min_age = models.PositiveSmallIntegerField(_("minimum age to submit"), default=16)
    vote_min_age = models.PositiveSmallIntegerField(_("minimum age to vote"), default=16)
    # Accepted ProofKind values, e.g. ["residence", "work", "study"].
    submit_proofs = models.JSONField(_("accepted proofs to submit"), default=list)
    vote_proofs = models.JSONField(_("accepted proofs to vote"), default=list)
    vote_min_level = models.PositiveSmallIntegerField(
        _("verification level to vote online"), default=3, help_text=_("3: identity verified.")
    )
    ballot_type = models.CharField(
        _("ballot type"), max_length=20, choices=BallotType.choices, default=BallotType.APPROVAL
    )
    min_choices = models.PositiveSmallIntegerField(_("minimum projects on a ballot"), default=1)
    max_choices = models.PositiveSmallIntegerField(
        _("maximum projects on a ballot"), null=True, blank=True, help_text=_("Empty: no overall limit.")
    )
    max_choices_per_category = models.PositiveSmallIntegerField(
        _("maximum projects per category"), null=True, blank=True
    )
    points_total = models.PositiveIntegerField(_("points per voter (cumulative)"), null=True, blank=True)
    max_points_per_project = models.PositiveIntegerField(
        _("maximum points per project"), null=True, blank=True
    )
    max_rank_length = models.PositiveSmallIntegerField(_("maximum ranking length"), null=True, blank=True)
    counting_rule = models.CharField(
        _("counting rule"), max_length=20, choices=CountingRule.choices, default=CountingRule.GREEDY
    )
    utility = models.CharField(_("utility"), max_length=20, choices=Utility.choices, default=Utility.COST)
    tie_breaking = models.CharField(
        _("tie-breaking"), max_length=20, choices=TieBreaking.choices, default=TieBreaking.PROJECT_ID
    )
    ballot_change_allowed = models.BooleanField(_("voters may change their ballot"), default=False)
    support_threshold = models.PositiveIntegerField(
        _("signatures to reach the shortlist"), null=True, blank=True
    )
    # The categories as they were when this version was written (key, name, amount, limits).
    categories_snapshot = models.JSONField(
        default=list, editable=False, verbose_name=_("categories snapshot")
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.CharField(_("reason for the change"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("budget rules version")
        verbose_name_plural = _("budget rules versions")
        ordering = ["cycle", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "version"], name="budget_rules_version_unique"),
            models.CheckConstraint(condition=Q(total_amount__gt=0), name="budget_rules_total_positive"),
            models.CheckConstraint(
                condition=Q(min_project_cost__gte=0)
                & (Q(max_project_cost__isnull=True) | Q(max_project_cost__gte=F("min_project_cost"))),
                name="budget_rules_cost_limits",
            ),
            models.CheckConstraint(
                condition=Q(submit_min_age__gte=14) & Q(vote_min_age__gte=14), name="budget_rules_min_age"
            ),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=F("min_choices")),
                name="budget_rules_choices",
            ),
            models.CheckConstraint(
                condition=~Q(ballot_type="cumulative") | Q(points_total__gt=0),
                name="budget_rules_cumulative_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · v{self.version}"


class BudgetCategory(BaseModel):
    """A part of the budget with its own amount: a district, a topic, small/large projects, schools."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("whole hromada")
        DISTRICT = "district", _("district")
        TOPIC = "topic", _("topic")
        SIZE = "size", _("small or large projects")
        SCHOOL = "school", _("school budget")

    cycle = models.ForeignKey(
        BudgetCycle, on_delete=models.CASCADE, related_name="categories", verbose_name=_("budget cycle")
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    district = models.ForeignKey(
        "territory.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    amount = models.BigIntegerField(_("amount, kopiyky"))
    min_cost = models.BigIntegerField(_("minimum project cost, kopiyky"), null=True, blank=True)
    max_cost = models.BigIntegerField(_("maximum project cost, kopiyky"), null=True, blank=True)
    max_winners = models.PositiveSmallIntegerField(_("maximum winners"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("budget category")
        verbose_name_plural = _("budget categories")
        ordering = ["cycle", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="budget_category_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_category_amount_positive"),
            models.CheckConstraint(
                condition=(Q(min_cost__isnull=True) | Q(min_cost__gte=0))
                & (Q(max_cost__isnull=True) | Q(min_cost__isnull=True) | Q(max_cost__gte=F("min_cost"))),
                name="budget_category_cost_limits",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str | None) -> str:
        return in_language(self, "name", language)


class EligibilityProof(TenantModel):
    """A person's declared tie to the hromada (work, study, …), checked by an official before it counts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a check")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    kind = models.CharField(_("proof"), max_length=20, choices=ProofKind.choices)
    document = models.CharField(_("document shown"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("eligibility proof")
        verbose_name_plural = _("eligibility proofs")
        constraints = [
            models.UniqueConstraint(fields=["hromada", "person", "kind"], name="budget_proof_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_status_display()}"


class Project(TenantModel):
    """A project proposed by a resident; its cost is the sum of its cost lines (kopiyky)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        UNDER_REVIEW = "under_review", _("under review")
        ADMITTED = "admitted", _("admitted to the vote")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        APPEAL = "appeal", _("appeal pending")
        WON = "won", _("won")
        LOST = "lost", _("not funded")
        IMPLEMENTING = "implementing", _("being implemented")
        DONE = "done", _("implemented")

    cycle = models.ForeignKey(
        BudgetCycle, on_delete=models.PROTECT, related_name="projects", verbose_name=_("budget cycle")
    )
    category = models.ForeignKey(
        BudgetCategory, on_delete=models.PROTECT, related_name="projects", verbose_name=_("category")
    )
    number = models.PositiveIntegerField(_("number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="budget_projects",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"))
    # English versions, added by officials (the author writes in Ukrainian); shown on English pages.
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=500, blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    district = models.ForeignKey(
        "territory.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    cost = models.BigIntegerField(_("cost, kopiyky"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("admitted or rejected"), null=True, blank=True)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    withdrawn_reason = models.CharField(_("why withdrawn"), max_length=500, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    spent = models.BigIntegerField(_("money spent, kopiyky"), default=0)
    # Case-folded title, summary and address: SQLite's LIKE folds only ASCII, so Cyrillic search needs it.
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="budget_project_number_unique"),
            models.CheckConstraint(condition=Q(cost__gte=0) & Q(spent__gte=0), name="budget_project_money"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="budget_project_progress"),
            models.CheckConstraint(
                condition=(Q(lat__isnull=True) & Q(lon__isnull=True))
                | (Q(lat__gte=-90, lat__lte=90) & Q(lon__gte=-180, lon__lte=180)),
                name="budget_project_on_earth",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"], name="budget_project_by_status")]

    def __str__(self) -> str:
        return f"№{self.number} {self.title}"

    @property
    def pabulib_id(self) -> str:
        """The project's id in Pabulib files and in the counting core: its number as text."""
        return str(self.number)


class CostLine(BaseModel):
    """One line of a project's cost estimate: quantity × unit cost (kopiyky) = amount."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_lines")
    position = models.PositiveSmallIntegerField(_("line"), default=0)
    item = models.CharField(_("item"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    unit_cost = models.BigIntegerField(_("unit cost, kopiyky"))
    amount = models.BigIntegerField(_("amount, kopiyky"))

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["project", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_cost__gte=0) & Q(quantity__gte=1) & Q(amount=F("quantity") * F("unit_cost")),
                name="budget_cost_line_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.item


class Milestone(BaseModel):
    """An implementation update of a winning project: what happened, its status, progress and spending."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DELAYED = "delayed", _("delayed")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("update"), blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    completed_on = models.DateField(_("completed"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("project progress, %"), default=0)
    spent = models.BigIntegerField(_("spent so far, kopiyky"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100) & Q(spent__gte=0), name="budget_milestone_values"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def _photo_path(instance: ProjectPhoto, filename: str) -> str:
    return f"budget/{instance.project.hromada_id}/{instance.project_id}/{filename}"


class ProjectPhoto(BaseModel):
    """A photo of a project (its proposal, or an implementation milestone), cleaned by core.uploads."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    image = models.FileField(_("image"), upload_to=_photo_path)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")
        ordering = ["project", "position", "id"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class Criterion(models.TextChoices):
    LEGALITY = "legality", _("legality")
    COMPETENCE = "competence", _("within the council's competence")
    LAND = "land", _("land ownership")
    COST = "cost", _("realistic cost")
    ACCESSIBILITY = "accessibility", _("public accessibility of the result")


class Review(BaseModel):
    """A department's reasoned conclusion on one criterion for one revision of a project."""

    class Conclusion(models.TextChoices):
        POSITIVE = "positive", _("meets the criterion")
        NEEDS_REVISION = "needs_revision", _("needs a revision")
        NEGATIVE = "negative", _("does not meet the criterion")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("project")
    )
    revision = models.PositiveIntegerField(_("project revision"))
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices)
    reasons = models.TextField(_("reasons"))
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["project", "-revision", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "revision", "criterion"], name="budget_review_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_criterion_display()}: {self.get_conclusion_display()}"


class Appeal(BaseModel):
    """An author's appeal against the rejection of their project, and its decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        UPHELD = "upheld", _("upheld: project admitted")
        DISMISSED = "dismissed", _("dismissed")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("project")
    )
    text = models.TextField(_("grounds of the appeal"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(status="pending"), name="budget_one_pending_appeal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_status_display()}"


class Support(BaseModel):
    """A resident's signature supporting a project in the support (shortlist) phase."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("support signature")
        verbose_name_plural = _("support signatures")
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="budget_support_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · #{self.person_id}"


class Channel(models.TextChoices):
    WEB = "web", _("online (site)")
    API = "api", _("online (API)")
    PAPER = "paper", _("paper ballot")
    CNAP = "cnap", _("at TsNAP")


class Ballot(TenantModel):
    """A voter's one ballot in a cycle, whatever the channel (the constraint ``ballot_one_per_voter``)."""

    cycle = models.ForeignKey(BudgetCycle, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The official who entered a paper or ЦНАП ballot (kept: the constraint below needs them).
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identity_document = models.CharField(_("identity document checked"), max_length=60, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    rules_version = models.PositiveIntegerField(_("rules version"))
    # The id of the ledger receipt of the latest cast or change (the reference shown to the voter).
    receipt_id = models.BigIntegerField(_("receipt"), null=True, blank=True)
    cast_at = models.DateTimeField(_("cast"))

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["cycle", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "voter"], name="ballot_one_per_voter"),
            models.CheckConstraint(
                condition=Q(channel__in=["web", "api"])
                | (Q(entered_by__isnull=False) & ~Q(identity_document="")),
                name="ballot_offline_entered_by_official",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · ballot {self.pk}"


class BallotChoice(models.Model):
    """One project on a ballot: approval 1 point; cumulative its points; ordinal its rank (1 = first)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField(default=1)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "project"], name="ballot_choice_once"),
            models.UniqueConstraint(fields=["ballot", "rank"], name="ballot_rank_once"),
            models.CheckConstraint(condition=Q(points__gte=1), name="ballot_choice_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.project_id}"


class CategoryResult(BaseModel):
    """The stored outcome of one category's count: winners, ties found, and when it was published."""

    cycle = models.ForeignKey(BudgetCycle, on_delete=models.CASCADE, related_name="results")
    category = models.ForeignKey(BudgetCategory, on_delete=models.CASCADE, related_name="results")
    rules_version = models.PositiveIntegerField(_("rules version"))
    rule = models.CharField(_("counting rule"), max_length=20, choices=CountingRule.choices)
    utility = models.CharField(_("utility"), max_length=20, choices=Utility.choices)
    budget = models.BigIntegerField(_("amount, kopiyky"))
    total_cost = models.BigIntegerField(_("cost of the winners, kopiyky"))
    voters = models.PositiveIntegerField(_("voters"))
    # Project numbers (as text) of the winners, in the order the rule selected them.
    winners = models.JSONField(default=list)
    # Ties the rule met: [{"projects": [...], "broken_by": "...", "chosen": "..."}]; reported to officials.
    ties = models.JSONField(default=list)
    ties_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ties_note = models.TextField(_("officials' note on the ties"), blank=True)
    computed_at = models.DateTimeField(_("computed"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("category result")
        verbose_name_plural = _("category results")
        ordering = ["cycle", "category__position", "category_id"]
        constraints = [
            models.UniqueConstraint(fields=["category"], name="budget_result_one_per_category"),
            models.CheckConstraint(condition=Q(total_cost__lte=F("budget")), name="budget_result_within"),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.rule}"


class ProjectResult(models.Model):
    """One project's line in a category result: votes, whether it won, and why (from the counting core)."""

    result = models.ForeignKey(CategoryResult, on_delete=models.CASCADE, related_name="lines")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    votes = models.PositiveIntegerField(_("votes"))
    points = models.BigIntegerField(_("points"), default=0)
    won = models.BooleanField(_("won"))
    position = models.PositiveIntegerField(_("place"))
    explanation = models.TextField(_("explanation"), blank=True)
    # Structured details of the explanation (e.g. for MES who paid how much), as the core returned them.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["result", "position"]
        constraints = [
            models.UniqueConstraint(fields=["result", "project"], name="budget_project_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {'won' if self.won else 'lost'}"

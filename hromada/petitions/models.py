"""Local e-petitions (art. 23-1 of the Law of Ukraine "On Citizens' Appeals").

Rules are data: :class:`PetitionRules` rows are versions (never changed once written; an edit creates
the next version), and a petition keeps the version it was published under. Signatures are rows with a
UNIQUE (petition, signer); public counts come from the aggregate tables (:class:`PetitionTally`,
:class:`SignatureDayCount`, :class:`SignatureDistrictCount`) that a periodic job refreshes every few
seconds — there is no hot counter row that every signature would update.

All writes go through ``actions.py``; reads through ``selectors.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import VerificationLevel
from hromada.core import phases
from hromada.core.models import TenantModel, in_language
from hromada.core.phases import Feature

from .lifecycle import PUBLIC
from .lifecycle import Status as LifecycleStatus

MAX_COLLECTION_DAYS = 92
"""The law's "no more than three months" as days: the longest three calendar months (Jul–Sep)."""


class Topic(models.TextChoices):
    ROADS = "roads", _("Roads and transport")
    UTILITIES = "utilities", _("Housing and utilities")
    ENVIRONMENT = "environment", _("Environment and green spaces")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health care")
    CULTURE = "culture", _("Culture, sport and youth")
    SOCIAL = "social", _("Social protection")
    SAFETY = "safety", _("Safety and civil protection")
    GOVERNANCE = "governance", _("Local government and budget")
    ECONOMY = "economy", _("Economy and business")
    OTHER = "other", _("Other")


class AddresseeKind(models.TextChoices):
    MAYOR = "mayor", _("Head of the hromada (mayor)")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
    COUNCIL = "council", _("Council")


class PetitionStatus(models.TextChoices):
    DRAFT = LifecycleStatus.DRAFT.value, _("draft")
    SUBMITTED = LifecycleStatus.SUBMITTED.value, _("submitted")
    MODERATION = LifecycleStatus.MODERATION.value, _("in moderation")
    COLLECTING = LifecycleStatus.COLLECTING.value, _("collecting signatures")
    THRESHOLD_REACHED = LifecycleStatus.THRESHOLD_REACHED.value, _("threshold reached")
    UNDER_CONSIDERATION = LifecycleStatus.UNDER_CONSIDERATION.value, _("under consideration")
    ANSWERED = LifecycleStatus.ANSWERED.value, _("answered")
    REJECTED = LifecycleStatus.REJECTED.value, _("rejected")
    WITHDRAWN = LifecycleStatus.WITHDRAWN.value, _("withdrawn")
    EXPIRED = LifecycleStatus.EXPIRED.value, _("expired")


class RejectionReason(models.TextChoices):
    """What a petition must not contain (art. 23-1 part 2 of the Law), and a duplicate of an open one."""

    CONSTITUTIONAL_ORDER = (
        "constitutional_order",
        _("Calls to overthrow the constitutional order or violate territorial integrity"),
    )
    WAR_PROPAGANDA = "war_propaganda", _("War propaganda, violence or cruelty")
    HATRED = "hatred", _("Incitement of ethnic, racial or religious hatred")
    CRIMES = "crimes", _("Calls to terrorism or other crimes")
    OBSCENE = "obscene", _("Obscene language")
    DUPLICATE = "duplicate", _("A duplicate of an open petition")


class PetitionRules(TenantModel):
    """One version of a hromada's petition rules; immutable once written (edits create the next version).

    Published petitions point at the version they were published under, so a later edit never changes
    the rules of a running petition.
    """

    version = models.PositiveIntegerField(_("version"))
    signature_threshold = models.PositiveIntegerField(
        _("signature threshold"), help_text=_("Signatures needed for the petition to be considered.")
    )
    collection_days = models.PositiveSmallIntegerField(
        _("collection term (days)"), help_text=_("At most three months (92 days).")
    )
    create_level = models.PositiveSmallIntegerField(
        _("identity level to create"), choices=VerificationLevel.choices, default=VerificationLevel.STRONG
    )
    sign_level = models.PositiveSmallIntegerField(
        _("identity level to sign"), choices=VerificationLevel.choices, default=VerificationLevel.STRONG
    )
    min_signer_age = models.PositiveSmallIntegerField(_("minimum signer age"), default=18)
    residency_required = models.BooleanField(
        _("residents only"),
        default=True,
        help_text=_("Only people whose home hromada is this one may create and sign petitions."),
    )
    against_allowed = models.BooleanField(_("'against' votes allowed"), default=False)
    addressee_kinds = models.JSONField(
        _("addressees petitions may be sent to"),
        default=list,
        help_text=_("Kinds of addressee: mayor, executive_committee, council."),
    )
    answer_working_days = models.PositiveSmallIntegerField(_("answer deadline (working days)"), default=10)
    moderation_working_days = models.PositiveSmallIntegerField(
        _("moderation deadline (working days)"), default=2
    )
    appeal_answer_days = models.PositiveSmallIntegerField(
        _("answer deadline of an expired petition as an appeal (days)"), default=30
    )
    names_hidden_after_days = models.PositiveSmallIntegerField(
        _("signatories' names hidden after (days)"), default=183
    )
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=300,
        blank=True,
        help_text=_("The council decision that set these rules (number and date)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("petition rules version")
        verbose_name_plural = _("petition rules versions")
        ordering = ["hromada", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "version"], name="petition_rules_version_unique"),
            models.CheckConstraint(
                condition=Q(collection_days__gte=1, collection_days__lte=MAX_COLLECTION_DAYS),
                name="petition_rules_term_at_most_3_months",
            ),
            models.CheckConstraint(condition=Q(signature_threshold__gte=1), name="petition_rules_threshold"),
            models.CheckConstraint(
                condition=Q(create_level__lte=3, sign_level__lte=3), name="petition_rules_levels_known"
            ),
            models.CheckConstraint(condition=Q(min_signer_age__lte=120), name="petition_rules_age"),
            models.CheckConstraint(
                condition=Q(
                    answer_working_days__gte=1, moderation_working_days__gte=1, appeal_answer_days__gte=1
                ),
                name="petition_rules_deadlines_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hromada_id} · v{self.version}"


class Addressee(TenantModel):
    """Whom petitions of a hromada are addressed to: its head, executive committee or council."""

    kind = models.CharField(_("kind"), max_length=30, choices=AddresseeKind.choices)
    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name in English"), max_length=250, blank=True)
    # The name as Ukrainian sentences need it after «до» (genitive): «до Виконавчого комітету …».
    name_genitive = models.CharField(
        _("name in the genitive case"),
        max_length=250,
        blank=True,
        help_text=_("As after «до»: «Виконавчого комітету Світлогірської міської ради»."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("petition addressee")
        verbose_name_plural = _("petition addressees")
        ordering = ["hromada", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "kind"], name="petition_addressee_kind_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        return in_language(self, "name", language)


class Petition(TenantModel):
    """An electronic petition; ``status`` changes only through actions (see ``lifecycle.py``)."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    district = models.ForeignKey(
        "territory.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    addressee = models.ForeignKey(
        Addressee, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("addressee")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="petitions", verbose_name=_("author")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PetitionStatus.choices, default=PetitionStatus.DRAFT
    )
    # Frozen at publication; null before.
    rules = models.ForeignKey(
        PetitionRules, on_delete=models.PROTECT, null=True, blank=True, related_name="petitions"
    )
    search_text = models.TextField(editable=False, default="")

    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    moderation_due_at = models.DateTimeField(_("moderation due"), null=True, blank=True)
    moderation_started_at = models.DateTimeField(null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    collection_ends_at = models.DateTimeField(_("collection ends"), null=True, blank=True)
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)
    forward_on = models.DateField(_("to be forwarded on"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded to the addressee"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    rejection_text = models.TextField(_("reasons for the refusal"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    # When signing stopped for good (threshold, expiry, withdrawal): the names-hidden period starts here.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    names_hidden_at = models.DateTimeField(_("signatories' names hidden"), null=True, blank=True)

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["hromada", "status", "-published_at"], name="petition_list"),
            # The public list, newest first: read in index order, stopping after one page.
            models.Index(fields=["hromada", "-published_at", "-id"], name="petition_recent"),
            models.Index(fields=["status", "collection_ends_at"], name="petition_expiry"),
            models.Index(fields=["author", "-created_at"], name="petition_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in LifecycleStatus]), name="petition_status_known"
            ),
            # Published petitions run under a frozen rules version, with a start and an end.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True)
                | Q(rules__isnull=False, collection_ends_at__isnull=False),
                name="petition_published_has_rules",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        PetitionStatus.COLLECTING,
                        PetitionStatus.THRESHOLD_REACHED,
                        PetitionStatus.UNDER_CONSIDERATION,
                        PetitionStatus.EXPIRED,
                    ]
                )
                | Q(published_at__isnull=False),
                name="petition_collecting_published",
            ),
            models.CheckConstraint(
                condition=~Q(status=PetitionStatus.REJECTED)
                | (Q(rejected_at__isnull=False) & ~Q(rejection_reason="") & ~Q(rejection_text="")),
                name="petition_rejection_reasoned",
            ),
            models.CheckConstraint(
                condition=~Q(status=PetitionStatus.ANSWERED) | Q(answered_at__isnull=False),
                name="petition_answered_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=PetitionStatus.UNDER_CONSIDERATION)
                | Q(forwarded_at__isnull=False, answer_due_at__isnull=False),
                name="petition_consideration_has_clock",
            ),
            # Withdrawal only before the threshold.
            models.CheckConstraint(
                condition=~Q(status=PetitionStatus.WITHDRAWN)
                | Q(withdrawn_at__isnull=False, threshold_reached_at__isnull=True),
                name="petition_withdrawn_before_threshold",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Whether anyone may see the petition (published, or rejected with public reasons)."""
        return self.status in PUBLIC

    def allows(self, feature: Feature) -> bool:
        """Whether the petition's phase (its status, ``phases.py``) switches ``feature`` on."""
        return phases.allows(f"petitions:{self.status}", feature)


def answer_document_path(instance: PetitionAnswer, filename: str) -> str:
    return f"petitions/{instance.hromada_id}/answers/{filename}"


class PetitionAnswer(TenantModel):
    """The addressee's answer: supported or not, with reasons and the signed decision as a document."""

    class Decision(models.TextChoices):
        SUPPORTED = "supported", _("supported")
        NOT_SUPPORTED = "not_supported", _("not supported")
        APPEAL_ANSWERED = "appeal_answered", _("answered as an ordinary appeal")

    petition = models.OneToOneField(Petition, on_delete=models.CASCADE, related_name="answer")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    text = models.TextField(_("reasons"))
    document = models.FileField(_("document"), upload_to=answer_document_path, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"))
    on_time = models.BooleanField(_("answered on time"))

    class Meta:
        verbose_name = _("petition answer")
        verbose_name_plural = _("petition answers")

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.decision}"

    def document_url(self) -> str:
        """Where the document is served — by a view that checks the petition is visible (never /media/)."""
        from django.urls import reverse

        return reverse("petitions:answer_document", kwargs={"petition_id": self.petition_id})


class PetitionUpdate(TenantModel):
    """A later report on implementing a supported petition."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")
        ordering = ["petition", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.petition_id} @ {self.created_at:%Y-%m-%d}"


class SignatureStatus(models.TextChoices):
    VALID = "valid", _("valid")
    WITHDRAWN = "withdrawn", _("withdrawn")
    INVALIDATED = "invalidated", _("invalidated")


class Channel(models.TextChoices):
    """Where a signature was given (analytics count channels); the same action signs on each."""

    WEB = "web", _("website")
    API = "api", _("API")
    TELEGRAM = "telegram", _("Telegram")


class Signature(models.Model):
    """One person's signature under one petition (UNIQUE), inserted once and never counted in place.

    Deliberately lean (no ``updated_at`` default work, no hot row): the signing path is one INSERT here
    plus the ledger's pending entry. ``changed_at`` moves on every status change so the aggregation job
    knows which petitions to recount.
    """

    hromada = models.ForeignKey("core.Hromada", on_delete=models.PROTECT, related_name="+")
    # No single-column indexes of their own: UNIQUE (petition, signer) and signature_signer lead with
    # them, and every index is one more write per signature under a surge.
    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="signatures", db_index=False
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    against = models.BooleanField(_("against"), default=False)
    show_name = models.BooleanField(_("name may be shown"), default=False)
    # The signer's name as shown publicly (only if show_name); wiped by the anonymisation job.
    public_name = models.CharField(_("name shown"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SignatureStatus.choices, default=SignatureStatus.VALID
    )
    invalidation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    district = models.ForeignKey(
        "territory.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"))
    signed_on = models.DateField(_("signed on (Kyiv date)"))
    changed_at = models.DateTimeField()
    # Anti-fraud (cleared by the anonymisation job): the /24 (IPv4) or /64 (IPv6) network and mail domain.
    network = models.CharField(max_length=50, blank=True)
    email_domain = models.CharField(max_length=100, blank=True)
    receipt_id = models.BigIntegerField(_("ledger receipt"), null=True, blank=True)
    personal_receipt_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["petition", "signer"], name="one_signature_per_person"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in SignatureStatus]), name="signature_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=SignatureStatus.INVALIDATED) | ~Q(invalidation_reason=""),
                name="signature_invalidation_reasoned",
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="signature_channel_known"),
        ]
        indexes = [
            models.Index(fields=["petition", "status", "signed_at"], name="signature_list"),
            models.Index(fields=["changed_at"], name="signature_changed"),
            models.Index(fields=["signer", "-signed_at"], name="signature_signer"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} · {self.signer_id}"


class PetitionTally(models.Model):
    """The public count of one petition, refreshed by the aggregation job (never by signing)."""

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="+")
    count_for = models.PositiveIntegerField(default=0)
    count_against = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("signature count")
        verbose_name_plural = _("signature counts")
        # Matches the "popular" order exactly, so a page is read from the index and stops early.
        indexes = [models.Index(fields=["hromada", "-count_for", "-petition"], name="tally_popular")]

    def __str__(self) -> str:
        return f"{self.petition_id}: {self.count_for}/{self.count_against}"


class SignatureDayCount(models.Model):
    """Valid signatures of a petition per Kyiv calendar day (aggregated)."""

    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="+")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="day_counts")
    day = models.DateField()
    count_for = models.PositiveIntegerField(default=0)
    count_against = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "day"], name="signature_day_unique")]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.day}: {self.count_for}"


class SignatureDistrictCount(models.Model):
    """Valid signatures of a petition per signer's district (null: no district known), aggregated."""

    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="+")
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="district_counts")
    district = models.ForeignKey(
        "territory.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    count_for = models.PositiveIntegerField(default=0)
    count_against = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "district"],
                condition=Q(district__isnull=False),
                name="signature_district_unique",
            ),
            models.UniqueConstraint(
                fields=["petition"], condition=Q(district__isnull=True), name="signature_no_district_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.district_id}: {self.count_for}"


class FraudAlert(TenantModel):
    """A spike of signatures from one network or e-mail domain, reported once per window to moderators."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("network")
        EMAIL_DOMAIN = "email_domain", _("e-mail domain")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="fraud_alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField()
    share = models.FloatField()

    class Meta:
        verbose_name = _("anti-fraud alert")
        verbose_name_plural = _("anti-fraud alerts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "kind", "key", "window_start"], name="fraud_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.kind} {self.key}: {self.count}"


class JobMark(models.Model):
    """When a periodic job last completed (one row per job): where its next run picks up."""

    name = models.CharField(max_length=60, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.at:%Y-%m-%d %H:%M:%S}"

"""Enrollment: rounds, groups with places, service territories, applications, priority claims, offers."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel
from hromada.territory.models import Institution

from . import rules as rules_core
from .categories import category_title


class Kind(models.TextChoices):
    KINDERGARTEN = rules_core.KINDERGARTEN, _("kindergarten")
    SCHOOL = rules_core.SCHOOL, _("first grade")
    CLUB = rules_core.CLUB, _("club or section")


class Territory(TenantModel):
    """An institution's service territory (catchment area): a polygon, a list of streets, or both."""

    institution = models.OneToOneField(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("institution")
    )
    description = models.TextField(_("description"), help_text=_("The streets and houses, as published."))
    streets = models.JSONField(_("streets (normalised names)"), default=list, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON Polygon or MultiPolygon)"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("service territory")
        verbose_name_plural = _("service territories")
        ordering = ["institution__name"]

    def __str__(self) -> str:
        return str(self.institution)


class Round(TenantModel):
    """An intake round: one kind of institution, one school year, its deadline and its frozen rules."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        OPEN = "open", _("taking applications")
        CLOSED = "closed", _("applications closed")
        ALLOCATED = "allocated", _("places allocated")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("address name"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    school_year = models.PositiveIntegerField(_("school year (its first calendar year)"))
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    max_choices = models.PositiveSmallIntegerField(_("institutions a family may choose"), default=3)
    offer_days = models.PositiveSmallIntegerField(_("working days to accept an offer"), default=5)
    rules_key = models.CharField(_("rules version"), max_length=40)
    local_categories = models.JSONField(
        _("community categories"),
        default=list,
        blank=True,
        help_text=_('After the statutory ones, in order: [{"code", "title", "decision"}].'),
    )
    rules_frozen = models.JSONField(_("frozen rules"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    close_receipt_id = models.BigIntegerField(_("receipt of the closing entry"), null=True, editable=False)
    seed = models.CharField(_("lottery seed"), max_length=64, blank=True, editable=False)
    seed_tree_size = models.BigIntegerField(_("log size of the seed"), null=True, editable=False)
    allocated_at = models.DateTimeField(_("allocated"), null=True, editable=False)

    class Meta:
        verbose_name = _("intake round")
        verbose_name_plural = _("intake rounds")
        ordering = ["-school_year", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "slug"], name="enrollment_round_slug_unique"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="enrollment_round_dates"
            ),
            models.CheckConstraint(condition=Q(max_choices__gte=1), name="enrollment_round_one_choice"),
        ]

    def __str__(self) -> str:
        return self.title


class Group(TenantModel):
    """Places of one institution in one round: a kindergarten group by age band, a first-grade intake, a
    club's section."""

    class Band(models.TextChoices):
        INFANT = "infant", _("under 1 year")
        EARLY = "early", _("early age, 1–3 years")
        PRESCHOOL = "preschool", _("preschool, 3–6 years")
        FIRST_GRADE = "first_grade", _("first grade")
        CLUB = "club", _("club age range")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="groups", verbose_name=_("round"))
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="+", verbose_name=_("institution")
    )
    name = models.CharField(_("name"), max_length=120)
    band = models.CharField(_("age band"), max_length=20, choices=Band.choices)
    min_age_months = models.PositiveSmallIntegerField(_("youngest age, months, on 1 September"))
    max_age_months = models.PositiveSmallIntegerField(_("oldest age, months, on 1 September"))
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["institution__name", "min_age_months", "name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "institution", "name"], name="enrollment_group_unique"),
            models.CheckConstraint(
                condition=Q(max_age_months__gte=models.F("min_age_months")), name="enrollment_group_ages"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {self.name}"

    @property
    def public_id(self) -> str:
        return f"g{self.pk}"


class State(models.TextChoices):
    """Where an application stands: derived from its own status (in the queue or withdrawn) and its live
    offer, which is the only record of an offer's answer (:func:`application_state`)."""

    ACTIVE = "active", _("in the queue")
    OFFERED = "offered", _("offered a place")
    ACCEPTED = "accepted", _("place accepted")
    ENROLLED = "enrolled", _("enrolled")
    WITHDRAWN = "withdrawn", _("withdrawn")


LIVE_OFFER_STATE = {"open": State.OFFERED, "accepted": State.ACCEPTED, "enrolled": State.ENROLLED}


def application_state(status: str, live_offer_status: str | None) -> str:
    """The application's state from its status and the status of its live offer (open, accepted or
    enrolled; at most one, a database constraint), or None when it holds none."""
    if status == State.WITHDRAWN:
        return State.WITHDRAWN
    return LIVE_OFFER_STATE.get(live_offer_status or "", State.ACTIVE)


class Application(TenantModel):
    """A child's application in a round. The child's identity is kept minimised: the birth certificate
    only as a salted hash (one active application per child and round) and its last three characters.

    ``status`` says only whether the child is in the queue or withdrawn; whether a place is offered,
    accepted or taken up is the live offer's status, so the two can never disagree (``state``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("in the queue")
        WITHDRAWN = "withdrawn", _("withdrawn")

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="applications", verbose_name=_("round")
    )
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("parent")
    )
    public_id = models.CharField(_("public number"), max_length=16, unique=True)
    child_hash = models.CharField(_("child (salted hash)"), max_length=64)
    child_name = models.CharField(_("child's name"), max_length=200)
    birth_date = models.DateField(_("birth date"))
    certificate_tail = models.CharField(_("certificate, last characters"), max_length=3)
    address = models.CharField(_("address"), max_length=300)
    street = models.CharField(_("street (normalised)"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    receipt_id = models.BigIntegerField(_("receipt"), null=True, editable=False)
    lottery = models.PositiveIntegerField(_("lottery number"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "child_hash"],
                condition=~Q(status="withdrawn"),
                name="enrollment_one_active_application_per_child",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "withdrawn"]), name="enrollment_application_status_values"
            ),
        ]
        indexes = [models.Index(fields=["round", "status"], name="enrollment_application_status")]

    def __str__(self) -> str:
        return self.public_id

    @property
    def state(self) -> str:
        """Derived state (:class:`State`): from ``live_offer_status`` when a selector annotated it, else from
        prefetched offers, else one query."""
        if hasattr(self, "live_offer_status"):
            live = self.live_offer_status
        elif "offers" in getattr(self, "_prefetched_objects_cache", {}):
            live = next((o.status for o in self.offers.all() if o.status in Offer.HOLDS_PLACE), None)
        else:
            live = self.offers.filter(status__in=Offer.HOLDS_PLACE).values_list("status", flat=True).first()
        return application_state(self.status, live)

    def get_state_display(self) -> str:
        return str(State(self.state).label)

    @property
    def reference(self) -> str:
        """How the ledger names the child (a salted commitment of this text; the salt is the parent's)."""
        return f"child:{self.public_id}"


class Choice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="choices")
    rank = models.PositiveSmallIntegerField(_("rank"))
    in_territory = models.BooleanField(_("lives in the service territory"), default=False)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="enrollment_choice_rank_unique"),
            models.UniqueConstraint(fields=["application", "group"], name="enrollment_choice_group_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application} #{self.rank}"


class PriorityClaim(TenantModel):
    """A claimed priority category with its proof; staff decide it, citing the rule."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the documents to be checked")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")
        EXPIRED = "expired", _("proof expired")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="claims", verbose_name=_("application")
    )
    category = models.CharField(_("category"), max_length=40)
    proof = models.CharField(_("proof document"), max_length=200, blank=True)
    proof_expires_on = models.DateField(_("proof valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rule = models.CharField(_("rule applied"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("priority claim")
        verbose_name_plural = _("priority claims")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "category"], name="enrollment_claim_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {category_title(self.category)}"


def proof_path(instance: ProofFile, filename: str) -> str:
    """A random name under the hromada's folder: the stored name says nothing about the child."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"enrollment/proofs/{instance.hromada_id}/{secrets.token_hex(16)}.{extension}"


class ProofFile(TenantModel):
    """A scan or photo proving a priority claim, cleaned by core's upload policy (size-limited, images
    re-encoded without metadata, PDFs checked). Private: served only to the parent and document checkers."""

    claim = models.ForeignKey(
        PriorityClaim, on_delete=models.CASCADE, related_name="files", verbose_name=_("priority claim")
    )
    file = models.FileField(_("file"), upload_to=proof_path)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size, bytes"))

    class Meta:
        verbose_name = _("proof file")
        verbose_name_plural = _("proof files")
        ordering = ["claim", "id"]

    def __str__(self) -> str:
        return f"{self.claim} #{self.pk}"


class Offer(TenantModel):
    """A place offered to an application, with a deadline to accept it."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("not answered in time")
        ENROLLED = "enrolled", _("enrolled")
        RELEASED = "released", _("place released")

    class Origin(models.TextChoices):
        ROUND = "round", _("main intake")
        VACANCY = "vacancy", _("a place freed up")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="offers", verbose_name=_("application")
    )
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="offers", verbose_name=_("group"))
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    made_at = models.DateTimeField(_("made"))
    deadline = models.DateField(_("answer by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-made_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["open", "accepted", "enrolled"]),
                name="enrollment_one_live_offer_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.group}"

    HOLDS_PLACE = ("open", "accepted", "enrolled")

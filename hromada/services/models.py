"""The ЦНАП catalogue (services with their legal card, tariffs, versioned online definitions), the base
values fees are computed from, and applications with their history and files."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.models import BaseModel, TenantModel, in_language

from . import deadlines, lifecycle


class Category(models.TextChoices):
    RESIDENCE = "residence", _("Residence registration")
    DOCUMENTS = "documents", _("Identity documents")
    CIVIL_STATUS = "civil_status", _("Civil status")
    BUSINESS = "business", _("Business registration")
    REAL_ESTATE = "real_estate", _("Real estate")
    LAND = "land", _("Land")
    CONSTRUCTION = "construction", _("Construction and addresses")
    IMPROVEMENT = "improvement", _("Public spaces and permits")
    SOCIAL = "social", _("Social support")
    EDUCATION = "education", _("Education")


class LifeSituation(models.TextChoices):
    BIRTH = "birth", _("Birth of a child")
    MOVING = "moving", _("Moving house")
    BUSINESS = "business", _("Starting a business")
    LAND = "land", _("Land")
    CONSTRUCTION = "construction", _("Construction")
    SOCIAL_SUPPORT = "social_support", _("Social support")
    FAMILY = "family", _("Marriage and family")
    DEATH = "death", _("Death of a relative")
    DOCUMENTS = "documents", _("Documents")
    CHILDREN = "children", _("Children and school")


class TermUnit(models.TextChoices):
    SAME_DAY = deadlines.SAME_DAY, _("on the day")
    HOURS = deadlines.HOURS, _("hours")
    WORKING_DAYS = deadlines.WORKING_DAYS, _("working days")
    CALENDAR_DAYS = deadlines.CALENDAR_DAYS, _("calendar days")


class FeeBase(models.TextChoices):
    PM = "PM", _("subsistence minimum (ПМ)")
    NMDG = "NMDG", _("tax-free minimum (НМДГ)")
    MZP = "MZP", _("minimum wage (МЗП)")


class FeeBaseValue(BaseModel):
    """The value of a fee base in force from a date (national: the same for every hromada)."""

    base = models.CharField(_("base"), max_length=8, choices=FeeBase.choices)
    valid_from = models.DateField(_("valid from"))
    amount = models.DecimalField(_("amount, UAH"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("fee base value")
        verbose_name_plural = _("fee base values")
        ordering = ["base", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["base", "valid_from"], name="services_fee_base_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="services_fee_base_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.base} {self.valid_from}: {self.amount}"


class Service(TenantModel):
    """An administrative service on the hromada's catalogue, with the information card the law requires."""

    code = models.SlugField(_("code"), max_length=40)
    rap_id = models.CharField(_("registry identifier"), max_length=5, blank=True)
    title = models.CharField(_("full name"), max_length=300)
    title_en = models.CharField(_("full name in English"), max_length=300, blank=True)
    short_title = models.CharField(_("short name"), max_length=120, blank=True)
    description = models.TextField(_("information about the service"), blank=True)
    provider = models.CharField(_("provider"), max_length=300)
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    offices = models.ManyToManyField(
        "territory.Institution", blank=True, related_name="+", verbose_name=_("TsNAP offices")
    )
    # [{"tier": "law" | "cabinet" | "ministry" | "local" | "other", "act": "Закон 1871-IX"}]
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    applicants = models.JSONField(
        _("who may apply"), default=list, blank=True
    )  # ["applicant", "representative"]
    channels = models.JSONField(_("channels"), default=list, blank=True)  # ["in_person", "post", "online"]
    documents = models.JSONField(_("documents"), default=list, blank=True)  # ["…"]
    result = models.TextField(_("result"), blank=True)
    delivery = models.JSONField(_("how the result is delivered"), default=list, blank=True)
    refusal_grounds = models.JSONField(_("grounds for refusal"), default=list, blank=True)
    # [{"stage": "…", "role": "specialist", "action": "В", "days": 1}]
    technology_card = models.JSONField(_("technology card"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    life_situations = models.JSONField(_("life situations"), default=list, blank=True)
    term_text = models.CharField(_("term as published"), max_length=300, blank=True)
    fee_text = models.CharField(_("fee as published"), max_length=300, blank=True)
    sources = models.CharField(_("sources"), max_length=300, blank=True)
    unverified = models.JSONField(
        _("unverified values"),
        default=list,
        blank=True,
        help_text=_("Card values not yet confirmed in a source."),
    )
    is_published = models.BooleanField(_("published"), default=True)
    # Where the fee is paid (a treasury account of the budget the fee goes to); the NBU QR code is made
    # from these. All three or none (``actions.service_save`` checks the IBAN and ЄДРПОУ control digits).
    payee_name = models.CharField(
        _("fee recipient"),
        max_length=70,
        blank=True,
        help_text=_("As in the payment details, e.g. ГУК у … обл./…"),
    )
    payee_iban = models.CharField(_("recipient's IBAN"), max_length=29, blank=True)
    payee_code = models.CharField(_("recipient's EDRPOU code"), max_length=8, blank=True)
    payment_purpose = models.CharField(
        _("purpose of payment"),
        max_length=100,
        blank=True,
        help_text=_(
            "The start of the purpose, e.g. the budget classification code; the application number follows."
        ),
    )
    search_text = models.TextField(_("search text"), editable=False, default="")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "code"], name="services_service_code_unique"),
            models.CheckConstraint(
                condition=Q(rap_id="") | Q(rap_id__regex=r"^[0-9]{5}$"), name="services_rap_id_five_digits"
            ),
            models.CheckConstraint(
                condition=Q(payee_iban="", payee_code="", payee_name="")
                | (
                    Q(payee_iban__regex=r"^UA[0-9]{27}$", payee_code__regex=r"^[0-9]{8}$") & ~Q(payee_name="")
                ),
                name="services_payee_complete",
                violation_error_message=_(
                    "Payment details: fill in the recipient, the IBAN (UA and 27 digits) and the 8-digit "
                    "EDRPOU code, or none of them."
                ),
            ),
        ]
        indexes = [models.Index(fields=["hromada", "is_published", "code"], name="services_public_idx")]

    def __str__(self) -> str:
        return self.title

    def display_title(self, language: str) -> str:
        return in_language(self, "title", language)


class Tariff(TenantModel):
    """The term and fee of one variant (regular or urgent) of a service."""

    class Variant(models.TextChoices):
        # In a context: the ЦНАП queue's "regular" ticket is another word in Ukrainian.
        REGULAR = "regular", pgettext_lazy("service variant", "regular")
        URGENT = "urgent", pgettext_lazy("service variant", "urgent")

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="tariffs", verbose_name=_("service")
    )
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices, default=Variant.REGULAR)
    term_value = models.PositiveIntegerField(_("term"), null=True, blank=True)
    term_unit = models.CharField(_("term unit"), max_length=16, choices=TermUnit.choices, blank=True)
    fee_formula = models.CharField(
        _("fee formula"),
        max_length=100,
        blank=True,
        help_text=_("E.g. 0.015*PM, 0.05*NMDG, 558 or 0 (free); empty when unknown."),
    )
    rounding = models.PositiveIntegerField(_("rounding, kopiyky"), default=1)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["service", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["service", "variant"], name="services_tariff_variant_unique"),
            models.CheckConstraint(condition=Q(rounding__gte=1), name="services_tariff_rounding_positive"),
            models.CheckConstraint(
                condition=Q(term_unit="", term_value__isnull=True)
                | Q(term_unit=deadlines.SAME_DAY)
                | Q(
                    term_value__isnull=False,
                    term_unit__in=[deadlines.HOURS, deadlines.WORKING_DAYS, deadlines.CALENDAR_DAYS],
                ),
                name="services_tariff_term_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} · {self.variant}"


class Definition(TenantModel):
    """One version of a service's online form and workflow (see ``definitions.py`` for the format).

    Versions are never changed once saved: a new version applies to new applications only."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="definitions", verbose_name=_("service")
    )
    version = models.PositiveIntegerField(_("version"))
    spec = models.JSONField(_("definition"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("service definition")
        verbose_name_plural = _("service definitions")
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="services_definition_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="services_definition_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.version}"


class ApplicationStatus(models.TextChoices):
    DRAFT = lifecycle.DRAFT, _("draft")
    SUBMITTED = lifecycle.SUBMITTED, _("submitted")
    IN_PROGRESS = lifecycle.IN_PROGRESS, _("in progress")
    CORRECTION = lifecycle.CORRECTION, _("returned for correction")
    AWAITING_APPROVAL = lifecycle.AWAITING_APPROVAL, _("awaiting approval")
    APPROVED = lifecycle.APPROVED, _("decided, result being prepared")
    ISSUED = lifecycle.ISSUED, _("result issued")
    REFUSED = lifecycle.REFUSED, _("refused")
    WITHDRAWN = lifecycle.WITHDRAWN, _("withdrawn")


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    DESK = "desk", _("at the TsNAP desk")
    API = "api", _("API")


class NumberSeries(TenantModel):
    """The last application number given in a year (``2026-000123``); locked while a number is taken."""

    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hromada", "year"], name="services_number_series_unique")
        ]


class Application(TenantModel):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="applications")
    definition = models.ForeignKey(Definition, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_applications",
        verbose_name=_("applicant"),
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by (TsNAP administrator)"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assignee"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # The ЦНАП office whose desk registered the application (empty online and through the API): the
    # statistics per office.
    office = models.ForeignKey(
        "territory.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("TsNAP office"),
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    access_code = models.CharField(_("access code"), max_length=12, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    variant = models.CharField(_("variant"), max_length=10, choices=Tariff.Variant.choices, default="regular")
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    data = models.JSONField(_("answers"), default=dict, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    fee_kop = models.BigIntegerField(_("fee, kopiyky"), null=True, blank=True)
    fee_paid_at = models.DateTimeField(_("fee paid"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)  # the clock stopped for correction
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    issued_at = models.DateTimeField(_("result issued"), null=True, blank=True)
    refusal_code = models.CharField(_("refusal reason"), max_length=40, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    correction_comment = models.TextField(_("what to correct"), blank=True)
    result_text = models.TextField(_("result"), blank=True)
    # The result document made from the definition's template when the result is issued: its number is the
    # application's; anyone holding the number and this code can check it is genuine (services:verify).
    document_code = models.CharField(_("document verification code"), max_length=12, blank=True)
    document_text = models.TextField(_("result document"), blank=True)
    # Stored by the database from ``status`` (one column instead of five status values), so the work
    # queue's index gives the open applications in deadline order and its count reads the index alone.
    is_open = models.GeneratedField(
        expression=Q(status__in=sorted(lifecycle.OPEN)),  # type: ignore[arg-type]  # a Q resolves too
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("open"),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "number"],
                condition=~Q(number=""),
                name="services_application_number_unique",
            ),
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="services_application_idempotent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ApplicationStatus]),
                name="services_application_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status=lifecycle.DRAFT) | ~Q(number=""),
                name="services_application_filed_has_number",
            ),
            models.CheckConstraint(
                condition=Q(fee_kop__gte=0) | Q(fee_kop__isnull=True), name="services_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(document_code="") | Q(status=lifecycle.ISSUED),
                name="services_document_when_issued",
            ),
        ]
        indexes = [
            models.Index(fields=["hromada", "status", "due_at"], name="services_queue_idx"),
            # The work queue: the open applications in deadline order, so a page reads its 30 rows; status
            # and service let the paginator's count (a department's services) and the overdue count be
            # answered from the index without reading the rows (docs/performance.md).
            models.Index(
                fields=["hromada", "is_open", "due_at", "status", "service"], name="services_open_due_idx"
            ),
            models.Index(fields=["applicant", "status"], name="services_mine_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"draft {self.pk}"


def application_file_path(instance: ApplicationFile, filename: str) -> str:
    return f"services/{instance.hromada_id}/{instance.application_id}/{filename}"


class ApplicationFile(TenantModel):
    """A file attached to a form field, or the result document an official uploaded."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    field = models.CharField(_("field"), max_length=40)  # the form field's name, or "result"
    file = models.FileField(_("file"), upload_to=application_file_path)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")
        ordering = ["application", "field", "id"]

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    TAKEN = "taken", _("taken into work")
    NOTE = "note", _("internal note")
    STAGE = "stage", _("moved to a stage")
    RETURNED = "returned", _("returned for correction")
    CORRECTED = "corrected", _("corrected and sent back")
    PREPARED = "prepared", _("decision prepared")
    SENT_BACK = "sent_back", _("decision sent back")
    APPROVED = "approved", _("granted")
    REFUSED = "refused", _("refused")
    ISSUED = "issued", _("result issued")
    PAID = "paid", _("fee paid")
    WITHDRAWN = "withdrawn", _("withdrawn")
    ESCALATED = "escalated", _("overdue, head told")


class Event(TenantModel):
    """One step in an application's history (who did what, when); internal notes are never shown to the
    applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"))
    status = models.CharField(_("status after"), max_length=20, blank=True)
    text = models.TextField(_("comment"), blank=True)
    internal = models.BooleanField(_("internal note"), default=False)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"

    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, "status": self.status}

"""Problem reports ("Відкрите місто"): categories, routing zones, reports, updates, photos, supporters and
the API keys of outside applications. What the database can hold is a constraint in ``Meta``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.models import BaseModel, Hromada, TenantModel

from . import lifecycle


class Status(models.TextChoices):
    NEW = lifecycle.NEW, _("new")
    ACCEPTED = lifecycle.ACCEPTED, _("accepted")
    IN_PROGRESS = lifecycle.IN_PROGRESS, _("in progress")
    ACTION_SCHEDULED = lifecycle.ACTION_SCHEDULED, _("action scheduled")
    FIXED = lifecycle.FIXED, _("fixed")
    CLOSED = lifecycle.CLOSED, _("closed, not fixed")
    REOPENED = lifecycle.REOPENED, _("reopened")


class CloseReason(models.TextChoices):
    NOT_RESPONSIBLE = lifecycle.NOT_RESPONSIBLE, _("not the council's responsibility")
    DUPLICATE = lifecycle.DUPLICATE, _("duplicate")
    NO_FURTHER_ACTION = lifecycle.NO_FURTHER_ACTION, _("no further action")
    PLANNED_LATER = lifecycle.PLANNED_LATER, _("planned for later")


class Channel(models.TextChoices):
    WEB = "web", _("website")
    API = "api", _("Open311 API")
    CALL_CENTRE = "callcentre", _("call centre")
    BOT = "bot", _("bot")
    TELEGRAM = "telegram", _("Telegram")


class LocationPrecision(models.TextChoices):
    """How exactly a report's point is known (hromada/opencity/gazetteer.py places an address)."""

    POINT = "point", _("the point given")
    BUILDING = "building", _("the building of the address")
    STREET = "street", _("the street of the address")
    DISTRICT = "district", _("the district named in the address")
    HROMADA = "hromada", _("the hromada's centre: the address was not recognised")


class Category(TenantModel):
    """A kind of problem (an Open311 service): who answers for it and in how many working days."""

    code = models.SlugField(_("service code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opencity_categories",
        verbose_name=_("responsible department"),
    )
    company = models.CharField(
        _("responsible municipal company"),
        max_length=250,
        blank=True,
        help_text=_("When a municipal company, not a department, does the work."),
    )
    sla_days = models.PositiveSmallIntegerField(_("deadline, working days"), default=10)
    questions = models.JSONField(
        _("extra questions"),
        default=list,
        blank=True,
        help_text=_(
            "Open311 attributes: a list of {code, datatype, required, description, values: [{key, name}]}."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "code"], name="opencity_category_code_unique"),
            models.CheckConstraint(condition=Q(sla_days__gte=1), name="opencity_category_sla_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Zone(TenantModel):
    """An area that decides who handles reports in it (a district, a starosta district, a service zone)."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON Polygon or MultiPolygon)"))
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opencity_zones",
        verbose_name=_("department"),
        help_text=_("Empty: each category's responsible department."),
    )
    categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="zones",
        verbose_name=_("categories"),
        help_text=_("Empty: every category."),
    )
    priority = models.SmallIntegerField(_("priority"), default=0)

    class Meta:
        verbose_name = _("routing zone")
        verbose_name_plural = _("routing zones")
        ordering = ["-priority", "name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(TenantModel):
    """An outside application allowed to file reports through Open311 (only the key's hash is kept)."""

    name = models.CharField(_("application"), max_length=200)
    contact = models.EmailField(_("contact e-mail"), blank=True)
    prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    per_hour = models.PositiveIntegerField(_("requests per hour"), default=600)
    is_active = models.BooleanField(_("active"), default=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Report(TenantModel):
    """A problem reported by a resident (on the web, through Open311, by the call centre, by the bot)."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports")
    department = models.ForeignKey(
        "territory.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opencity_reports",
        verbose_name=_("responsible department"),
    )
    zone = models.ForeignKey(Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
    district = models.ForeignKey(
        "territory.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opencity_reports",
    )
    needs_triage = models.BooleanField(_("in the triage queue"), default=False)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    location_precision = models.CharField(
        _("location known to"),
        max_length=10,
        choices=LocationPrecision.choices,
        default=LocationPrecision.POINT,
    )
    description = models.TextField(_("description"), max_length=4000)
    public_description = models.TextField(_("public description"), max_length=4000)
    attributes = models.JSONField(_("answers to the category's questions"), default=dict, blank=True)
    media_url = models.URLField(_("media URL"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    close_reason = models.CharField(_("reason"), max_length=20, choices=CloseReason.choices, blank=True)
    responsible_elsewhere = models.CharField(_("who is responsible instead"), max_length=250, blank=True)
    forwarded_to_email = models.EmailField(_("forwarded to (e-mail)"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    api_key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    token = models.CharField(max_length=32, unique=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opencity_reports",
        verbose_name=_("reporter"),
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    show_name = models.BooleanField(_("show my name publicly"), default=False)
    submitted_at = models.DateTimeField(_("submitted"))
    due_at = models.DateTimeField(_("due"))
    responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"))
    supporters_count = models.PositiveIntegerField(_("supporters"), default=0)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # Kept for the analytics by the actions when it happens (and by ``opencity_analytics_fill`` for older
    # rows): the Kyiv month of filing, and the working days to the first response and to the current fix.
    submitted_month = models.DateField(_("month of filing"), null=True, blank=True, editable=False)
    response_working_days = models.PositiveSmallIntegerField(
        _("working days to the first response"), null=True, blank=True, editable=False
    )
    fix_working_days = models.PositiveSmallIntegerField(
        _("working days to the fix"), null=True, blank=True, editable=False
    )
    reporter_verdict = models.CharField(
        _("reporter's verdict"),
        max_length=10,
        blank=True,
        choices=[("confirmed", _("confirmed fixed")), ("disputed", _("disputed"))],
    )

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["hromada", "category", "lat", "lon"], name="opencity_report_near"),
            models.Index(fields=["hromada", "status", "due_at"], name="opencity_report_clock"),
            models.Index(fields=["hromada", "-submitted_at"], name="opencity_report_recent"),
            models.Index(fields=["hromada", "department", "status"], name="opencity_report_queue"),
            # Covers the map's grouped query (box, state and category from the index alone).
            models.Index(fields=["hromada", "lat", "lon", "status", "category"], name="opencity_report_map"),
            # The hourly fix-check job: reports fixed four weeks ago, in every hromada.
            models.Index(fields=["status", "closed_at"], name="opencity_report_closed"),
            # The analytics' grouped counts read only this index (SQLite: in its order, no sort).
            models.Index(
                fields=[
                    "hromada",
                    "category",
                    "district",
                    "channel",
                    "submitted_month",
                    "status",
                    "close_reason",
                    "reopen_count",
                    "due_at",
                    "closed_at",
                ],
                name="opencity_report_analytics",
            ),
            # The working-day medians' histogram (category × days to the answer × days to the fix).
            models.Index(
                fields=["hromada", "category", "response_working_days", "fix_working_days"],
                name="opencity_report_workdays",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="opencity_report_status_known"
            ),
            models.CheckConstraint(
                condition=Q(location_precision__in=LocationPrecision.values),
                name="opencity_report_precision_known",
            ),
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="opencity_report_position_valid",
            ),
            # A report closed without fixing always says why; only such a report has a reason.
            models.CheckConstraint(
                condition=(Q(status=Status.CLOSED) & Q(close_reason__in=CloseReason.values))
                | (~Q(status=Status.CLOSED) & Q(close_reason="")),
                name="opencity_report_closed_has_reason",
            ),
            # "Not our responsibility" names who is.
            models.CheckConstraint(
                condition=~Q(close_reason=CloseReason.NOT_RESPONSIBLE) | ~Q(responsible_elsewhere=""),
                name="opencity_report_forward_named",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[Status.FIXED, Status.CLOSED], closed_at__isnull=False)
                | (~Q(status__in=[Status.FIXED, Status.CLOSED]) & Q(closed_at__isnull=True)),
                name="opencity_report_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("submitted_at")), name="opencity_report_due_after"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="opencity_report_channel_known"
            ),
            # The analytics' working days: to an answer only once answered, to a fix only while fixed.
            models.CheckConstraint(
                condition=Q(response_working_days__isnull=True) | Q(responded_at__isnull=False),
                name="opencity_report_response_days_answered",
            ),
            models.CheckConstraint(
                condition=Q(fix_working_days__isnull=True) | Q(status=Status.FIXED),
                name="opencity_report_fix_days_fixed",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("opencity:report", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return lifecycle.is_open(self.status)


class Support(BaseModel):
    """A resident's +1 on a report: raises its weight and subscribes them to its updates."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opencity_supports"
    )

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["report", "person"], name="opencity_support_once")]

    def __str__(self) -> str:
        return f"+1 #{self.report_id}"


class UpdateKind(models.TextChoices):
    STATUS = "status", _("status change")
    PUBLIC = "public", _("public update")
    INTERNAL = "internal", _("internal note")
    FEEDBACK = "feedback", _("reporter's feedback")


class Update(BaseModel):
    """A step in a report's history: a state change, a public update or an internal note."""

    Kind = UpdateKind

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("text"), blank=True, max_length=4000)
    public_text = models.TextField(_("public text"), blank=True)
    status_from = models.CharField(max_length=20, blank=True)
    status_to = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["report", "at"], name="opencity_update_report")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=UpdateKind.values), name="opencity_update_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.report_id}"

    @property
    def is_public(self) -> bool:
        return self.kind != self.Kind.INTERNAL

    @property
    def status_label(self) -> str:
        return str(Status(self.status_to).label) if self.status_to in Status.values else ""

    @property
    def reason_label(self) -> str:
        return str(CloseReason(self.reason).label) if self.reason in CloseReason.values else ""


def _photo_path(instance: Photo, filename: str) -> str:
    return f"opencity/{instance.report.hromada_id}/{instance.report_id}/{filename}"


class Photo(BaseModel):
    """A photo of a report or of an update, re-encoded without EXIF by core.uploads. A resident's photo is
    public once staff have looked at it (and blurred faces or licence plates if needed)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    update = models.ForeignKey(Update, on_delete=models.CASCADE, null=True, blank=True, related_name="photos")
    image = models.FileField(_("image"), upload_to=_photo_path)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    is_public = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name


class FixCheck(BaseModel):
    """The questionnaire sent four weeks after a report was marked fixed, to its reporter and supporters:
    is it really fixed? One per fix (``fixed_at`` is the report's ``closed_at`` the question is about), so a
    report fixed, reopened and fixed again is asked again."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="fix_checks")
    fixed_at = models.DateTimeField(_("marked fixed"))
    sent_at = models.DateTimeField(_("sent"))
    recipients = models.PositiveIntegerField(_("asked"), default=0)

    class Meta:
        verbose_name = _("fix check")
        verbose_name_plural = _("fix checks")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "fixed_at"], name="opencity_fixcheck_once"),
            models.CheckConstraint(
                condition=Q(sent_at__gte=models.F("fixed_at")), name="opencity_fixcheck_after_fix"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.report_id} {self.fixed_at:%Y-%m-%d}"


class FixCheckAnswer(BaseModel):
    """One resident's answer to a fix check: fixed (confirms) or not (reopens the report)."""

    fix_check = models.ForeignKey(FixCheck, on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opencity_fix_answers"
    )
    fixed = models.BooleanField(_("fixed"))
    text = models.TextField(_("comment"), blank=True, max_length=1000)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("fix check answer")
        verbose_name_plural = _("fix check answers")
        ordering = ["answered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["fix_check", "person"], name="opencity_fixcheck_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.fix_check_id}: {'fixed' if self.fixed else 'not fixed'}"


class ReportCount(models.Model):
    """The analytics' summary (``summary.py``): the hromada's reports counted per category, district
    (0: none), channel and Kyiv month of filing (1 January of year 1: none). Kept exact by the open-city
    actions in the same transaction as the report's change; ``hromada opencity_summary`` rebuilds it."""

    hromada = models.ForeignKey(Hromada, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    district = models.IntegerField()
    channel = models.CharField(max_length=12)
    month = models.DateField()
    reports = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    fixed = models.IntegerField(default=0)
    closed_not_fixed = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    duplicates = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "category", "district", "channel", "month"], name="opencity_count_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} {self.district} {self.channel} {self.month}: {self.reports}"


class ReportDays(models.Model):
    """The analytics' summary: reports per category, Kyiv month of filing, measure (1: working days to
    the first response, 2: to the current fix) and number of working days — the medians' histograms."""

    hromada = models.ForeignKey(Hromada, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    measure = models.PositiveSmallIntegerField()
    days = models.IntegerField()
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "category", "month", "measure", "days"], name="opencity_days_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} {self.month} {self.measure} {self.days}: {self.reports}"


class ReportDistrictDays(models.Model):
    """The analytics' summary: the medians' histograms of ``ReportDays`` per district too (reports with a
    district only), read when the page is filtered by a district. The key starts with the district, so
    those rows are one range of its index."""

    hromada = models.ForeignKey(Hromada, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    district = models.IntegerField()
    month = models.DateField()
    measure = models.PositiveSmallIntegerField()
    days = models.IntegerField()
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "district", "category", "month", "measure", "days"],
                name="opencity_district_days_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} {self.district} {self.month} {self.measure} {self.days}: {self.reports}"


class ReportDue(models.Model):
    """The analytics' summary: open reports per category, district, Kyiv month of filing and Kyiv month
    of their deadline (the overdue heatmap: a deadline month before the current one is past)."""

    hromada = models.ForeignKey(Hromada, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    district = models.IntegerField()
    month = models.DateField()
    due_month = models.DateField()
    reports = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "category", "district", "month", "due_month"], name="opencity_due_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_id} {self.district} {self.month} {self.due_month}: {self.reports}"


class ReportMapCell(models.Model):
    """The city map's clusters (``summary.py``, ``mapgrid.py``): the hromada's reports per zoom, grid cell,
    category and state, with the sums of their coordinates (in ``mapgrid.COORDINATE_UNITS``) and of their
    ids. Kept exact by the open-city actions in the same transaction as the report's change; ``hromada
    opencity_summary`` rebuilds it."""

    hromada = models.ForeignKey(Hromada, on_delete=models.CASCADE, related_name="+")
    zoom = models.PositiveSmallIntegerField()
    cell_x = models.IntegerField()
    cell_y = models.IntegerField()
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20)
    reports = models.IntegerField(default=0)
    sum_lon = models.BigIntegerField(default=0)
    sum_lat = models.BigIntegerField(default=0)
    sum_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "zoom", "cell_x", "cell_y", "category", "status"],
                name="opencity_map_cell_key",
            ),
        ]

    def __str__(self) -> str:
        return f"z{self.zoom} {self.cell_x},{self.cell_y} {self.category_id} {self.status}: {self.reports}"

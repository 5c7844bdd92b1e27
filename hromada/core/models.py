from collections.abc import Mapping

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def in_language(obj: object, field: str, language: str | None) -> str:
    """The English variant `<field>_en` of a text on English pages when it is filled, else the original."""
    return shown_in_language(obj, field, language)[0]


def shown_in_language(obj: object, field: str, language: str | None) -> tuple[str, str]:
    """The text of `field` to show on a page in `language`, and the language that text is written in
    (`obj` is a model instance or a row of values).

    Content written by officials is Ukrainian, with an optional English variant `<field>_en`: on English
    pages the variant when it is filled, else the Ukrainian original — which the page then marks
    `lang="uk"` (core/templatetags/hromada_tags.py: `marked`, `lang_attr`).
    """
    if isinstance(obj, Mapping):  # a row read as values
        english, original = obj.get(f"{field}_en", ""), obj[field]
    else:
        english, original = getattr(obj, f"{field}_en", ""), getattr(obj, field)
    if language == "en" and english:
        return str(english), "en"
    return str(original), settings.LANGUAGE_CODE


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


katottg_validator = RegexValidator(
    r"^UA\d{17}$", _("A KATOTTH code is “UA” followed by 17 digits, e.g. UA46060250000025047.")
)


class Hromada(BaseModel):
    """A territorial community: the tenant every domain row belongs to."""

    class Kind(models.TextChoices):
        CITY = "city", _("city hromada")
        TOWN = "town", _("town hromada")
        VILLAGE = "village", _("village hromada")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    katottg = models.CharField(_("KATOTTH code"), max_length=19, unique=True, validators=[katottg_validator])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CITY)
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Serves requests for host names no hromada claims.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    center_lat = models.FloatField(_("map centre latitude"), default=49.0)
    center_lon = models.FloatField(_("map centre longitude"), default=31.0)
    map_zoom = models.PositiveSmallIntegerField(_("map zoom"), default=12)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The participation indicators divide by it; without it they fall back on the residents registered on the
    # platform, which overstates participation where few residents have accounts.
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Permanent population as published by the State Statistics Service or the council."),
    )
    population_as_of = models.DateField(_("population as of"), null=True, blank=True)

    class Meta:
        verbose_name = _("hromada")
        verbose_name_plural = _("hromadas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_hromada"
            ),
            models.CheckConstraint(
                condition=Q(center_lat__gte=-90, center_lat__lte=90)
                & Q(center_lon__gte=-180, center_lon__lte=180),
                name="hromada_centre_on_earth",
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True, population_as_of__isnull=True)
                # isnull=False too: NULL > 0 is NULL, which a CHECK lets through.
                | Q(population__isnull=False, population__gt=0, population_as_of__isnull=False),
                name="hromada_population_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        return in_language(self, "name", language)

    def primary_host(self) -> str | None:
        """The host name links in e-mails use: the one marked primary, else the first added."""
        host = self.hosts.order_by("-is_primary", "pk").values_list("host", flat=True).first()
        return host


class HromadaHost(models.Model):
    """A host name (without port) that serves one hromada."""

    hromada = models.ForeignKey(
        Hromada, on_delete=models.CASCADE, related_name="hosts", verbose_name=_("hromada")
    )
    host = models.CharField(_("host name"), max_length=253, unique=True)
    is_primary = models.BooleanField(
        _("primary"), default=False, help_text=_("Links in e-mails use this host name.")
    )

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        constraints = [
            models.CheckConstraint(condition=~Q(host__contains=":"), name="host_without_port"),
            models.UniqueConstraint(
                fields=["hromada"], condition=Q(is_primary=True), name="one_primary_host_per_hromada"
            ),
        ]

    def __str__(self) -> str:
        return self.host


class TenantModel(BaseModel):
    """A row that belongs to exactly one hromada; selectors and actions always scope by it."""

    hromada = models.ForeignKey(
        Hromada, on_delete=models.PROTECT, verbose_name=_("hromada"), related_name="+"
    )

    class Meta:
        abstract = True


class CalendarOverride(models.Model):
    """A day that differs from the national calendar: an extra day off, or a worked day."""

    hromada = models.ForeignKey(
        Hromada,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_overrides",
        help_text=_("Empty: applies to every hromada of this installation."),
        verbose_name=_("hromada"),
    )
    date = models.DateField(_("date"))
    is_day_off = models.BooleanField(_("day off"), default=True)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "date"], name="one_override_per_day"),
            models.UniqueConstraint(
                fields=["date"], condition=Q(hromada__isnull=True), name="one_national_override_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"


class Notification(BaseModel):
    """One message in a person's in-app inbox; e-mailed by a background task after commit."""

    hromada = models.ForeignKey(Hromada, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # The facts that vary (e.g. a petition's title): the kind's texts are filled with them in the reader's
    # language (hromada.core.notifications).
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title


class RateLimitBucket(models.Model):
    """Fixed-window request counter shared by every app node (lives in the one database)."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField()
    # When the window closes (epoch seconds): the cleanup removes only closed windows.
    window_end = models.BigIntegerField(default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="one_bucket_per_window")]
        indexes = [models.Index(fields=["window_end"], name="ratelimit_window_end")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.count}"


class SecretFingerprint(models.Model):
    """A keyed fingerprint of an installation secret (core/fingerprints.py), recorded by the first node or
    worker that started on this database: a node started with another value refuses to start. The row
    holds an HMAC made with the secret, never the secret."""

    name = models.CharField(max_length=40, primary_key=True)
    fingerprint = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.fingerprint[:12]}…"


class PeriodicLease(models.Model):
    """The last period of a periodic job (core/registry.py) some worker claimed: the claim is one
    conditional UPDATE, so each period of each job runs on one worker only (core/periodic.py)."""

    key = models.CharField(max_length=100, primary_key=True)
    # The number of the period the job last ran in: floor(epoch seconds / every_seconds).
    period = models.BigIntegerField(default=-1)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.key} @ {self.period}"

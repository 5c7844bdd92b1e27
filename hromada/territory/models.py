from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel, in_language


class District(TenantModel):
    """A district or starosta district of a hromada, with its boundary as a GeoJSON geometry."""

    class Kind(models.TextChoices):
        CITY_DISTRICT = "city_district", _("city district")
        STAROSTA_DISTRICT = "starosta_district", _("starosta district")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY_DISTRICT)
    boundary = models.JSONField(_("boundary (GeoJSON Polygon or MultiPolygon)"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["hromada", "name"], name="district_name_unique")]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        return in_language(self, "name", language)


class Department(TenantModel):
    """A department of the council's executive bodies; officials are its members."""

    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name in English"), max_length=250, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["hromada", "name"], name="department_name_unique")]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        return in_language(self, "name", language)


class Institution(TenantModel):
    """A municipal institution residents visit: ЦНАП, kindergarten, school, clinic, library, …"""

    class Kind(models.TextChoices):
        CNAP = "cnap", _("administrative service centre (TsNAP)")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        SCHOOL = "school", _("school")
        CLUB = "club", _("out-of-school club")
        CLINIC = "clinic", _("clinic")
        HOSPITAL = "hospital", _("hospital")
        LIBRARY = "library", _("library")
        CULTURE = "culture", _("culture centre")
        SPORT = "sport", _("sports facility")
        UTILITY = "utility", _("utility company")
        SOCIAL = "social", _("social services")
        ADMINISTRATION = "administration", _("council administration")
        OTHER = "other", _("other")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("district"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="institutions",
        verbose_name=_("responsible department"),
    )
    address = models.CharField(_("address"), max_length=300)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # {"mon": [["08:00", "17:00"]], …, "sun": []}; see territory.hours.
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Case-folded name and address: SQLite's LIKE folds only ASCII, so Cyrillic search needs this.
    search_text = models.TextField(editable=False, default="", verbose_name=_("search text"))

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90) & Q(lon__gte=-180, lon__lte=180),
                name="institution_on_earth",
            ),
            models.UniqueConstraint(fields=["hromada", "name", "address"], name="institution_unique"),
        ]
        indexes = [models.Index(fields=["hromada", "kind"], name="institution_by_kind")]

    def __str__(self) -> str:
        return self.name

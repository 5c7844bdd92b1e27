from django.db import models
from django.db.models import F, Q
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


class Street(TenantModel):
    """A street of a district, or the part of it in the district (house numbers from, up to, a side) when
    the street is split between districts; written through ``actions.district_streets_set``, which keeps
    the ranges of one street from overlapping (``territory/streets.py``)."""

    class Parity(models.TextChoices):
        ALL = "all", _("both sides")
        ODD = "odd", _("odd numbers")
        EVEN = "even", _("even numbers")

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="streets", verbose_name=_("district")
    )
    name = models.CharField(_("street"), max_length=200)
    # The name folded for matching (core/streets.py): its words sorted, and its type ("вулиця", …).
    key = models.CharField(_("name for matching"), max_length=200, editable=False)
    kind = models.CharField(_("type of street"), max_length=20, blank=True, editable=False)
    number_from = models.PositiveIntegerField(_("house numbers from"), default=1)
    number_to = models.PositiveIntegerField(_("house numbers up to"), null=True, blank=True)
    parity = models.CharField(_("side"), max_length=4, choices=Parity.choices, default=Parity.ALL)

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = ["district", "key", "number_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_from__gte=1)
                & (Q(number_to__isnull=True) | Q(number_to__gte=F("number_from"))),
                name="street_numbers_in_order",
            ),
            models.CheckConstraint(
                condition=Q(parity__in=["all", "odd", "even"]), name="street_parity_known"
            ),
            models.CheckConstraint(condition=~Q(key=""), name="street_key_not_empty"),
            models.UniqueConstraint(
                fields=["district", "key", "kind", "number_from", "parity"], name="street_range_unique"
            ),
        ]
        indexes = [models.Index(fields=["hromada", "key"], name="street_by_key")]

    def __str__(self) -> str:
        return self.name


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

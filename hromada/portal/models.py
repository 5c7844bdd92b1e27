from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel


class Article(TenantModel):
    """News or an announcement published by officials on the portal."""

    class Kind(models.TextChoices):
        NEWS = "news", _("news")
        ANNOUNCEMENT = "announcement", _("announcement")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    slug = models.SlugField(_("address"), max_length=120, allow_unicode=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=500, blank=True)
    body = models.TextField(_("text"))
    body_en = models.TextField(_("text in English"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # search_key of both languages' title, summary and text (SQLite's LIKE folds only ASCII case).
    search_text = models.TextField(_("search text"), editable=False, default="")

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("news and announcements")
        ordering = ["-pinned", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "slug"], name="article_slug_unique"),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="published_article_has_time",
            ),
        ]
        indexes = [models.Index(fields=["hromada", "is_published", "published_at"], name="article_feed")]

    def __str__(self) -> str:
        return self.title


class HelpPage(TenantModel):
    """A help page ("how to get a service", "how to verify identity") shown on the portal."""

    slug = models.SlugField(_("address"), max_length=120, allow_unicode=True)
    title = models.CharField(_("title"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    body = models.TextField(_("text"))
    body_en = models.TextField(_("text in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_published = models.BooleanField(_("published"), default=True)
    search_text = models.TextField(_("search text"), editable=False, default="")

    class Meta:
        verbose_name = _("help page")
        verbose_name_plural = _("help pages")
        ordering = ["order", "title"]
        constraints = [models.UniqueConstraint(fields=["hromada", "slug"], name="helppage_slug_unique")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:help_page", args=[self.slug])


class SiteAppearance(TenantModel):
    """How a hromada's site looks, set by its administrators: the main colour (header and links), the text
    colour on it, the emblem (coat of arms or logo) beside the name, and whom to tell about accessibility
    problems. Contrast is checked by the action (WCAG 2.1 AA)."""

    brand_colour = models.CharField(_("main colour"), max_length=7, default="#0b4f8a")
    brand_ink = models.CharField(_("text colour on the main colour"), max_length=7, default="#ffffff")
    emblem = models.FileField(_("coat of arms or logo"), upload_to="emblems/", blank=True)
    accessibility_contact = models.CharField(
        _("contact for accessibility problems"),
        max_length=200,
        blank=True,
        help_text=_("An e-mail or phone number; the hromada's contacts are shown when empty."),
    )

    class Meta:
        verbose_name = _("site appearance")
        verbose_name_plural = _("site appearance")
        constraints = [
            models.UniqueConstraint(fields=["hromada"], name="one_appearance_per_hromada"),
            models.CheckConstraint(
                condition=Q(brand_colour__regex=r"^#[0-9a-f]{6}$") & Q(brand_ink__regex=r"^#[0-9a-f]{6}$"),
                name="appearance_colours_are_hex",
            ),
        ]

    def __str__(self) -> str:
        return str(_("site appearance"))


class Statement(TenantModel):
    """The hromada's own privacy notice, terms of use or accessibility statement (a built-in text, filled
    with the hromada's name and contacts, is shown until officials write theirs)."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("privacy notice")
        TERMS = "terms", _("terms of use")
        ACCESSIBILITY = "accessibility", _("accessibility statement")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = models.TextField(_("text"))
    body_en = models.TextField(_("text in English"), blank=True)
    reviewed_on = models.DateField(_("last reviewed on"))

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("privacy, terms and accessibility statements")
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["hromada", "kind"], name="one_statement_per_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

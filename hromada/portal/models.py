from django.conf import settings
from django.db import models
from django.db.models import Q
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

    class Meta:
        verbose_name = _("help page")
        verbose_name_plural = _("help pages")
        ordering = ["order", "title"]
        constraints = [models.UniqueConstraint(fields=["hromada", "slug"], name="helppage_slug_unique")]

    def __str__(self) -> str:
        return self.title

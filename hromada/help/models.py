"""The help centre's rows: each hromada's copy of the articles the modules ship, and readers' votes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.models import BaseModel, TenantModel


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("residents")
    OFFICIALS = "officials", _("officials")


class Source(models.TextChoices):
    """Whose text the article shows: the module's shipped text, or the hromada's officials' edit (which
    loading the shipped text again never overwrites)."""

    SHIPPED = "shipped", _("shipped with the platform")
    EDITED = "edited", _("edited by the hromada")


class HelpArticle(TenantModel):
    """One hromada's copy of a help article shipped by a module (``hromada/<app>/help/``)."""

    app = models.CharField(_("module"), max_length=30)
    name = models.SlugField(_("name"), max_length=80)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    title = models.CharField(_("title"), max_length=250)
    title_en = models.CharField(_("title in English"), max_length=250, blank=True)
    body = models.TextField(_("text (Markdown)"))
    body_en = models.TextField(_("text in English (Markdown)"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    source = models.CharField(_("text source"), max_length=20, choices=Source.choices, default=Source.SHIPPED)
    # The fingerprint of the shipped text this copy was loaded from (articles.ShippedArticle.digest);
    # an edited copy keeps the one its edit started from, so a newer shipped text can be pointed out.
    shipped_digest = models.CharField(
        _("fingerprint of the shipped text"), max_length=64, editable=False, default=""
    )
    is_shipped = models.BooleanField(_("still shipped"), default=True, editable=False)
    # Who edited is in the hromada's log (the back office's audit entry); the row keeps no person.
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    search_text = models.TextField(_("search text"), editable=False, default="")

    class Meta:
        verbose_name = _("help article")
        verbose_name_plural = _("help articles")
        ordering = ["app", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "app", "name"], name="help_article_key_unique"),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="help_article_audience_known"
            ),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="help_article_source_known"),
            models.CheckConstraint(
                condition=Q(source=Source.SHIPPED) | Q(edited_at__isnull=False),
                name="help_article_edit_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("help:article", args=[self.app, self.name])

    @property
    def key(self) -> str:
        return f"{self.app}/{self.name}"


class HelpFeedback(BaseModel):
    """One reader's answer to "was this helpful?": the reader is a keyed hash (``voter``) of their account
    or session, different for every article, so votes cannot be linked to a person or to each other."""

    article = models.ForeignKey(
        HelpArticle, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("article")
    )
    voter = models.CharField(max_length=64, editable=False)
    helpful = models.BooleanField(_("helpful"))

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["article", "voter"], name="help_feedback_one_per_voter")
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.helpful}"

"""The module's rows. Each belongs to one hromada (``TenantModel``); what the database can hold is a
constraint in ``Meta``, not a check in ``save()`` (docs/architecture.md)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel

from .lifecycle import Status


class ItemStatus(models.TextChoices):
    """The lifecycle's statuses (``lifecycle.Status``) with their labels."""

    DRAFT = Status.DRAFT.value, _("draft")
    PUBLISHED = Status.PUBLISHED.value, _("published")
    ARCHIVED = Status.ARCHIVED.value, _("archived")


class Item(TenantModel):
    """One item of the module: drafted by an official, then public until archived."""

    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "title"],
                name="consultations_item_title_unique",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values),
                name="consultations_item_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status=ItemStatus.DRAFT) | Q(published_at__isnull=False),
                name="consultations_item_public_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

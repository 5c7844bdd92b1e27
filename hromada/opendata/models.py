"""The open-data portal's own rows: who publishes the hromada's datasets (the passport's publisher,
ЄДРПОУ and responsible person). The datasets themselves are not stored: modules register them
(``core.datasets``) and their rows come from the live tables."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.models import TenantModel

edrpou_validator = RegexValidator(r"^\d{8}$", _("An EDRPOU code is eight digits."))


class Publisher(TenantModel):
    """A body of the hromada that publishes datasets (the council, a department): a CKAN organisation."""

    key = models.SlugField(_("key"), max_length=60, help_text=_("Datasets name their publisher by this key."))
    # "name" alone is a person's name in another app's catalogue ("ім'я"): this is a body's name ("назва")
    name = models.CharField(pgettext_lazy("organisation", "name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    edrpou = models.CharField(_("EDRPOU code"), max_length=8, validators=[edrpou_validator])
    responsible = models.CharField(
        _("responsible for the datasets"),
        max_length=200,
        help_text=_("The position (and, if the body agrees, the name) of who answers for the datasets."),
    )
    email = models.EmailField(_("contact e-mail for the datasets"), blank=True)

    class Meta:
        verbose_name = _("open-data publisher")
        verbose_name_plural = _("open-data publishers")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "key"], name="opendata_publisher_key_unique"),
            models.CheckConstraint(
                condition=Q(edrpou__regex=r"^[0-9]{8}$"), name="opendata_publisher_edrpou_8"
            ),
        ]

    def __str__(self) -> str:
        return self.name

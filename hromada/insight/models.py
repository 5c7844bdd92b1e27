"""The insight index's stored values: computed values per quarter, officials' self-reports with their
documents, closed quarters, and each hromada's choices (comparison opt-in, weights). Written only by
:mod:`hromada.insight.actions`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import Quarter, indicator
from hromada.core.models import Hromada, TenantModel

QUARTER_PATTERN = r"^[0-9]{4}-Q[1-4]$"


class Settings(TenantModel):
    """A hromada's choices: whether it joins the comparison with the installation's other hromadas, and
    the weights its community chose for the index's indicators (``{indicator key: weight}``; missing keys
    weigh 1). The row is also the lock that orders computing against closing a quarter."""

    comparison_opt_in = models.BooleanField(_("show in the comparison between hromadas"), default=False)
    weights = models.JSONField(_("weights of the indicators"), default=dict, blank=True)

    class Meta:
        verbose_name = _("index settings")
        verbose_name_plural = _("index settings")
        constraints = [models.UniqueConstraint(fields=["hromada"], name="insight_settings_one_per_hromada")]

    def __str__(self) -> str:
        return str(_("Index settings"))


class Value(TenantModel):
    """An indicator's value for a quarter: computed from the platform's data, or taken from the valid
    self-report. ``value`` is null when there was nothing to measure."""

    class Source(models.TextChoices):
        MEASURED = "measured", _("measured")
        SELF_REPORTED = "self", _("self-reported")

    indicator = models.CharField(_("indicator"), max_length=80)
    quarter = models.CharField(_("quarter"), max_length=7)
    value = models.FloatField(_("value"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MEASURED)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["-quarter", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "indicator", "quarter"], name="insight_value_unique"),
            models.CheckConstraint(condition=Q(quarter__regex=QUARTER_PATTERN), name="insight_value_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.quarter}"


class MonthFigure(TenantModel):
    """A module's headline number for one month (the dashboard's sparklines), recomputed until the
    month is over."""

    series = models.CharField(_("series"), max_length=80)
    month = models.DateField(_("month"))
    value = models.FloatField(_("value"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        ordering = ["series", "month"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "series", "month"], name="insight_month_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="insight_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.month:%Y-%m}"


class SelfReport(TenantModel):
    """A value an official entered for an indicator the platform cannot measure, with the document that
    proves it and the date it holds from; valid for a year from that date.

    A correction is a new version (``supersedes`` the one it corrects, with the reason); the corrected
    version is kept, never edited, and only a version nobody has superseded counts."""

    indicator = models.CharField(_("indicator"), max_length=80)
    value = models.FloatField(_("value"))
    valid_from = models.DateField(_("as of"))
    document = models.FileField(_("document"), upload_to="insight/evidence/%Y/")
    document_name = models.CharField(_("document name"), max_length=120)
    content_type = models.CharField(_("file type"), max_length=60)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    # Who entered it is in the ledger's audit entry (``audit.self_report.created``/``corrected``).

    class Meta:
        verbose_name = _("self-reported value")
        verbose_name_plural = _("self-reported values")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(document=""), name="insight_selfreport_has_document"),
            models.CheckConstraint(condition=Q(value__gte=0), name="insight_selfreport_value_positive"),
            # The first version corrects nothing; every later one names the version it corrects and why.
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True, version=1, reason="")
                | (Q(supersedes__isnull=False, version__gte=2) & ~Q(reason="")),
                name="insight_selfreport_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:  # the indicator's title, not its key: the back office shows it
        item = indicator(self.indicator)
        return f"{item.title if item else self.indicator}, {self.valid_from:%Y-%m-%d}"


class ClosedQuarter(TenantModel):
    """A quarter whose values are final: published in the ledger, never recomputed or edited."""

    quarter = models.CharField(_("quarter"), max_length=7)
    closed_at = models.DateTimeField(_("closed"))
    # Who closed it is in the ledger entry's people (a salted commitment), not in a column.
    receipt_id = models.BigIntegerField(_("ledger receipt"), null=True, blank=True)

    class Meta:
        verbose_name = _("closed quarter")
        verbose_name_plural = _("closed quarters")
        ordering = ["-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "quarter"], name="insight_closed_quarter_unique"),
            models.CheckConstraint(
                condition=Q(quarter__regex=QUARTER_PATTERN), name="insight_closed_quarter_text"
            ),
        ]

    def __str__(self) -> str:
        return Quarter.parse(self.quarter).label()


__all__ = ["ClosedQuarter", "Hromada", "MonthFigure", "SelfReport", "Settings", "Value"]

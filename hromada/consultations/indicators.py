"""What the consultations' data tells the insight index (issue 19, docs/insight.md)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import (
    MINTSYFRA,
    TRANSPARENT_CITIES,
    Criterion,
    Evidence,
    Headline,
    Indicator,
    Unit,
)

from . import selectors

INDICATORS = [
    Indicator(
        key="consultations.with_report",
        title=_("Consultations held with a published report"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_with_report,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "public participation")),
        evidence=(Evidence(_("Public consultations"), "consultations:index"),),
        effort=1,
    ),
    Headline(
        key="consultations.open",
        title=_("Consultations open"),
        compute=selectors.headline_consultations,
        url_name="consultations:index",
        order=60,
    ),
]

"""What the open-city reports tell the insight index (issue 19, docs/insight.md)."""

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
        key="opencity.fixed_within_sla",
        title=_("Problem reports fixed within the deadline"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_fixed_within_sla,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "housing and utilities")),
        evidence=(Evidence(_("Open city: problem reports"), "opencity:index"),),
        effort=2,
    ),
    Headline(
        key="opencity.reports",
        title=_("Problem reports"),
        compute=selectors.headline_reports,
        url_name="opencity:analytics",
        order=40,
    ),
]

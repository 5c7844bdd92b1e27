"""What the public budget's data tells the insight index (issue 19, docs/insight.md)."""

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
        key="budget.participation",
        title=_("Public-budget participation (voters per resident)"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_participation,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "public participation")),
        evidence=(Evidence(_("Public budget: cycles and results"), "budget:index"),),
        worst=0,
        best=10,
        effort=2,
    ),
    Headline(
        key="budget.voters",
        title=_("Public-budget voters"),
        compute=selectors.headline_voters,
        url_name="budget:index",
        order=50,
    ),
]

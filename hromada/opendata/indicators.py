"""What the open-data portal tells the insight index (issue 19, docs/insight.md)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import (
    MINTSYFRA,
    ODC,
    TRANSPARENT_CITIES,
    Criterion,
    Evidence,
    Indicator,
    Unit,
)

from . import selectors

_PORTAL = Evidence(_("Open-data portal"), "opendata:index")

INDICATORS = [
    Indicator(
        key="opendata.datasets",
        title=_("Open datasets published"),
        unit=Unit.COUNT,
        compute=selectors.indicator_datasets_published,
        criteria=(
            Criterion(MINTSYFRA, "infrastructure"),
            Criterion(TRANSPARENT_CITIES, "open data"),
            Criterion(ODC, "open by default", "1"),
        ),
        evidence=(_PORTAL,),
        worst=0,
        best=30,
        effort=2,
    ),
    Indicator(
        key="opendata.up_to_date",
        title=_("Open datasets up to date"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_datasets_up_to_date,
        criteria=(
            Criterion(TRANSPARENT_CITIES, "open data"),
            Criterion(ODC, "timely and comprehensive", "2"),
        ),
        evidence=(_PORTAL,),
        effort=1,
    ),
]

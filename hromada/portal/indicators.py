"""What the institutions directory tells the insight index (issue 19, docs/insight.md); the data is
territory's, shown by the portal's directory."""

from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import MINTSYFRA, TRANSPARENT_CITIES, Criterion, Evidence, Indicator, Unit
from hromada.territory import selectors

INDICATORS = [
    Indicator(
        key="territory.institutions_complete",
        title=_("Institutions with opening hours and a location"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_institutions_complete,
        criteria=(
            Criterion(MINTSYFRA, "infrastructure"),
            Criterion(TRANSPARENT_CITIES, "access to information"),
        ),
        evidence=(Evidence(_("Institutions directory and map"), "portal:institutions"),),
        effort=1,
    ),
]

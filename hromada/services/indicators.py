"""What the services' data tells the insight index (issue 19, docs/insight.md)."""

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

_CATALOGUE = Evidence(_("Catalogue of services"), "services:list")
_STATISTICS = Evidence(_("Statistics of services rendered"), "services:statistics")
_OPEN_DATA = Evidence(
    _("Open data: services rendered"), "opendata:dataset", (("name", "administrative-services-rendered"),)
)

INDICATORS = [
    Indicator(
        key="services.online_share",
        title=_("Share of the catalogue's services available online"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_online_share,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "e-services")),
        evidence=(_CATALOGUE,),
        effort=3,
    ),
    Indicator(
        key="services.online_applications",
        title=_("Share of applications filed online"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_online_applications,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "e-services")),
        evidence=(_STATISTICS, _OPEN_DATA),
        effort=2,
    ),
    Indicator(
        key="services.median_days",
        title=_("Median working days from application to decision"),
        unit=Unit.DAYS,
        compute=selectors.indicator_median_days,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "administrative services")),
        evidence=(_STATISTICS,),
        worst=10,
        best=1,
        effort=2,
    ),
    Indicator(
        key="services.on_time",
        title=_("Share of decisions made on time"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_on_time,
        criteria=(Criterion(TRANSPARENT_CITIES, "administrative services"),),
        evidence=(_STATISTICS,),
        effort=2,
    ),
    Headline(
        key="services.applications",
        title=_("Applications for services"),
        compute=selectors.headline_applications,
        url_name="services:statistics",
        order=10,
    ),
]

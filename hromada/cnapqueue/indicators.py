"""What the ЦНАП queue's data tells the insight index (issue 19, docs/insight.md)."""

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

_OFFICES = Evidence(_("TsNAP offices and booking"), "cnapqueue:offices")

INDICATORS = [
    Indicator(
        key="cnapqueue.booking",
        title=_("Online booking of a TsNAP visit available"),
        unit=Unit.YES_NO,
        compute=selectors.indicator_booking_available,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "administrative services")),
        evidence=(_OFFICES,),
        worst=0,
        best=1,
        effort=1,
    ),
    Indicator(
        key="cnapqueue.wait_p90",
        title=_("Queue wait at the TsNAP, 90th percentile"),
        unit=Unit.MINUTES,
        compute=selectors.indicator_queue_p90,
        criteria=(Criterion(TRANSPARENT_CITIES, "administrative services"),),
        evidence=(_OFFICES,),
        worst=60,
        best=10,
        effort=2,
    ),
    Headline(
        key="cnapqueue.wait",
        title=_("Median queue wait, minutes"),
        compute=selectors.headline_queue_wait,
        url_name="cnapqueue:offices",
        unit=Unit.MINUTES,
        order=20,
    ),
]

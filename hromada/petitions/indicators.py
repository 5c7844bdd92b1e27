"""What the petitions' data tells the insight index (issue 19, docs/insight.md)."""

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
        key="petitions.answered_on_time",
        title=_("Petitions answered on time"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_answered_on_time,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "public participation")),
        evidence=(
            Evidence(_("Who answers petitions, and when"), "petitions:accountability"),
            Evidence(_("Open data: petitions"), "petitions:opendata_index"),
        ),
        effort=1,
    ),
    Headline(
        key="petitions.published",
        title=_("Petitions published"),
        compute=selectors.headline_petitions,
        url_name="petitions:accountability",
        order=30,
    ),
]

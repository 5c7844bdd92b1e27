"""The indicators the platform cannot measure: an official enters each with a document and a date
(``self_report_add``); a report is valid for a year (issue 19, docs/insight.md)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import MINTSYFRA, TRANSPARENT_CITIES, Criterion, Indicator, Unit

INDICATORS = [
    Indicator(
        key="insight.skills_training",
        title=_("Share of staff trained in digital skills"),
        unit=Unit.PERCENT,
        criteria=(Criterion(MINTSYFRA, "skills"),),
        effort=2,
    ),
    Indicator(
        key="insight.edms",
        title=_("Electronic document management in use"),
        unit=Unit.YES_NO,
        criteria=(Criterion(MINTSYFRA, "infrastructure"),),
        effort=3,
    ),
    Indicator(
        key="insight.programme",
        title=_("Digital development programme approved"),
        unit=Unit.YES_NO,
        criteria=(Criterion(MINTSYFRA, "economy"), Criterion(TRANSPARENT_CITIES, "strategic planning")),
        effort=2,
    ),
    Indicator(
        key="insight.accessibility",
        title=_("Web accessibility checks passing (audit)"),
        unit=Unit.YES_NO,
        criteria=(Criterion(MINTSYFRA, "services"), Criterion(TRANSPARENT_CITIES, "access to information")),
        description=_(
            "The platform's own pages are checked for accessibility automatically in its tests; this value "
            "is the audit of the hromada's whole website, entered by an official with the auditor's report."
        ),
        effort=2,
    ),
]

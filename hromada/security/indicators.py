"""What the platform's own security checks tell the insight index (issue 19, docs/insight.md): 2FA of the
officials (accounts' data, read here as on the posture page) and verified backups."""

from django.utils.translation import gettext_lazy as _

from hromada.core.indicators import MINTSYFRA, Criterion, Evidence, Indicator, Unit
from hromada.core.permissions import manages_hromada

from . import selectors

# The posture page is the administrators' (views.posture): other officials see its title without a link.
_POSTURE = Evidence(_("Security posture"), "security:posture", public=False, audience=manages_hromada)

INDICATORS = [
    Indicator(
        key="security.two_factor",
        title=_("Officials with two-factor authentication"),
        unit=Unit.PERCENT,
        compute=selectors.indicator_two_factor,
        criteria=(Criterion(MINTSYFRA, "infrastructure"),),
        evidence=(_POSTURE,),
        effort=1,
        public=False,
    ),
    Indicator(
        key="security.backup_verified",
        title=_("Backup verified by a restore test"),
        unit=Unit.YES_NO,
        compute=selectors.indicator_backup_verified,
        criteria=(Criterion(MINTSYFRA, "infrastructure"),),
        evidence=(_POSTURE,),
        worst=0,
        best=1,
        effort=1,
        public=False,
    ),
]

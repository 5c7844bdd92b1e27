"""What the demo adds installation-wide: the platform operator and the hromadas, default first."""

from __future__ import annotations

from . import svitlohirsk, verbivka
from .spec import HromadaPlan, StaffSpec

OPERATOR = StaffSpec(
    "operator@hromada.localhost", "Кушнір Дмитро Олександрович", "operator", "оператор платформи (superuser)"
)
# The operator's home hromada (every account has one).
OPERATOR_HOME = svitlohirsk.SLUG
PLANS: tuple[HromadaPlan, ...] = (svitlohirsk.PLAN, verbivka.PLAN)
DEMO_RESIDENT = svitlohirsk.DEMO_RESIDENT

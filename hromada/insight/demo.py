"""The insight part of the demo: self-reports with documents (one stale), the index computed for the
running quarter and the two before it (both closed and published), the monthly figures, and the
comparison opt-in. Idempotent: a second run writes nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from hromada.accounts.selectors import administrators_of
from hromada.core import clock
from hromada.core.models import Hromada

from .actions import month_figures_compute, quarter_close, self_report_add, settings_save, values_compute
from .models import ClosedQuarter, SelfReport
from .selectors import current_quarter

# A tiny, valid PDF: the demo's "scanned decision".
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# (indicator, value, days before today, document name): the skills report is over a year old (stale).
REPORTS = (
    ("insight.programme", 1.0, 200, "programme-decision.pdf"),
    ("insight.edms", 1.0, 150, "edms-order.pdf"),
    ("insight.accessibility", 0.0, 120, "accessibility-audit.pdf"),
    ("insight.skills_training", 38.0, 420, "training-report.pdf"),
)


def insight_demo_load(*, hromada: Hromada, progress: Callable[[str], object] | None = None) -> int:
    admin = administrators_of(hromada=hromada).order_by("pk").first()
    if admin is None or SelfReport.objects.filter(hromada=hromada).exists():
        return 0
    created = 0
    for key, value, days, name in REPORTS:
        self_report_add(hromada=hromada, actor=admin, key=key, value=value,
                        valid_from=clock.today() - dt.timedelta(days=days), document=io.BytesIO(DEMO_PDF),
                        filename=name)  # fmt: skip
        created += 1
    quarter = current_quarter()
    for past in (quarter.previous().previous(), quarter.previous()):
        if not ClosedQuarter.objects.filter(hromada=hromada, quarter=str(past)).exists():
            quarter_close(hromada=hromada, actor=admin, quarter=past)
            created += 1
    created += values_compute(hromada=hromada, quarter=quarter)
    created += month_figures_compute(hromada=hromada)
    settings_save(hromada=hromada, actor=admin, comparison_opt_in=True, weights={})
    if progress:
        progress("insight: the index of three quarters, two of them closed")
    return created

"""The insight part of the demo: self-reports with documents (one stale, and corrected once), the index
computed for the running quarter and the two before it (both closed and published), the monthly figures,
and the comparison opt-in. Idempotent: a second run writes nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from hromada.accounts.selectors import administrators_of
from hromada.core import clock
from hromada.core.models import Hromada

from .actions import (
    month_figures_compute,
    quarter_close,
    self_report_add,
    self_report_correct,
    settings_save,
    values_compute,
)
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


CORRECTION_REASON = "Відділ кадрів перерахував: не враховано працівників ЦНАП."


def insight_demo_load(*, hromada: Hromada, progress: Callable[[str], object] | None = None) -> int:
    admin = administrators_of(hromada=hromada).order_by("pk").first()
    if admin is None or SelfReport.objects.filter(hromada=hromada).exists():
        return 0
    created = 0
    entered = {}
    for key, value, days, name in REPORTS:
        entered[key] = self_report_add(hromada=hromada, actor=admin, key=key, value=value,
                                       valid_from=clock.today() - dt.timedelta(days=days),
                                       document=io.BytesIO(DEMO_PDF), filename=name)  # fmt: skip
        created += 1
    # A correction with its history: the stale skills report (dated in a quarter older than the closed ones).
    skills = entered["insight.skills_training"]
    self_report_correct(hromada=hromada, actor=admin, report=skills, value=41.0, valid_from=skills.valid_from,
                        reason=CORRECTION_REASON)  # fmt: skip
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

"""The compiled float engine for MES (placeholder until the kernel lands)."""

from __future__ import annotations

from fractions import Fraction

from hromada.budget.rules._prep import Prepared
from hromada.budget.rules.mes_exact import MesRun


class Engine:
    def run(self, endowment: Fraction) -> MesRun | None:
        return None


def engine(prep: Prepared, utility: str, active: list[int]) -> Engine | None:
    return None

"""What a module may declare as an indicator (core/indicators.py): units, their bounds and the ends scored."""

from __future__ import annotations

import pytest

from hromada.core.indicators import MINTSYFRA, Criterion, Indicator, Unit
from hromada.insight.scoring import indicator_score

SERVICES = (Criterion(MINTSYFRA, "services"),)


def declare(unit: str, **ends: float) -> Indicator:
    return Indicator(key="test.item", title="Test", unit=unit, criteria=SERVICES, **ends)


def score(item: Indicator, value: float) -> float | None:
    worst, best = item.scale
    return indicator_score(value, worst=worst, best=best)


def test_a_yes_no_or_percent_indicator_is_scored_between_its_units_bounds_unless_it_declares_its_ends():
    assert score(declare(Unit.YES_NO), 1) == 100
    assert score(declare(Unit.PERCENT), 40) == 40
    assert score(declare(Unit.PERCENT, worst=0, best=10), 5) == 50


@pytest.mark.parametrize("unit", [Unit.DAYS, Unit.MINUTES, Unit.COUNT])
def test_an_indicator_of_an_unbounded_unit_must_declare_both_ends(unit):
    with pytest.raises(ValueError):
        declare(unit)
    with pytest.raises(ValueError):
        declare(unit, best=1)

    assert declare(unit, worst=10, best=1).scale == (10, 1)

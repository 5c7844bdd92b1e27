"""What a module may declare as an indicator (core/indicators.py): units, their bounds and the ends scored."""

from __future__ import annotations

import pytest

from hromada.core.indicators import FRAMEWORK_PARTS, MINTSYFRA, ODC, Criterion, Indicator, Unit
from hromada.insight.frameworks import PARTS
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


def test_a_criterion_names_a_part_of_its_framework():
    with pytest.raises(ValueError):
        Criterion(MINTSYFRA, "servises")
    with pytest.raises(ValueError):
        Criterion(ODC, "services")  # a part of another framework

    assert Criterion(ODC, "open by default", "1").part == "open by default"


def test_every_part_a_criterion_may_name_has_a_title_on_the_frameworks_page():
    declared = {(framework, part) for framework, parts in FRAMEWORK_PARTS.items() for part in parts}

    assert {(p.framework, p.key) for p in PARTS} == declared
    assert len(PARTS) == len(declared)


def test_a_transparent_cities_criterion_number_is_only_one_cited_from_a_consulted_edition():
    """Numbers change between editions: one is declared only with its source (frameworks.py), not guessed."""
    from hromada.core.indicators import TRANSPARENT_CITIES, indicators
    from hromada.insight.frameworks import TRANSPARENT_CITIES_NUMBERS, TRANSPARENT_CITIES_SOURCES

    for item in indicators():
        for criterion in item.criteria:
            if criterion.framework != TRANSPARENT_CITIES:
                continue
            cited = TRANSPARENT_CITIES_NUMBERS.get(item.key)
            if cited is None:
                assert criterion.number == "", f"{item.key}: a number without a cited edition"
            else:
                number, source = cited
                assert criterion.number == number and 0 <= source < len(TRANSPARENT_CITIES_SOURCES)
    assert all(
        s.url.startswith(("http://", "https://")) and s.criteria > 0 for s in TRANSPARENT_CITIES_SOURCES
    )

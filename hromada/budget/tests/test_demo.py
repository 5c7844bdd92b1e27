"""The demo step builds two realistic cycles through the actions, and a second run adds nothing."""

import pytest

from hromada.budget.demo import budget_demo_load
from hromada.budget.models import Ballot, BudgetCycle, CategoryResult, Milestone, Project
from hromada.budget.selectors import cycle_phase
from hromada.core.registry import demo_steps
from tests.factories import DistrictFactory, square

from .factories import make_administrator, make_cnap_officer, make_official, make_voter

pytestmark = pytest.mark.django_db


def test_demo_creates_a_city_history_of_three_cycles_once(hromada):
    for index in range(3):
        DistrictFactory(hromada=hromada, boundary=square(30.0 + index * 0.05, 50.0))
    make_administrator(hromada)
    make_cnap_officer(hromada)
    make_official(hromada)
    for index in range(40):
        make_voter(hromada, verification_level=3 if index % 2 else 1)

    created = budget_demo_load(hromada=hromada)

    assert created > 100
    earlier, previous, current = BudgetCycle.objects.filter(hromada=hromada).order_by("year")
    assert cycle_phase(cycle=earlier).phase == "implementation"
    assert not Project.objects.filter(cycle=earlier, status__in=["won", "implementing"]).exists()
    assert cycle_phase(cycle=previous).phase == "implementation"
    assert cycle_phase(cycle=current).phase == "voting"
    assert current.rules_frozen_at is not None
    assert Project.objects.filter(cycle=current).count() == 15
    assert CategoryResult.objects.filter(cycle=previous, published_at__isnull=False).count() == 4
    assert Project.objects.filter(cycle=previous, status__in=["won", "implementing", "done"]).exists()
    assert Milestone.objects.filter(project__cycle=previous).exists()
    assert Ballot.objects.filter(cycle=current, channel="web").exists()
    assert Ballot.objects.filter(cycle=current, channel="cnap").exists()
    counts = (Project.objects.count(), Ballot.objects.count(), Milestone.objects.count())

    assert budget_demo_load(hromada=hromada) == 0
    assert (Project.objects.count(), Ballot.objects.count(), Milestone.objects.count()) == counts
    assert "budget" in [step.key for step in demo_steps()]

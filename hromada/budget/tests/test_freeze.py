"""cycle_freeze: the rules freeze once, when voting has opened, and the freeze is logged."""

import dataclasses

from hromada.budget.actions import RulesIn, cycle_freeze, rules_update
from hromada.budget.models import BudgetCycle, BudgetRules, Phase
from hromada.budget.tests.factories import make_administrator, make_cycle
from hromada.ledger.models import PendingEntry


def test_cycle_freeze_freezes_once_voting_has_opened_and_logs_it(hromada):
    cycle = make_cycle(hromada, phase=Phase.VOTING)

    first = cycle_freeze(cycle=cycle)
    second = cycle_freeze(cycle=BudgetCycle.objects.get(pk=cycle.pk))

    assert (first, second) == (True, False)
    assert BudgetCycle.objects.get(pk=cycle.pk).rules_frozen_at == cycle.rules_frozen_at
    assert PendingEntry.objects.filter(kind="budget.rules.frozen").count() == 1


def test_cycle_freeze_leaves_a_cycle_before_voting_open_to_rule_changes(hromada):
    cycle = make_cycle(hromada, phase=Phase.SUBMISSION)
    admin = make_administrator(hromada)

    assert cycle_freeze(cycle=cycle) is False
    rules = BudgetRules.objects.get(cycle=cycle)
    changed = rules_update(
        actor=admin, cycle=cycle, rules=dataclasses.replace(RulesIn.of(rules), max_choices=4)
    )

    assert changed.version == 2
    assert BudgetCycle.objects.get(pk=cycle.pk).rules_frozen_at is None
    assert not PendingEntry.objects.filter(kind="budget.rules.frozen").exists()

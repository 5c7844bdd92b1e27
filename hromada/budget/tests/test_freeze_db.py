"""The database itself refuses changes to frozen rules and categories (triggers of migration 0002)."""

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from hromada.budget.models import BudgetCategory, BudgetCycle, BudgetRules


def _cycle(hromada):
    now = timezone.now()
    return BudgetCycle.objects.create(
        hromada=hromada,
        year=2027,
        slug="2027",
        title="Бюджет участі 2027",
        submission_starts=now - dt.timedelta(days=30),
        review_starts=now - dt.timedelta(days=20),
        voting_starts=now - dt.timedelta(days=1),
        voting_ends=now + dt.timedelta(days=10),
    )


@pytest.mark.django_db
def test_database_refuses_rules_and_category_changes_of_a_frozen_cycle(hromada):
    cycle = _cycle(hromada)
    category = BudgetCategory.objects.create(cycle=cycle, key="all", name="Уся громада", amount=100_000_00)
    rules = BudgetRules.objects.create(cycle=cycle, version=1, total_amount=100_000_00)
    BudgetCycle.objects.filter(pk=cycle.pk).update(rules_frozen_at=timezone.now())

    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        BudgetRules.objects.create(cycle=cycle, version=2, total_amount=200_000_00)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        BudgetCategory.objects.filter(pk=category.pk).update(amount=1)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        BudgetCategory.objects.create(cycle=cycle, key="new", name="Нова", amount=1)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        BudgetCycle.objects.filter(pk=cycle.pk).update(rules_frozen_at=None)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        BudgetCycle.objects.filter(pk=cycle.pk).update(voting_starts=timezone.now() + dt.timedelta(days=1))

    category.refresh_from_db()
    assert category.amount == 100_000_00
    assert list(BudgetRules.objects.filter(cycle=cycle).values_list("version", flat=True)) == [1]
    assert rules.total_amount == 100_000_00


@pytest.mark.django_db
def test_database_refuses_changing_a_rules_version_even_before_freezing(hromada):
    cycle = _cycle(hromada)
    rules = BudgetRules.objects.create(cycle=cycle, version=1, total_amount=100_000_00)

    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        BudgetRules.objects.filter(pk=rules.pk).update(total_amount=5)

    rules.refresh_from_db()
    assert rules.total_amount == 100_000_00

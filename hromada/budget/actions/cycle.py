"""Cycles and their rules: creation, new rules versions, the schedule, the freeze when voting opens, the
list of admitted projects."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User, VerificationLevel
from hromada.core import clock
from hromada.core.errors import ApplicationError, ConflictError, ensure
from hromada.core.models import Hromada
from hromada.core.permissions import require
from hromada.ledger.actions import ledger_append
from hromada.territory.models import District

from .. import counting
from ..inputs import CategoryIn, RulesIn, Schedule
from ..models import BallotType, BudgetCategory, BudgetCycle, BudgetRules, Project, ProofKind
from ..permissions import manages_budget, reviews_projects
from ..selectors import rules_current
from ._common import _actor_audit


def _check_schedule(schedule: Schedule) -> None:
    s = schedule
    ensure(
        s.submission_starts < s.review_starts,
        _("Review must start after submission opens."),
        field="review_starts",
    )
    ensure(
        s.review_starts < s.voting_starts,
        _("Voting must open after the review starts."),
        field="voting_starts",
    )
    ensure(s.voting_starts < s.voting_ends, _("Voting must close after it opens."), field="voting_ends")
    if s.support_starts is not None:
        ensure(
            s.review_starts < s.support_starts < s.voting_starts,
            _("The support phase must lie between the review and the vote."),
            field="support_starts",
        )
    if s.implementation_starts is not None:
        ensure(
            s.implementation_starts >= s.voting_ends,
            _("Implementation starts after voting closes."),
            field="implementation_starts",
        )


def _check_rules(rules: RulesIn) -> None:
    errors: dict[str, list[str]] = defaultdict(list)

    def need(condition: bool, name: str, message: str) -> None:
        if not condition:
            errors[name].append(message)

    need(rules.total_amount > 0, "total_amount", _("The total budget must be positive."))
    need(rules.min_project_cost >= 0, "min_project_cost", _("A cost limit cannot be negative."))
    need(
        rules.max_project_cost is None or rules.max_project_cost >= rules.min_project_cost,
        "max_project_cost",
        _("The maximum cost must not be below the minimum."),
    )
    need(rules.submit_min_age >= 14, "submit_min_age", _("The minimum age is at least 14."))
    need(rules.vote_min_age >= 14, "vote_min_age", _("The minimum age is at least 14."))
    known = set(ProofKind.values)
    need(
        set(rules.submit_proofs) <= known and bool(rules.submit_proofs), "submit_proofs", _("Unknown proof.")
    )
    need(set(rules.vote_proofs) <= known and bool(rules.vote_proofs), "vote_proofs", _("Unknown proof."))
    need(rules.vote_min_level in VerificationLevel.values, "vote_min_level", _("Unknown level."))
    need(rules.ballot_type in BallotType.values, "ballot_type", _("Unknown ballot type."))
    need(rules.min_choices >= 1, "min_choices", _("A ballot has at least one project."))
    need(
        rules.max_choices is None or rules.max_choices >= rules.min_choices,
        "max_choices",
        _("The maximum must not be below the minimum."),
    )
    if rules.ballot_type == BallotType.CUMULATIVE:
        need(bool(rules.points_total), "points_total", _("Say how many points each voter distributes."))
    need(rules.counting_rule in counting.RULE_NAMES, "counting_rule", _("Unknown counting rule."))
    need(rules.utility in ("cost", "cardinality", "points"), "utility", _("Unknown utility."))
    need(rules.tie_breaking in counting.TIE_BREAKS, "tie_breaking", _("Unknown tie-breaking rule."))
    if not errors:
        problem = counting.combination_problem(
            ballot_type=rules.ballot_type, rule=rules.counting_rule, utility=rules.utility
        )
        if problem:
            errors["counting_rule"].append(
                _("This counting rule cannot count these ballots: %(problem)s") % {"problem": problem}
            )
    if errors:
        raise ApplicationError(_("Some rules are not valid."), code="invalid_rules", fields=dict(errors))


def _check_categories(hromada: Hromada, categories: Sequence[CategoryIn], total: int) -> None:
    ensure(categories, _("A cycle needs at least one category."), field="categories")
    keys = [c.key for c in categories]
    ensure(len(set(keys)) == len(keys), _("Category keys must differ."), field="categories")
    for c in categories:
        ensure(
            c.key.strip() and c.name.strip(), _("Every category needs a key and a name."), field="categories"
        )
        ensure(c.amount > 0, _("Every category needs a positive amount."), field="categories")
        ensure(c.kind in BudgetCategory.Kind.values, _("Unknown category kind."), field="categories")
        if c.district_id is not None:
            ensure(
                District.objects.filter(pk=c.district_id, hromada=hromada).exists(),
                _("Unknown district."),
                field="categories",
            )
    ensure(
        sum(c.amount for c in categories) <= total,
        _("The categories together exceed the total budget."),
        field="categories",
    )


def _sync_categories(cycle: BudgetCycle, categories: Sequence[CategoryIn]) -> list[dict[str, Any]]:
    existing = {c.key: c for c in BudgetCategory.objects.filter(cycle=cycle)}
    for position, c in enumerate(categories):
        values = {
            "name": c.name.strip(),
            "name_en": c.name_en.strip(),
            "kind": c.kind,
            "district_id": c.district_id,
            "amount": c.amount,
            "min_cost": c.min_cost,
            "max_cost": c.max_cost,
            "max_winners": c.max_winners,
            "position": position,
        }
        row = existing.pop(c.key, None)
        if row is None:
            BudgetCategory.objects.create(cycle=cycle, key=c.key, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            BudgetCategory.objects.filter(pk=row.pk).update(**values)
    for key, row in existing.items():
        ensure(
            not Project.objects.filter(category=row).exists(),
            _("Category “%(key)s” has projects and cannot be removed.") % {"key": key},
            field="categories",
        )
        row.delete()
    return [asdict(c) for c in categories]


@transaction.atomic
def cycle_create(
    *,
    actor: User,
    hromada: Hromada,
    year: int,
    slug: str,
    title: str,
    schedule: Schedule,
    rules: RulesIn,
    categories: Sequence[CategoryIn],
    title_en: str = "",
    description: str = "",
    description_en: str = "",
) -> BudgetCycle:
    """Create a year's cycle with version 1 of its rules and its categories (administrators only)."""
    require(
        manages_budget, actor, hromada, _("Only administrators of this hromada manage the public budget.")
    )
    ensure(title.strip(), _("Enter a title."), field="title")
    ensure(slug.strip(), _("Enter a short name."), field="slug")
    _check_schedule(schedule)
    _check_rules(rules)
    _check_categories(hromada, categories, rules.total_amount)
    ensure(
        not BudgetCycle.objects.filter(hromada=hromada, slug=slug).exists(),
        _("A cycle with this short name exists."),
        field="slug",
    )
    cycle = BudgetCycle.objects.create(
        hromada=hromada,
        year=year,
        slug=slug.strip(),
        title=title.strip(),
        title_en=title_en.strip(),
        description=description,
        description_en=description_en.strip(),
        **asdict(schedule),
    )
    snapshot = _sync_categories(cycle, categories)
    values = asdict(rules)
    values["submit_proofs"] = list(rules.submit_proofs)
    values["vote_proofs"] = list(rules.vote_proofs)
    BudgetRules.objects.create(
        cycle=cycle, version=1, categories_snapshot=snapshot, changed_by=actor, reason="", **values
    )
    _actor_audit(
        actor,
        hromada,
        "budget_cycle.created",
        cycle,
        {"year": year, "slug": cycle.slug, "rules_version": 1, **_public_rules(values, snapshot)},
    )
    return cycle


def _public_rules(values: dict[str, Any], snapshot: list[dict[str, Any]]) -> dict[str, Any]:
    public = {k: (list(v) if isinstance(v, tuple) else v) for k, v in values.items()}
    public["categories"] = [
        {"key": c["key"], "amount": c["amount"], "max_winners": c["max_winners"]} for c in snapshot
    ]
    return public


def _refuse_if_frozen(cycle: BudgetCycle) -> None:
    if cycle.rules_frozen_at is not None or clock.now() >= cycle.voting_starts:
        raise ConflictError(
            _("Voting has opened: the rules of this cycle are frozen and cannot be changed."),
            code="rules_frozen",
        )


@transaction.atomic
def rules_update(
    *,
    actor: User,
    cycle: BudgetCycle,
    rules: RulesIn,
    categories: Sequence[CategoryIn] | None = None,
    reason: str = "",
) -> BudgetRules:
    """Write the next version of the cycle's rules (and categories); refused once voting has opened."""
    require(
        manages_budget,
        actor,
        cycle.hromada,
        _("Only administrators of this hromada manage the public budget."),
    )
    cycle = BudgetCycle.objects.select_for_update().get(pk=cycle.pk)
    _refuse_if_frozen(cycle)
    _check_rules(rules)
    previous = rules_current(cycle=cycle)
    if categories is None:
        categories = [CategoryIn.of(c) for c in cycle.categories.all()]
    _check_categories(cycle.hromada, categories, rules.total_amount)
    snapshot = _sync_categories(cycle, categories)
    values = asdict(rules)
    values["submit_proofs"] = list(rules.submit_proofs)
    values["vote_proofs"] = list(rules.vote_proofs)
    version = BudgetRules.objects.create(
        cycle=cycle,
        version=previous.version + 1,
        categories_snapshot=snapshot,
        changed_by=actor,
        reason=reason.strip()[:500],
        **values,
    )
    before = RulesIn.of(previous)
    changed = {
        k: v
        for k, v in _public_rules(values, snapshot).items()
        if k == "categories" or getattr(before, k) != getattr(rules, k)
    }
    if snapshot == previous.categories_snapshot:
        changed.pop("categories", None)
    _actor_audit(actor, cycle.hromada, "budget_rules.changed", cycle, {"version": version.version, **changed})
    return version


@transaction.atomic
def cycle_update(
    *,
    actor: User,
    cycle: BudgetCycle,
    title: str,
    schedule: Schedule,
    title_en: str = "",
    description: str = "",
    description_en: str = "",
) -> BudgetCycle:
    """Change a cycle's title and schedule; the opening of the vote cannot move once it has opened."""
    require(
        manages_budget,
        actor,
        cycle.hromada,
        _("Only administrators of this hromada manage the public budget."),
    )
    cycle = BudgetCycle.objects.select_for_update().get(pk=cycle.pk)
    _check_schedule(schedule)
    if schedule.voting_starts != cycle.voting_starts:
        _refuse_if_frozen(cycle)
        ensure(
            schedule.voting_starts > clock.now(),
            _("Voting cannot be moved into the past."),
            field="voting_starts",
        )
    values = {
        "title": title.strip(),
        "title_en": title_en.strip(),
        "description": description,
        "description_en": description_en.strip(),
        **asdict(schedule),
    }
    changed = {k: v for k, v in values.items() if getattr(cycle, k) != v}
    for k, v in values.items():
        setattr(cycle, k, v)
    cycle.save()
    if changed:
        _actor_audit(
            actor,
            cycle.hromada,
            "budget_cycle.changed",
            cycle,
            {
                k: (v.isoformat() if isinstance(v, dt.datetime) else v)
                for k, v in changed.items()
                if k != "description"
            },
        )
    return cycle


def cycle_freeze(*, cycle: BudgetCycle) -> bool:
    """Freeze the cycle's rules once voting has opened (idempotent); True when this call froze them."""
    now = clock.now()
    if now < cycle.voting_starts or cycle.rules_frozen_at is not None:
        return False
    with transaction.atomic():
        frozen = BudgetCycle.objects.filter(pk=cycle.pk, rules_frozen_at__isnull=True).update(
            rules_frozen_at=now
        )
        if frozen:
            rules = rules_current(cycle=cycle)
            ledger_append(
                hromada=cycle.hromada,
                kind="budget.rules.frozen",
                subject=cycle,
                payload={"rules_version": rules.version, "frozen_at": now.isoformat()},
            )
            cycle.rules_frozen_at = now
    return bool(frozen)


def cycles_freeze_due() -> int:
    """Periodic job: freeze the rules of every cycle whose voting has opened; returns how many."""
    due = BudgetCycle.objects.filter(
        rules_frozen_at__isnull=True, voting_starts__lte=clock.now()
    ).select_related("hromada")
    return sum(cycle_freeze(cycle=cycle) for cycle in due)


@transaction.atomic
def admitted_publish(*, actor: User, cycle: BudgetCycle) -> BudgetCycle:
    """Publish the list of projects admitted to the vote (recorded with their numbers)."""
    require(reviews_projects, actor, cycle.hromada, _("Only officials of this hromada may publish the list."))
    cycle = BudgetCycle.objects.select_for_update().get(pk=cycle.pk)
    numbers = list(
        cycle.projects.filter(status=Project.Status.ADMITTED)
        .order_by("number")
        .values_list("number", flat=True)
    )
    ensure(numbers, _("No project has been admitted yet."), code="nothing_admitted")
    cycle.admitted_published_at = clock.now()
    cycle.save(update_fields=["admitted_published_at", "updated_at"])
    _actor_audit(actor, cycle.hromada, "budget_cycle.admitted_published", cycle, {"admitted": numbers})
    return cycle

"""Results: the count of every category, ties acknowledged, publication."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.accounts.selectors import administrators_of
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ensure
from hromada.core.permissions import require

from .. import counting
from ..models import BudgetCycle, CategoryResult, Project, ProjectResult
from ..permissions import manages_budget
from ..selectors import rules_current
from ._common import _actor_audit
from .cycle import cycle_freeze


@transaction.atomic
def results_compute(*, actor: User, cycle: BudgetCycle) -> list[CategoryResult]:
    """Count every category with the cycle's frozen rule through the rules core and store the outcome and
    the explanation per project. Ties are stored and reported to the administrators; results with ties
    are published only after an administrator acknowledged them."""
    require(manages_budget, actor, cycle.hromada, _("Only administrators of this hromada compute results."))
    cycle = BudgetCycle.objects.select_for_update().select_related("hromada").get(pk=cycle.pk)
    ensure(clock.now() >= cycle.voting_ends, _("Voting has not closed yet."), code="voting_open")
    ensure(cycle.results_published_at is None, _("The results are published and final."), code="published")
    cycle_freeze(cycle=cycle)
    rules = rules_current(cycle=cycle)
    CategoryResult.objects.filter(cycle=cycle).delete()
    stored = []
    tie_report = []
    now = clock.now()
    for counted in counting.count_cycle(cycle=cycle, rules=rules):
        result = CategoryResult.objects.create(
            cycle=cycle,
            category=counted.category,
            rules_version=rules.version,
            rule=rules.counting_rule,
            utility=counted.utility,
            budget=counted.category.amount,
            total_cost=counted.total_cost,
            voters=counted.voters,
            winners=list(counted.winners),
            ties=counted.ties,
            computed_at=now,
        )
        ProjectResult.objects.bulk_create(
            ProjectResult(
                result=result,
                project_id=line.project_id,
                votes=line.votes,
                points=line.points,
                won=line.won,
                position=line.position,
                explanation=line.reason,
                details=line.details,
            )
            for line in counted.lines
        )
        stored.append(result)
        if counted.ties:
            tie_report.append(counted.category)
    _actor_audit(
        actor,
        cycle.hromada,
        "budget_results.computed",
        cycle,
        {
            "rules_version": rules.version,
            "rule": rules.counting_rule,
            "winners": {r.category.key: list(r.winners) for r in stored},
            "ties": {r.category.key: len(r.ties) for r in stored if r.ties},
        },
    )
    if tie_report:
        notify_on_commit(
            hromada=cycle.hromada,
            recipients=administrators_of(hromada=cycle.hromada),
            kind="budget.ties",
            params={
                "cycle": cycle.title,
                "cycle_en": cycle.title_en,
                "categories": ", ".join(c.name for c in tie_report),
                "categories_en": ", ".join(c.display_name("en") for c in tie_report),
            },
        )
    return stored


@transaction.atomic
def results_ties_acknowledge(*, actor: User, result: CategoryResult, note: str) -> CategoryResult:
    """An administrator confirms they checked the ties of a category's count (with a public note)."""
    result = (
        CategoryResult.objects.select_for_update()
        .select_related("cycle__hromada", "category")
        .get(pk=result.pk)
    )
    hromada = result.cycle.hromada
    require(manages_budget, actor, hromada, _("Only administrators of this hromada handle results."))
    ensure(result.ties, _("This count met no ties."))
    ensure(
        not any(t.get("chosen") is None for t in result.ties),
        _("The counting rule could not break a tie; the council must decide how to proceed."),
        code="tie_unresolved",
    )
    ensure(note.strip(), _("Write a note for the public on how the ties were checked."), field="note")
    result.ties_acknowledged_by = actor
    result.ties_note = note.strip()
    result.save(update_fields=["ties_acknowledged_by", "ties_note", "updated_at"])
    _actor_audit(
        actor,
        hromada,
        "budget_results.ties_acknowledged",
        result.cycle,
        {"category": result.category.key, "note": result.ties_note},
    )
    return result


@transaction.atomic
def results_publish(*, actor: User, cycle: BudgetCycle) -> BudgetCycle:
    """Publish the computed results; winners become ``won`` and the others ``lost``."""
    require(manages_budget, actor, cycle.hromada, _("Only administrators of this hromada publish results."))
    cycle = BudgetCycle.objects.select_for_update().select_related("hromada").get(pk=cycle.pk)
    ensure(cycle.results_published_at is None, _("The results are already published."), code="published")
    results = list(CategoryResult.objects.filter(cycle=cycle).select_related("category"))
    ensure(results, _("Compute the results first."), code="not_computed")
    for result in results:
        ensure(
            not result.ties or result.ties_acknowledged_by_id is not None,
            _("The ties in “%(category)s” must be acknowledged first.") % {"category": result.category.name},
            code="ties_pending",
        )
    now = clock.now()
    won = [int(n) for r in results for n in r.winners]
    on_ballot = ProjectResult.objects.filter(result__cycle=cycle).values_list("project_id", flat=True)
    Project.objects.filter(cycle=cycle, number__in=won).update(status=Project.Status.WON)
    Project.objects.filter(pk__in=on_ballot).exclude(number__in=won).update(status=Project.Status.LOST)
    CategoryResult.objects.filter(cycle=cycle).update(published_at=now)
    cycle.results_published_at = now
    cycle.save(update_fields=["results_published_at", "updated_at"])
    _actor_audit(actor, cycle.hromada, "budget_results.published", cycle, {"winners": sorted(won)})
    for project in Project.objects.filter(pk__in=on_ballot).select_related("author"):
        notify_on_commit(
            hromada=cycle.hromada,
            recipients=[project.author],
            kind="budget.won" if project.status == Project.Status.WON else "budget.not_funded",
            params={"title": project.title, "title_en": project.title_en},
        )
    return cycle

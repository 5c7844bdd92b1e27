"""The ballot of a cycle: which projects are on it and what is wrong with a filled-in ballot.

Reads shared by the selectors (the voting page), the counting adapter (:mod:`.counting`) and the ballot
actions, which check a ballot again before they store it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .inputs import ChoiceIn
from .models import BallotType, BudgetCycle, BudgetRules, Project
from .money import hryvnias


def ballot_projects(cycle: BudgetCycle, rules: BudgetRules) -> dict[int, Project]:
    """The projects on the ballot: admitted, and with enough support when a threshold is set."""
    qs = Project.objects.filter(
        cycle=cycle, status__in=[Project.Status.ADMITTED, Project.Status.WON, Project.Status.LOST]
    )
    if rules.support_threshold and cycle.support_starts is not None:
        qs = qs.annotate(n=Count("supports")).filter(n__gte=rules.support_threshold)
    return {p.pk: p for p in qs.select_related("category")}


def ballot_problems(
    *, rules: BudgetRules, projects: dict[int, Project], choices: Sequence[ChoiceIn]
) -> dict[str, list[str]]:
    """Field errors of a ballot under the rules; empty when the ballot is valid."""
    errors: dict[str, list[str]] = defaultdict(list)
    ids = [c.project_id for c in choices]
    if len(set(ids)) != len(ids):
        errors["choices"].append(_("A project appears twice on the ballot."))
    for index, choice in enumerate(choices):
        if choice.project_id not in projects:
            errors[f"choices.{index}.project_id"].append(_("This project is not on the ballot."))
    if errors:
        return dict(errors)
    if len(choices) < rules.min_choices:
        errors["choices"].append(
            ngettext("Choose at least %(n)s project.", "Choose at least %(n)s projects.", rules.min_choices)
            % {"n": rules.min_choices}
        )
    if rules.max_choices is not None and len(choices) > rules.max_choices:
        errors["choices"].append(
            ngettext("Choose at most %(n)s project.", "Choose at most %(n)s projects.", rules.max_choices)
            % {"n": rules.max_choices}
        )
    per_category = Counter(projects[c.project_id].category_id for c in choices)
    if rules.max_choices_per_category is not None:
        for category_id, count in per_category.items():
            if count > rules.max_choices_per_category:
                name = next(
                    projects[c.project_id].category.name
                    for c in choices
                    if projects[c.project_id].category_id == category_id
                )
                errors["choices"].append(
                    ngettext(
                        "Choose at most %(n)s project in “%(category)s”.",
                        "Choose at most %(n)s projects in “%(category)s”.",
                        rules.max_choices_per_category,
                    )
                    % {"n": rules.max_choices_per_category, "category": name}
                )
    kind = rules.ballot_type
    if kind in (BallotType.APPROVAL, BallotType.COST_APPROVAL, BallotType.ORDINAL):
        for index, choice in enumerate(choices):
            if choice.points != 1:
                errors[f"choices.{index}.points"].append(_("This ballot has no points."))
    if kind == BallotType.COST_APPROVAL:
        spent: dict[int, int] = defaultdict(int)
        for choice in choices:
            spent[projects[choice.project_id].category_id] += projects[choice.project_id].cost
        for category_id, total in spent.items():
            category = next(
                projects[c.project_id].category
                for c in choices
                if projects[c.project_id].category_id == category_id
            )
            if total > category.amount:
                errors["choices"].append(
                    _(
                        "The projects you chose in “%(category)s” cost %(cost)s UAH, "
                        "more than its %(amount)s UAH."
                    )
                    % {
                        "category": category.name,
                        "cost": hryvnias(total),
                        "amount": hryvnias(category.amount),
                    }
                )
        if sum(spent.values()) > rules.total_amount:
            errors["choices"].append(_("The projects you chose cost more than the whole budget."))
    if kind == BallotType.CUMULATIVE:
        total_points = sum(c.points for c in choices)
        for index, choice in enumerate(choices):
            if choice.points < 1:
                errors[f"choices.{index}.points"].append(_("Give at least one point."))
            if rules.max_points_per_project is not None and choice.points > rules.max_points_per_project:
                errors[f"choices.{index}.points"].append(
                    ngettext(
                        "At most %(n)s point per project.",
                        "At most %(n)s points per project.",
                        rules.max_points_per_project,
                    )
                    % {"n": rules.max_points_per_project}
                )
        if rules.points_total is not None and total_points > rules.points_total:
            errors["choices"].append(
                ngettext(
                    "You gave %(given)s points; you have %(total)s.",
                    "You gave %(given)s points; you have %(total)s.",
                    total_points,
                )
                % {"given": total_points, "total": rules.points_total}
            )
    if (
        kind == BallotType.ORDINAL
        and rules.max_rank_length is not None
        and len(choices) > rules.max_rank_length
    ):
        errors["choices"].append(
            ngettext("Rank at most %(n)s project.", "Rank at most %(n)s projects.", rules.max_rank_length)
            % {"n": rules.max_rank_length}
        )
    return dict(errors)

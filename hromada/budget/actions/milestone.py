"""Implementation of the winning projects: milestones added and updated by officials."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.errors import ensure
from hromada.core.permissions import require

from ..inputs import MilestoneIn
from ..models import Milestone, Project
from ..permissions import reviews_projects
from ._common import _actor_audit


def _check_milestone(data: MilestoneIn) -> None:
    ensure(data.title.strip(), _("Enter a title."), field="title")
    ensure(data.status in Milestone.Status.values, _("Unknown status."), field="status")
    ensure(0 <= data.progress <= 100, _("Progress is between 0 and 100 %."), field="progress")
    ensure(data.spent >= 0, _("Money spent cannot be negative."), field="spent")


def _track(project: Project, milestone: Milestone) -> None:
    project.progress = milestone.progress
    project.spent = milestone.spent
    if milestone.progress >= 100 and milestone.status == Milestone.Status.DONE:
        project.status = Project.Status.DONE
    elif project.status == Project.Status.WON:
        project.status = Project.Status.IMPLEMENTING
    project.save(update_fields=["progress", "spent", "status", "updated_at"])


@transaction.atomic
def milestone_add(*, actor: User, project: Project, data: MilestoneIn) -> Milestone:
    """Record an implementation milestone of a winning project (progress and money spent so far)."""
    project = Project.objects.select_for_update().select_related("hromada").get(pk=project.pk)
    require(
        reviews_projects, actor, project.hromada, _("Only officials of this hromada track implementation.")
    )
    ensure(
        project.status in (Project.Status.WON, Project.Status.IMPLEMENTING, Project.Status.DONE),
        _("Only winning projects are tracked."),
        code="not_winner",
    )
    _check_milestone(data)
    milestone = Milestone.objects.create(
        project=project, recorded_by=actor, **{**asdict(data), "title": data.title.strip()}
    )
    _track(project, milestone)
    _actor_audit(actor, project.hromada, "budget_milestone.added", project, _milestone_public(milestone))
    return milestone


@transaction.atomic
def milestone_update(*, actor: User, milestone: Milestone, data: MilestoneIn) -> Milestone:
    """Change a milestone (status, progress, money spent); the project shows its latest numbers."""
    milestone = Milestone.objects.select_for_update().select_related("project__hromada").get(pk=milestone.pk)
    project = milestone.project
    require(
        reviews_projects, actor, project.hromada, _("Only officials of this hromada track implementation.")
    )
    _check_milestone(data)
    for key, value in asdict(data).items():
        setattr(milestone, key, value)
    milestone.save()
    latest = project.milestones.order_by("-updated_at", "-id").first()
    _track(project, latest or milestone)
    _actor_audit(actor, project.hromada, "budget_milestone.changed", project, _milestone_public(milestone))
    return milestone


def _milestone_public(m: Milestone) -> dict[str, Any]:
    return {
        "milestone": m.pk,
        "title": m.title,
        "status": m.status,
        "progress": m.progress,
        "spent": m.spent,
        "due_date": m.due_date.isoformat() if m.due_date else None,
        "completed_on": m.completed_on.isoformat() if m.completed_on else None,
    }

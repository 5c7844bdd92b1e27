"""Appeals against the rejection of a project, and their decision."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.accounts.selectors import administrators_of
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ensure
from hromada.core.permissions import require
from hromada.ledger.actions import ledger_append

from ..models import Appeal, Project
from ..permissions import manages_budget
from .project import _own_project
from .review import _decide


@transaction.atomic
def project_appeal(*, author: User, project: Project, text: str) -> Appeal:
    """The author appeals against the rejection of their project (one pending appeal at a time)."""
    project = _own_project(author, project)
    ensure(
        project.status == Project.Status.REJECTED,
        _("Only a rejected project can be appealed."),
        code="not_rejected",
    )
    ensure(clock.now() < project.cycle.voting_starts, _("Voting has opened: it is too late to appeal."))
    ensure(text.strip(), _("Say why the decision is wrong."), field="text")
    appeal = Appeal.objects.create(project=project, text=text.strip())
    project.status = Project.Status.APPEAL
    project.save(update_fields=["status", "updated_at"])
    ledger_append(
        hromada=project.hromada,
        kind="budget.project.appealed",
        subject=project,
        people=[author],
        payload={"number": project.number},
    )
    notify_on_commit(
        hromada=project.hromada,
        recipients=administrators_of(hromada=project.hromada),
        kind="budget.appeal",
        params={"number": project.number},
    )
    return appeal


@transaction.atomic
def appeal_decide(*, actor: User, appeal: Appeal, upheld: bool, reason: str) -> Appeal:
    """Decide an appeal: upheld admits the project, dismissed keeps it rejected."""
    appeal = (
        Appeal.objects.select_for_update()
        .select_related("project__hromada", "project__author")
        .get(pk=appeal.pk)
    )
    project = appeal.project
    require(manages_budget, actor, project.hromada, _("Only administrators of this hromada decide appeals."))
    ensure(appeal.status == Appeal.Status.PENDING, _("This appeal has been decided."), code="decided")
    ensure(reason.strip(), _("Give the reasons of the decision."), field="reason")
    appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.DISMISSED
    appeal.decided_by = actor
    appeal.decided_at = clock.now()
    appeal.decision_reason = reason.strip()
    appeal.save()
    project = (
        Project.objects.select_for_update().select_related("cycle", "hromada", "author").get(pk=project.pk)
    )
    _decide(actor, project, Project.Status.ADMITTED if upheld else Project.Status.REJECTED, reason)
    return appeal

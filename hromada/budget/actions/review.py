"""Review of projects by officials and the decision to admit or reject them."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ensure
from hromada.core.permissions import require
from hromada.core.tenancy import require_same_hromada
from hromada.territory.models import Department

from ..models import Criterion, Project, Review
from ..permissions import reviews_projects
from ._common import _actor_audit


@transaction.atomic
def review_record(
    *,
    reviewer: User,
    project: Project,
    criterion: str,
    conclusion: str,
    reasons: str,
    department: Department | None = None,
) -> Review:
    """A department's reasoned conclusion on one criterion of the project's current revision."""
    project = Project.objects.select_for_update().select_related("hromada", "author").get(pk=project.pk)
    hromada = project.hromada
    require(reviews_projects, reviewer, hromada, _("Only officials of this hromada review projects."))
    require_same_hromada(hromada, department)
    ensure(criterion in Criterion.values, _("Unknown criterion."), field="criterion")
    ensure(conclusion in Review.Conclusion.values, _("Unknown conclusion."), field="conclusion")
    ensure(reasons.strip(), _("Give the reasons of the conclusion."), field="reasons")
    ensure(
        project.status in (Project.Status.SUBMITTED, Project.Status.UNDER_REVIEW),
        _("Only submitted projects are reviewed."),
        code="not_reviewable",
    )
    review, _created = Review.objects.update_or_create(
        project=project,
        revision=project.revision,
        criterion=criterion,
        defaults={
            "conclusion": conclusion,
            "reasons": reasons.strip(),
            "department": department,
            "reviewer": reviewer,
        },
    )
    if project.status == Project.Status.SUBMITTED:
        project.status = Project.Status.UNDER_REVIEW
        project.save(update_fields=["status", "updated_at"])
    _actor_audit(
        reviewer,
        hromada,
        "budget_review.recorded",
        project,
        {
            "revision": project.revision,
            "criterion": criterion,
            "conclusion": conclusion,
            "reasons": reasons.strip(),
        },
    )
    if conclusion != Review.Conclusion.POSITIVE:
        notify_on_commit(
            hromada=hromada,
            recipients=[project.author],
            kind="budget.review",
            params={
                "title": project.title,
                "title_en": project.title_en,
                "criterion": str(criterion),
                "reasons": reasons.strip(),
            },
        )
    return review


@transaction.atomic
def project_admit(*, actor: User, project: Project, reason: str = "") -> Project:
    """Admit a project to the vote: every criterion of its current revision reviewed positively."""
    project = Project.objects.select_for_update().select_related("hromada", "author").get(pk=project.pk)
    require(reviews_projects, actor, project.hromada, _("Only officials of this hromada admit projects."))
    ensure(
        project.status in (Project.Status.SUBMITTED, Project.Status.UNDER_REVIEW, Project.Status.APPEAL),
        _("This project is not waiting for a decision."),
        code="not_reviewable",
    )
    if project.status != Project.Status.APPEAL:
        conclusions = dict(
            Review.objects.filter(project=project, revision=project.revision).values_list(
                "criterion", "conclusion"
            )
        )
        missing = [Criterion(c).label for c in Criterion.values if c not in conclusions]
        ensure(
            not missing,
            _("Not every criterion has been reviewed: %(missing)s.")
            % {"missing": ", ".join(map(str, missing))},
            code="review_incomplete",
        )
        ensure(
            set(conclusions.values()) == {Review.Conclusion.POSITIVE},
            _("A project with a negative conclusion or an open revision cannot be admitted."),
            code="review_negative",
        )
    return _decide(actor, project, Project.Status.ADMITTED, reason)


@transaction.atomic
def project_reject(*, actor: User, project: Project, reason: str) -> Project:
    """Reject a project with reasons; the author may appeal."""
    project = Project.objects.select_for_update().select_related("hromada", "author").get(pk=project.pk)
    require(reviews_projects, actor, project.hromada, _("Only officials of this hromada reject projects."))
    ensure(reason.strip(), _("Give the reasons of the rejection."), field="reason")
    ensure(
        project.status in (Project.Status.SUBMITTED, Project.Status.UNDER_REVIEW, Project.Status.APPEAL),
        _("This project is not waiting for a decision."),
        code="not_reviewable",
    )
    return _decide(actor, project, Project.Status.REJECTED, reason)


def _decide(actor: User, project: Project, status: str, reason: str) -> Project:
    ensure(clock.now() < project.cycle.voting_starts, _("Voting has opened: the list of projects is final."))
    project.status = status
    project.decided_at = clock.now()
    project.decision_reason = reason.strip()
    project.save(update_fields=["status", "decided_at", "decision_reason", "updated_at"])
    _actor_audit(
        actor,
        project.hromada,
        f"budget_project.{status}",
        project,
        {"number": project.number, "status": status, "reason": project.decision_reason},
    )
    notify_on_commit(
        hromada=project.hromada,
        recipients=[project.author],
        kind="budget.admitted" if status == Project.Status.ADMITTED else "budget.rejected",
        params={"title": project.title, "title_en": project.title_en, "reason": reason.strip()},
    )
    return project

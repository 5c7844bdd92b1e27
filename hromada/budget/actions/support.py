"""Support of projects before the vote (when the cycle has a support phase)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.errors import ConflictError, PermissionDeniedError, ensure
from hromada.core.phases import Feature
from hromada.ledger.actions import ledger_append

from ..models import Project, Support
from ..selectors import eligibility_problem, rules_current
from ._common import _allows


@transaction.atomic
def support_add(*, person: User, project: Project) -> Support:
    """Sign in support of an admitted project during the support phase (once per person and project)."""
    project = Project.objects.select_related("cycle", "hromada").get(pk=project.pk)
    cycle = project.cycle
    ensure(_allows(cycle, Feature.SUPPORT), _("Projects are not collecting support now."), code="wrong_phase")
    ensure(project.status == Project.Status.ADMITTED, _("Only admitted projects collect support."))
    problem = eligibility_problem(
        person=person, hromada=cycle.hromada, rules=rules_current(cycle=cycle), purpose="vote"
    )
    if problem:
        raise PermissionDeniedError(problem, code="not_eligible")
    try:
        with transaction.atomic():
            support = Support.objects.create(project=project, person=person)
    except IntegrityError:
        raise ConflictError(_("You already support this project."), code="already_supported") from None
    ledger_append(
        hromada=cycle.hromada,
        kind="budget.project.supported",
        subject=project,
        people=[person],
        payload={"number": project.number},
    )
    return support

"""What can be debated: public petitions and public budget projects (the debate shows under their page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from hromada.budget.models import Project
from hromada.budget.selectors import PUBLIC_STATUSES as PROJECT_PUBLIC_STATUSES
from hromada.core.models import Hromada
from hromada.petitions.models import Petition
from hromada.petitions.selectors import PUBLIC_STATUSES as PETITION_PUBLIC_STATUSES


@dataclass(frozen=True)
class Target:
    key: str
    find: Callable[[Hromada, int], Any]  # the public object of this hromada with this id, or None
    url: Callable[[Any], str]


TARGETS: dict[str, Target] = {
    "petition": Target(
        key="petition",
        find=lambda hromada, pk: Petition.objects.filter(
            hromada=hromada, pk=pk, status__in=PETITION_PUBLIC_STATUSES
        ).first(),
        url=lambda petition: reverse("petitions:detail", args=[petition.pk]),
    ),
    "budget_project": Target(
        key="budget_project",
        find=lambda hromada, pk: Project.objects.filter(
            hromada=hromada, pk=pk, status__in=PROJECT_PUBLIC_STATUSES
        ).first(),
        url=lambda project: reverse("budget:project", args=[project.pk]),
    ),
}

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "hromada.budget"
    label = "budget"
    verbose_name = _("Public budget")

    def ready(self) -> None:
        from hromada.core.kit import Api, Upload, Urls, register_app
        from hromada.core.registry import CabinetSection, DemoStep, Module, PeriodicJob

        from . import notifications, personal_data, phases, sitesearch
        from .datasets import DATASETS
        from .forms import MAX_PHOTOS

        register_app(
            self,
            indicators="hromada.budget.indicators:INDICATORS",  # its part of the insight index
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            urls=[Urls("budget/", "hromada.budget.urls")],
            api=[Api("/budget", "hromada.budget.api", order=50)],
            portal=[
                Module(
                    key="budget",
                    title=_("Public budget"),
                    description=_(
                        "Propose projects for the hromada, vote for them and follow their implementation."
                    ),
                    url_name="budget:index",
                    icon="budget",
                    order=30,
                )
            ],
            cabinet=[
                CabinetSection(
                    key="budget",
                    title=_("My public budget"),
                    url_name="budget:cabinet",
                    order=35,
                    summary=_cabinet_summary,
                )
            ],
            # Freeze each cycle's rules as its voting opens (or at the first ballot, whichever comes first).
            periodic=[PeriodicJob(key="budget.freeze_rules", every_seconds=60, run=_freeze)],
            demo=[DemoStep(key="budget", load=_demo, order=200)],
            # Pages that take photos (core/bodylimit.py: other requests are capped lower).
            uploads=[
                Upload(r"(/[a-z]{2})?/budget/[-\w]+/submit/", files=MAX_PHOTOS),
                Upload(r"(/[a-z]{2})?/budget/projects/\d+/edit/", files=MAX_PHOTOS),
                Upload(r"(/[a-z]{2})?/budget/review/\d+/milestones/", files=1),
            ],
            phases=phases.TYPES,
            notifications=notifications.KINDS,
            datasets=DATASETS,
            also=[
                sitesearch.register,
                personal_data.register,  # projects, support, ballots and proofs in "my data" and the erasure
            ],
        )


def _demo(**kwargs: object) -> int:
    from .demo import budget_demo_load

    return budget_demo_load(**kwargs)  # type: ignore[arg-type]


def _freeze() -> object:
    from .actions import cycles_freeze_due

    return cycles_freeze_due()


def _cabinet_summary(request: Any) -> str | None:
    from .views import cabinet_summary

    return cabinet_summary(request)

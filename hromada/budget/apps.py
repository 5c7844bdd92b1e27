from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "hromada.budget"
    label = "budget"
    verbose_name = _("Public budget")

    def ready(self) -> None:
        from hromada.core.registry import DemoStep, PeriodicJob, register_demo_step, register_periodic

        from . import notifications, phases  # noqa: F401  (phases registers the phase types)

        notifications.register()

        def demo(**kwargs: object) -> int:
            from .demo import budget_demo_load

            return budget_demo_load(**kwargs)  # type: ignore[arg-type]

        def freeze() -> object:
            from .actions import cycles_freeze_due

            return cycles_freeze_due()

        register_demo_step(DemoStep(key="budget", load=demo, order=200))
        # Pages that take photos (core/bodylimit.py: other requests are capped lower).
        from hromada.core.bodylimit import allow_uploads

        from .forms import MAX_PHOTOS

        allow_uploads(r"(/[a-z]{2})?/budget/[-\w]+/submit/", files=MAX_PHOTOS)
        allow_uploads(r"(/[a-z]{2})?/budget/projects/\d+/edit/", files=MAX_PHOTOS)
        allow_uploads(r"(/[a-z]{2})?/budget/review/\d+/milestones/", files=1)
        # Freeze each cycle's rules as its voting opens (a ballot freezes them too, whichever comes first).
        register_periodic(PeriodicJob(key="budget.freeze_rules", every_seconds=60, run=freeze))

        from . import personal_data

        personal_data.register()  # projects, support, ballots and proofs in "my data" and the erasure
        _register_web_pages()  # web pages (see the block below)


# ---- web pages: the portal module and the cabinet section "My public budget"
def _cabinet_summary(request: Any) -> str | None:
    from .views import cabinet_summary

    return cabinet_summary(request)


def _register_web_pages() -> None:
    from hromada.core.registry import CabinetSection, Module, register_cabinet_section, register_module

    from .sitesearch import register as register_search

    register_search()
    register_module(
        Module(
            key="budget",
            title=_("Public budget"),
            description=_("Propose projects for the hromada, vote for them and follow their implementation."),
            url_name="budget:index",
            icon="budget",
            order=30,
        )
    )
    register_cabinet_section(
        CabinetSection(
            key="budget",
            title=_("My public budget"),
            url_name="budget:cabinet",
            order=35,
            summary=_cabinet_summary,
        )
    )


# ---- end of web pages

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "hromada.enrollment"
    label = "enrollment"
    verbose_name = _("Enrollment")

    def ready(self) -> None:
        # Every registration of the module is here (see docs/enrollment.md).
        from hromada.core.registry import (
            CabinetSection,
            DemoStep,
            Module,
            PeriodicJob,
            register_cabinet_section,
            register_demo_step,
            register_module,
            register_periodic,
        )

        from . import notifications, personal_data

        notifications.register()
        personal_data.register()

        def tick() -> object:
            from .actions import rounds_tick

            return rounds_tick()

        def demo(**kwargs: Any) -> int:
            from .demo import enrollment_demo_load

            return enrollment_demo_load(**kwargs)

        # Close rounds at their deadline (which fixes the lottery seed), expire unanswered offers.
        register_periodic(PeriodicJob(key="enrollment.tick", every_seconds=60, run=tick))
        register_demo_step(DemoStep(key="enrollment", load=demo, order=250))
        register_module(
            Module(
                key="enrollment",
                title=_("Kindergartens, schools and clubs"),
                description=_(
                    "Apply for a place, see the child's place on every list and check that nobody "
                    "reordered it."
                ),
                url_name="enrollment:index",
                icon="school",
                order=40,
            )
        )
        register_cabinet_section(
            CabinetSection(
                key="enrollment", title=_("My applications for places"), url_name="enrollment:mine", order=37
            )
        )

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "hromada.enrollment"
    label = "enrollment"
    verbose_name = _("Enrollment")

    def ready(self) -> None:
        from hromada.core.kit import Api, Upload, Urls, register_app
        from hromada.core.registry import CabinetSection, DemoStep, Module, PeriodicJob

        from . import notifications, personal_data

        def tick() -> object:
            from .actions import rounds_tick

            return rounds_tick()

        def demo(**kwargs: Any) -> int:
            from .demo import enrollment_demo_load

            return enrollment_demo_load(**kwargs)

        register_app(
            self,
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            datasets="hromada.enrollment.datasets:DATASETS",  # open data (docs/opendata.md)
            urls=[Urls("enrollment/", "hromada.enrollment.urls")],
            api=[Api("/enrollment", "hromada.enrollment.api", order=60)],
            portal=[
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
            ],
            cabinet=[
                CabinetSection(
                    key="enrollment",
                    title=_("My applications for places"),
                    url_name="enrollment:mine",
                    order=37,
                )
            ],
            # Close rounds at their deadline (which fixes the lottery seed), expire unanswered offers.
            periodic=[PeriodicJob(key="enrollment.tick", every_seconds=60, run=tick)],
            demo=[DemoStep(key="enrollment", load=demo, order=250)],
            # The verifier takes a kept copy of a round's export.
            uploads=[
                Upload(r"(/[a-z]{2})?/enrollment/[a-z0-9-]+/verify/", files=1),
                Upload(r"(/[a-z]{2})?/enrollment/applications/[0-9a-f]+/claims/\d+/proof/", files=1),
            ],
            also=[notifications.register, personal_data.register],
        )

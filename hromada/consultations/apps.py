from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "hromada.consultations"
    label = "consultations"
    verbose_name = _("Public consultations")

    def ready(self) -> None:
        from hromada.core.kit import Api, Urls, register_app
        from hromada.core.registry import CabinetSection, DemoStep, Module, PeriodicJob

        from . import actions, notifications, personal_data, phases
        from .datasets import DATASETS
        from .views import my_consultations_summary

        def demo(**kwargs: Any) -> int:
            from .demo import consultations_demo_load

            return consultations_demo_load(**kwargs)

        register_app(
            self,
            indicators="hromada.consultations.indicators:INDICATORS",  # its part of the insight index
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            urls=[Urls("consultations/", "hromada.consultations.urls")],
            api=[Api("/consultations", "hromada.consultations.api", order=60)],
            portal=[
                Module(
                    key="consultations",
                    title=_("Public consultations"),
                    description=_(
                        "Have your say on draft decisions and plans: answer surveys, comment paragraph by "
                        "paragraph, see where opinions meet, and read what was done with every proposal."
                    ),
                    url_name="consultations:index",
                    icon="grid",
                    order=40,
                )
            ],
            cabinet=[
                CabinetSection(
                    key="consultations",
                    title=_("My consultations"),
                    url_name="consultations:mine",
                    order=40,
                    summary=my_consultations_summary,
                )
            ],
            # The opinion maps follow the votes within 300 s (plus the job's run time); the reminders of
            # a hearing go out within 600 s of the moment 24 hours before it; the walk-ins' names go within
            # an hour of the end of their retention term.
            periodic=[
                PeriodicJob(
                    key="consultations.opinion_maps", every_seconds=300, run=actions.opinion_maps_recount
                ),
                PeriodicJob(
                    key="consultations.hearing_reminders",
                    every_seconds=600,
                    run=actions.hearing_reminders_send,
                ),
                PeriodicJob(
                    key="consultations.walk_in_names",
                    every_seconds=3600,
                    run=actions.walk_in_names_erase_due,
                ),
            ],
            demo=[DemoStep(key="consultations", load=demo, order=280)],
            phases=phases.TYPES,
            notifications=notifications.KINDS,
            datasets=DATASETS,
            also=[personal_data.register],
        )

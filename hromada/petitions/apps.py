from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "hromada.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from hromada.core.kit import Api, Upload, Urls, register_app
        from hromada.core.registry import CabinetSection, DemoStep, Module, PeriodicJob

        from . import actions, notifications, personal_data, phases, sitesearch
        from .datasets import DATASETS
        from .demo import demo_load
        from .views import my_petitions_summary

        register_app(
            self,
            indicators="hromada.petitions.indicators:INDICATORS",  # its part of the insight index
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            urls=[Urls("petitions/", "hromada.petitions.urls")],
            api=[Api("/petitions", "hromada.petitions.api", order=40)],
            portal=[
                Module(
                    key="petitions",
                    title=_("Petitions"),
                    description=_(
                        "Ask the hromada to act: sign or start a petition, follow the deadlines and the "
                        "answers."
                    ),
                    url_name="petitions:list",
                    icon="petition",
                    order=30,
                )
            ],
            cabinet=[
                CabinetSection(
                    key="petitions",
                    title=_("My petitions"),
                    url_name="petitions:mine",
                    order=33,
                    summary=my_petitions_summary,
                )
            ],
            periodic=[
                # Public counts lag the signatures by at most this period (plus the job's own run time).
                PeriodicJob(key="petitions.aggregate", every_seconds=5, run=actions.petitions_aggregate),
                # Expiry, forwarding on the next working day, and hiding names after the period.
                PeriodicJob(key="petitions.tick", every_seconds=60, run=actions.petitions_tick),
            ],
            demo=[DemoStep(key="petitions", load=demo_load, order=50)],
            # The answer's signed document (core/bodylimit.py: other requests are capped lower).
            uploads=[Upload(r"(/[a-z]{2})?/petitions/\d+/respond/answer/", files=1)],
            phases=phases.TYPES,
            notifications=notifications.KINDS,
            datasets=DATASETS,
            also=[
                sitesearch.register,
                personal_data.register,  # petitions and signatures in "my data" and in the erasure
            ],
        )

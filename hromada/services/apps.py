from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "hromada.services"
    label = "services"
    verbose_name = _("Administrative services")

    def ready(self) -> None:
        from hromada.core.kit import Api, Upload, Urls, register_app
        from hromada.core.registry import CabinetSection, DemoStep, Module, PeriodicJob

        from . import actions, notifications, personal_data
        from .demo import demo_load
        from .sitesearch import register as register_search
        from .views import my_applications_summary

        register_app(
            self,
            indicators="hromada.services.indicators:INDICATORS",  # its part of the insight index
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            datasets="hromada.services.datasets:DATASETS",  # open data (docs/opendata.md)
            urls=[Urls("services/", "hromada.services.urls")],
            api=[Api("", "hromada.services.api", order=60)],
            portal=[
                Module(
                    key="services",
                    title=_("Administrative services"),
                    description=_(
                        "The TsNAP catalogue: what each service needs, its term and fee; apply online."
                    ),
                    url_name="services:list",
                    icon="grid",
                    order=20,
                )
            ],
            cabinet=[
                CabinetSection(
                    key="services",
                    title=_("My applications"),
                    url_name="services:mine",
                    order=31,
                    summary=my_applications_summary,
                )
            ],
            periodic=[
                PeriodicJob(key="services.escalate", every_seconds=300, run=actions.applications_escalate)
            ],
            demo=[DemoStep(key="services", load=demo_load, order=60)],
            # The application form, the correction and the result may carry files (each within its limit).
            uploads=[
                Upload(r"(/[a-z]{2})?/services/[a-z0-9-]+/apply/", files=6),
                Upload(r"(/[a-z]{2})?/services/desk/[a-z0-9-]+/", files=6),
                Upload(r"(/[a-z]{2})?/services/applications/\d+/correct/", files=6),
                Upload(r"(/[a-z]{2})?/services/queue/\d+/issue/", files=1),
            ],
            also=[notifications.register, personal_data.register, register_search],
        )

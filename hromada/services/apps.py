from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "hromada.services"
    label = "services"
    verbose_name = _("Administrative services")

    def ready(self) -> None:
        # Every registration of the module is here (notifications, jobs, demo, personal data, uploads,
        # search, portal entry points); the URLs and the API router are mounted by one line each in
        # hromada/urls.py and hromada/api.py.
        from hromada.core.bodylimit import allow_uploads
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

        from . import actions, notifications, personal_data
        from .demo import demo_load
        from .sitesearch import register as register_search
        from .views import my_applications_summary

        notifications.register()
        personal_data.register()
        register_search()
        register_periodic(
            PeriodicJob(key="services.escalate", every_seconds=300, run=actions.applications_escalate)
        )
        register_demo_step(DemoStep(key="services", load=demo_load, order=60))
        # The application form, the correction and the result may carry files (each within its own limit).
        allow_uploads(r"(/[a-z]{2})?/services/[a-z0-9-]+/apply/", files=6)
        allow_uploads(r"(/[a-z]{2})?/services/desk/[a-z0-9-]+/", files=6)
        allow_uploads(r"(/[a-z]{2})?/services/applications/\d+/correct/", files=6)
        allow_uploads(r"(/[a-z]{2})?/services/queue/\d+/issue/", files=1)
        register_module(
            Module(
                key="services",
                title=_("Administrative services"),
                description=_("The ЦНАП catalogue: what each service needs, its term and fee; apply online."),
                url_name="services:list",
                icon="grid",
                order=20,
            )
        )
        register_cabinet_section(
            CabinetSection(
                key="services",
                title=_("My applications"),
                url_name="services:mine",
                order=31,
                summary=my_applications_summary,
            )
        )

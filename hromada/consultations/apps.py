from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "hromada.consultations"
    label = "consultations"
    verbose_name = _("Public consultations")

    def ready(self) -> None:
        from hromada.core.kit import Api, Urls, register_app
        from hromada.core.registry import Module

        # Everything the module adds to the platform, in one call (docs/new-module.md, "Registration"):
        # add cabinet=, periodic=, demo=, search=, personal_data=, notifications=, phases=, uploads= as
        # the module grows; registrations of your own go in also=[...].
        register_app(
            self,
            urls=[Urls("consultations/", "hromada.consultations.urls")],
            api=[Api("/consultations", "hromada.consultations.api")],
            portal=[
                Module(
                    key="consultations",
                    title=_("Public consultations"),
                    description=_("What the Public consultations module offers the residents."),
                    url_name="consultations:index",
                )
            ],
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "hromada.help"
    label = "help"
    verbose_name = _("Help centre")

    def ready(self) -> None:
        from hromada.core.kit import Api, Urls, register_app
        from hromada.core.registry import Module

        # Everything the module adds to the platform, in one call (docs/new-module.md, "Registration"):
        # add cabinet=, periodic=, demo=, search=, personal_data=, notifications=, phases=, uploads= as
        # the module grows; registrations of your own go in also=[...].
        register_app(
            self,
            urls=[Urls("help/", "hromada.help.urls")],
            api=[Api("/help", "hromada.help.api")],
            portal=[
                Module(
                    key="help",
                    title=_("Help centre"),
                    description=_("What the Help centre module offers the residents."),
                    url_name="help:index",
                )
            ],
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hromada.portal"
    label = "portal"
    verbose_name = _("City portal")

    def ready(self) -> None:
        from . import personal_data, registrations  # noqa: F401

        personal_data.register()  # articles an official wrote, in "my data"

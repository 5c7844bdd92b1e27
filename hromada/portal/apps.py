from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hromada.portal"
    label = "portal"
    verbose_name = _("City portal")

    def ready(self) -> None:
        from . import registrations  # noqa: F401

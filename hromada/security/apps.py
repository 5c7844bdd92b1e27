from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "hromada.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from hromada.core.kit import Urls, register_app

        from . import checks  # noqa: F401  (registers the deploy check)

        register_app(
            self,
            urls=[Urls("security/", "hromada.security.urls")],
            indicators="hromada.security.indicators:INDICATORS",
        )

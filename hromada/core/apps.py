from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hromada.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.urls import register_converter

        from . import checks, personal_data  # noqa: F401 - checks registers `hromada check --deploy`'s own
        from .actions import notification_digests_send
        from .ids import IdConverter
        from .kit import register_app
        from .registry import PeriodicJob

        register_app(
            self,
            # Daily digests go out at most once per 24 h per person; checking hourly keeps them near on time.
            periodic=[
                PeriodicJob(
                    key="core.notification_digests", every_seconds=3600, run=notification_digests_send
                )
            ],
            also=[
                lambda: register_converter(IdConverter, "id"),  # every id in a URL pattern (core/ids.py)
                personal_data.register,  # the inbox and back-office changes in "my data" and the erasure
            ],
        )

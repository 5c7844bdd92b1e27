from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hromada.accounts"
    label = "accounts"
    verbose_name = _("People and identity")

    def ready(self) -> None:
        from hromada.core.permissions import register_roles_source

        from .permissions import roles_in

        register_roles_source(roles_in)

        from . import metrics

        metrics.register()  # recent login failures on /metrics

        from . import notifications, personal_data

        personal_data.register()  # the account's part of "my data" and of the erasure
        notifications.register()

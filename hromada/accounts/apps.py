from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hromada.accounts"
    label = "accounts"
    verbose_name = _("People and identity")

    def ready(self) -> None:
        from hromada.core.kit import Api, Urls, register_app
        from hromada.core.permissions import register_roles_source

        from . import metrics, notifications, personal_data
        from .permissions import roles_in

        register_app(
            self,
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            urls=[
                Urls("accounts/oidc/", "hromada.accounts.urls_oidc"),
                Urls("accounts/", "hromada.accounts.urls"),
            ],
            api=[Api("", "hromada.accounts.api", order=20)],
            notifications=notifications.KINDS,
            also=[
                lambda: register_roles_source(roles_in),  # core's role predicates ask accounts
                personal_data.register,  # the account's part of "my data" and of the erasure
                metrics.register,  # recent login failures on /metrics
            ],
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The officials' back office: the admin site, the base classes that scope it to one hromada, and the
    registrations of the floors below it (the platform's hromadas and calendar, the ledger's tables)."""

    name = "hromada.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from hromada.core.kit import Urls, register_app

        # Each app's admin.py registers its pages on this site (hromada/urls.py runs admin.autodiscover()).
        register_app(self, urls=[Urls("admin/", "hromada.backoffice.site:back_office.urls")])

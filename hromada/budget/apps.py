from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "hromada.budget"
    label = "budget"
    verbose_name = _("Public budget")

    def ready(self) -> None:
        from . import phases  # noqa: F401  (registers the phase types)

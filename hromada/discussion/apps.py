from functools import partial

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "hromada.discussion"
    label = "discussion"
    verbose_name = _("Debates")

    def ready(self) -> None:
        from hromada.core.registry import DetailPanel, register_detail_panel

        from . import notifications, personal_data
        from .targets import TARGETS
        from .views import panel

        for key in TARGETS:
            register_detail_panel(
                DetailPanel(key="discussion", target=key, render=partial(panel, target=key))
            )
        personal_data.register()  # comments and reports in "my data" and the erasure
        notifications.register()

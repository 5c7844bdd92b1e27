from functools import partial

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "hromada.discussion"
    label = "discussion"
    verbose_name = _("Debates")

    def ready(self) -> None:
        from hromada.core.kit import Urls, register_app
        from hromada.core.registry import DetailPanel

        from . import notifications, personal_data
        from .targets import TARGETS
        from .views import panel

        register_app(
            self,
            urls=[Urls("discussion/", "hromada.discussion.urls")],
            # The debate under each target's page (a petition, a budget project).
            panels=[
                DetailPanel(key="discussion", target=key, render=partial(panel, target=key))
                for key in TARGETS
            ],
            notifications=notifications.KINDS,
            also=[personal_data.register],  # comments and reports in "my data" and the erasure
        )

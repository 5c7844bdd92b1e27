from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "hromada.help"
    label = "help"
    verbose_name = _("Help centre")

    def ready(self) -> None:
        from hromada.core.kit import Urls, register_app
        from hromada.core.registry import DemoStep, PeriodicJob

        from . import actions, sitesearch
        from .demo import demo_load

        register_app(
            self,
            # "help/" is the portal's own help pages; the help centre (the e-guide) is "guide/".
            urls=[Urls("guide/", "hromada.help.urls")],
            # No menu entry of its own: the portal's "Help" leads here (portal.views.help_index).
            # Newly shipped or updated articles reach every hromada's copy (edited ones are kept).
            periodic=[PeriodicJob(key="help.load", every_seconds=600, run=actions.help_articles_load_all)],
            demo=[DemoStep(key="help", load=demo_load, order=900)],
            search=sitesearch.SOURCES,
            help="help",
        )

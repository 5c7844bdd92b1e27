from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "hromada.insight"
    label = "insight"
    verbose_name = _("Digital transformation index")

    def ready(self) -> None:
        from hromada.core.kit import Upload, Urls, register_app
        from hromada.core.registry import DemoStep, Module, PeriodicJob

        from .demo import insight_demo_load
        from .tasks import compute_all

        register_app(
            self,
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            urls=[Urls("insight/", "hromada.insight.urls")],
            portal=[
                Module(
                    key="insight",
                    title=_("How the hromada is doing"),
                    description=_(
                        "The community's digital-transformation and transparency index, computed from the "
                        "platform's live data with the evidence linked."
                    ),
                    url_name="insight:public",
                    icon="grid",
                    order=95,
                )
            ],
            periodic=[PeriodicJob(key="insight.compute", every_seconds=3600, run=compute_all)],
            demo=[DemoStep(key="insight", load=insight_demo_load, order=990)],
            uploads=[Upload(r"(/[a-z]{2})?/insight/self-report/", files=1)],
            indicators="hromada.insight.indicators:INDICATORS",
        )

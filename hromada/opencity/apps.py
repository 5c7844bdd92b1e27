from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpencityConfig(AppConfig):
    name = "hromada.opencity"
    label = "opencity"
    verbose_name = _("Open city")

    def ready(self) -> None:
        from hromada.core.kit import Upload, Urls, register_app
        from hromada.core.registry import CabinetSection, DemoStep, Module, PeriodicJob

        from . import notifications, personal_data
        from .jobs import fix_checks_queue

        def demo(**kwargs: Any) -> int:
            from .demo import opencity_demo_load

            return opencity_demo_load(**kwargs)

        register_app(
            self,
            indicators="hromada.opencity.indicators:INDICATORS",  # its part of the insight index
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            datasets="hromada.opencity.datasets:DATASETS",  # open data (docs/opendata.md)
            urls=[
                Urls("city/", "hromada.opencity.urls"),
                # The Open311 GeoReport v2 API: a public contract for outside clients, so no language prefix.
                Urls("open311/v2/", "hromada.opencity.open311_urls", i18n=False),
            ],
            portal=[
                Module(
                    key="opencity",
                    title=_("Open city"),
                    description=_(
                        "Report a pothole, a broken street light or illegal dumping on the map and follow "
                        "it until it is fixed."
                    ),
                    url_name="opencity:index",
                    icon="map",
                    order=35,
                ),
                # The city map of every module's places lives here (docs/opencity.md, "The city map").
                Module(
                    key="citymap",
                    title=_("City map"),
                    description=_(
                        "Problem reports, institutions, public budget projects, TsNAP offices and districts "
                        "on one map."
                    ),
                    url_name="opencity:map",
                    icon="map",
                    order=36,
                ),
            ],
            cabinet=[
                CabinetSection(key="opencity", title=_("My reports"), url_name="opencity:mine", order=38)
            ],
            # The four-week "is it really fixed?" questionnaire (docs/opencity.md, "Fix check").
            periodic=[PeriodicJob(key="opencity.fix_checks", every_seconds=3600, run=fix_checks_queue)],
            demo=[DemoStep(key="opencity", load=demo, order=260)],
            uploads=[
                Upload(r"(/[a-z]{2})?/city/(new|\d+/update)/", files=3),
                Upload(r"/open311/v2/requests\.(json|xml)", files=3),  # the media extension
            ],
            also=[notifications.register, personal_data.register],
        )

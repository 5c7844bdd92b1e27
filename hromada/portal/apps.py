from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hromada.portal"
    label = "portal"
    verbose_name = _("City portal")

    def ready(self) -> None:
        from hromada.core.kit import Api, Upload, Urls, register_app

        from . import personal_data, registrations, sitesearch
        from .datasets import DATASETS

        register_app(
            self,
            indicators="hromada.portal.indicators:INDICATORS",  # its part of the insight index
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            # The catch-all "" prefix: the kit mounts it after every other module.
            urls=[Urls("", "hromada.portal.urls")],
            api=[Api("", "hromada.portal.api", order=10)],
            portal=registrations.MODULES,
            cabinet=registrations.CABINET,
            search=sitesearch.SOURCES,
            uploads=[
                # The emblem of the back office's site appearance (other requests are capped lower).
                Upload(r"(/[a-z]{2})?/admin/portal/siteappearance/(add/|\d+/change/)", files=1),
                # A district boundary imported from a GeoJSON file in the back office.
                Upload(r"(/[a-z]{2})?/admin/territory/district/(add/|\d+/change/)", files=1),
            ],
            datasets=DATASETS,  # the institutions directory and the organisational structure
            also=[personal_data.register],  # articles an official wrote, in "my data"
        )

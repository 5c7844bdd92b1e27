from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "hromada.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from hromada.core import ratelimit
        from hromada.core.kit import Urls, register_app
        from hromada.core.registry import DemoStep, Module, PeriodicJob

        from .datasets import DATASETS
        from .demo import demo_load
        from .files import files_tick

        register_app(
            self,
            indicators="hromada.opendata.indicators:INDICATORS",  # its part of the insight index
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            urls=[
                Urls("opendata/", "hromada.opendata.urls"),
                # The CKAN Action API, where CKAN serves it (both paths; `ckanapi` calls the second).
                Urls(
                    "api/3/action/", "hromada.opendata.ckan_urls:urlpatterns", i18n=False, namespace="ckan3"
                ),
                Urls("api/action/", "hromada.opendata.ckan_urls:urlpatterns", i18n=False, namespace="ckan"),
                # DCAT at the site's root: /catalog.ttl, /dataset/<name>.jsonld, …
                Urls("catalog.", "hromada.opendata.dcat_urls:catalog", i18n=False, namespace="dcat"),
                Urls("dataset/", "hromada.opendata.dcat_urls:dataset", i18n=False, namespace="dcat_dataset"),
            ],
            portal=[
                Module(
                    key="opendata",
                    title=_("Open data"),
                    description=_(
                        "The hromada's datasets, straight from the live records: download them or read them "
                        "through the CKAN-compatible API."
                    ),
                    url_name="opendata:index",
                    icon="grid",
                    order=80,
                )
            ],
            demo=[DemoStep(key="opendata", load=demo_load, order=900)],
            datasets=DATASETS,
            # The slow files (a million rows) made ahead of the downloads; old files removed.
            periodic=[PeriodicJob(key="opendata.files", every_seconds=60, run=files_tick)],
            # A POST to the Action API reads (ckanapi posts every call): not a write, it is counted
            # under a read budget of its own (views_ckan.py) instead of the platform's write limit.
            also=[lambda: ratelimit.fold_write_limit(r"/api(/3)?/action/[A-Za-z_]+")],
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CnapQueueConfig(AppConfig):
    name = "hromada.cnapqueue"
    label = "cnapqueue"
    verbose_name = _("TsNAP queue")

    def ready(self) -> None:
        from hromada.accounts.permissions import register_staff_check
        from hromada.core.kit import Api, Upload, Urls, register_app
        from hromada.core.registry import CabinetSection, DemoStep, Module, PeriodicJob

        from . import actions, notifications, personal_data
        from .demo import demo_load
        from .permissions import holds_queue_role
        from .views import my_queue_summary

        register_app(
            self,
            indicators="hromada.cnapqueue.indicators:INDICATORS",  # its part of the insight index
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            datasets="hromada.cnapqueue.datasets:DATASETS",  # open data (docs/opendata.md)
            urls=[Urls("queue/", "hromada.cnapqueue.urls")],
            api=[Api("/queue", "hromada.cnapqueue.api", order=60)],
            portal=[
                Module(
                    key="cnapqueue",
                    title=_("TsNAP queue"),
                    description=_("Take a ticket or book a visit to the administrative service centre."),
                    url_name="cnapqueue:offices",
                    icon="clock",
                    order=45,
                )
            ],
            cabinet=[
                CabinetSection(
                    key="cnapqueue",
                    title=_("My TsNAP visits"),
                    url_name="cnapqueue:mine",
                    order=46,
                    summary=my_queue_summary,
                )
            ],
            # Unconfirmed holds expire, late bookings join the live queue, reminders go out.
            periodic=[PeriodicJob(key="cnapqueue.tick", every_seconds=30, run=actions.queue_tick)],
            demo=[DemoStep(key="cnapqueue", load=demo_load, order=70)],
            # A home-visit request may carry one document proving the ground (web form, "my visits", API).
            uploads=[
                Upload(r"(/[a-z]{2})?/queue/\d+/home-visit/", files=1),
                Upload(r"(/[a-z]{2})?/queue/home-visits/\d+/document/add/", files=1),
                Upload(r"/api/v1/queue/home-visits/\d+/document", files=1),
            ],
            # Queue staff are officials for the second factor, though accounts knows no queue roles.
            also=[
                notifications.register,
                personal_data.register,
                lambda: register_staff_check(holds_queue_role),
            ],
        )

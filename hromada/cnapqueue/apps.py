from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CnapQueueConfig(AppConfig):
    name = "hromada.cnapqueue"
    label = "cnapqueue"
    verbose_name = _("ЦНАП queue")

    def ready(self) -> None:
        # Every registration of the module lives here (the module kit will collect them later).
        from hromada.core.registry import (
            CabinetSection,
            DemoStep,
            Module,
            PeriodicJob,
            register_cabinet_section,
            register_demo_step,
            register_module,
            register_periodic,
        )

        from . import actions, notifications, personal_data
        from .demo import demo_load
        from .views import my_queue_summary

        notifications.register()
        personal_data.register()
        # Unconfirmed holds expire, late bookings join the live queue, reminders go out.
        register_periodic(PeriodicJob(key="cnapqueue.tick", every_seconds=30, run=actions.queue_tick))
        register_demo_step(DemoStep(key="cnapqueue", load=demo_load, order=70))
        register_module(
            Module(
                key="cnapqueue",
                title=_("ЦНАП queue"),
                description=_("Take a ticket or book a visit to the administrative service centre."),
                url_name="cnapqueue:offices",
                icon="clock",
                order=45,
            )
        )
        register_cabinet_section(
            CabinetSection(
                key="cnapqueue",
                title=_("My ЦНАП visits"),
                url_name="cnapqueue:mine",
                order=46,
                summary=my_queue_summary,
            )
        )

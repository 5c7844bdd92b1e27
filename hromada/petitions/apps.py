from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "hromada.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from hromada.core.registry import DemoStep, PeriodicJob, register_demo_step, register_periodic

        from . import actions

        # Public counts lag the signatures by at most this period (plus the job's own run time).
        register_periodic(
            PeriodicJob(key="petitions.aggregate", every_seconds=5, run=actions.petitions_aggregate)
        )
        # Expiry, forwarding on the next working day, and hiding names after the period.
        register_periodic(PeriodicJob(key="petitions.tick", every_seconds=60, run=actions.petitions_tick))

        from .demo import demo_load

        register_demo_step(DemoStep(key="petitions", load=demo_load, order=50))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "hromada.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from hromada.core.registry import DemoStep, PeriodicJob, register_demo_step, register_periodic

        from . import actions, notifications

        notifications.register()

        # Public counts lag the signatures by at most this period (plus the job's own run time).
        register_periodic(
            PeriodicJob(key="petitions.aggregate", every_seconds=5, run=actions.petitions_aggregate)
        )
        # Expiry, forwarding on the next working day, and hiding names after the period.
        register_periodic(PeriodicJob(key="petitions.tick", every_seconds=60, run=actions.petitions_tick))

        from .demo import demo_load

        register_demo_step(DemoStep(key="petitions", load=demo_load, order=50))

        from . import personal_data

        personal_data.register()  # petitions and signatures in "my data" and in the erasure

        from hromada.core.bodylimit import allow_uploads

        # The answer's signed document (core/bodylimit.py: other requests are capped lower).
        allow_uploads(r"(/[a-z]{2})?/petitions/\d+/respond/answer/", files=1)

        # ---- web pages: the portal module and the cabinet section (owned by the web interface)
        from hromada.core.registry import CabinetSection, Module, register_cabinet_section, register_module

        from .sitesearch import register as register_search
        from .views import my_petitions_summary

        register_search()
        register_module(
            Module(
                key="petitions",
                title=_("Petitions"),
                description=_(
                    "Ask the hromada to act: sign or start a petition, follow the deadlines and the answers."
                ),
                url_name="petitions:list",
                icon="petition",
                order=30,
            )
        )
        register_cabinet_section(
            CabinetSection(
                key="petitions",
                title=_("My petitions"),
                url_name="petitions:mine",
                order=33,
                summary=my_petitions_summary,
            )
        )

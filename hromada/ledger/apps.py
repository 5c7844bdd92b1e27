from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "hromada.ledger"
    label = "ledger"
    verbose_name = _("Transparency log")

    def ready(self) -> None:
        from hromada.core.registry import Module, PeriodicJob, register_module, register_periodic

        from .actions import ledger_publish_all

        # Integrate pending entries and sign a checkpoint about every 10 s, even when no commit scheduled it.
        register_periodic(PeriodicJob(key="ledger.publish", every_seconds=10, run=ledger_publish_all))

        from .witness import cosignatures_retry_due

        # Ask again the witnesses missing from the latest checkpoint, each with its own backoff.
        register_periodic(
            PeriodicJob(key="ledger.cosign_retry", every_seconds=15, run=cosignatures_retry_due)
        )

        from hromada.core.registry import CabinetSection, register_cabinet_section

        from .views_receipts import receipts_summary

        register_cabinet_section(
            CabinetSection(
                key="receipts",
                title=_("My receipts"),
                url_name="ledger:receipts",
                order=35,
                summary=receipts_summary,
            )
        )

        register_module(
            Module(
                key="ledger",
                title=_("Transparency log"),
                description=_(
                    "A public, tamper-evident record of queues, signatures, votes and decisions that "
                    "anyone can check."
                ),
                url_name="ledger:index",
                icon="shield",
                order=80,
            )
        )

        from . import personal_data

        personal_data.register()  # personal receipts in "my data" and in the erasure

        from .kinds import discover_ledger_kinds

        discover_ledger_kinds()  # every app's <app>/ledger_kinds.py: the labels of its entry kinds

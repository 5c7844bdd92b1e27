from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "hromada.ledger"
    label = "ledger"
    verbose_name = _("Transparency log")

    def ready(self) -> None:
        from hromada.core.kit import Api, Urls, register_app
        from hromada.core.registry import CabinetSection, Module, PeriodicJob

        from . import checks, metrics, personal_data  # noqa: F401 - checks: the signing keys in `check --deploy`
        from .actions import ledger_publish_all
        from .kinds import discover_ledger_kinds
        from .views_receipts import receipts_summary
        from .witness import cosignatures_retry_due

        register_app(
            self,
            help="help",  # its help articles, help/uk/*.md and help/en/*.md (docs/help.md)
            urls=[
                Urls("ledger/", "hromada.ledger.urls"),
                # The log's C2SP paths (checkpoint, key, tiles): a public contract, no language prefix.
                Urls(
                    "ledger/",
                    "hromada.ledger.urls:machine_urlpatterns",
                    i18n=False,
                    namespace="ledger_machine",
                ),
            ],
            api=[Api("/ledger", "hromada.ledger.api", order=30)],
            portal=[
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
            ],
            cabinet=[
                CabinetSection(
                    key="receipts",
                    title=_("My receipts"),
                    url_name="ledger:receipts",
                    order=35,
                    summary=receipts_summary,
                )
            ],
            periodic=[
                # Integrate pending entries and sign a checkpoint about every 10 s, even when no commit
                # scheduled it.
                PeriodicJob(key="ledger.publish", every_seconds=10, run=ledger_publish_all),
                # Ask again the witnesses missing from the latest checkpoint, each with its own backoff.
                PeriodicJob(key="ledger.cosign_retry", every_seconds=15, run=cosignatures_retry_due),
            ],
            also=[
                personal_data.register,  # personal receipts in "my data" and in the erasure
                metrics.register,  # pending entries and the last checkpoint on /metrics and /readyz
                discover_ledger_kinds,  # every app's <app>/ledger_kinds.py: the labels of its entry kinds
            ],
        )

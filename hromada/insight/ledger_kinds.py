from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds


def register() -> None:
    register_ledger_kinds(
        {
            "insight.quarter_closed": _("Index quarter closed"),
            "audit.self_report.created": _("Self-reported index value entered"),
            "audit.self_report.corrected": _("Self-reported index value corrected"),
            "audit.index_settings.changed": _("Index settings changed"),
        }
    )

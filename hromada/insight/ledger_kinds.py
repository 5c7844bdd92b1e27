from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds


def register() -> None:
    register_ledger_kinds({"insight.quarter_closed": _("Index quarter closed")})

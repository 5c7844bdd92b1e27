"""Labels of the services' log entries (``hromada/ledger/kinds.py``); the ledger registers them at start."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "services.catalogue_imported": _("Service catalogue imported"),
    "services.definition_published": _("Service form published"),
    "services.application_submitted": _("Application for a service submitted"),
    "services.application_withdrawn": _("Application for a service withdrawn"),
    "services.application_returned": _("Application returned for correction"),
    "services.application_corrected": _("Application corrected"),
    "services.application_decided": _("Decision on an application"),
    "services.application_issued": _("Result of a service issued"),
    "audit.definition.published": _("Service form published (audit)"),
    "audit.application.approved": _("Application approved (audit)"),
    "audit.application.refused": _("Application refused (audit)"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

"""Labels of the petitions' log entries (``hromada/ledger/kinds.py``); the ledger registers them at start."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "petition.submitted": _("Petition submitted"),
    "petition.withdrawn": _("Petition withdrawn"),
    "petition.moderation_started": _("Petition moderation started"),
    "petition.published": _("Petition published"),
    "petition.rejected": _("Petition refused"),
    "petition.signed": _("Petition signed"),
    "petition.signature_withdrawn": _("Signature withdrawn"),
    "petition.signatures_invalidated": _("Signatures invalidated"),
    "petition.threshold_reached": _("Petition reached its signature threshold"),
    "petition.expired": _("Petition collection ended without enough signatures"),
    "petition.forwarded": _("Petition forwarded for consideration"),
    "petition.answered": _("Petition answered"),
    "petition.updated": _("Report on an answered petition"),
    "petition.names_hidden": _("Signers' names hidden"),
    "audit.petition_rules.created": _("Petition rules adopted"),
    "audit.petition_addressee.created": _("Petition addressee added"),
    "audit.petition_addressee.changed": _("Petition addressee changed"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

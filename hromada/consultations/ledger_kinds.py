"""Labels of the consultations' log entries (``hromada/ledger/kinds.py``); the ledger registers them."""

from django.utils.translation import gettext_lazy as _

from hromada.ledger.kinds import register_ledger_kinds

KINDS = {
    "consultation.announced": _("Consultation announced"),
    "consultation.draft_version": _("New version of a consulted draft"),
    "consultation.draft_version_changed": _("Version of a consulted draft changed before the opening"),
    "consultation.proposal_answered": _("Proposal of a consultation answered"),
    "consultation.report_published": _("Consultation report published"),
    "consultation.survey_answer_changed": _("Answer to a consultation's survey changed"),
    "consultation.hidden": _("Contribution to a consultation hidden"),
    "consultation.statement_approved": _("Statement of an opinion map approved by a moderator"),
    "consultation.hearing_registration": _("Registration for a public hearing"),
    "consultation.hearing_cancelled": _("Registration for a public hearing cancelled"),
    "consultation.hearing_minutes": _("Minutes of a public hearing published"),
    "consultation.hearing_attendance": _("Attendance of a public hearing taken"),
}


def register() -> None:
    register_ledger_kinds(KINDS)

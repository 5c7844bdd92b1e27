"""Every write of consultations: one module per concern, their public actions re-exported here (callers
import them from this package). Each action is keyword-only and typed, checks permissions and invariants
in one transaction and records public changes in the transparency log (docs/architecture.md, "Layers")."""

from .consultation import (
    consultation_announce,
    consultation_create,
    consultation_delete,
    consultation_update,
    draft_version_add,
    draft_version_update,
    opinion_map_compute,
    opinion_maps_recount,
    proposal_answer,
    question_add,
    question_move,
    question_remove,
    question_update,
    report_publish,
)
from .erasure import consultation_data_erase
from .hearing import (
    MINUTES_TYPES,
    hearing_add,
    hearing_attendance_mark,
    hearing_cancel,
    hearing_minutes_publish,
    hearing_places_free,
    hearing_register,
    hearing_reminders_send,
    hearing_remove,
    hearing_update,
)
from .moderation import contribution_hide, statement_hide
from .participation import (
    SurveySaved,
    contribution_add,
    proposal_support,
    statement_add,
    statement_vote,
    survey_answer,
)

__all__ = [
    "MINUTES_TYPES",
    "SurveySaved",
    "consultation_announce",
    "consultation_create",
    "consultation_data_erase",
    "consultation_delete",
    "consultation_update",
    "contribution_add",
    "contribution_hide",
    "draft_version_add",
    "draft_version_update",
    "hearing_add",
    "hearing_attendance_mark",
    "hearing_cancel",
    "hearing_minutes_publish",
    "hearing_places_free",
    "hearing_register",
    "hearing_reminders_send",
    "hearing_remove",
    "hearing_update",
    "opinion_map_compute",
    "opinion_maps_recount",
    "proposal_answer",
    "proposal_support",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "report_publish",
    "statement_add",
    "statement_hide",
    "statement_vote",
    "survey_answer",
]

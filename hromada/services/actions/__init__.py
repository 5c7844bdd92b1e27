"""Writes of the services module (callers import ``hromada.services.actions.<name>``)."""

from .applications import (
    application_copy_as_draft,
    application_correct,
    application_decide,
    application_draft_save,
    application_issue,
    application_mark_paid,
    application_note,
    application_return,
    application_send_back,
    application_stage,
    application_submit,
    application_take,
    application_withdraw,
    applications_escalate,
)
from .catalogue import catalogue_import, fee_base_value_save, service_save, tariff_save
from .definitions import definition_check, definition_parse, definition_publish
from .personal import applications_erase

__all__ = [
    "application_copy_as_draft",
    "application_correct",
    "application_decide",
    "application_draft_save",
    "application_issue",
    "application_mark_paid",
    "application_note",
    "application_return",
    "application_send_back",
    "application_stage",
    "application_submit",
    "application_take",
    "application_withdraw",
    "applications_erase",
    "applications_escalate",
    "catalogue_import",
    "definition_check",
    "definition_parse",
    "definition_publish",
    "fee_base_value_save",
    "service_save",
    "tariff_save",
]

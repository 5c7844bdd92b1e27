"""Every write of the open city, one module per entity; callers import
``hromada.opencity.actions.<name>``."""

from .fixchecks import fix_check_answer, fix_check_send
from .people import opencity_person_erase
from .reports import (
    report_create,
    report_photo_blur,
    report_photo_publish,
    report_reassign,
    report_recategorise,
    report_relocate,
    report_support,
    report_transition,
    report_update_add,
    report_verdict,
)
from .setup import api_key_issue, api_key_revoke, category_save, zone_save

__all__ = [
    "api_key_issue",
    "api_key_revoke",
    "category_save",
    "fix_check_answer",
    "fix_check_send",
    "opencity_person_erase",
    "report_create",
    "report_photo_blur",
    "report_photo_publish",
    "report_reassign",
    "report_recategorise",
    "report_relocate",
    "report_support",
    "report_transition",
    "report_update_add",
    "report_verdict",
    "zone_save",
]

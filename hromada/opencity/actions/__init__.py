"""Every write of the open city, one module per entity; callers import
``hromada.opencity.actions.<name>``."""

from .people import opencity_person_erase
from .reports import (
    report_create,
    report_photo_publish,
    report_reassign,
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
    "opencity_person_erase",
    "report_create",
    "report_photo_publish",
    "report_reassign",
    "report_relocate",
    "report_support",
    "report_transition",
    "report_update_add",
    "report_verdict",
    "zone_save",
]

"""The open city's part of a person's data: the reports they filed, their +1s, updates they wrote, their
answers to fix checks.

Erasure keeps the reports (they are public records of the council's work, and the ledger holds no names)
but unlinks them, drops the contact details and the unredacted text; +1s and fix-check answers are
deleted (what an answer did to the report stays in its history, unsigned).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .actions import opencity_person_erase
from .models import FixCheckAnswer, Report, Support, Update


def _export(person: Any) -> dict[str, Any]:
    reports = Report.objects.filter(reporter=person).select_related("category")
    return {
        "reports": [
            {
                "id": r.pk,
                "category": r.category.code,
                "status": r.status,
                "channel": r.channel,
                "description": r.description,
                "address": r.address,
                "lat": r.lat,
                "lon": r.lon,
                "show_name": r.show_name,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "contact_phone": r.contact_phone,
                "submitted_at": iso(r.submitted_at),
            }
            for r in reports
        ],
        "supported": [s.report_id for s in Support.objects.filter(person=person)],
        "fix_check_answers": [
            {"report": a.fix_check.report_id, "fixed": a.fixed, "text": a.text, "at": iso(a.answered_at)}
            for a in FixCheckAnswer.objects.filter(person=person).select_related("fix_check")
        ],
        "updates": [
            {"report": u.report_id, "kind": u.kind, "text": u.text, "at": iso(u.at)}
            for u in Update.objects.filter(author=person)
        ],
    }


def _erase(person: Any) -> None:
    opencity_person_erase(person=person)


def register() -> None:
    """Called from ``OpencityConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="opencity",
            title=_("Problem reports"),
            export=_export,
            erase=_erase,
            covers=(Report.reporter, Support.person, Update.author, FixCheckAnswer.person),
            order=60,
        )
    )

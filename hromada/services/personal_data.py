"""The services module's part of a person's data: their applications (and, for officials, what they
handled). Erasure: drafts deleted; filed applications keep their number, service, dates and decision (an
administrative case) but lose the answers and files the person gave."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .actions.personal import applications_erase
from .models import Application, Definition, Event


def _export(person: User) -> dict[str, Any]:
    mine = Application.objects.filter(applicant=person).select_related("hromada", "service").order_by("id")
    return {
        "applications": [
            {
                "number": a.number,
                "hromada": a.hromada.name,
                "service": a.service.title,
                "status": a.status,
                "status_label": str(a.get_status_display()),
                "channel": a.channel,
                "answers": a.data,
                "files": list(a.files.values_list("original_name", flat=True)),
                "fee_kop": a.fee_kop,
                "submitted_at": iso(a.submitted_at),
                "due_at": iso(a.due_at),
                "decided_at": iso(a.decided_at),
                "decision": a.decision_text,
                "result": a.result_text,
                "result_document": a.document_text,
            }
            for a in mine
        ],
        "applications_handled": list(
            Application.objects.filter(decided_by=person).order_by("id").values_list("number", flat=True)
        ),
        "applications_filed_at_desk": list(
            Application.objects.filter(filed_by=person).order_by("id").values_list("number", flat=True)
        ),
    }


def _erase(person: User) -> None:
    applications_erase(applicant=person)


def register() -> None:
    register_personal_data(
        PersonalData(
            key="services",
            title=_("Administrative services"),
            export=_export,
            erase=_erase,
            covers=(
                Application.applicant,
                Application.filed_by,
                Application.assignee,
                Application.decided_by,
                Definition.created_by,
                Event.actor,
            ),
            order=60,
        )
    )

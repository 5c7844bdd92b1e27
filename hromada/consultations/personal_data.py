"""The consultations' part of a person's data: their survey answers, comments, proposals, supports,
statements, votes and registrations for hearings."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .actions import consultation_data_erase
from .models import (
    Contribution,
    HearingRegistration,
    ProposalSupport,
    Statement,
    StatementVote,
    SurveyResponse,
)


def _export(person: User) -> dict[str, Any]:
    return {
        "survey_answers": [
            {
                "consultation": r.consultation_id,
                "answered_at": iso(r.created_at),
                "changed_at": iso(r.updated_at),
            }
            for r in SurveyResponse.objects.filter(person=person).order_by("pk")
        ],
        "comments_and_proposals": [
            {
                "consultation": c.consultation_id,
                "paragraph": c.paragraph_id,
                "kind": c.kind,
                "text": c.text,
                "proposed_wording": c.replacement,
                "written_at": iso(c.created_at),
            }
            for c in Contribution.objects.filter(author=person).order_by("pk")
        ],
        "supported_proposals": list(
            ProposalSupport.objects.filter(person=person)
            .order_by("pk")
            .values_list("contribution_id", flat=True)
        ),
        "statements": [
            {"consultation": s.consultation_id, "text": s.text, "written_at": iso(s.created_at)}
            for s in Statement.objects.filter(author=person).order_by("pk")
        ],
        "votes": StatementVote.objects.filter(person=person).count(),
        "hearing_registrations": [
            {
                "consultation": r.hearing.consultation_id,
                "hearing": r.hearing_id,
                "status": r.status,
                "registered_at": iso(r.registered_at),
                "attended_at": iso(r.attended_at),
            }
            for r in HearingRegistration.objects.filter(person=person)
            .select_related("hearing")
            .order_by("pk")
        ],
    }


def _erase(person: User) -> None:
    consultation_data_erase(person=person)


def register() -> None:
    """Called from ``ConsultationsConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="consultations",
            title=_("Public consultations"),
            export=_export,
            erase=_erase,
            covers=(
                SurveyResponse.person,
                Contribution.author,
                ProposalSupport.person,
                Statement.author,
                StatementVote.person,
                HearingRegistration.person,
            ),
            order=75,
        )
    )

"""The erasure of an account's part in consultations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from ..models import (
    Contribution,
    ContributionKind,
    HearingRegistration,
    ProposalSupport,
    Statement,
    StatementVote,
    SurveyResponse,
)
from .hearing import hearing_places_free

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def consultation_data_erase(*, person: User) -> int:
    """Delete the person's survey answers, votes, supports, registrations for hearings and plain
    comments; proposals and statements stay in the record without their author (the report lists every
    proposal; a confirmed place at a hearing still to come goes to the first one waiting). Returns how
    many rows went."""
    removed = 0
    hearing_places_free(person=person)
    for contribution_id in ProposalSupport.objects.filter(person=person).values_list(
        "contribution_id", flat=True
    ):
        Contribution.objects.filter(pk=contribution_id).update(supports=F("supports") - 1)
    people = (
        (SurveyResponse, "person"),
        (StatementVote, "person"),
        (ProposalSupport, "person"),
        (HearingRegistration, "person"),
    )
    for model, field in people:
        removed += model.objects.filter(**{field: person}).delete()[0]
    removed += Contribution.objects.filter(author=person, kind=ContributionKind.COMMENT).delete()[0]
    Contribution.objects.filter(author=person).update(author=None)
    Statement.objects.filter(author=person).update(author=None)
    return removed

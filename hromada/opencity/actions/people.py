"""A person's erasure from the open city (called by the platform's "erase my data")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from ..models import FixCheckAnswer, Report, Support, Update

if TYPE_CHECKING:
    from hromada.accounts.models import User


@transaction.atomic
def opencity_person_erase(*, person: User) -> int:
    """Unlink the person from their reports (which stay, with the redacted text only and no contact
    details), drop their +1s and fix-check answers and unlink their updates; returns how many reports were
    unlinked."""
    reports = Report.objects.filter(reporter=person)
    count = reports.update(
        reporter=None,
        show_name=False,
        contact_name="",
        contact_email="",
        contact_phone="",
        description=F("public_description"),
    )
    Support.objects.filter(person=person).delete()
    FixCheckAnswer.objects.filter(person=person).delete()
    Update.objects.filter(author=person).update(author=None)
    return count

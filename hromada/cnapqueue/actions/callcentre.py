"""The call centre's own record: consultations given on the phone (bookings and tickets for callers go
through :mod:`.bookings` and :mod:`.tickets` with the agent as the one who acted)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import clock
from hromada.core.actions import notify_on_commit
from hromada.core.errors import ApplicationError
from hromada.core.permissions import require

from ..models import Consultation, Office, StaffMember
from ..permissions import answers_calls


@transaction.atomic
def consultation_record(
    *,
    office: Office,
    agent: Any,
    topic: str,
    minutes: int,
    outcome: str,
    phone: str = "",
    person: Any | None = None,
) -> Consultation:
    """Record a call: topic, duration, and whether it was resolved, forwarded or needs a callback (the
    office's managers are told about a callback)."""
    require(answers_calls, agent, office)
    topic = topic.strip()
    if not topic:
        raise ApplicationError(
            _("Say what the call was about."), fields={"topic": [_("This field is required.")]}
        )
    if outcome not in Consultation.Outcome.values:
        raise ApplicationError(_("Choose the outcome."), fields={"outcome": [_("Choose the outcome.")]})
    if not 0 < minutes <= 240:
        raise ApplicationError(
            _("A call lasts from 1 to 240 minutes."), fields={"minutes": [_("From 1 to 240 minutes.")]}
        )
    consultation = Consultation.objects.create(
        hromada=office.hromada,
        office=office,
        agent=agent,
        person=person,
        phone=phone.strip(),
        topic=topic,
        minutes=minutes,
        outcome=outcome,
        at=clock.now(),
    )
    if outcome == Consultation.Outcome.CALLBACK:
        managers = [m.user for m in StaffMember.objects.filter(office=office, role=StaffMember.Role.MANAGER)]
        notify_on_commit(
            hromada=office.hromada,
            recipients=managers,
            kind="cnapqueue.callback",
            params={"topic": topic},
            url="/queue/callcentre/",
        )
    return consultation

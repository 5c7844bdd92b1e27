"""What the consultations' notifications say (registered by ConsultationsConfig.ready())."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from hromada.core import clock
from hromada.core.notifications import NotificationKind, Params


def _decision_label(params: Params) -> Params:
    from .models import Decision

    code = params.get("decision", "")
    return {**params, "decision": Decision(code).label if code in Decision.values else code}


def _hearing_date(params: Params) -> Params:
    """The hearing's time (stored as ISO) written out in the recipient's language."""
    try:
        moment = dt.datetime.fromisoformat(str(params.get("date", "")))
    except ValueError:
        return params
    return {**params, "date": clock.written(moment)}


def _ground_label(params: Params) -> Params:
    from hromada.core.moderation import ProhibitedContent

    code = params.get("reason", "")
    return {**params, "reason": ProhibitedContent(code).label if code in ProhibitedContent.values else code}


KINDS = (
    NotificationKind(
        key="consultations.report_published",
        subject=_("The report of a consultation you took part in is published: %(title)s"),
    ),
    NotificationKind(
        key="consultations.proposal_answered",
        subject=_("Your proposal has been answered: %(decision)s"),
        body="%(title)s",
        shown=_decision_label,
    ),
    NotificationKind(
        key="consultations.hearing_registered",
        subject=_("Your place at the public hearing is confirmed: %(title)s"),
        body="%(date)s",
        shown=_hearing_date,
    ),
    NotificationKind(
        key="consultations.hearing_waiting",
        subject=_("You are on the waiting list of the public hearing: %(title)s"),
        body="%(date)s",
        shown=_hearing_date,
    ),
    NotificationKind(
        key="consultations.hearing_place",
        subject=_("A place at the public hearing became free and is yours: %(title)s"),
        body="%(date)s",
        shown=_hearing_date,
    ),
    NotificationKind(
        key="consultations.hearing_reminder",
        subject=_("Reminder of the public hearing: %(title)s"),
        body=_(
            "It begins on %(date)s. Place: %(place)s. If you cannot come, cancel your registration so that "
            "the first one waiting gets the place."
        ),
        shown=_hearing_date,
    ),
    NotificationKind(
        key="consultations.hearing_minutes",
        subject=_("The minutes of the public hearing are published: %(title)s"),
    ),
    NotificationKind(
        key="consultations.contribution_hidden",
        subject=_("Your contribution to a consultation was hidden"),
        body="%(text)s",
    ),
    NotificationKind(
        key="consultations.statement_approved",
        subject=_("Your statement is on the opinion map: others can vote on it now"),
        body="%(text)s",
    ),
    NotificationKind(
        key="consultations.statement_rejected",
        subject=_("Your statement was not published on the opinion map: %(reason)s"),
        body="%(text)s",
        shown=_ground_label,
    ),
)

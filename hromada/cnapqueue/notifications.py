"""What the queue's notifications say (registered in CnapQueueConfig.ready(); see core.notifications)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.notifications import NotificationKind, register_notification_kind

KINDS = (
    NotificationKind(
        key="cnapqueue.near",
        subject=_("Ticket %(number)s: your turn is close"),
        body=_("Few people are ahead of you now (%(ahead)s). Please come to the waiting area."),
    ),
    NotificationKind(
        key="cnapqueue.called",
        subject=_("Ticket %(number)s: please go to window %(desk)s"),
        body=_("It is your turn now."),
    ),
    NotificationKind(
        key="cnapqueue.booked",
        subject=_("Your visit is booked: %(service)s, %(when)s"),
        body=_("Check in at the kiosk with the code %(code)s when you arrive."),
    ),
    NotificationKind(
        key="cnapqueue.reminder_day",
        subject=_("Tomorrow: your visit to TsNAP, %(when)s"),
        body=_("%(service)s. Check-in code %(code)s. Cancel the booking if you cannot come."),
    ),
    NotificationKind(
        key="cnapqueue.reminder_hour",
        subject=_("In an hour: your visit to TsNAP, %(when)s"),
        body=_("%(service)s. Check-in code %(code)s."),
    ),
    NotificationKind(
        key="cnapqueue.waitlist_offer",
        subject=_("A place is free: %(service)s, %(when)s"),
        body=_("It is held for you for %(minutes)s minutes. Confirm the booking to take it."),
    ),
    NotificationKind(
        key="cnapqueue.home_visit_approved",
        subject=_("Home visit for %(service)s: approved"),
        body=_("We will call you to agree the day of the visit."),
    ),
    NotificationKind(
        key="cnapqueue.home_visit_refused",
        subject=_("Home visit for %(service)s: refused"),
        body=_("Reason: %(reason)s"),
    ),
    NotificationKind(
        key="cnapqueue.home_visit_scheduled",
        subject=_("Home visit for %(service)s: %(day)s"),
        body=_("An operator of the TsNAP will come to you on this day."),
    ),
    NotificationKind(
        key="cnapqueue.callback",
        subject=_("A caller asked to be called back"),
        body=_("Topic: %(topic)s. See the call-centre console."),
    ),
)


def register() -> None:
    for kind in KINDS:
        register_notification_kind(kind)

"""What enrollment's notifications say (registered in EnrollmentConfig.ready(); see core.notifications)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.notifications import NotificationKind, register_notification_kind

KINDS = (
    NotificationKind(
        key="enrollment.offer",
        subject=_("A place is offered for application %(number)s"),
        body=_("%(group)s. Accept or decline it by %(deadline)s, or the place passes to the next child."),
        immediate=True,
    ),
    NotificationKind(
        key="enrollment.moved_up",
        subject=_("Application %(number)s moved up to a place you preferred"),
        body=_(
            "A place freed up at %(group)s, which you ranked above %(from)s. The child now holds it instead, "
            "with the same answer as before; the place at %(from)s passes to the next child. If the offer is "
            "not accepted yet, answer by %(deadline)s."
        ),
        immediate=True,
    ),
    NotificationKind(
        key="enrollment.claim_decided",
        subject=_("Priority claim of application %(number)s: %(status)s"),
        body=_("See the application for the rule applied and its place on every list."),
    ),
)


def register() -> None:
    for kind in KINDS:
        register_notification_kind(kind)

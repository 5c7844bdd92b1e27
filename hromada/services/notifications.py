"""What the services notifications say (registered in ServicesConfig.ready(); see core.notifications)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.notifications import NotificationKind, register_notification_kind

KINDS = (
    NotificationKind(
        key="services.submitted",
        subject=_("Application %(number)s is registered: %(service)s"),
        body=_("Follow it on the site, or by its number with the access code %(code)s."),
    ),
    NotificationKind(
        key="services.returned",
        subject=_("Application %(number)s needs corrections: %(service)s"),
        body="%(comment)s",
    ),
    NotificationKind(key="services.approved", subject=_("Application %(number)s is granted: %(service)s")),
    NotificationKind(
        key="services.refused", subject=_("Application %(number)s is refused: %(service)s"), body="%(reason)s"
    ),
    NotificationKind(
        key="services.issued", subject=_("The result of application %(number)s is ready: %(service)s")
    ),
    NotificationKind(key="services.overdue", subject=_("Application %(number)s is overdue: %(service)s")),
)


def register() -> None:
    for kind in KINDS:
        register_notification_kind(kind)

"""What the open city's notifications say (registered in OpencityConfig.ready(); see core.notifications)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.notifications import NotificationKind, Params, register_notification_kind


def _status_label(params: Params) -> Params:
    from .models import Status

    shown = dict(params)
    if params.get("status") in Status.values:
        shown["status"] = str(Status(params["status"]).label)
    return shown


KINDS = (
    NotificationKind(
        key="opencity.status",
        subject=_("Report #%(number)s: %(status)s"),
        body=_("%(category)s. %(text)s"),
        shown=_status_label,
    ),
    NotificationKind(
        key="opencity.update",
        subject=_("Report #%(number)s: a new update"),
        body=_("%(category)s. %(text)s"),
    ),
    NotificationKind(
        key="opencity.disputed",
        subject=_("Report #%(number)s: the reporter says it is not fixed"),
        body=_("%(category)s. The report is open again. %(text)s"),
    ),
    NotificationKind(
        key="opencity.fix_check",
        subject=_("Report #%(number)s: is it really fixed?"),
        body=_("%(category)s. Four weeks ago it was marked fixed. Is it still fixed? Answer on its page."),
    ),
    NotificationKind(
        key="opencity.fix_check_disputed",
        subject=_("Report #%(number)s: a resident says it is not fixed"),
        body=_("%(category)s. Four weeks after the fix the report is open again. %(text)s"),
    ),
    NotificationKind(
        key="opencity.assigned",
        subject=_("New report #%(number)s for your department"),
        body=_("%(category)s. Due %(due)s."),
    ),
)


def register() -> None:
    for kind in KINDS:
        register_notification_kind(kind)

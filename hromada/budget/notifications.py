"""What the public budget's notifications say (registered in BudgetConfig.ready(); see core.notifications)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.notifications import NotificationKind, Params, register_notification_kind


def _criterion_label(params: Params) -> Params:
    from .models import Criterion

    code = params.get("criterion", "")
    return {**params, "criterion": Criterion(code).label if code in Criterion.values else code}


def _channel_label(params: Params) -> Params:
    from .models import Channel

    code = params.get("channel", "")
    return {**params, "channel": Channel(code).label if code in Channel.values else code}


KINDS = (
    NotificationKind(
        key="budget.ballot_changed",
        subject=_("Your ballot in “%(cycle)s” was changed"),
        body=_(
            "A new ballot (%(channel)s) replaced your earlier one. If you did not ask for this, contact the "
            "hromada at once."
        ),
        immediate=True,
        shown=_channel_label,
    ),
    NotificationKind(
        key="budget.review",
        subject=_("Your project “%(title)s” needs your attention"),
        body="%(criterion)s: %(reasons)s",
        shown=_criterion_label,
    ),
    NotificationKind(
        key="budget.admitted",
        subject=_("Your project “%(title)s” is admitted to the vote"),
        body="%(reason)s",
    ),
    NotificationKind(
        key="budget.rejected",
        subject=_("Your project “%(title)s” was rejected"),
        body="%(reason)s",
    ),
    NotificationKind(key="budget.appeal", subject=_("Appeal against the rejection of project №%(number)s")),
    NotificationKind(
        key="budget.ties",
        subject=_("The count of “%(cycle)s” met ties"),
        body=_("Check and acknowledge the ties before publishing: %(categories)s."),
    ),
    NotificationKind(key="budget.won", subject=_("Your project “%(title)s” won the vote")),
    NotificationKind(
        key="budget.not_funded",
        subject=_("The results are published: your project “%(title)s” was not funded"),
    ),
)


def register() -> None:
    for kind in KINDS:
        register_notification_kind(kind)

"""What the petitions' notifications say (registered in PetitionsConfig.ready(); see core.notifications)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.notifications import NotificationKind, Params, register_notification_kind


def _alert_kind_label(params: Params) -> Params:
    from .models import FraudAlert

    code = params.get("kind", "")
    return {**params, "kind": FraudAlert.Kind(code).label if code in FraudAlert.Kind.values else code}


KINDS = (
    NotificationKind(key="petitions.submitted", subject=_("A petition awaits moderation: %(title)s")),
    NotificationKind(key="petitions.published", subject=_("Your petition is published: %(title)s")),
    NotificationKind(
        key="petitions.rejected", subject=_("Your petition was not published: %(title)s"), body="%(reason)s"
    ),
    NotificationKind(
        key="petitions.threshold_reached",
        subject=_("Your petition has collected the signatures it needs: %(title)s"),
    ),
    NotificationKind(key="petitions.answered", subject=_("Your petition has been answered: %(title)s")),
    NotificationKind(
        key="petitions.signed_answered", subject=_("A petition you signed has been answered: %(title)s")
    ),
    NotificationKind(
        key="petitions.expired",
        subject=_("Your petition did not collect enough signatures: %(title)s"),
        body=_("It will be answered as an ordinary appeal within a month."),
    ),
    NotificationKind(
        key="petitions.fraud_alert",
        subject=_("Unusual signatures under petition %(number)s: %(count)d from %(key)s"),
        body=_("%(share)d%% of the signatures of the last 10 minutes came from this %(kind)s."),
        shown=_alert_kind_label,
    ),
)


def register() -> None:
    for kind in KINDS:
        register_notification_kind(kind)

"""What the debates' notifications say (registered in DiscussionConfig.ready(); see core.notifications)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.moderation import ProhibitedContent
from hromada.core.notifications import NotificationKind, Params, register_notification_kind


def _reason_label(params: Params) -> Params:
    code = params.get("reason", "")
    return {**params, "reason": ProhibitedContent(code).label if code in ProhibitedContent.values else code}


KINDS = (
    NotificationKind(
        key="discussion.comment_hidden",
        subject=_("A moderator hid your comment"),
        body=_("Ground: %(reason)s. Your comment: “%(text)s”"),
        shown=_reason_label,
    ),
)


def register() -> None:
    for kind in KINDS:
        register_notification_kind(kind)

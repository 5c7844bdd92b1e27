"""The debates' part of a person's data: their comments, their reports, and comments they hid."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.core.personal_data import iso
from hromada.core.registry import PersonalData, register_personal_data

from .actions import comments_of_person_erase
from .models import Comment, CommentReport


def _export(person: User) -> dict[str, Any]:
    comments = Comment.objects.filter(author=person).select_related("hromada").order_by("created_at", "id")
    reports = CommentReport.objects.filter(reporter=person).order_by("created_at", "id")
    return {
        "comments": [
            {
                "hromada": c.hromada.name,
                "id": c.pk,
                "about": c.target,
                "about_id": c.target_id,
                "text": c.body,
                "status": str(c.get_status_display()),
                "hidden_because": str(c.get_hidden_reason_display()) if c.hidden_reason else None,
                "written_at": iso(c.created_at),
            }
            for c in comments
        ],
        "reports": [
            {"comment_id": r.comment_id, "reason": str(r.get_reason_display()), "at": iso(r.created_at)}
            for r in reports
        ],
        "comments_hidden_as_moderator": Comment.objects.filter(hidden_by=person).count(),
    }


def _erase(person: User) -> None:
    comments_of_person_erase(person=person)


def register() -> None:
    """Called from ``DiscussionConfig.ready()``."""
    register_personal_data(
        PersonalData(
            key="discussion",
            title=_("Debates"),
            export=_export,
            erase=_erase,
            covers=(Comment.author, Comment.hidden_by, CommentReport.reporter),
            order=70,
        )
    )

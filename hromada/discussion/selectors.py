from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from hromada.accounts.models import User
from hromada.accounts.permissions import can_moderate
from hromada.core.models import Hromada

from .models import Comment, CommentReport
from .targets import TARGETS


def debate_target(*, hromada: Hromada, target: str, target_id: int) -> Any:
    """The public petition or project a debate is about, or ``None`` (unknown, hidden, other hromada)."""
    kind = TARGETS.get(target)
    return kind.find(hromada, target_id) if kind is not None and 0 < target_id < 2**63 else None


def comments_of(*, hromada: Hromada, target: str, target_id: int) -> QuerySet[Comment]:
    """The debate's comments, oldest first, with their authors and how many reports each has."""
    return (
        Comment.objects.filter(hromada=hromada, target=target, target_id=target_id)
        .select_related("author")
        .annotate(report_count=Count("reports"))
        .order_by("created_at", "id")
    )


def reported_by(*, person: User | None, comment_ids: list[int]) -> set[int]:
    """Which of these comments the person has already reported."""
    if person is None or not person.is_authenticated:
        return set()
    return set(
        CommentReport.objects.filter(reporter=person, comment_id__in=comment_ids).values_list(
            "comment_id", flat=True
        )
    )


def may_moderate_debates(*, person: Any, hromada: Hromada) -> bool:
    return bool(can_moderate(person, hromada))

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hromada.accounts.permissions import can_moderate
from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.http import hromada_of

from .models import Comment
from .selectors import debate_target
from .targets import TARGETS


@admin.register(Comment, site=back_office)
class CommentAdmin(TenantScopedAdmin):
    """The moderators' list of comments, most reported first; they hide or restore a comment on its page,
    where the debate's context is (and the action logs the decision)."""

    list_display = ("excerpt", "target", "status", "reports", "created_at", "open_link")
    list_filter = ("status", "target")
    search_fields = ("body",)
    ordering = ("-created_at",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(report_total=Count("reports"))
            .order_by("-report_total", "-created_at")
        )

    @admin.display(description=_("text"))
    def excerpt(self, obj: Comment) -> str:
        return obj.body[:80]

    @admin.display(description=_("reports"), ordering="report_total")
    def reports(self, obj: Any) -> int:
        return int(obj.report_total)

    @admin.display(description=_("page"))
    def open_link(self, obj: Comment) -> str:
        target = debate_target(hromada=obj.hromada, target=obj.target, target_id=obj.target_id)
        if target is None:
            return "—"
        return format_html(
            '<a href="{}#comment-{}">{}</a>', TARGETS[obj.target].url(target), obj.pk, _("open")
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(can_moderate(request.user, hromada_of(request))) and super().has_module_permission(
            request
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from hromada.core.admin import TenantScopedAdmin
from hromada.core.admin_site import back_office

from .models import Article, HelpPage


@admin.register(Article, site=back_office)
class ArticleAdmin(TenantScopedAdmin):
    list_display = ("title", "kind", "is_published", "published_at", "pinned")
    list_filter = ("kind", "is_published")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    exclude = ("author",)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if obj.is_published and obj.published_at is None:
            obj.published_at = timezone.now()
        if obj.author_id is None:
            obj.author = request.user
        obj.save()


@admin.register(HelpPage, site=back_office)
class HelpPageAdmin(TenantScopedAdmin):
    list_display = ("title", "order", "is_published")
    prepopulated_fields = {"slug": ("title",)}

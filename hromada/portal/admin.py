from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hromada.accounts.permissions import can_moderate
from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.http import user_of

from .actions import article_save, help_page_save
from .models import Article, HelpPage


@admin.register(Article, site=back_office)
class ArticleAdmin(TenantScopedAdmin):
    list_display = ("title", "kind", "is_published", "published_at", "pinned")
    list_filter = ("kind", "is_published")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    exclude = ("author",)
    editors = can_moderate

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        article_save(article=obj, editor=user_of(request))


@admin.register(HelpPage, site=back_office)
class HelpPageAdmin(TenantScopedAdmin):
    list_display = ("title", "order", "is_published")
    prepopulated_fields = {"slug": ("title",)}
    editors = can_moderate

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        help_page_save(page=obj, editor=user_of(request))

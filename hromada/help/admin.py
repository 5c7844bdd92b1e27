"""The back office's page of help articles: officials edit the hromada's copy (with a preview) and see
the readers' feedback."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.errors import ApplicationError
from hromada.core.helpsources import help_sources
from hromada.core.http import hromada_of, user_of

from .actions import help_article_edit, help_article_revert
from .models import HelpArticle, Source
from .permissions import edits_articles, sees_feedback
from .selectors import help_feedback_counts
from .shipped import shipped_articles
from .templatetags.help_tags import help_body


def _module_title(label: str) -> str:
    try:
        return str(apps.get_app_config(label).verbose_name)
    except LookupError:
        return label


class ModuleFilter(admin.SimpleListFilter):
    """The modules by their names (not their labels)."""

    title = _("module")
    parameter_name = "module"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return sorted(((s.app, _module_title(s.app)) for s in help_sources()), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(app=self.value()) if self.value() else queryset


@admin.register(HelpArticle, site=back_office)
class HelpArticleAdmin(TenantScopedAdmin):
    list_display = ("title", "module", "audience", "source", "is_published", "helpful", "unhelpful")
    list_filter = (ModuleFilter, "audience", "source", "is_published")
    search_fields = ("title", "title_en")
    fields = (
        "key_shown",
        "audience",
        "source",
        "newer_shipped_text",
        "title",
        "body",
        "preview",
        "title_en",
        "body_en",
        "preview_en",
        "is_published",
        "edited_at",
    )
    readonly_fields = (
        "key_shown",
        "audience",
        "source",
        "newer_shipped_text",
        "preview",
        "preview_en",
        "edited_at",
    )
    actions = ("revert_to_shipped",)
    viewers = sees_feedback
    editors = edits_articles
    deleters = edits_articles

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return help_feedback_counts(hromada=hromada_of(request)).filter(pk__in=super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # articles come with the modules (docs/help.md)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # unpublish instead; the shipped text would come back on the next load

    @admin.display(description=_("module"), ordering="app")
    def module(self, obj: HelpArticle) -> str:
        return _module_title(obj.app)

    @admin.display(description=_("article"))
    def key_shown(self, obj: HelpArticle) -> str:
        return obj.key

    @admin.display(description=_("helpful"), ordering="helpful_count")
    def helpful(self, obj: HelpArticle) -> int:
        return getattr(obj, "helpful_count", 0)

    @admin.display(description=_("not helpful"), ordering="unhelpful_count")
    def unhelpful(self, obj: HelpArticle) -> int:
        return getattr(obj, "unhelpful_count", 0)

    @admin.display(description=_("newer shipped text"))
    def newer_shipped_text(self, obj: HelpArticle) -> str:
        shipped = shipped_articles().get(obj.key)
        if obj.source != Source.EDITED or shipped is None:
            return "—"
        if shipped.digest() == obj.shipped_digest:
            return str(_("no: your edit starts from the current shipped text"))
        return str(_("yes: the module ships a newer text; compare it and edit, or put the shipped text back"))

    def _preview(self, obj: HelpArticle, language: str) -> SafeString:
        with override(language):
            # marked with its language: the English preview on a Ukrainian page is English on purpose
            return format_html('<div class="help-body" lang="{}">{}</div>', language, help_body(obj))

    @admin.display(description=_("preview (as saved)"))
    def preview(self, obj: HelpArticle) -> SafeString:
        return self._preview(obj, "uk")

    @admin.display(description=_("preview in English (as saved)"))
    def preview_en(self, obj: HelpArticle) -> SafeString:
        return self._preview(obj, "en")

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        help_article_edit(article=obj, editor=user_of(request))

    @admin.action(description=_("Put the shipped text back"), permissions=["change"])
    def revert_to_shipped(self, request: HttpRequest, queryset: QuerySet[HelpArticle]) -> None:
        for article in queryset:
            try:
                help_article_revert(article=article, editor=user_of(request))
            except ApplicationError as error:
                self.message_user(request, f"{article.key}: {error}", messages.ERROR)

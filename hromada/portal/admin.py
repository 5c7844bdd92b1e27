from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.accounts.permissions import can_moderate, manages_hromada
from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.errors import ApplicationError
from hromada.core.http import hromada_of, user_of
from hromada.core.uploads import IMAGES, clean_upload

from .actions import article_save, help_page_save, site_appearance_save, statement_save
from .appearance import EMBLEM_MAX_BYTES, EMBLEM_MAX_SIDE, colour_problems
from .models import Article, HelpPage, SiteAppearance, Statement


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


class _AdministratorsOnly(TenantScopedAdmin):
    """Settings of the whole site: only the hromada's administrators see and change them."""

    def _manages(self, request: HttpRequest) -> bool:
        return bool(manages_hromada(request.user, hromada_of(request)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._manages(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._manages(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._manages(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._manages(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SiteAppearanceForm(forms.ModelForm):
    emblem_upload = forms.FileField(
        label=_("New coat of arms or logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP up to 2 MB; it is re-encoded and its metadata removed."),
    )
    remove_emblem = forms.BooleanField(label=_("Remove the current emblem"), required=False)

    class Meta:
        model = SiteAppearance
        fields = ("brand_colour", "brand_ink", "accessibility_contact")
        widgets = {
            "brand_colour": forms.TextInput(attrs={"type": "color"}),
            "brand_ink": forms.TextInput(attrs={"type": "color"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, messages in colour_problems(
            brand_colour=data.get("brand_colour") or "", brand_ink=data.get("brand_ink") or ""
        ).items():
            for message in messages:
                self.add_error(field, message)
        upload = data.get("emblem_upload")
        if upload:
            try:
                clean_upload(
                    upload,
                    filename=upload.name,
                    allowed=IMAGES,
                    max_bytes=EMBLEM_MAX_BYTES,
                    max_side=EMBLEM_MAX_SIDE,
                )
            except ApplicationError as error:
                self.add_error("emblem_upload", str(error))
            upload.seek(0)
        return data


@admin.register(SiteAppearance, site=back_office)
class SiteAppearanceAdmin(_AdministratorsOnly):
    form = SiteAppearanceForm
    list_display = ("__str__", "brand_colour", "brand_ink", "accessibility_contact")

    def has_add_permission(self, request: HttpRequest) -> bool:
        exists = SiteAppearance.objects.filter(hromada=hromada_of(request)).exists()
        return not exists and super().has_add_permission(request)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        upload = form.cleaned_data.get("emblem_upload")
        site_appearance_save(
            appearance=obj,
            editor=user_of(request),
            emblem=upload,
            emblem_name=upload.name if upload else "",
            remove_emblem=bool(form.cleaned_data.get("remove_emblem")),
        )


@admin.register(Statement, site=back_office)
class StatementAdmin(_AdministratorsOnly):
    list_display = ("kind", "reviewed_on")

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"reviewed_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        statement_save(statement=obj, editor=user_of(request))

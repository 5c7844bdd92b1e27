"""The open city in the back office: categories (department, SLA, questions), routing zones and the API keys
of outside Open311 applications. Writes go through the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.backoffice.widgets import BoundaryMapWidget

from .actions import api_key_issue, category_save, zone_save
from .models import ApiKey, Category, Zone


@admin.register(Category, site=back_office)
class CategoryAdmin(TenantScopedAdmin):
    list_display = ("name", "code", "department", "sla_days", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    fields = (
        "code",
        "name",
        "name_en",
        "description",
        "description_en",
        "group",
        "keywords",
        "department",
        "company",
        "sla_days",
        "questions",
        "is_active",
        "position",
    )

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        category_save(category=obj, by=request.user)  # type: ignore[arg-type]


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = ("name", "name_en", "boundary", "department", "categories", "priority")
        widgets = {"boundary": BoundaryMapWidget}


@admin.register(Zone, site=back_office)
class ZoneAdmin(TenantScopedAdmin):
    form = ZoneForm
    list_display = ("name", "department", "priority")
    search_fields = ("name",)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        zone_save(zone=obj, by=request.user)  # type: ignore[arg-type]


@admin.register(ApiKey, site=back_office)
class ApiKeyAdmin(TenantScopedAdmin):
    list_display = ("name", "prefix", "per_hour", "is_active", "last_used_at")
    fields = ("name", "contact", "per_hour", "is_active")

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            obj.save()
            return
        issued, key = api_key_issue(
            hromada=obj.hromada,
            name=obj.name,
            contact=obj.contact,
            per_hour=obj.per_hour,
            by=request.user,  # type: ignore[arg-type]
        )
        obj.pk, obj.prefix, obj.key_hash = issued.pk, issued.prefix, issued.key_hash
        obj.created_at, obj.updated_at = issued.created_at, issued.updated_at
        messages.warning(request, _("The application's key, shown only now: %(key)s") % {"key": key})

"""Back office of the services catalogue: service cards, tariffs and the national fee base values.
Definitions are edited on their own page with a live preview (``services:definition``); applications are
handled in the work queue (``services:queue``). Every save goes through an action."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hromada.backoffice.options import OperatorOnlyAdmin, ReadOnlyAdmin, TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.http import user_of

from . import actions
from .models import Definition, FeeBaseValue, Service, Tariff
from .permissions import manages_catalogue


class TariffInline(admin.TabularInline):
    model = Tariff
    extra = 0
    fields = ("variant", "term_value", "term_unit", "fee_formula", "rounding")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Service, site=back_office)
class ServiceAdmin(TenantScopedAdmin):
    list_display = ("code", "title", "rap_id", "provider", "is_published")
    list_filter = ("is_published",)
    search_fields = ("code", "title", "rap_id")
    editors = manages_catalogue
    deleters = manages_catalogue
    inlines = [TariffInline]
    exclude = ("search_text",)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.service_save(service=obj, actor=user_of(request))


@admin.register(Tariff, site=back_office)
class TariffAdmin(TenantScopedAdmin):
    list_display = ("service", "variant", "term_value", "term_unit", "fee_formula", "rounding")
    list_filter = ("variant", "term_unit")
    editors = manages_catalogue

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.tariff_save(tariff=obj, actor=user_of(request))


@admin.register(Definition, site=back_office)
class DefinitionAdmin(ReadOnlyAdmin):
    list_display = ("service", "version", "created_at")
    exclude = ("spec",)
    readonly_fields = ("spec_shown",)

    @admin.display(description=_("definition"))
    def spec_shown(self, definition: Definition) -> str:
        """The declarative definition as its authors wrote it: code, shown as code."""
        return format_html("<pre>{}</pre>", json.dumps(definition.spec, ensure_ascii=False, indent=2))


@admin.register(FeeBaseValue, site=back_office)
class FeeBaseValueAdmin(OperatorOnlyAdmin):
    list_display = ("base", "valid_from", "amount")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actions.fee_base_value_save(row=obj, actor=user_of(request))

"""Back-office pages of the floors below the back office: the platform's hromadas and calendar (here) and
the transparency log (:mod:`.admin_ledger`). Domain modules register their own pages in their admin.py."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hromada.core import tenancy
from hromada.core.models import CalendarOverride, Hromada, HromadaHost

from . import admin_ledger  # noqa: F401  (registers the ledger's pages)
from .options import OperatorOnlyAdmin
from .site import back_office


class HostInline(admin.TabularInline):
    model = HromadaHost
    extra = 1


@admin.register(Hromada, site=back_office)
class HromadaAdmin(OperatorOnlyAdmin):
    list_display = ("name", "katottg", "kind", "is_default", "is_active")
    search_fields = ("name", "katottg", "slug")
    inlines = [HostInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        tenancy.clear_cache()


@admin.register(CalendarOverride, site=back_office)
class CalendarOverrideAdmin(OperatorOnlyAdmin):
    list_display = ("date", "is_day_off", "reason", "hromada")
    list_filter = ("is_day_off",)

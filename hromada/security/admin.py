"""The back office: the record of backups, restore tests and restores (read-only), with the way to the
security posture page. For the hromada's administrators and the platform operator."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hromada.backoffice.options import BackOfficeAdmin
from hromada.backoffice.site import back_office
from hromada.core.permissions import manages_hromada

from .models import BackupRun


@admin.register(BackupRun, site=back_office)
class BackupRunAdmin(BackOfficeAdmin):
    change_list_template = "admin/security/backuprun/change_list.html"
    list_display = ("finished_at", "kind", "succeeded", "file_name", "rows", "engine")
    list_filter = ("kind", "succeeded")
    ordering = ("-finished_at",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(manages_hromada(request.user, getattr(request, "hromada", None)))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

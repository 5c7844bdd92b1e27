"""Read-only back-office views of the log: staff may look, never change (the log is append-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hromada.core.admin import TenantScopedAdmin
from hromada.core.admin_site import back_office

from .models import Checkpoint, Entry, Log, PendingEntry


class ReadOnlyAdmin(TenantScopedAdmin):
    """Lists and details only: rows are written by the ledger's actions alone."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Log, site=back_office)
class LogAdmin(ReadOnlyAdmin):
    list_display = ("origin", "tree_size", "root_hash_base64", "updated_at")
    readonly_fields = ("origin", "verifier_key", "tree_size", "root_hash_base64", "kinds", "updated_at")
    fields = readonly_fields


@admin.register(Entry, site=back_office)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("index", "kind", "created_at")
    search_fields = ("=kind",)  # exact kind: served by the (hromada, kind, index) index, no DISTINCT scan
    ordering = ("-index",)
    readonly_fields = ("index", "kind", "text", "leaf_hash_base64", "receipt_id", "created_at")
    fields = readonly_fields
    show_full_result_count = False


@admin.register(PendingEntry, site=back_office)
class PendingEntryAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "created_at")
    ordering = ("id",)
    readonly_fields = ("id", "kind", "created_at")
    fields = readonly_fields


@admin.register(Checkpoint, site=back_office)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ("tree_size", "created_at")
    ordering = ("-tree_size",)
    readonly_fields = ("tree_size", "note", "created_at")
    fields = readonly_fields

"""Back-office pages of the transparency log: staff may look, never change (the log is append-only);
administrators manage the witnesses (through the ledger's witness actions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from hromada.core.http import hromada_of, user_of
from hromada.ledger.kinds import ledger_kind_label
from hromada.ledger.models import Checkpoint, Cosignature, Entry, Log, PendingEntry, Witness, WitnessedLog
from hromada.ledger.witness import witness_save, witnessed_log_add

from .options import ReadOnlyAdmin, TenantScopedAdmin
from .site import back_office


def _kind(kind: str) -> str:
    """An entry kind in words (the code stays beside it for auditors)."""
    return ledger_kind_label(kind) or kind


class KindShown:
    @admin.display(description=_("kind"), ordering="kind")
    def kind_shown(self, entry: Entry | PendingEntry) -> str:
        return format_html("{} <code>{}</code>", _kind(entry.kind), entry.kind)


@admin.register(Log, site=back_office)
class LogAdmin(ReadOnlyAdmin):
    list_display = ("origin", "tree_size", "root_hash_base64", "updated_at")
    readonly_fields = (
        "origin", "verifier_key", "tree_size", "root_hash_base64", "entries_per_kind", "updated_at",
    )  # fmt: skip
    fields = readonly_fields

    @admin.display(description=_("entries per kind"))
    def entries_per_kind(self, log: Log) -> str:
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{} <code>{}</code>: {}</li>", ((_kind(k), k, n) for k, n in log.kinds.items())
            ),
        )


@admin.register(Entry, site=back_office)
class EntryAdmin(KindShown, ReadOnlyAdmin):
    list_display = ("index", "kind_shown", "created_at")
    search_fields = ("=kind",)  # exact kind: served by the (hromada, kind, index) index, no DISTINCT scan
    ordering = ("-index",)
    readonly_fields = ("index", "kind_shown", "text_shown", "leaf_hash_base64", "receipt_id", "created_at")
    fields = readonly_fields
    show_full_result_count = False

    @admin.display(description=_("text"))
    def text_shown(self, entry: Entry) -> str:
        """The entry's canonical text, hashed into the log: shown byte for byte, as code."""
        return format_html("<pre>{}</pre>", entry.text)


@admin.register(PendingEntry, site=back_office)
class PendingEntryAdmin(KindShown, ReadOnlyAdmin):
    list_display = ("id", "kind_shown", "created_at")
    ordering = ("id",)
    readonly_fields = ("id", "kind_shown", "created_at")
    fields = readonly_fields


@admin.register(Checkpoint, site=back_office)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ("tree_size", "created_at")
    ordering = ("-tree_size",)
    readonly_fields = ("tree_size", "note", "created_at")
    fields = readonly_fields


@admin.register(Witness, site=back_office)
class WitnessAdmin(TenantScopedAdmin):
    """The witnesses this hromada's log asks for cosignatures; administrators add and change them."""

    list_display = ("name", "url", "is_active", "cosigned_size")
    fields = ("name", "verifier_key", "url", "is_active", "cosigned_size")
    readonly_fields = ("cosigned_size",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its cosignatures stay served; deactivate a witness instead

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        witness_save(witness=obj, by=user_of(request))


@admin.register(WitnessedLog, site=back_office)
class WitnessedLogAdmin(TenantScopedAdmin):
    """Logs this hromada witnesses: administrators add them (origin, key); the cosigned state is read-only."""

    tenant_field = "witness_hromada"
    list_display = ("origin", "tree_size", "updated_at")
    fields = ("origin", "log_verifier_key", "tree_size", "updated_at")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields if obj is not None else ("tree_size", "updated_at")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the state is the witness's memory: changing it would let it cosign a split view

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = witnessed_log_add(
            hromada=hromada_of(request),
            origin=obj.origin,
            log_verifier_key=obj.log_verifier_key,
            by=user_of(request),
        )
        obj.pk = saved.pk


@admin.register(Cosignature, site=back_office)
class CosignatureAdmin(ReadOnlyAdmin):
    tenant_field = "checkpoint__hromada"
    list_display = ("checkpoint", "witness", "signed_at")
    list_select_related = ("checkpoint", "witness")
    ordering = ("-checkpoint__tree_size", "witness__name")
    readonly_fields = ("checkpoint", "witness", "line", "signed_at")
    fields = readonly_fields

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return None

"""Back-office registrations of the shared kernel, and the base class that scopes rows to one hromada."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from hromada.accounts.actions import audit_actor
from hromada.accounts.permissions import manages_hromada, works_for_hromada
from hromada.core.http import hromada_of, user_of
from hromada.core.permissions import is_platform_operator
from hromada.ledger.audit import audit_changes, audit_people, audit_record, audit_scope

from .admin_site import back_office
from .models import CalendarOverride, Hromada, HromadaHost


def _scoped_to_hromada(model: Any) -> bool:
    return (
        model is not None
        and model is not Hromada
        and any(f.name == "hromada" for f in model._meta.get_fields())
    )


class HromadaRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter on a foreign key that offers only the current hromada's rows."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, ordering=ordering, limit_choices_to={"hromada": hromada_of(request)}
        )


class TenantScopedAdmin(admin.ModelAdmin):
    """Staff see and change only rows of the hromada they are on (the host name); new rows join it.

    Every save and delete is recorded in the hromada's public log, in the same transaction: an action
    that records its own decision (``audit.role.granted``, ``audit.person.changed``, …) is left to do
    so; otherwise ``audit.<model>.created``, ``.changed`` (with the changed fields) or ``.deleted`` is
    written here (see :mod:`hromada.ledger.audit`). A save that changes nothing records nothing.
    """

    tenant_field = "hromada"
    # Which roles may see and change rows.
    viewers = works_for_hromada
    editors = works_for_hromada

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(**{self.tenant_field: hromada_of(request)})

    def _allowed(self, request: HttpRequest) -> bool:
        return bool(self.editors(request.user, hromada_of(request)))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(self.viewers(request.user, hromada_of(request)))

    def get_list_filter(self, request: HttpRequest) -> Any:
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                field = self.model._meta.get_field(entry) if "__" not in entry else None
                if field is not None and field.is_relation and _scoped_to_hromada(field.related_model):
                    entry = (entry, HromadaRelatedFilter)
            scoped.append(entry)
        return scoped

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(manages_hromada(request.user, hromada_of(request)))

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*(super().get_exclude(request, obj) or []), self.tenant_field]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if _scoped_to_hromada(related):
            kwargs["queryset"] = related._default_manager.filter(hromada=hromada_of(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        setattr(obj, self.tenant_field, hromada_of(request))
        names = list(getattr(form, "changed_data", None) or [])
        with transaction.atomic(), audit_scope() as recorded:
            self.save_through_action(request, obj, form, change)
            if not recorded and (names or not change):
                self._audit(request, obj, "changed" if change else "created", names)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.save()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit(request, obj, "deleted", [])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._audit(request, obj, "deleted", [])
            super().delete_queryset(request, queryset)

    def _audit(self, request: HttpRequest, obj: Model, event: str, names: list[str]) -> None:
        hromada = hromada_of(request)
        audit_record(
            hromada=hromada,
            actor=audit_actor(user=user_of(request), hromada=hromada),
            verb=f"{obj._meta.model_name}.{event}",
            subject=obj,
            changes=audit_changes(obj, names),
            people=audit_people(obj),
        )


class OperatorOnlyAdmin(admin.ModelAdmin):
    """Platform-level records: only the platform operator manages them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(is_platform_operator(request.user))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    has_add_permission = has_module_permission  # type: ignore[assignment]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


class HostInline(admin.TabularInline):
    model = HromadaHost
    extra = 1


@admin.register(Hromada, site=back_office)
class HromadaAdmin(OperatorOnlyAdmin):
    list_display = ("name", "katottg", "kind", "is_default", "is_active")
    search_fields = ("name", "katottg", "slug")
    inlines = [HostInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        from . import tenancy

        super().save_model(request, obj, form, change)
        tenancy.clear_cache()


@admin.register(CalendarOverride, site=back_office)
class CalendarOverrideAdmin(OperatorOnlyAdmin):
    list_display = ("date", "is_day_off", "reason", "hromada")
    list_filter = ("is_day_off",)

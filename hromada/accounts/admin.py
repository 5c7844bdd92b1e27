from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.http import hromada_of, user_of

from .actions import hromada_role_grant, official_appoint, person_update_by_administrator
from .models import DepartmentMembership, HromadaRole, User, VerificationRecord
from .permissions import manages_hromada, outranks


class VerificationInline(admin.TabularInline):
    model = VerificationRecord
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("created_at", "level", "method", "provider", "document_kind", "verified_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User, site=back_office)
class PersonAdmin(TenantScopedAdmin):
    """Residents of this hromada; identity data is read-only here (it changes only through verification)."""

    list_display = ("full_name", "email", "phone", "verification_level", "district", "is_active")
    list_filter = ("verification_level", "is_active", "district")
    search_fields = ("full_name", "email", "phone")
    fields = (
        "full_name",
        "email",
        "phone",
        "birth_date",
        "registered_address",
        "district",
        "verification_level",
        "is_active",
        "date_joined",
        "last_login",
        "deletion_requested_at",
    )
    readonly_fields = (
        "email",
        "phone",
        "verification_level",
        "date_joined",
        "last_login",
        "deletion_requested_at",
    )
    inlines = [VerificationInline]
    # Personal data: only the hromada's administrators see the register of people.
    viewers = manages_hromada
    editors = manages_hromada

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not outranks(user_of(request), obj, hromada_of(request)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # people ask for deletion themselves; their data is then anonymised

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        person_update_by_administrator(
            administrator=user_of(request),
            hromada=hromada_of(request),
            person=obj,
            changed={name: form.cleaned_data[name] for name in form.changed_data},
        )


class RoleAdminBase(TenantScopedAdmin):
    editors = manages_hromada

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(hromada=hromada_of(request), is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(HromadaRole, site=back_office)
class HromadaRoleAdmin(RoleAdminBase):
    list_display = ("user", "role", "created_at")
    list_filter = ("role",)
    autocomplete_fields = ("user",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # roles are granted or revoked, not edited

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = hromada_role_grant(
            granted_by=user_of(request), user=obj.user, hromada=hromada_of(request), role=obj.role
        )
        obj.pk = saved.pk


@admin.register(DepartmentMembership, site=back_office)
class MembershipAdmin(RoleAdminBase):
    tenant_field = "department__hromada"
    list_display = ("user", "department", "role", "position")
    list_filter = ("role", "department")
    autocomplete_fields = ("user",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return admin.ModelAdmin.get_queryset(self, request).filter(department__hromada=hromada_of(request))

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        return admin.ModelAdmin.get_exclude(self, request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = official_appoint(
            granted_by=user_of(request),
            user=obj.user,
            department=obj.department,
            role=obj.role,
            position=obj.position,
        )
        obj.pk = saved.pk

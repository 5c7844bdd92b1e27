from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.backoffice.widgets import BoundaryMapWidget
from hromada.core.geo import polygon_problems

from .actions import district_save, institution_save
from .hours import validate_hours
from .models import Department, District, Institution
from .problems import boundary_messages, hours_messages


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ("name", "name_en", "kind", "boundary", "population")
        widgets = {"boundary": BoundaryMapWidget}

    def clean_boundary(self) -> Any:
        boundary = self.cleaned_data.get("boundary")
        problems = polygon_problems(boundary)
        if problems:
            raise forms.ValidationError(boundary_messages(problems))
        return boundary


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = (
            "kind",
            "name",
            "name_en",
            "short_name",
            "district",
            "department",
            "address",
            "lat",
            "lon",
            "phone",
            "email",
            "website",
            "opening_hours",
            "description",
            "description_en",
            "is_active",
        )

    def clean_opening_hours(self) -> Any:
        hours = self.cleaned_data.get("opening_hours") or {}
        problems = validate_hours(hours)
        if problems:
            raise forms.ValidationError(hours_messages(problems))
        return hours


@admin.register(District, site=back_office)
class DistrictAdmin(TenantScopedAdmin):
    form = DistrictForm
    list_display = ("name", "kind", "population")
    search_fields = ("name",)

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        district_save(district=obj)


@admin.register(Department, site=back_office)
class DepartmentAdmin(TenantScopedAdmin):
    list_display = ("name", "email", "phone")
    search_fields = ("name",)


@admin.register(Institution, site=back_office)
class InstitutionAdmin(TenantScopedAdmin):
    form = InstitutionForm
    list_display = ("name", "kind", "district", "address", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "address")

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        institution_save(institution=obj)

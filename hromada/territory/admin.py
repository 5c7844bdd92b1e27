from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.backoffice.widgets import BoundaryMapWidget
from hromada.core.geo import polygon_problems
from hromada.core.http import hromada_of
from hromada.core.models import Hromada

from .actions import district_save, district_streets_set, institution_save
from .hours import validate_hours
from .models import Department, District, Institution
from .problems import boundary_messages, hours_messages, street_list_problems
from .selectors import street_lines, street_ranges


class DistrictForm(forms.ModelForm):
    street_list = forms.CharField(
        label=_("Streets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "One street a line, e.g. “вул. Шевченка”. Where a street is split between districts, add after a "
            "colon the house numbers in this district: “просп. Незалежності: 1-58”, “вул. Степова: 60+ "
            "even”, “вул. Лісова: odd”. The address fields of online services find the district from these "
            "lists."
        ),
    )
    hromada: Hromada | None = None  # set per request by DistrictAdmin.get_form

    class Meta:
        model = District
        fields = ("name", "name_en", "kind", "boundary", "population", "street_list")
        widgets = {"boundary": BoundaryMapWidget}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["street_list"].initial = street_lines(
            district=self.instance, language=get_language() or "uk"
        )

    def clean_boundary(self) -> Any:
        boundary = self.cleaned_data.get("boundary")
        problems = polygon_problems(boundary)
        if problems:
            raise forms.ValidationError(boundary_messages(problems))
        return boundary

    def clean_street_list(self) -> list[str]:
        lines = self.cleaned_data.get("street_list", "").splitlines()
        others = street_ranges(hromada=self.hromada, exclude_district=self.instance) if self.hromada else []
        _ranges, problems = street_list_problems(lines, others)
        if problems:
            raise forms.ValidationError(problems)
        return lines


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
    list_display = ("name", "kind", "population", "street_count")
    search_fields = ("name", "streets__name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[District]:
        return super().get_queryset(request).annotate(street_total=Count("streets"))

    @admin.display(description=_("streets"), ordering="street_total")
    def street_count(self, district: District) -> int:
        return getattr(district, "street_total", 0)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"hromada": hromada_of(request)})

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        district_save(district=obj)
        if "street_list" in form.changed_data or not change:
            district_streets_set(district=obj, lines=form.cleaned_data.get("street_list") or [])

    @admin.display(description=_("Streets"))
    def street_list(self, district: District) -> str:
        """The list on the page of someone who may only look."""
        return format_html_join(
            mark_safe("<br>"),
            "{}",
            (
                (line,)
                for line in street_lines(district=district, language=get_language() or "uk").splitlines()
            ),
        )


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

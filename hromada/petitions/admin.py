"""Back office: petition rules (versioned: saving creates the next version) and addressees."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hromada.accounts.permissions import manages_hromada
from hromada.backoffice.options import TenantScopedAdmin
from hromada.backoffice.site import back_office
from hromada.core.http import hromada_of, user_of

from .actions import addressee_save, rules_version_create
from .models import Addressee, AddresseeKind, PetitionRules

RULE_FIELDS = [
    "signature_threshold",
    "collection_days",
    "create_level",
    "sign_level",
    "min_signer_age",
    "residency_required",
    "against_allowed",
    "addressee_kinds",
    "answer_working_days",
    "moderation_working_days",
    "appeal_answer_days",
    "names_hidden_after_days",
    "legal_basis",
]


class RulesForm(forms.ModelForm):
    addressee_kinds = forms.MultipleChoiceField(
        label=_("addressees petitions may be sent to"),
        choices=AddresseeKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PetitionRules
        fields = RULE_FIELDS


@admin.register(PetitionRules, site=back_office)
class PetitionRulesAdmin(TenantScopedAdmin):
    """Saving — also "changing" an old version — writes a NEW version; versions are never edited, so a
    petition keeps the rules it was published under."""

    form = RulesForm
    editors = manages_hromada
    list_display = (
        "version",
        "signature_threshold",
        "collection_days",
        "sign_level",
        "legal_basis",
        "created_at",
    )
    ordering = ("-version",)
    readonly_fields = ("version",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in RULE_FIELDS}
        new = rules_version_create(hromada=hromada_of(request), actor=user_of(request), **data)
        obj.pk, obj.version = new.pk, new.version


@admin.register(Addressee, site=back_office)
class AddresseeAdmin(TenantScopedAdmin):
    editors = manages_hromada
    list_display = ("name", "kind", "is_active")
    fields = ("kind", "name", "name_genitive", "name_en", "is_active")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("kind",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_through_action(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = addressee_save(
            hromada=hromada_of(request),
            actor=user_of(request),
            kind=obj.kind,
            name=obj.name,
            name_en=obj.name_en,
            name_genitive=obj.name_genitive,
            is_active=obj.is_active,
        )
        obj.pk = saved.pk

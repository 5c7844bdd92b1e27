from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import NotificationEmail
from hromada.core.forms import IdModelChoiceField
from hromada.core.models import Hromada
from hromada.core.textsearch import query_stems
from hromada.territory.models import District, Institution
from hromada.territory.selectors import districts_of


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or address")}),
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Institution.Kind.choices]
    )
    district = IdModelChoiceField(
        label=_("District"), required=False, queryset=District.objects.none(), empty_label=_("All districts")
    )

    def __init__(self, *args: Any, hromada: Hromada, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = districts_of(hromada=hromada)


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Petitions, projects, institutions, news…")}
        ),
        error_messages={"required": _("Type what you are looking for.")},
    )
    type = forms.CharField(required=False, max_length=40)

    def __init__(self, *args: Any, sources: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = {source.key for source in sources}

    def clean_type(self) -> str:
        """A kind no module registered (an old link, a typo) means every kind, not an error."""
        kind = self.cleaned_data.get("type", "")
        return kind if kind in self.kinds else ""

    def clean_q(self) -> str:
        query = self.cleaned_data["q"].strip()
        if not query_stems(query):
            raise forms.ValidationError(
                _("Type a word to search for (not only short words such as “in” or “and”).")
            )
        return query


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("International format, e.g. +380671234567."),
    )
    registered_address = forms.CharField(label=_("Registered address"), required=False, max_length=300)
    district = IdModelChoiceField(
        label=_("District"), required=False, queryset=District.objects.none(), empty_label=_("Not chosen")
    )
    preferred_language = forms.ChoiceField(label=_("Language of messages"), choices=settings.LANGUAGES)
    notification_email = forms.ChoiceField(
        label=_("Notification e-mails"),
        choices=NotificationEmail.choices,
        help_text=_("Every notification stays in your inbox on the site whatever you choose here."),
    )

    def __init__(self, *args: Any, hromada: Hromada | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = (
            districts_of(hromada=hromada) if hromada else District.objects.none()
        )


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. “my spreadsheet”.")
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for a token that does not expire."),
    )


class DeletionForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that my personal data will be erased after 30 days."))


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

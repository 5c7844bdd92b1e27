from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    login = forms.CharField(
        label=_("E-mail or phone"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class RegisterForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Surname, first name and patronymic, as in your documents."),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Optional. International format, e.g. +380671234567."),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the council processes my personal data to provide its "
            "services (Law of Ukraine “On Personal Data Protection”)."
        )
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone"):
            self.add_error("email", _("Give an e-mail or a phone number to log in with."))
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class TokenCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("Six digits, or one of your backup codes."),
    )


class InPersonVerificationForm(forms.Form):
    person = forms.CharField(label=_("Resident's e-mail or phone"), max_length=254)
    national_identifier = forms.CharField(
        label=_("RNOKPP (or passport number for people without one)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("Stored only as a salted hash."),
    )
    document_kind = forms.ChoiceField(
        label=_("Document checked"),
        choices=[
            ("passport_id_card", _("ID-card passport")),
            ("passport_book", _("passport booklet")),
            ("foreign_passport", _("passport for travel abroad")),
            ("residence_permit", _("residence permit")),
            ("diia", _("document in Diia")),
        ],
    )
    refused_rnokpp = forms.BooleanField(
        label=_("The person has refused a RNOKPP on religious grounds (the passport carries the mark)"),
        required=False,
        help_text=_("Only then enter the passport or ID-card number instead."),
    )
    confirm = forms.BooleanField(label=_("I saw the original document and the person in front of me."))
    register = forms.BooleanField(
        label=_("The person has no account yet: register them with this e-mail or phone"),
        required=False,
        help_text=_("For residents without internet access; they can set a password later."),
    )
    full_name = forms.CharField(label=_("Full name (for a new account)"), max_length=200, required=False)
    birth_date = forms.DateField(
        label=_("Birth date (for a new account)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("register") and not (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Enter the person's full name to register them."))
        return data

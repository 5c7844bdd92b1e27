from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.core import ratelimit
from hromada.core.clientip import client_address
from hromada.core.errors import ApplicationError, RateLimitedError
from hromada.core.forms import add_application_error, form_within_limit, run_form_action
from hromada.core.http import HromadaRequest

from .actions import (
    LoginChallengeRequired,
    email_verify,
    login_challenge_for,
    login_with_password,
    password_changed_record,
    totp_enrolment_confirm,
    totp_enrolment_start,
    user_register_in_person,
    user_register_online,
    user_verify_in_person,
)
from .forms import InPersonVerificationForm, LoginForm, RegisterForm, TokenCodeForm
from .guards import officials_page
from .models import User
from .permissions import can_verify_in_person, needs_two_factor
from .selectors import resident_find


def _safe_next(request: HromadaRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _with_next(url_name: str, target: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': target}, safe='/')}" if target else url


def _after_login(request: HromadaRequest, user) -> HttpResponse:  # type: ignore[no-untyped-def]
    target = _safe_next(request, reverse("portal:cabinet"))
    if needs_two_factor(user):
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        step = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
        return redirect(_with_next(step, target))
    return redirect(target)


@sensitive_post_parameters("password")
def login_view(request: HromadaRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        if needs_two_factor(request.user) and not request.user.is_verified():
            return _after_login(request, request.user)
        return redirect(_safe_next(request, reverse("portal:cabinet")))
    form = LoginForm(request.POST or None)
    address = client_address(request)
    status = 200
    challenge = None
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["login"]
        try:
            user = login_with_password(
                identifier=identifier,
                password=form.cleaned_data["password"],
                address=address,
                challenge=request.POST.get("challenge", ""),
                answer=request.POST.get("answer", ""),
                request=request,
            )
        except LoginChallengeRequired as exc:
            form.add_error(None, str(exc.message))
            challenge, status = exc.challenge, exc.status
        else:
            if user is not None:
                login(request, user)
                return _after_login(request, user)
            form.add_error(None, _("Wrong e-mail/phone or password."))
            challenge, status = login_challenge_for(identifier=identifier, address=address), 400
    elif request.method == "GET":
        challenge = login_challenge_for(identifier="", address=address)
    context = {"form": form, "next": _safe_next(request, ""), "challenge": challenge}
    return render(request, "accounts/login.html", context, status=status)


@require_POST
def logout_view(request: HromadaRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("portal:home")


@sensitive_post_parameters("password", "password_again")
def register(request: HromadaRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:cabinet")
    form = RegisterForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_within_limit(request, form, "register", limit=20, window=3600)
    ):
        data = form.cleaned_data
        try:
            user_register_online(
                hromada=request.hromada,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password"],
                preferred_language=request.LANGUAGE_CODE,
                base_url=request.build_absolute_uri("/"),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            # The same answer whether or not the e-mail or phone already had an account.
            if data["email"]:
                messages.success(
                    request,
                    _(
                        "Thank you! We sent a message to %(email)s: open it to confirm the address. You can "
                        "log in with your e-mail or phone and the password you chose."
                    )
                    % {"email": data["email"]},
                )
            else:
                messages.success(
                    request, _("Thank you! You can log in with your phone number and the password you chose.")
                )
            return redirect("accounts:login")
    return render(request, "accounts/register.html", {"form": form})


def verify_email(request: HromadaRequest, token: str) -> HttpResponse:
    try:
        email_verify(token=token)
    except ApplicationError as exc:
        return render(request, "core/error.html", {"message": exc.message}, status=400)
    messages.success(request, _("Your e-mail address is confirmed."))
    return redirect("portal:verification" if request.user.is_authenticated else "accounts:login")


@login_required
def security(request: HromadaRequest) -> HttpResponse:
    from hromada.core.registry import cabinet_sections

    return render(
        request,
        "accounts/security.html",
        {
            "has_totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
            "backup_codes_left": StaticToken.objects.filter(device__user=request.user).count(),
            "needs_two_factor": needs_two_factor(request.user),
            "sections": cabinet_sections(),
            "current_section": "security",
        },
    )


@login_required
def two_factor_verify(request: HromadaRequest) -> HttpResponse:
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(_with_next("accounts:two_factor_setup", _safe_next(request, "")))
    form = TokenCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.check(request, "otp", limit=5, window=300)
        except RateLimitedError as exc:
            form.add_error(None, str(exc.message))
        else:
            device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
            if device is not None:
                otp_login(request, device)
                return redirect(_safe_next(request, reverse("portal:cabinet")))
            form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request, "")})


@never_cache
@login_required
def two_factor_setup(request: HromadaRequest) -> HttpResponse:
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() and not user.is_verified():
        return redirect(_with_next("accounts:two_factor_verify", _safe_next(request, "")))
    device = totp_enrolment_start(user=user)
    form = TokenCodeForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_within_limit(request, form, "otp-setup", limit=10, window=300)
    ):
        backup_codes = run_form_action(
            form, totp_enrolment_confirm, user=user, device=device, token=form.cleaned_data["token"]
        )
        if backup_codes is not None:
            otp_login(request, device)
            return render(
                request,
                "accounts/two_factor_done.html",
                {
                    "backup_codes": backup_codes,
                    "next": _safe_next(request, reverse("portal:cabinet")),
                },
            )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR code for the authenticator")
    )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": _base32(device.bin_key),
            "next": _safe_next(request, ""),
        },
    )


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")


@officials_page(
    can_verify_in_person,
    lambda: _("Only TsNAP administrators of this hromada can verify identity in person."),
)
def verify_in_person(request: HromadaRequest) -> HttpResponse:
    official = request.user
    form = InPersonVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = resident_find(hromada=request.hromada, login=data["person"])
        if person is None and data["register"]:
            try:
                person = user_register_in_person(
                    official=official,
                    hromada=request.hromada,
                    login=data["person"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    national_identifier=data["national_identifier"],
                    document_kind=data["document_kind"],
                    refused_rnokpp=data["refused_rnokpp"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(
                    request, _("%(name)s is registered and verified.") % {"name": person.full_name}
                )
                return redirect("accounts:verify_in_person")
        elif person is None:
            form.add_error(
                "person",
                _(
                    "No resident of this hromada has this e-mail or phone. To register the person, tick "
                    "the box below and enter their full name."
                ),
            )
        else:
            try:
                user_verify_in_person(
                    official=official,
                    hromada=request.hromada,
                    person=person,
                    national_identifier=data["national_identifier"],
                    document_kind=data["document_kind"],
                    refused_rnokpp=data["refused_rnokpp"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, _("%(name)s is now verified.") % {"name": person.full_name})
                return redirect("accounts:verify_in_person")
    return render(request, "accounts/verify_in_person.html", {"form": form})


class _PasswordNoted:
    """Once the form has saved the new password, note when (the security posture page's old passwords)."""

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)  # type: ignore[misc]
        password_changed_record(user=form.user)
        return response


class PasswordChange(_PasswordNoted, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


class PasswordResetConfirm(_PasswordNoted, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")


class ResetFormIncludingPasswordless(PasswordResetForm):
    """Also people who never had a password (accounts made by an identity provider) may set one by e-mail."""

    def get_users(self, email: str):  # type: ignore[no-untyped-def]
        return User.objects.filter(email__iexact=email, is_active=True)


class PasswordReset(auth_views.PasswordResetView):
    form_class = ResetFormIncludingPasswordless
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        if not form_within_limit(self.request, form, "password-reset", limit=5, window=3600):
            return self.form_invalid(form)
        return super().form_valid(form)

"""Every write to people, roles, identity and tokens goes through these functions."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.core import clock
from hromada.core.actions import notification_send
from hromada.core.batchsql import any_of, hot_cursor
from hromada.core.errors import ApplicationError, ConflictError, NotFoundError, ensure
from hromada.core.models import Hromada
from hromada.core.permissions import is_platform_operator, require
from hromada.core.personal_data import personal_data_erase
from hromada.ledger.audit import AuditActor, audit_record
from hromada.territory.models import Department, District

from .backends import find_user_by_login
from .identity import (
    IdentifierError,
    looks_like_phone,
    national_identifier_hash,
    normalise_national_identifier,
    normalise_phone,
)
from .models import (
    ApiToken,
    DepartmentMembership,
    HromadaRole,
    LoginAttempt,
    NotificationEmail,
    PhoneChallenge,
    User,
    VerificationLevel,
    VerificationRecord,
)
from .notifications import REGISTRATION_ATTEMPT, VERIFY_EMAIL
from .oidc import OidcPerson, OidcProvider, oidc_person_from_claims, oidc_provider_get, oidc_refuse
from .permissions import (
    can_verify_in_person,
    forget_roles,
    manages_hromada,
    needs_two_factor,
    outranks,
    roles_in,
)
from .proof_of_work import is_solution
from .selectors import active_person

EMAIL_TOKEN_SALT = "hromada.accounts.email-verification"  # noqa: S105 (a signing salt)
EMAIL_TOKEN_MAX_AGE = 60 * 60 * 48
API_TOKEN_PREFIX = "hrm_"  # noqa: S105 (a public prefix)


def _clean_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


def _clean_phone(phone: str | None) -> str | None:
    if not (phone or "").strip():
        return None
    try:
        return normalise_phone(phone or "")
    except IdentifierError as exc:
        raise ApplicationError(_(str(exc)), code="invalid_phone", fields={"phone": [_(str(exc))]}) from exc


def audit_actor(*, user: User, hromada: Hromada) -> AuditActor:
    """How a member of staff appears in an audit entry: a commitment, their roles and departments here."""
    roles = set(roles_in(user, hromada))
    if is_platform_operator(user):
        roles.add("operator")
    departments = DepartmentMembership.objects.filter(user=user, department__hromada=hromada).values_list(
        "department_id", flat=True
    )
    label = Department._meta.label_lower
    return AuditActor(
        person=user,
        roles=tuple(sorted(roles)),
        departments=tuple(f"{label}:{pk}" for pk in sorted(departments)),
    )


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(
            _("Choose a stronger password."), code="weak_password", fields={"password": list(exc.messages)}
        ) from exc


def _check_login_free(*, email: str | None, phone: str | None, exclude: User | None = None) -> None:
    others = User.objects.exclude(pk=exclude.pk) if exclude else User.objects.all()
    if email and others.filter(email=email).exists():
        raise ConflictError(
            _("An account with this e-mail already exists. Log in or reset the password."),
            code="email_taken",
            fields={"email": [_("This e-mail is already registered.")]},
        )
    if phone and others.filter(phone=phone).exists():
        raise ConflictError(
            _("An account with this phone number already exists."),
            code="phone_taken",
            fields={"phone": [_("This phone number is already registered.")]},
        )


@transaction.atomic
def user_register(
    *,
    hromada: Hromada,
    full_name: str,
    password: str | None,
    email: str | None = None,
    phone: str | None = None,
    birth_date: dt.date | None = None,
    preferred_language: str = "uk",
) -> User:
    """Create a resident's account (verification level "none"); an e-mail link raises it later.

    ``password=None`` makes an account without a usable password (registered at ЦНАП; the person sets one
    later with "forgot password")."""
    email, phone = _clean_email(email), _clean_phone(phone)
    ensure(
        email or phone, _("Give an e-mail or a phone number to log in with."), code="no_login", field="email"
    )
    ensure(full_name.strip(), _("Enter your full name."), field="full_name")
    _check_login_free(email=email, phone=phone)
    user = User(
        hromada=hromada,
        email=email,
        phone=phone,
        full_name=full_name.strip(),
        birth_date=birth_date,
        preferred_language=preferred_language if preferred_language in dict(settings.LANGUAGES) else "uk",
    )
    if password is None:
        user.set_unusable_password()
    else:
        _check_password(password, user)
        user.set_password(password)
        user.password_changed_at = clock.now()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # a concurrent registration won the unique constraint
        _check_login_free(email=email, phone=phone)
        raise
    return user


@transaction.atomic
def user_register_online(
    *,
    hromada: Hromada,
    full_name: str,
    password: str,
    email: str | None = None,
    phone: str | None = None,
    preferred_language: str = "uk",
    base_url: str,
) -> None:
    """A resident registers on the portal; the outcome is never told to the one who asked.

    Whether the e-mail or the phone already has an account shows neither in the answer (always None,
    refusals only for the form's own mistakes, checked before any account is looked at) nor in its
    timing (the password is hashed either way). A new account gets the e-mail confirmation link; if the
    e-mail already has an account, its owner gets an e-mail that someone tried to register with it; if
    only the phone is taken, the e-mail the registrant gave says so. The person then logs in as usual.
    """
    email, phone = _clean_email(email), _clean_phone(phone)
    ensure(
        email or phone, _("Give an e-mail or a phone number to log in with."), code="no_login", field="email"
    )
    ensure(full_name.strip(), _("Enter your full name."), field="full_name")
    candidate = User(hromada=hromada, email=email, phone=phone, full_name=full_name.strip())
    _check_password(password, candidate)
    email_owner = User.objects.filter(email=email).first() if email else None
    phone_owner = User.objects.filter(phone=phone).first() if phone else None
    if email_owner is None and phone_owner is None:
        try:
            with transaction.atomic():
                user = user_register(
                    hromada=hromada,
                    full_name=full_name,
                    password=password,
                    email=email,
                    phone=phone,
                    preferred_language=preferred_language,
                )
        except (ConflictError, IntegrityError):  # a concurrent registration took the login: tell nothing
            return
        if user.email:
            email_verification_send(user=user, hromada=hromada, base_url=base_url)
        return
    candidate.set_password(password)  # the work a new account costs, so the answer's timing tells nothing
    if email_owner is not None:
        notification_send(
            hromada=email_owner.hromada or hromada,
            recipient=email_owner,
            kind=REGISTRATION_ATTEMPT,
            params={"login": email},
            url=reverse("accounts:login"),
        )
    elif email:  # only the phone is taken: the registrant's own mailbox hears why nothing happened
        language = preferred_language if preferred_language in dict(settings.LANGUAGES) else "uk"
        with translation.override(language):
            subject = _("Your registration on the hromada's portal")
            body = _(
                "You tried to create an account with the phone number %(phone)s, which already belongs to "
                "another account, so no account was created. Register again without the phone number (you "
                "can add another one in your profile), or ask TsNAP staff for help."
            ) % {"phone": phone}
        recipient = email
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient]))


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    full_name: str,
    birth_date: dt.date | None,
    registered_address: str,
    district: District | None,
    phone: str | None = None,
    preferred_language: str | None = None,
    notification_email: str | None = None,
) -> User:
    """Change the person's own profile; refuses a district of another hromada, a future birth date and a
    phone another account logs in with (a new phone drops a phone verification)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if notification_email is not None:
        ensure(
            notification_email in NotificationEmail.values,
            _("Choose how to receive notification e-mails."),
            field="notification_email",
        )
        user.notification_email = notification_email
    ensure(full_name.strip(), _("Enter your full name."), field="full_name")
    if birth_date is not None:
        ensure(birth_date <= timezone.localdate(), _("The birth date is in the future."), field="birth_date")
        ensure(birth_date.year >= 1900, _("Check the birth date."), field="birth_date")
    if district is not None:
        ensure(
            district.hromada_id == user.hromada_id,
            _("Choose a district of your hromada."),
            field="district",
        )
    new_phone = _clean_phone(phone) if phone is not None else user.phone
    if new_phone != user.phone:
        _check_login_free(email=None, phone=new_phone, exclude=user)
        ensure(new_phone or user.email, _("Keep an e-mail or a phone number to log in with."), field="phone")
        if user.verification_level == VerificationLevel.PHONE:
            user.verification_level = (
                VerificationLevel.EMAIL if _has_record(user, VerificationLevel.EMAIL) else 0
            )
    user.full_name = full_name.strip()
    user.birth_date = birth_date
    user.registered_address = registered_address.strip()
    user.district = district
    user.phone = new_phone
    if preferred_language in dict(settings.LANGUAGES):
        user.preferred_language = preferred_language
    user.save()
    return user


def _has_record(user: User, level: int) -> bool:
    return VerificationRecord.objects.filter(user=user, level=level).exists()


@transaction.atomic
def verification_record(
    *,
    user: User,
    level: VerificationLevel,
    method: VerificationRecord.Method,
    provider: str = "",
    verified_by: User | None = None,
    hromada: Hromada | None = None,
    document_kind: str = "",
) -> VerificationRecord:
    """Store the evidence and raise the person's level to it (a level never goes down here)."""
    record = VerificationRecord.objects.create(
        user=user,
        level=level,
        method=method,
        provider=provider,
        verified_by=verified_by,
        hromada=hromada,
        document_kind=document_kind,
    )
    User.objects.filter(pk=user.pk, verification_level__lt=level).update(verification_level=level)
    user.refresh_from_db(fields=["verification_level"])
    return record


def email_verification_token(*, user: User) -> str:
    """A signed token for the person's current e-mail address; refuses a person without one."""
    ensure(user.email, _("Add an e-mail address first."))
    return TimestampSigner(salt=EMAIL_TOKEN_SALT).sign(f"{user.pk}:{user.email}")


def email_verification_send(*, user: User, hromada: Hromada, base_url: str) -> None:
    """Send a confirmation link (valid 48 hours) to the person's e-mail."""
    token = email_verification_token(user=user)
    url = base_url.rstrip("/") + reverse("accounts:verify_email", kwargs={"token": token})
    _email_verification_notify(user=user, hromada=hromada, url=url)


def _email_verification_notify(*, user: User, hromada: Hromada, url: str) -> None:
    notification_send(hromada=hromada, recipient=user, kind=VERIFY_EMAIL, url=url)


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Confirm the e-mail address a token was signed for and record the verification; refuses an expired
    or forged token and an address the account no longer has."""
    try:
        value = TimestampSigner(salt=EMAIL_TOKEN_SALT).unsign(token, max_age=EMAIL_TOKEN_MAX_AGE)
    except SignatureExpired as exc:
        raise ApplicationError(
            _("This confirmation link has expired. Ask for a new one."), code="link_expired"
        ) from exc
    except BadSignature as exc:
        raise ApplicationError(_("This confirmation link is not valid."), code="link_invalid") from exc
    user_id, _sep, email = value.partition(":")
    user = User.objects.filter(pk=int(user_id), email=email).first()
    if user is None:
        raise ApplicationError(
            _("This link was for an e-mail address the account no longer has."), code="link_invalid"
        )
    if not _has_record(user, VerificationLevel.EMAIL):
        verification_record(
            user=user, level=VerificationLevel.EMAIL, method=VerificationRecord.Method.EMAIL_LINK
        )
    return user


PHONE_CODE_TTL = dt.timedelta(minutes=10)
PHONE_CODE_MAX_ATTEMPTS = 5


def _phone_code_digest(code: str) -> str:
    import hmac

    return hmac.new(settings.SECRET_KEY.encode(), code.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def phone_verification_send(*, user: User) -> PhoneChallenge:
    """Text a six-digit code to the person's phone; it is valid for 10 minutes and 5 attempts."""
    from hromada.core.sms import sms_available

    phone = user.phone
    if not phone:
        raise ApplicationError(_("Add a phone number to your profile first."), code="no_phone")
    ensure(sms_available(), _("Text messages are not set up on this installation."), code="sms_unavailable")
    code = f"{secrets.randbelow(10**6):06d}"
    challenge = PhoneChallenge.objects.create(
        user=user,
        phone=phone,
        code_hash=_phone_code_digest(code),
        expires_at=timezone.now() + PHONE_CODE_TTL,
    )
    from hromada.core.sms import send_sms

    text = _("Hromada: your confirmation code is %(code)s. It is valid for 10 minutes.") % {"code": code}
    transaction.on_commit(lambda: send_sms(phone, text))
    return challenge


def phone_verify(*, user: User, code: str) -> VerificationRecord:
    """Check the code from the latest SMS and record the phone as confirmed."""
    import hmac

    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(user=user, phone=user.phone, confirmed_at__isnull=True)
            .first()
        )
        if challenge is None:
            raise ApplicationError(
                _("Ask for a code first."), code="no_code", fields={"code": [_("Ask for a code first.")]}
            )
        ensure(
            challenge.expires_at > timezone.now(),
            _("The code has expired. Ask for a new one."),
            code="code_expired",
            field="code",
        )
        ensure(
            challenge.attempts < PHONE_CODE_MAX_ATTEMPTS,
            _("Too many wrong codes. Ask for a new one."),
            code="too_many_attempts",
            field="code",
        )
        if hmac.compare_digest(challenge.code_hash, _phone_code_digest(code.strip())):
            challenge.confirmed_at = timezone.now()
            challenge.save(update_fields=["confirmed_at", "updated_at"])
            return verification_record(
                user=user, level=VerificationLevel.PHONE, method=VerificationRecord.Method.PHONE_CODE
            )
        # Count the wrong attempt; the refusal is raised after this block so the count is committed.
        PhoneChallenge.objects.filter(pk=challenge.pk).update(attempts=challenge.attempts + 1)
    raise ApplicationError(
        _("The code is wrong."), code="wrong_code", fields={"code": [_("The code is wrong.")]}
    )


def national_id_hash_of(*, national_identifier: str, allow_document_number: bool = False) -> str:
    """The peppered hash a national identifier is stored as (refuses an identifier that is not valid)."""
    try:
        normalised = normalise_national_identifier(
            national_identifier, allow_document_number=allow_document_number
        )
    except IdentifierError as exc:
        raise ApplicationError(
            _(str(exc)), code="invalid_identifier", fields={"national_identifier": [_(str(exc))]}
        ) from exc
    return national_identifier_hash(normalised, pepper=settings.HROMADA_IDENTITY_PEPPER)


@transaction.atomic
def identity_bind(*, user: User, national_identifier: str, allow_document_number: bool = False) -> User:
    """Tie the account to a national identifier (stored only as a salted hash): one person, one account."""
    digest = national_id_hash_of(
        national_identifier=national_identifier, allow_document_number=allow_document_number
    )
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.national_id_hash == digest:
        return user
    ensure(
        user.national_id_hash is None,
        _("This account is already tied to another person's identity."),
        code="identity_mismatch",
    )
    if User.objects.filter(national_id_hash=digest).exclude(pk=user.pk).exists():
        raise ConflictError(
            _(
                "This person already has an account. One person may have only one account: log in to the "
                "existing one, or ask TsNAP staff to help you recover it."
            ),
            code="duplicate_person",
            fields={"national_identifier": [_("Already tied to another account.")]},
        )
    user.national_id_hash = digest
    try:
        with transaction.atomic():
            user.save(update_fields=["national_id_hash"])
    except IntegrityError as exc:  # a concurrent bind of the same identifier won
        raise ConflictError(
            _("This person already has an account. One person may have only one account."),
            code="duplicate_person",
        ) from exc
    return user


@transaction.atomic
def user_verify_in_person(
    *,
    official: User,
    hromada: Hromada,
    person: User,
    national_identifier: str,
    document_kind: str,
    refused_rnokpp: bool = False,
) -> VerificationRecord:
    """A ЦНАП official who saw the person's document confirms their identity."""
    require(
        can_verify_in_person,
        official,
        hromada,
        _("Only TsNAP administrators of this hromada can verify identity in person."),
    )
    ensure(person.pk != official.pk, _("You cannot verify your own identity."), code="self_verification")
    ensure(document_kind.strip(), _("Say which document you checked."), field="document_kind")
    identity_bind(user=person, national_identifier=national_identifier, allow_document_number=refused_rnokpp)
    record = verification_record(
        user=person,
        level=VerificationLevel.STRONG,
        method=VerificationRecord.Method.IN_PERSON,
        verified_by=official,
        hromada=hromada,
        document_kind=document_kind.strip()[:60],
    )
    audit_record(
        hromada=hromada,
        actor=audit_actor(user=official, hromada=hromada),
        verb="person.verified",
        subject=record,
        changes=["national_id_hash", "verification_level"],
        people=[person],
    )
    return record


@transaction.atomic
def user_register_in_person(
    *,
    official: User,
    hromada: Hromada,
    login: str,
    full_name: str,
    national_identifier: str,
    document_kind: str,
    birth_date: dt.date | None = None,
    refused_rnokpp: bool = False,
) -> User:
    """Register a person who came to ЦНАП without an account and verify them in the same step.

    For residents without internet access: the official can then enter their paper ballot or application.
    The account has no usable password; the person sets one later with "forgot password" on the given
    e-mail, or keeps being served at ЦНАП. Refused, with nothing written, when the login or the person
    (their РНОКПП) already has an account.
    """
    require(
        can_verify_in_person,
        official,
        hromada,
        _("Only TsNAP administrators of this hromada can verify identity in person."),
    )
    login = login.strip()
    email, phone = (None, login) if looks_like_phone(login) else (login, None)
    person = user_register(
        hromada=hromada,
        full_name=full_name,
        password=None,
        email=email,
        phone=phone,
        birth_date=birth_date,
    )
    user_verify_in_person(
        official=official,
        hromada=hromada,
        person=person,
        national_identifier=national_identifier,
        document_kind=document_kind,
        refused_rnokpp=refused_rnokpp,
    )
    return person


@transaction.atomic
def hromada_role_grant(
    *, granted_by: User, user: User, hromada: Hromada, role: HromadaRole.Role
) -> HromadaRole:
    """Make a person a moderator or administrator of a hromada (idempotent, audited); only its
    administrators may."""
    require(manages_hromada, granted_by, hromada, _("Only administrators of this hromada can grant roles."))
    obj, created = HromadaRole.objects.get_or_create(user=user, hromada=hromada, role=role)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.is_staff = True
    forget_roles(user)
    if created:
        audit_record(
            hromada=hromada,
            actor=audit_actor(user=granted_by, hromada=hromada),
            verb="role.granted",
            subject=obj,
            changes={"role": str(role)},
            people=[user],
        )
    return obj


@transaction.atomic
def official_appoint(
    *,
    granted_by: User,
    user: User,
    department: Department,
    role: DepartmentMembership.Role,
    position: str = "",
) -> DepartmentMembership:
    """Make a person an official of a department; they must then pass two-factor authentication."""
    require(
        manages_hromada,
        granted_by,
        department.hromada,
        _("Only administrators of this hromada can appoint officials."),
    )
    before = DepartmentMembership.objects.filter(user=user, department=department).first()
    membership, created = DepartmentMembership.objects.update_or_create(
        user=user, department=department, defaults={"role": role, "position": position}
    )
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.is_staff = True
    forget_roles(user)
    wanted = {"role": str(role), "position": position}
    changed = wanted if before is None else {k: v for k, v in wanted.items() if getattr(before, k) != v}
    if changed:
        hromada = department.hromada
        audit_record(
            hromada=hromada,
            actor=audit_actor(user=granted_by, hromada=hromada),
            verb="official.appointed" if created else "official.changed",
            subject=membership,
            changes={"department": f"{Department._meta.label_lower}:{department.pk}", **changed},
            people=[user],
        )
    return membership


PERSON_FIELDS_ADMINISTRATORS_CHANGE = frozenset(
    {"full_name", "birth_date", "registered_address", "district", "is_active"}
)


@transaction.atomic
def person_update_by_administrator(
    *, administrator: User, hromada: Hromada, person: User, changed: dict[str, object]
) -> User:
    """An administrator corrects a resident's record or (de)activates the account; never their own peers'."""
    require(
        manages_hromada, administrator, hromada, _("Only administrators of this hromada can change people.")
    )
    person = User.objects.select_for_update().get(pk=person.pk)
    ensure(
        person.hromada_id == hromada.pk, _("This person belongs to another hromada."), code="wrong_hromada"
    )
    ensure(
        outranks(administrator, person, hromada),
        _("You cannot change the account of someone with the same or a higher role."),
        code="rank",
    )
    unknown = set(changed) - PERSON_FIELDS_ADMINISTRATORS_CHANGE
    ensure(
        not unknown, _("These details change only through verification or by the person."), code="readonly"
    )
    district = changed.get("district")
    if district is not None:
        ensure(
            getattr(district, "hromada_id", None) == hromada.pk,
            _("Choose a district of this hromada."),
            field="district",
        )
    was_active = person.is_active
    for name, value in changed.items():
        setattr(person, name, value)
    person.save(
        update_fields=[
            *changed,
        ]
    )
    if changed:
        verb = "person.changed"
        if was_active != person.is_active:
            verb = "person.reactivated" if person.is_active else "person.deactivated"
        audit_record(
            hromada=hromada,
            actor=audit_actor(user=administrator, hromada=hromada),
            verb=verb,
            subject=person,
            changes=sorted(changed),
        )
    return person


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The person's unconfirmed authenticator device (created on first use), to show as a QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the new authenticator with a code from it; replaces the old one and returns 10 backup codes."""
    ensure(
        device.user_id == user.pk and not device.confirmed, _("Start the setup again."), code="stale_device"
    )
    if not device.verify_token(token.replace(" ", "")):
        raise ApplicationError(
            _("The code does not match. Check the time on your phone and try again."),
            code="wrong_code",
            fields={"token": [_("The code does not match. Check the time on your phone and try again.")]},
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    backup, _created = StaticDevice.objects.get_or_create(user=user, name="backup")
    backup.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(10)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    return codes


def _token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_at: dt.datetime | None = None, second_factor_passed: bool = False
) -> tuple[ApiToken, str]:
    """Issue a personal API token; returns the row and the secret, which is never shown again.

    Staff (who must use two-factor authentication) get tokens only from a session that passed it.
    """
    if needs_two_factor(user):
        ensure(
            second_factor_passed,
            _("Confirm your login with the authenticator code before creating API tokens."),
            code="second_factor_required",
        )
    ensure(name.strip(), _("Give the token a name, e.g. the program that will use it."), field="name")
    ensure(len(name) <= 100, _("The name is too long (100 characters at most)."), field="name")
    if expires_at is not None:
        if timezone.is_naive(expires_at):  # a local time typed without an offset means Kyiv time
            expires_at = timezone.make_aware(expires_at)
        ensure(expires_at > timezone.now(), _("The expiry date must be in the future."), field="expires_at")
    ensure(
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() < 20,
        _("You already have 20 active tokens; revoke one first."),
        code="too_many_tokens",
    )
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[: len(API_TOKEN_PREFIX) + 6],
        token_hash=_token_digest(secret),
        expires_at=expires_at,
    )
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the person's API tokens (idempotent); another person's token is not found."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFoundError(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


@dataclass(frozen=True)
class UnresolvedToken:
    """A bearer token not yet looked up: its SHA-256 (never the secret). A batch of requests resolves
    all of its tokens in one query (:func:`api_tokens_resolve`)."""

    digest: str

    @classmethod
    def of(cls, secret: str) -> UnresolvedToken | None:
        """The token to resolve, or None for a string that cannot be one of ours."""
        if not secret.startswith(API_TOKEN_PREFIX):
            return None
        return cls(digest=_token_digest(secret))


def api_tokens_resolve(*, digests: Iterable[str]) -> dict[str, int]:
    """The person id behind each valid token (digest → id): not revoked, not expired, an active
    person. One SELECT; those not used in the last hour get ``last_used_at`` in one UPDATE.

    Hand-written SQL: a signing surge resolves its tokens in batches, and the ORM's compiler cost more
    than both statements together.
    """
    wanted = sorted(set(digests))
    if not wanted:
        return {}
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    hour_ago = connection.ops.adapt_datetimefield_value(now - dt.timedelta(hours=1))
    of_digests, digest_params = any_of("t.token_hash", wanted, sql_type="text")
    with hot_cursor() as cursor:
        cursor.execute(_TOKENS_RESOLVE_SQL.format(digests=of_digests), [hour_ago, *digest_params, stamp])
        rows = cursor.fetchall()
        stale = sorted(pk for pk, _digest, _user, is_stale in rows if is_stale)  # one lock order
        if stale:
            of_ids, id_params = any_of("id", stale)
            cursor.execute(_TOKENS_USED_SQL.format(ids=of_ids), [stamp, *id_params])
    return {digest: user_id for _pk, digest, user_id, _stale in rows}


_TOKENS_RESOLVE_SQL = (
    "SELECT t.id, t.token_hash, t.user_id, (t.last_used_at IS NULL OR t.last_used_at < %s) "  # noqa: S608
    f"FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id "
    "WHERE {digests} AND t.revoked_at IS NULL "
    "AND (t.expires_at IS NULL OR t.expires_at > %s) AND u.is_active"
)
_TOKENS_USED_SQL = f"UPDATE {ApiToken._meta.db_table} SET last_used_at = %s WHERE {{ids}}"  # noqa: S608


def api_token_authenticate(*, secret: str) -> User | None:
    """The active person behind a bearer token, or None; records when it was last used (at most hourly)."""
    token = UnresolvedToken.of(secret)
    if token is None:
        return None
    user_id = api_tokens_resolve(digests=[token.digest]).get(token.digest)
    if user_id is None:
        return None
    return active_person(user_id=user_id)  # hand-written SELECTs: cheaper than one compiled ORM query


def _login_key(identifier: str) -> str:
    """One key per account whatever the spelling: the E.164 phone or the lower-case e-mail."""
    identifier = identifier.strip()
    if looks_like_phone(identifier):
        try:
            return normalise_phone(identifier)
        except IdentifierError:
            pass
    return identifier.lower()[:254]


@dataclass(frozen=True)
class LoginChallenge:
    """The check a browser must pass before its password is even compared: a puzzle (signed, so no row is
    kept until it is used) and how many leading zero bits the answer's SHA-256 needs."""

    token: str
    bits: int


class LoginChallengeRequired(ApplicationError):
    """A password login refused until the browser passes the challenge it carries (nothing was checked)."""

    status = 429
    default_code = "login_challenge"

    def __init__(self, message: str, *, challenge: LoginChallenge) -> None:
        super().__init__(message)
        self.challenge = challenge


LOGIN_CHALLENGE_SALT = "hromada.accounts.login-challenge"
LOGIN_CHALLENGE_MAX_AGE = 10 * 60
LOGIN_CHALLENGE_MAX_EXTRA_BITS = 2


def _login_failures(*, since: dt.datetime) -> Any:
    return LoginAttempt.objects.filter(created_at__gte=since, succeeded=False)


def login_challenge_bits(*, identifier: str, address: str) -> int:
    """How hard the challenge a password login must pass is (0: none needed).

    Needed when the account (the identifier, whether or not an account has it) has
    ``HROMADA_LOGIN_MAX_FAILURES`` failures in the window, or the address has
    ``HROMADA_LOGIN_MAX_FAILURES_PER_ADDRESS`` failures for logins no account has. The puzzle grows one bit
    harder each time the account's failures double past the limit (at most 2 bits: 4 times the work).
    """
    since = timezone.now() - dt.timedelta(seconds=settings.HROMADA_LOGIN_LOCKOUT_SECONDS)
    failures = _login_failures(since=since)
    limit = max(1, settings.HROMADA_LOGIN_MAX_FAILURES)
    by_account = failures.filter(identifier=_login_key(identifier)).count() if identifier.strip() else 0
    if by_account >= limit:
        extra = min(LOGIN_CHALLENGE_MAX_EXTRA_BITS, (by_account // limit).bit_length() - 1)
        return settings.HROMADA_LOGIN_CHALLENGE_BITS + extra
    unknown = failures.filter(address=address[:45], known_account=False)
    if unknown.count() >= settings.HROMADA_LOGIN_MAX_FAILURES_PER_ADDRESS:
        return settings.HROMADA_LOGIN_CHALLENGE_BITS
    return 0


def login_challenge_issue(*, bits: int) -> LoginChallenge:
    """A fresh challenge (valid 10 minutes, usable once)."""
    bits = max(1, bits)
    token = TimestampSigner(salt=LOGIN_CHALLENGE_SALT).sign(f"{secrets.token_hex(16)}.{bits}")
    return LoginChallenge(token=token, bits=bits)


def login_challenge_for(*, identifier: str, address: str) -> LoginChallenge | None:
    """A fresh challenge when a login with ``identifier`` from ``address`` would need one, else None."""
    bits = login_challenge_bits(identifier=identifier, address=address)
    return login_challenge_issue(bits=bits) if bits else None


def _login_challenge_passed(*, token: str, answer: str, bits: int) -> str | None:
    """The challenge's nonce when ``answer`` solves a valid challenge at least ``bits`` hard, else None."""
    try:
        value = TimestampSigner(salt=LOGIN_CHALLENGE_SALT).unsign(token, max_age=LOGIN_CHALLENGE_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        return None
    nonce, _dot, issued_bits = value.partition(".")
    if not issued_bits.isdigit() or int(issued_bits) < bits:
        return None
    return nonce if is_solution(puzzle=token, answer=answer, bits=int(issued_bits)) else None


def _login_challenge_refusal(*, bits: int) -> LoginChallengeRequired:
    return LoginChallengeRequired(
        _(
            "To protect this account after many failed attempts, your browser has to pass a short automatic "
            "check before the password is checked. It runs by itself and takes a few seconds: enter your "
            "password again and press “Log in”."
        ),
        challenge=login_challenge_issue(bits=bits),
    )


def login_with_password(
    *,
    identifier: str,
    password: str,
    address: str,
    challenge: str = "",
    answer: str = "",
    request: HttpRequest | None = None,
) -> User | None:
    """Check a password login and remember the attempt; returns the person, or None for a wrong login.

    Throttling never locks the owner out: when the account or the address has too many recent failures
    (:func:`login_challenge_bits`) the password is compared only once the browser has passed the login
    challenge (:class:`LoginChallengeRequired` until then), and a right password with a passed challenge
    always gets in. Each challenge is spent by the attempt row that records it (a unique column), so one
    solved puzzle buys one try, however many requests carry it at once. The address counts only failures
    for logins no account has, so failures against real accounts from a shared address (a proxy, a
    school's network) never slow the other people behind it.

    Two short transactions, not one: the attempt (which spends the challenge) commits before the password
    is hashed, so no lock is held while hashing and a wrong password stays counted.
    """
    key = _login_key(identifier)
    bits = login_challenge_bits(identifier=key, address=address)
    nonce = None
    if bits:
        nonce = _login_challenge_passed(token=challenge, answer=answer, bits=bits)
        if nonce is None:
            raise _login_challenge_refusal(bits=bits)
    known = find_user_by_login(identifier) is not None
    try:
        with transaction.atomic():
            attempt = LoginAttempt.objects.create(
                identifier=key, address=address[:45], known_account=known, challenge=nonce
            )
    except IntegrityError:  # this challenge was already spent by another attempt
        raise _login_challenge_refusal(bits=bits) from None
    user = authenticate(request, username=identifier, password=password)
    if user is not None:
        with transaction.atomic():
            LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=True)
            LoginAttempt.objects.filter(identifier=key, succeeded=False).delete()
    return user


def login_attempts_prune(*, older_than: dt.timedelta = dt.timedelta(days=30)) -> int:
    """Forget login attempts older than the window anyone needs them for; returns how many."""
    deleted, _per_model = LoginAttempt.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted


@transaction.atomic
def user_request_deletion(*, user: User) -> User:
    """Ask for the account to be erased; personal data is anonymised after the grace period."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deletion_requested_at is None:
        user.deletion_requested_at = timezone.now()
        user.save(update_fields=["deletion_requested_at"])
    return user


@transaction.atomic
def user_cancel_deletion(*, user: User) -> User:
    """Withdraw the person's request to delete their account."""
    User.objects.filter(pk=user.pk).update(deletion_requested_at=None)
    user.deletion_requested_at = None
    return user


@transaction.atomic
def user_anonymise(*, user: User) -> User:
    """Erase a person's personal data; what they did in public processes stays as anonymous records."""
    user = User.objects.select_for_update().get(pk=user.pk)
    personal_data_erase(person=user)  # every module's part first (core.registry.register_personal_data)
    logins = [_login_key(login) for login in (user.email, user.phone) if login]
    LoginAttempt.objects.filter(identifier__in=logins).delete()
    PhoneChallenge.objects.filter(user=user).delete()
    user.email = f"deleted-{user.pk}@invalid.hromada"
    user.phone = None
    user.full_name = _("Deleted account")
    user.birth_date = None
    user.registered_address = ""
    user.district = None
    user.national_id_hash = None
    user.is_active = False
    user.is_staff = False
    user.deletion_requested_at = None
    user.set_unusable_password()
    user.save()
    ApiToken.objects.filter(user=user).delete()
    HromadaRole.objects.filter(user=user).delete()
    DepartmentMembership.objects.filter(user=user).delete()
    return user


def users_anonymise_due(*, now: dt.datetime | None = None) -> int:
    """Anonymise every account whose deletion request is older than the grace period."""
    now = now or timezone.now()
    due = User.objects.filter(
        deletion_requested_at__lte=now - dt.timedelta(days=settings.HROMADA_DELETION_GRACE_DAYS),
    )
    count = 0
    for user in due:
        user_anonymise(user=user)
        count += 1
    return count


# ---------------------------------------------------------------------------------------------------------
# Identity from an OpenID Connect provider (the flow and the claims: oidc.py; the writes: here)

oidc_logger = logging.getLogger("hromada.accounts.oidc")


def _oidc_account_create(*, provider: OidcProvider, hromada: Hromada, person: OidcPerson) -> User:
    email_taken = ConflictError(
        _(
            "An account with your e-mail address already exists. Log in to it first, then verify your "
            "identity from the verification page."
        ),
        code="email_taken",
    )
    if not person.email:
        oidc_refuse(
            provider,
            _(
                "%(provider)s did not share an e-mail address, which a new account needs. Register with your "
                "e-mail first, then verify your identity."
            )
            % {"provider": provider.name},
            code="oidc_no_email",
            detail=f"claim {provider.email_claim!r} missing or not an e-mail",
        )
    if User.objects.filter(email=person.email).exists():
        raise email_taken
    user = User(hromada=hromada, email=person.email, full_name=person.full_name, birth_date=person.birth_date)
    user.set_unusable_password()  # they log in through the provider, or set a password by a reset link
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration took the e-mail
        raise email_taken from exc
    return user


def _oidc_profile_fill(*, user: User, person: OidcPerson) -> None:
    """Take the name and birth date from the provider only where the profile has none."""
    changed = []
    if not user.full_name.strip() and person.full_name:
        user.full_name = person.full_name
        changed.append("full_name")
    if user.birth_date is None and person.birth_date is not None:
        user.birth_date = person.birth_date
        changed.append("birth_date")
    if changed:
        user.save(update_fields=changed)


@transaction.atomic
def user_verify_oidc(
    *,
    request_user: User | AnonymousUser | None,
    hromada: Hromada,
    provider_key: str,
    claims: Mapping[str, Any],
) -> User:
    """Verify a person from an identity provider's claims; returns the account to be logged in as.

    A logged-in person gets the identifier bound to their account and the level "identity verified".
    Otherwise the account that holds the identifier is returned, or a new account of `hromada` is made
    from the claims (refused when the e-mail belongs to another account: log in first, then verify).
    One person, one account: an identifier held by another account is refused (ConflictError).
    """
    provider = oidc_provider_get(key=provider_key)
    person = oidc_person_from_claims(provider, claims)
    if not person.identifier:
        oidc_refuse(
            provider,
            _(
                "%(provider)s did not share your national identifier (RNOKPP), so your identity cannot be "
                "verified this way. Try another provider or verify in person at TsNAP."
            )
            % {"provider": provider.name},
            code="oidc_no_identifier",
            detail=f"claim {provider.identifier_claim!r} absent; claims present: {sorted(claims)}",
        )
    try:
        if not person.identifier.isascii():  # non-ASCII digits would hash apart from the same ASCII number
            raise ValueError("non-ASCII identifier")
        digest = national_id_hash_of(national_identifier=person.identifier)
    except (ApplicationError, ValueError):
        oidc_refuse(
            provider,
            _(
                "%(provider)s sent a national identifier (RNOKPP) that is not valid, so we could not verify "
                "you. Please verify in person at TsNAP."
            )
            % {"provider": provider.name},
            code="oidc_invalid_identifier",
            detail=f"claim {provider.identifier_claim!r} failed validation",
        )

    account = request_user if isinstance(request_user, User) and request_user.is_authenticated else None
    if account is not None:
        user = User.objects.select_for_update().get(pk=account.pk)
        record_needed = True
    else:
        holder = User.objects.select_for_update().filter(national_id_hash=digest).first()
        if holder is None:
            user = _oidc_account_create(provider=provider, hromada=hromada, person=person)
            record_needed = True
        else:
            if not holder.is_active:
                oidc_refuse(
                    provider,
                    _("The account tied to this identity is deactivated. Please ask TsNAP staff for help."),
                    code="oidc_account_inactive",
                    detail=f"user {holder.pk} is inactive",
                )
            user = holder
            record_needed = not user.meets(VerificationLevel.STRONG)

    user = identity_bind(user=user, national_identifier=person.identifier)
    _oidc_profile_fill(user=user, person=person)
    if record_needed:
        verification_record(
            user=user,
            level=VerificationLevel.STRONG,
            method=VerificationRecord.Method.OIDC,
            provider=provider.key,
            hromada=hromada,
        )
    oidc_logger.info(
        "OIDC %s: user %s %s", provider.key, user.pk, "logged in" if account is None else "verified"
    )
    return user


def password_changed_record(*, user: User) -> None:
    """Note when ``user`` last set a password (the security posture page lists officials whose password is
    older than a year); called by the change and reset pages once the new password is saved."""
    User.objects.filter(pk=user.pk).update(password_changed_at=clock.now())

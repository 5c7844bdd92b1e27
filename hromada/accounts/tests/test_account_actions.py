"""Account actions called directly: profile, e-mail confirmation, two-factor enrolment, login attempts,
deletion and anonymisation, and how staff appear in audit entries."""

import datetime as dt
import time

import pytest
from django.core import signing
from django.core.signing import TimestampSigner
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.accounts.actions import (
    api_token_create,
    audit_actor,
    email_verification_send,
    email_verification_token,
    email_verify,
    login_attempts_prune,
    login_challenge_bits,
    login_challenge_for,
    login_with_password,
    password_changed_record,
    totp_enrolment_confirm,
    totp_enrolment_start,
    user_anonymise,
    user_cancel_deletion,
    user_register,
    user_register_online,
    user_request_deletion,
    user_update_profile,
    user_verify_oidc,
    verification_record,
)
from hromada.accounts.models import (
    ApiToken,
    DepartmentMembership,
    HromadaRole,
    LoginAttempt,
    User,
    VerificationLevel,
    VerificationRecord,
)
from hromada.core.errors import ApplicationError
from tests.factories import DepartmentFactory, DistrictFactory, UserFactory, totp_device


def _token_of(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_user_update_profile_stores_the_changes_and_refuses_another_hromadas_district(
    resident, district, other_hromada
):
    user_update_profile(
        user=resident,
        full_name="  Коваль Ірина  ",
        birth_date=dt.date(1990, 5, 17),
        registered_address="вул. Миру, 3",
        district=district,
    )
    with pytest.raises(ApplicationError) as refused:
        user_update_profile(
            user=resident,
            full_name="Коваль Ірина",
            birth_date=None,
            registered_address="",
            district=DistrictFactory(hromada=other_hromada),
        )

    stored = User.objects.get(pk=resident.pk)
    assert (stored.full_name, stored.birth_date, stored.district) == (
        "Коваль Ірина",
        dt.date(1990, 5, 17),
        district,
    )
    assert set(refused.value.fields) == {"district"}


def test_user_update_profile_refuses_a_birth_date_in_the_future(resident):
    with pytest.raises(ApplicationError) as refused:
        user_update_profile(
            user=resident,
            full_name="Коваль Ірина",
            birth_date=timezone.localdate() + dt.timedelta(days=1),
            registered_address="",
            district=None,
        )

    assert set(refused.value.fields) == {"birth_date"}
    assert User.objects.get(pk=resident.pk).birth_date is None


def test_verification_record_raises_the_level_but_never_lowers_it(resident):
    verification_record(
        user=resident, level=VerificationLevel.PHONE, method=VerificationRecord.Method.PHONE_CODE
    )
    verification_record(
        user=resident, level=VerificationLevel.EMAIL, method=VerificationRecord.Method.EMAIL_LINK
    )

    assert User.objects.get(pk=resident.pk).verification_level == VerificationLevel.PHONE
    assert VerificationRecord.objects.filter(user=resident).count() == 2


def test_email_verification_link_confirms_the_address_it_was_sent_to(
    resident, hromada, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email_verification_send(user=resident, hromada=hromada, base_url="https://svitlohirsk.example/")
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/verify-email/" in line)
    token = link.removeprefix("https://svitlohirsk.example/accounts/verify-email/").rstrip("/")

    confirmed = email_verify(token=token)

    assert mailoutbox[0].to == [resident.email]
    assert confirmed.verification_level == VerificationLevel.EMAIL
    assert User.objects.get(pk=resident.pk).verification_level == VerificationLevel.EMAIL


def test_email_verify_refuses_a_forged_token_and_an_address_the_account_no_longer_has(resident):
    token = email_verification_token(user=resident)
    User.objects.filter(pk=resident.pk).update(email="new@example.org")
    forged = TimestampSigner(salt="another salt").sign(f"{resident.pk}:new@example.org")

    with pytest.raises(ApplicationError) as stale:
        email_verify(token=token)
    with pytest.raises(ApplicationError) as bad:
        email_verify(token=forged)

    assert stale.value.code == bad.value.code == "link_invalid"
    assert User.objects.get(pk=resident.pk).verification_level == VerificationLevel.NONE


def test_email_verify_refuses_an_expired_link(resident, monkeypatch):
    three_days_ago = int(time.time()) - 3 * 24 * 3600
    monkeypatch.setattr(TimestampSigner, "timestamp", lambda self: signing.b62_encode(three_days_ago))
    old = email_verification_token(user=resident)
    monkeypatch.undo()

    with pytest.raises(ApplicationError) as expired:
        email_verify(token=old)

    assert expired.value.code == "link_expired"


def test_email_verification_token_needs_an_email(hromada):
    phone_only = UserFactory(hromada=hromada, email=None, phone="+380671234567")

    with pytest.raises(ApplicationError):
        email_verification_token(user=phone_only)


def test_totp_enrolment_replaces_the_old_device_and_returns_ten_backup_codes(resident):
    old = totp_device(resident)
    device = totp_enrolment_start(user=resident)

    assert totp_enrolment_start(user=resident) == device  # the same unconfirmed device until confirmed
    codes = totp_enrolment_confirm(user=resident, device=device, token=_token_of(device))

    assert list(TOTPDevice.objects.filter(user=resident, confirmed=True)) == [device]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert len(set(codes)) == 10
    assert set(StaticToken.objects.filter(device__user=resident).values_list("token", flat=True)) == set(
        codes
    )


def test_totp_enrolment_confirm_refuses_a_wrong_code_on_its_field(resident):
    device = totp_enrolment_start(user=resident)

    with pytest.raises(ApplicationError) as wrong:
        totp_enrolment_confirm(user=resident, device=device, token="not a code")

    assert set(wrong.value.fields) == {"token"}
    assert not TOTPDevice.objects.filter(user=resident, confirmed=True).exists()


def test_totp_enrolment_confirm_refuses_another_persons_device(resident, make_user):
    stranger = make_user()
    device = totp_enrolment_start(user=stranger)

    with pytest.raises(ApplicationError) as refused:
        totp_enrolment_confirm(user=resident, device=device, token=_token_of(device))

    assert refused.value.code == "stale_device"


def test_login_attempts_prune_forgets_only_old_attempts(db):
    LoginAttempt.objects.create(identifier="old@example.org", address="192.0.2.1", succeeded=False)
    LoginAttempt.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    LoginAttempt.objects.create(identifier="new@example.org", address="192.0.2.1", succeeded=False)

    assert login_attempts_prune() == 1
    assert list(LoginAttempt.objects.values_list("identifier", flat=True)) == ["new@example.org"]


def test_deletion_request_keeps_its_first_time_and_can_be_withdrawn(resident):
    first = user_request_deletion(user=resident).deletion_requested_at
    again = user_request_deletion(user=resident).deletion_requested_at

    user_cancel_deletion(user=resident)

    assert first is not None and again == first
    assert User.objects.get(pk=resident.pk).deletion_requested_at is None


def test_user_anonymise_erases_personal_data_roles_and_tokens(hromada, department):
    person = UserFactory(hromada=hromada, phone="+380671234567", registered_address="вул. Миру, 3")
    api_token_create(user=person, name="script")
    HromadaRole.objects.create(user=person, hromada=hromada, role=HromadaRole.Role.MODERATOR)
    DepartmentMembership.objects.create(user=person, department=department)
    LoginAttempt.objects.create(identifier=person.email, address="192.0.2.1", succeeded=False)

    user_anonymise(user=person)

    erased = User.objects.get(pk=person.pk)
    assert erased.email == f"deleted-{person.pk}@invalid.hromada"
    assert (erased.phone, erased.registered_address, erased.is_active) == (None, "", False)
    assert not erased.has_usable_password()
    assert not HromadaRole.objects.filter(user=person).exists()
    assert not DepartmentMembership.objects.filter(user=person).exists()
    assert not ApiToken.objects.filter(user=person).exists()
    assert not LoginAttempt.objects.exists()


def test_audit_actor_names_roles_and_departments_in_that_hromada_only(hromada, other_hromada):
    official = UserFactory(hromada=hromada)
    mine = DepartmentFactory(hromada=hromada)
    DepartmentMembership.objects.create(
        user=official, department=mine, role=DepartmentMembership.Role.CNAP_OFFICER
    )
    DepartmentMembership.objects.create(user=official, department=DepartmentFactory(hromada=other_hromada))
    HromadaRole.objects.create(user=official, hromada=other_hromada, role=HromadaRole.Role.ADMINISTRATOR)

    actor = audit_actor(user=official, hromada=hromada)

    assert actor.person == official
    assert actor.roles == ("cnap_officer", "official")
    assert actor.departments == (f"territory.department:{mine.pk}",)


def test_login_challenge_is_asked_only_of_an_account_with_recent_failures(db, settings, resident):
    settings.HROMADA_LOGIN_MAX_FAILURES = 3
    assert login_challenge_bits(identifier=resident.email, address="192.0.2.1") == 0
    assert login_challenge_for(identifier=resident.email, address="192.0.2.1") is None
    for _ in range(3):
        assert login_with_password(identifier=resident.email, password="wrong", address="192.0.2.1") is None

    bits = login_challenge_bits(identifier=resident.email, address="192.0.2.9")
    challenge = login_challenge_for(identifier=resident.email, address="192.0.2.9")

    assert bits >= settings.HROMADA_LOGIN_CHALLENGE_BITS
    assert challenge is not None and challenge.bits == bits
    assert login_challenge_bits(identifier="neighbour@example.org", address="192.0.2.1") == 0


def test_user_register_online_answers_the_same_whether_or_not_the_email_is_taken(hromada, resident):
    fresh = user_register_online(
        hromada=hromada,
        full_name="Нова Мешканка",
        password="довгий-пароль-2026",
        email="nova@example.org",
        base_url="https://svitlohirsk.example",
    )
    taken = user_register_online(
        hromada=hromada,
        full_name="Хтось Інший",
        password="довгий-пароль-2026",
        email=resident.email,
        base_url="https://svitlohirsk.example",
    )

    assert fresh is None and taken is None
    assert User.objects.filter(email="nova@example.org").exists()
    assert User.objects.filter(email=resident.email).get().pk == resident.pk


def test_user_verify_oidc_binds_the_identifier_to_the_logged_in_person(settings, hromada, resident):
    settings.HROMADA_OIDC_PROVIDERS_JSON = (
        '[{"key": "test-id", "name": "Test ID", "discovery_url": "http://127.0.0.1:9/.well-known/openid-configuration",'
        ' "client_id": "c", "client_secret": "s", "identifier_claim": "drfo_code"}]'
    )
    claims = {"drfo_code": "3123456789", "name": "Коваленко Олена Петрівна", "birthdate": "1988-04-12"}

    person = user_verify_oidc(request_user=resident, hromada=hromada, provider_key="test-id", claims=claims)

    resident.refresh_from_db()
    assert person.pk == resident.pk
    assert resident.verification_level == VerificationLevel.STRONG and resident.national_id_hash


def test_password_changed_record_notes_the_moment_and_registration_notes_it_too(clock, hromada):
    clock.set(dt.datetime(2026, 12, 6, 10, tzinfo=dt.UTC))
    person = user_register(
        hromada=hromada, email="new@example.org", password="A long passphrase 2026", full_name="Нова Особа"
    )
    assert person.password_changed_at == dt.datetime(2026, 12, 6, 10, tzinfo=dt.UTC)
    other = User.objects.create(email="other@example.org", full_name="Інша Особа", hromada=hromada)

    clock.advance(dt.timedelta(days=400))
    password_changed_record(user=person)

    person.refresh_from_db()
    other.refresh_from_db()
    assert person.password_changed_at == dt.datetime(2028, 1, 10, 10, tzinfo=dt.UTC)
    assert other.password_changed_at is None  # only the person named

import threading

import pytest
from django.db import connections

from hromada.accounts.actions import (
    identity_bind,
    user_register,
    user_verify_in_person,
)
from hromada.accounts.identity import rnokpp_control_digit
from hromada.accounts.models import DepartmentMembership, User, VerificationLevel
from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from tests.factories import PASSWORD, DepartmentFactory, UserFactory


def valid_rnokpp(first_nine: str = "312345678") -> str:
    return first_nine + rnokpp_control_digit(first_nine)


def test_register_creates_an_unverified_resident_of_the_hromada(hromada):
    user = user_register(
        hromada=hromada, full_name=" Коваль Ірина Петрівна ", email="Iryna@Example.org", password=PASSWORD
    )

    assert user.email == "iryna@example.org"
    assert user.full_name == "Коваль Ірина Петрівна"
    assert user.hromada == hromada
    assert user.verification_level == VerificationLevel.NONE
    assert user.check_password(PASSWORD)


def test_second_account_with_same_email_is_refused_with_a_clear_message(hromada):
    user_register(hromada=hromada, full_name="Коваль Ірина", email="iryna@example.org", password=PASSWORD)

    with pytest.raises(ConflictError) as refused:
        user_register(hromada=hromada, full_name="Інша Особа", email="IRYNA@example.org", password=PASSWORD)

    assert "вже існує" in str(refused.value.message)
    assert User.objects.count() == 1


def test_phone_login_is_normalised(hromada):
    user = user_register(hromada=hromada, full_name="Бойко Андрій", phone="067 123 45 67", password=PASSWORD)
    assert user.phone == "+380671234567"


def test_weak_password_is_refused_with_field_errors(hromada):
    with pytest.raises(ApplicationError) as refused:
        user_register(hromada=hromada, full_name="Бойко Андрій", email="a@example.org", password="12345")
    assert "password" in refused.value.fields


def test_one_person_one_account(hromada):
    first, second = UserFactory(hromada=hromada), UserFactory(hromada=hromada)
    code = valid_rnokpp()
    identity_bind(user=first, national_identifier=code)

    with pytest.raises(ConflictError) as refused:
        identity_bind(user=second, national_identifier=f" {code[:5]}-{code[5:]} ")

    assert refused.value.code == "duplicate_person"
    assert "лише один обліковий запис" in str(refused.value.message)
    second.refresh_from_db()
    assert second.national_id_hash is None
    first.refresh_from_db()
    assert first.national_id_hash and code not in first.national_id_hash


def test_identifier_with_wrong_control_digit_is_refused(resident):
    code = valid_rnokpp()
    wrong = code[:9] + str((int(code[9]) + 1) % 10)
    with pytest.raises(ApplicationError) as refused:
        identity_bind(user=resident, national_identifier=wrong)
    assert refused.value.code == "invalid_identifier"


@pytest.mark.django_db(transaction=True)
def test_one_person_one_account_holds_under_concurrent_binds(hromada):
    users = [UserFactory(hromada=hromada) for _ in range(6)]
    code = valid_rnokpp("298765432")
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []

    def bind(user: User) -> None:
        barrier.wait()
        try:
            identity_bind(user=user, national_identifier=code)
            outcomes.append("bound")
        except ConflictError:
            outcomes.append("refused")
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=bind, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["bound"] + ["refused"] * 5
    assert User.objects.filter(national_id_hash__isnull=False).count() == 1


def test_cnap_officer_verifies_identity_in_person(hromada, resident):
    officer = UserFactory(hromada=hromada)
    DepartmentMembership.objects.create(
        user=officer,
        department=DepartmentFactory(hromada=hromada),
        role=DepartmentMembership.Role.CNAP_OFFICER,
    )

    record = user_verify_in_person(
        official=officer,
        hromada=hromada,
        person=resident,
        national_identifier=valid_rnokpp(),
        document_kind="passport_id_card",
    )

    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.STRONG
    assert record.verified_by == officer and record.method == "in_person"


def test_ordinary_official_cannot_verify_identity(hromada, resident):
    official = UserFactory(hromada=hromada)
    DepartmentMembership.objects.create(user=official, department=DepartmentFactory(hromada=hromada))

    with pytest.raises(PermissionDeniedError):
        user_verify_in_person(
            official=official,
            hromada=hromada,
            person=resident,
            national_identifier=valid_rnokpp(),
            document_kind="passport_id_card",
        )
    resident.refresh_from_db()
    assert resident.verification_level == VerificationLevel.NONE


def _register(client, **fields):
    data = {
        "full_name": "Мельник Оксана",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "consent": "on",
        **fields,
    }
    return client.post("/accounts/register/", data, follow=True)


def _answer(response):
    """What the registrant sees: the page they end on and its messages."""
    return (
        response.status_code,
        response.redirect_chain,
        [str(m) for m in response.context["messages"]],
    )


def test_registration_does_not_tell_whether_the_email_is_registered(
    client, hromada, mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactory(hromada=hromada, email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        taken = _register(client, email="taken@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        new = _register(client, email="new@example.org")

    (taken_status, taken_chain, taken_messages), (new_status, new_chain, new_messages) = (
        _answer(taken),
        _answer(new),
    )
    assert (taken_status, taken_chain) == (new_status, new_chain) == (200, [("/accounts/login/", 302)])
    assert [m.replace("taken@", "new@") for m in taken_messages] == new_messages
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(email="taken@example.org").count() == 1
    warning, confirmation = mailoutbox
    assert warning.to == [owner.email]
    assert "taken@example.org" in warning.body and "/accounts/login/" in warning.body
    assert warning.subject == "Хтось намагався зареєструватися з вашою адресою електронної пошти"
    assert confirmation.to == ["new@example.org"]


def test_registration_with_a_taken_phone_is_told_only_to_the_registrants_mailbox(
    client, hromada, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(hromada=hromada, email="owner@example.org", phone="+380671234567")
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, email="oksana@example.org", phone="0671234567")

    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/accounts/login/"
    assert not User.objects.filter(email="oksana@example.org").exists()
    [notice] = mailoutbox
    assert notice.to == ["oksana@example.org"] and "+380671234567" in notice.body


def test_registration_form_mistakes_are_shown_before_any_account_is_looked_at(client, hromada):
    UserFactory(hromada=hromada, email="taken@example.org")

    taken = client.post(
        "/accounts/register/",
        {
            "full_name": "Мельник Оксана",
            "email": "taken@example.org",
            "password": "123",
            "password_again": "123",
            "consent": "on",
        },
    )
    new = client.post(
        "/accounts/register/",
        {
            "full_name": "Мельник Оксана",
            "email": "new@example.org",
            "password": "123",
            "password_again": "123",
            "consent": "on",
        },
    )

    assert taken.status_code == new.status_code == 200
    assert taken.context["form"].errors == new.context["form"].errors
    assert "Мельник Оксана" in taken.content.decode()


def test_registration_sends_confirmation_link_and_the_person_logs_in(
    client, hromada, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, email="oksana@example.org")

    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/verify-email/" in line)
    client.get(link.replace("http://testserver", ""))
    assert User.objects.get(email="oksana@example.org").verification_level == VerificationLevel.EMAIL
    logged_in = client.post("/accounts/login/", {"login": "oksana@example.org", "password": PASSWORD})
    assert logged_in.status_code == 302 and "_auth_user_id" in client.session


def test_official_without_two_factor_cannot_reach_back_office(client, hromada):
    official = UserFactory(hromada=hromada, is_staff=True)
    DepartmentMembership.objects.create(user=official, department=DepartmentFactory(hromada=hromada))

    response = client.post("/accounts/login/", {"login": official.email, "password": PASSWORD})

    assert response.status_code == 302 and "/accounts/two-factor/setup/" in response["Location"]
    back_office = client.get("/admin/", follow=True)
    assert back_office.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")
    assert "admin/index.html" not in [t.name for t in back_office.templates]
    assert client.get("/admin/territory/institution/").status_code == 302


def test_official_with_totp_reaches_back_office(client, hromada):
    from tests.factories import totp_device, totp_now

    official = UserFactory(hromada=hromada, is_staff=True)
    DepartmentMembership.objects.create(user=official, department=DepartmentFactory(hromada=hromada))
    device = totp_device(official)
    client.post("/accounts/login/", {"login": official.email, "password": PASSWORD})

    wrong = client.post(
        "/accounts/two-factor/", {"token": "000000" if totp_now(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays retries after a wrong code; the test does not wait
    client.post("/accounts/two-factor/", {"token": totp_now(device)})

    assert client.get("/admin/").status_code == 200


def test_resident_logs_in_by_phone(client, hromada):
    user_register(hromada=hromada, full_name="Бойко Андрій", phone="+380671234567", password=PASSWORD)
    response = client.post("/accounts/login/", {"login": "0671234567", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/cabinet/").status_code == 200


def test_phone_is_confirmed_with_the_code_from_the_sms(client, hromada, django_capture_on_commit_callbacks):
    from hromada.core import sms

    user = user_register(hromada=hromada, full_name="Бойко Андрій", phone="+380671234567", password=PASSWORD)
    client.force_login(user)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cabinet/verification/", {"action": "send_phone"})
    phone, text = sms.outbox[-1]
    code = next(word for word in text.replace(".", " ").split() if word.isdigit() and len(word) == 6)
    wrong = "000000" if code != "000000" else "111111"

    refused = client.post("/cabinet/verification/", {"action": "verify_phone", "code": wrong})
    assert refused.status_code == 200 and refused.context["phone_form"].errors["code"]
    client.post("/cabinet/verification/", {"action": "verify_phone", "code": code})

    user.refresh_from_db()
    assert phone == "+380671234567"
    assert user.verification_level == VerificationLevel.PHONE


def test_phone_code_stops_working_after_five_wrong_attempts(hromada):
    from hromada.accounts.actions import phone_verification_send, phone_verify
    from hromada.accounts.models import PhoneChallenge

    user = user_register(hromada=hromada, full_name="Бойко Андрій", phone="+380671234567", password=PASSWORD)
    phone_verification_send(user=user)
    for _ in range(5):
        with pytest.raises(ApplicationError):
            phone_verify(user=user, code="999999x")
    assert PhoneChallenge.objects.get().attempts == 5
    with pytest.raises(ApplicationError) as refused:
        phone_verify(user=user, code="123456")
    assert refused.value.code == "too_many_attempts"


def test_housekeeping_erases_due_accounts_and_old_login_attempts(hromada, settings):
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from hromada.accounts.models import LoginAttempt

    leaving = UserFactory(hromada=hromada, deletion_requested_at=timezone.now() - dt.timedelta(days=31))
    staying = UserFactory(hromada=hromada, deletion_requested_at=timezone.now() - dt.timedelta(days=3))
    old = LoginAttempt.objects.create(identifier="x", address="192.0.2.1")
    LoginAttempt.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    LoginAttempt.objects.create(identifier="y", address="192.0.2.1")

    out = StringIO()
    call_command("housekeeping", stdout=out)

    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert not leaving.is_active and staying.is_active
    assert list(LoginAttempt.objects.values_list("identifier", flat=True)) == ["y"]
    assert "Accounts erased: 1" in out.getvalue()


def test_throttling_cannot_be_dodged_by_spelling_the_phone_differently(client, hromada, settings):
    settings.HROMADA_LOGIN_MAX_FAILURES = 3
    user_register(hromada=hromada, full_name="Бойко Андрій", phone="+380971676467", password=PASSWORD)
    for spelling in ["+380971676467", "0971676467", "a0971676467"]:
        assert (
            client.post("/accounts/login/", {"login": spelling, "password": "wrong password!"}).status_code
            == 400
        )

    challenged = client.post("/accounts/login/", {"login": "z 097 167 64 67", "password": PASSWORD})

    assert challenged.status_code == 429
    assert challenged.context["challenge"] is not None
    assert "_auth_user_id" not in client.session


def test_registration_over_the_rate_limit_keeps_what_was_typed(client, hromada, settings):
    from hromada.core import ratelimit

    for _ in range(20):
        ratelimit.hit("register:addr:127.0.0.1", limit=20, window=3600)
    response = client.post(
        "/accounts/register/",
        {
            "full_name": "Мельник Оксана",
            "email": "oksana@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "consent": "on",
        },
    )
    assert response.status_code == 200
    assert "Мельник Оксана" in response.content.decode()
    assert not User.objects.filter(email="oksana@example.org").exists()


def test_two_factor_setup_keeps_secrets_out_of_caches(client, resident):
    client.force_login(resident)
    response = client.get("/accounts/two-factor/setup/")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_person_without_a_password_can_set_one_by_email(client, hromada, mailoutbox):
    person = UserFactory(hromada=hromada, email="oidc-made@example.org")
    person.set_unusable_password()
    person.save()

    client.post("/accounts/password/reset/", {"email": "OIDC-made@example.org"})

    assert len(mailoutbox) == 1 and "/accounts/password/reset/" in mailoutbox[0].body


def test_staff_need_the_second_factor_to_create_api_tokens(hromada):
    from hromada.accounts.actions import api_token_create

    official = UserFactory(hromada=hromada, is_staff=True)
    DepartmentMembership.objects.create(user=official, department=DepartmentFactory(hromada=hromada))
    with pytest.raises(ApplicationError) as refused:
        api_token_create(user=official, name="script")
    assert refused.value.code == "second_factor_required"
    token, _secret = api_token_create(user=official, name="script", second_factor_passed=True)
    assert token.pk

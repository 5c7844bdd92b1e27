"""A resident without an account is registered and verified at ЦНАП in one step."""

import pytest
from django.test import Client

from hromada.accounts.actions import user_register_in_person
from hromada.accounts.models import DepartmentMembership, User, VerificationLevel
from hromada.accounts.tests.test_accounts import valid_rnokpp
from hromada.core.errors import ApplicationError, PermissionDeniedError
from tests.factories import PASSWORD, DepartmentFactory, UserFactory, totp_device, totp_now

pytestmark = pytest.mark.django_db


def cnap_officer(hromada):
    officer = UserFactory(hromada=hromada)
    DepartmentMembership.objects.create(
        user=officer,
        department=DepartmentFactory(hromada=hromada),
        role=DepartmentMembership.Role.CNAP_OFFICER,
    )
    return officer


def test_cnap_officer_registers_and_verifies_a_person_without_an_account(hromada):
    officer = cnap_officer(hromada)
    person = user_register_in_person(
        official=officer,
        hromada=hromada,
        login="+380 67 123 45 67",
        full_name="Ткаченко Ганна Петрівна",
        national_identifier=valid_rnokpp(),
        document_kind="passport_book",
    )
    person.refresh_from_db()
    assert person.phone == "+380671234567" and person.email is None
    assert person.verification_level == VerificationLevel.STRONG
    assert person.national_id_hash and not person.has_usable_password()
    assert person.hromada == hromada


def test_a_person_who_already_has_an_account_is_not_registered_twice(hromada):
    officer = cnap_officer(hromada)
    rnokpp = valid_rnokpp()
    user_register_in_person(
        official=officer,
        hromada=hromada,
        login="hanna@example.org",
        full_name="Ткаченко Ганна",
        national_identifier=rnokpp,
        document_kind="passport_book",
    )
    before = User.objects.count()
    with pytest.raises(ApplicationError):
        user_register_in_person(
            official=officer,
            hromada=hromada,
            login="+380671112233",
            full_name="Ткаченко Ганна",
            national_identifier=rnokpp,
            document_kind="passport_book",
        )
    assert User.objects.count() == before  # the second account rolled back with the refusal


def test_only_cnap_officers_register_people(hromada):
    official = UserFactory(hromada=hromada)
    DepartmentMembership.objects.create(user=official, department=DepartmentFactory(hromada=hromada))
    with pytest.raises(PermissionDeniedError):
        user_register_in_person(
            official=official,
            hromada=hromada,
            login="+380671234567",
            full_name="Ткаченко Ганна",
            national_identifier=valid_rnokpp(),
            document_kind="passport_book",
        )
    assert not User.objects.filter(phone="+380671234567").exists()


def test_verification_page_registers_an_unknown_person_when_asked(hromada):
    officer = cnap_officer(hromada)
    device = totp_device(officer)
    client = Client()
    client.post("/accounts/login/", {"login": officer.email, "password": PASSWORD})
    assert client.post("/accounts/two-factor/", {"token": totp_now(device)}).status_code == 302
    form = {
        "person": "+380501234567",
        "national_identifier": valid_rnokpp(),
        "document_kind": "passport_id_card",
        "confirm": "on",
    }

    refused = client.post("/accounts/verify-in-person/", form)
    assert refused.status_code == 200
    assert "Щоб зареєструвати людину, позначте поле нижче" in refused.content.decode()
    assert not User.objects.filter(phone="+380501234567").exists()

    missing_name = client.post("/accounts/verify-in-person/", form | {"register": "on"})
    assert missing_name.status_code == 200 and missing_name.context["form"].errors["full_name"]

    done = client.post(
        "/accounts/verify-in-person/", form | {"register": "on", "full_name": "Бойко Іван Степанович"}
    )
    assert done.status_code == 302
    person = User.objects.get(phone="+380501234567")
    assert person.full_name == "Бойко Іван Степанович"
    assert person.verification_level == VerificationLevel.STRONG

"""Each decision and back-office change writes exactly one `audit.*` entry, with no personal data."""

from __future__ import annotations

import base64
import json

import pytest
from django.db import transaction
from django.test import Client

from hromada.accounts.actions import (
    hromada_role_grant,
    official_appoint,
    person_update_by_administrator,
    user_verify_in_person,
)
from hromada.accounts.identity import rnokpp_control_digit
from hromada.accounts.models import DepartmentMembership, HromadaRole, User
from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.ledger import audit
from hromada.ledger.actions import ledger_publish, person_commitment
from hromada.ledger.audit import AuditActor, audit_changes, audit_record
from hromada.ledger.models import Checkpoint, Entry, Log, PendingEntry
from hromada.territory.models import Department, Institution
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    InstitutionFactory,
    UserFactory,
    totp_device,
    totp_now,
)


def rnokpp(first_nine: str = "312345678") -> str:
    return first_nine + rnokpp_control_digit(first_nine)


def audit_entries(hromada) -> list[tuple[str, bytes]]:
    """(kind, entry bytes) of the hromada's audit entries, integrated ones first, then pending ones."""
    integrated = Entry.objects.filter(hromada=hromada, kind__startswith="audit.").order_by("index")
    pending = PendingEntry.objects.filter(hromada=hromada, kind__startswith="audit.").order_by("pk")
    return [(e.kind, bytes(e.data)) for e in integrated] + [(p.kind, bytes(p.data)) for p in pending]


def only_entry(hromada, kind: str) -> dict:
    entries = audit_entries(hromada)
    assert [k for k, _ in entries] == [kind]
    return json.loads(entries[0][1])


def assert_private(data: bytes, *people: User, extra: tuple[str, ...] = ()) -> None:
    """None of the people's e-mail, phone, name, birth date or row reference appears in the entry bytes."""
    text = data.decode("utf-8")
    for person in people:
        person.refresh_from_db()
        secrets = [person.email, person.phone, person.full_name, f"accounts.user:{person.pk}"]
        if person.birth_date:
            secrets.append(person.birth_date.isoformat())
        for secret in filter(None, secrets):
            assert secret not in text, f"{secret!r} is in the entry"
    for secret in extra:
        assert secret not in text, f"{secret!r} is in the entry"


@pytest.fixture
def administrator(hromada):
    user = UserFactory(hromada=hromada, is_staff=True, full_name="Адміністраторка Ганна")
    HromadaRole.objects.create(user=user, hromada=hromada, role="administrator")
    return user


@pytest.fixture
def officer(hromada):
    user = UserFactory(hromada=hromada, full_name="Працівниця ЦНАП Оксана", phone="+380671112233")
    DepartmentMembership.objects.create(
        user=user, department=DepartmentFactory(hromada=hromada), role=DepartmentMembership.Role.CNAP_OFFICER
    )
    return user


# ------------------------------------------------------------------------------------------ the helper


def test_audit_record_commits_the_actor_and_people_and_keeps_them_out_of_the_payload(hromada, resident):
    actor = AuditActor(person=f"accounts.user:{resident.pk + 1}", roles=("administrator",))
    with transaction.atomic():
        receipt = audit_record(
            hromada=hromada,
            actor=actor,
            verb="person.changed",
            subject=resident,  # a person is never named in the clear
            changes=["full_name"],
        )

    entry = json.loads(receipt.entry)
    assert entry["kind"] == "audit.person.changed" and entry["subject"] is None
    assert entry["payload"] == {
        "actor": {"roles": ["administrator"], "departments": []},
        "changed": ["full_name"],
    }
    actor_salt, person_salt = (p.salt for p in receipt.people)
    assert entry["people"] == [
        base64.b64encode(
            person_commitment(reference=f"accounts.user:{resident.pk + 1}", salt=actor_salt)
        ).decode(),
        base64.b64encode(
            person_commitment(reference=f"accounts.user:{resident.pk}", salt=person_salt)
        ).decode(),
    ]
    assert_private(receipt.entry, resident)


def test_public_objects_record_values_and_personal_ones_only_names(hromada, district):
    institution = InstitutionFactory(
        hromada=hromada, district=district, phone="(04736) 2-30-00", description="д" * 500
    )
    person = UserFactory(hromada=hromada, full_name="Петренко Олена")

    values = audit_changes(institution, ["phone", "district", "lat", "description", "opening_hours"])

    assert values["phone"] == "(04736) 2-30-00"
    assert values["district"] == f"territory.district:{district.pk}"
    assert values["lat"] == "50.01"
    assert set(values["description"]) == {"sha256"} and set(values["opening_hours"]) == {"sha256"}
    assert audit_changes(person, ["full_name", "email"]) == ["email", "full_name"]
    role = HromadaRole.objects.create(user=person, hromada=hromada, role="moderator")
    assert audit_changes(role, ["role"]) == ["role"]  # a row naming a person: names only


# --------------------------------------------------------------------------------------- the decisions


def test_in_person_verification_writes_one_entry_without_personal_data(hromada, officer):
    person = UserFactory(
        hromada=hromada, full_name="Коваль Ірина Петрівна", phone="+380501234567", email="iryna@example.org"
    )
    identifier = rnokpp()

    record = user_verify_in_person(
        official=officer,
        hromada=hromada,
        person=person,
        national_identifier=identifier,
        document_kind="passport_id_card",
    )

    entry = only_entry(hromada, "audit.person.verified")
    department = officer.memberships.get().department
    assert entry["subject"] == f"accounts.verificationrecord:{record.pk}"
    assert entry["payload"] == {
        "actor": {
            "roles": ["cnap_officer", "official"],
            "departments": [f"territory.department:{department.pk}"],
        },
        "changed": ["national_id_hash", "verification_level"],
    }
    assert len(entry["people"]) == 2
    person.refresh_from_db()
    assert_private(audit_entries(hromada)[0][1], person, officer, extra=(identifier, person.national_id_hash))


def test_granting_a_role_writes_one_entry_and_granting_it_again_none(hromada, administrator):
    person = UserFactory(hromada=hromada, full_name="Мельник Богдан", email="bohdan@example.org")

    role = hromada_role_grant(granted_by=administrator, user=person, hromada=hromada, role="moderator")
    hromada_role_grant(granted_by=administrator, user=person, hromada=hromada, role="moderator")

    entry = only_entry(hromada, "audit.role.granted")
    assert entry["subject"] == f"accounts.hromadarole:{role.pk}"
    assert entry["payload"]["values"] == {"role": "moderator"}
    assert entry["payload"]["actor"] == {"roles": ["administrator"], "departments": []}
    assert_private(audit_entries(hromada)[0][1], person, administrator)


def test_appointing_an_official_and_changing_the_post(hromada, administrator, department):
    person = UserFactory(hromada=hromada, full_name="Бондар Марта", email="marta@example.org")

    membership = official_appoint(
        granted_by=administrator, user=person, department=department, role="specialist", position="Спеціаліст"
    )
    official_appoint(
        granted_by=administrator, user=person, department=department, role="head", position="Спеціаліст"
    )
    official_appoint(
        granted_by=administrator, user=person, department=department, role="head", position="Спеціаліст"
    )

    entries = audit_entries(hromada)
    assert [kind for kind, _ in entries] == ["audit.official.appointed", "audit.official.changed"]
    appointed, changed = (json.loads(data) for _, data in entries)
    assert appointed["subject"] == changed["subject"] == f"accounts.departmentmembership:{membership.pk}"
    assert appointed["payload"]["values"] == {
        "department": f"territory.department:{department.pk}",
        "role": "specialist",
        "position": "Спеціаліст",
    }
    assert changed["payload"]["values"] == {
        "department": f"territory.department:{department.pk}",
        "role": "head",
    }
    for _, data in entries:
        assert_private(data, person, administrator)


def test_deactivating_a_person_is_its_own_kind(hromada, administrator):
    person = UserFactory(hromada=hromada, full_name="Шевчук Петро", email="petro@example.org")

    person_update_by_administrator(
        administrator=administrator, hromada=hromada, person=person, changed={"is_active": False}
    )
    person_update_by_administrator(
        administrator=administrator,
        hromada=hromada,
        person=person,
        changed={"full_name": "Шевчук Петро Іванович"},
    )
    person_update_by_administrator(administrator=administrator, hromada=hromada, person=person, changed={})

    entries = audit_entries(hromada)
    assert [kind for kind, _ in entries] == ["audit.person.deactivated", "audit.person.changed"]
    changed = json.loads(entries[1][1])
    assert changed["subject"] is None and changed["payload"]["changed"] == ["full_name"]
    for _, data in entries:
        assert_private(data, person, administrator, extra=("Шевчук",))


# ------------------------------------------------------------------------------------------ rollbacks


def test_a_refused_decision_writes_nothing(hromada, resident, department):
    official = UserFactory(hromada=hromada)
    DepartmentMembership.objects.create(user=official, department=department)

    with pytest.raises(PermissionDeniedError):
        user_verify_in_person(
            official=official,
            hromada=hromada,
            person=resident,
            national_identifier=rnokpp(),
            document_kind="id",
        )
    with pytest.raises(PermissionDeniedError):
        hromada_role_grant(granted_by=official, user=resident, hromada=hromada, role="moderator")

    assert audit_entries(hromada) == []


def test_a_failing_verification_rolls_its_entry_back(hromada, officer):
    identifier = rnokpp()
    first, second = UserFactory(hromada=hromada), UserFactory(hromada=hromada)
    user_verify_in_person(
        official=officer, hromada=hromada, person=first, national_identifier=identifier, document_kind="id"
    )

    with pytest.raises(ApplicationError):  # one person, one account: the second bind is refused
        user_verify_in_person(
            official=officer,
            hromada=hromada,
            person=second,
            national_identifier=identifier,
            document_kind="id",
        )

    assert [kind for kind, _ in audit_entries(hromada)] == ["audit.person.verified"]


def test_a_decision_rolled_back_with_its_transaction_leaves_no_entry(hromada, administrator):
    person = UserFactory(hromada=hromada)

    with pytest.raises(RuntimeError), transaction.atomic():
        hromada_role_grant(granted_by=administrator, user=person, hromada=hromada, role="moderator")
        assert len(audit_entries(hromada)) == 1
        raise RuntimeError("the caller fails after the decision")

    assert audit_entries(hromada) == []
    assert not HromadaRole.objects.filter(user=person).exists()


# ------------------------------------------------------------------------------------------ back office


def administrator_client(administrator) -> Client:
    device = totp_device(administrator)
    client = Client()
    client.post("/accounts/login/", {"login": administrator.email, "password": PASSWORD})
    assert client.post("/accounts/two-factor/", {"token": totp_now(device)}).status_code == 302
    return client


def test_back_office_creates_changes_and_deletes_with_one_entry_each(hromada, administrator):
    client = administrator_client(administrator)

    added = client.post(
        "/admin/territory/department/add/",
        {"name": "Відділ спорту", "name_en": "", "email": "sport@rada.example", "phone": ""},
    )
    department = Department.objects.get(hromada=hromada, name="Відділ спорту")
    unchanged = client.post(
        f"/admin/territory/department/{department.pk}/change/",
        {"name": "Відділ спорту", "name_en": "", "email": "sport@rada.example", "phone": ""},
    )
    changed = client.post(
        f"/admin/territory/department/{department.pk}/change/",
        {"name": "Відділ спорту", "name_en": "Sports", "email": "sport@rada.example", "phone": "101"},
    )
    deleted = client.post(f"/admin/territory/department/{department.pk}/delete/", {"post": "yes"})

    assert [r.status_code for r in (added, unchanged, changed, deleted)] == [302, 302, 302, 302]
    entries = audit_entries(hromada)
    assert [kind for kind, _ in entries] == [
        "audit.department.created",
        "audit.department.changed",
        "audit.department.deleted",
    ]
    created, change, gone = (json.loads(data) for _, data in entries)
    reference = f"territory.department:{department.pk}"
    assert created["subject"] == change["subject"] == gone["subject"] == reference
    assert created["payload"]["values"]["email"] == "sport@rada.example"
    assert change["payload"]["changed"] == ["name_en", "phone"]
    assert change["payload"]["values"] == {"name_en": "Sports", "phone": "101"}
    assert gone["payload"]["changed"] == []
    for _, data in entries:
        assert_private(data, administrator)


def test_back_office_institution_change_records_its_public_values(hromada, administrator, district):
    institution = InstitutionFactory(hromada=hromada, district=district, phone="1")
    client = administrator_client(administrator)
    form = {
        "kind": institution.kind,
        "name": institution.name,
        "short_name": "",
        "district": district.pk,
        "department": "",
        "address": institution.address,
        "lat": "50.01",
        "lon": "30.01",
        "phone": "(04736) 2-30-00",
        "email": "",
        "website": "",
        "opening_hours": json.dumps(institution.opening_hours),
        "initial-opening_hours": json.dumps(institution.opening_hours),  # as the page posts it
        "description": "",
        "is_active": "on",
    }

    response = client.post(f"/admin/territory/institution/{institution.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = only_entry(hromada, "audit.institution.changed")
    assert entry["subject"] == f"territory.institution:{institution.pk}"
    assert entry["payload"]["values"] == {"phone": "(04736) 2-30-00"}


def test_back_office_actions_that_audit_themselves_write_one_entry(hromada, administrator):
    person = UserFactory(hromada=hromada, full_name="Мешканець Тарас", email="taras@example.org")
    client = administrator_client(administrator)

    granted = client.post("/admin/accounts/hromadarole/add/", {"user": person.pk, "role": "moderator"})
    role = HromadaRole.objects.get(user=person)
    revoked = client.post(f"/admin/accounts/hromadarole/{role.pk}/delete/", {"post": "yes"})
    changed = client.post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "full_name": "Мешканець Тарас Виправлений",
            "is_active": "on",
            "verifications-TOTAL_FORMS": "0",
            "verifications-INITIAL_FORMS": "0",
        },
    )

    assert [r.status_code for r in (granted, revoked, changed)] == [302, 302, 302]
    entries = audit_entries(hromada)
    assert [kind for kind, _ in entries] == [
        "audit.role.granted",
        "audit.hromadarole.deleted",
        "audit.person.changed",
    ]
    revocation = json.loads(entries[1][1])
    assert revocation["subject"] == f"accounts.hromadarole:{role.pk}"
    assert len(revocation["people"]) == 2  # the administrator, then the person who held the role
    for _, data in entries:
        assert_private(data, person, administrator, extra=("Мешканець",))


def test_back_office_save_and_its_entry_commit_or_roll_back_together(hromada, administrator, monkeypatch):
    department = DepartmentFactory(hromada=hromada, phone="1")
    client = administrator_client(administrator)

    def broken(**kwargs):
        raise RuntimeError("the log refused the entry")

    monkeypatch.setattr(audit, "ledger_append", broken)
    with pytest.raises(RuntimeError):
        client.post(
            f"/admin/territory/department/{department.pk}/change/",
            {"name": department.name, "name_en": "", "email": "", "phone": "2"},
        )
    with pytest.raises(RuntimeError):
        client.post(f"/admin/territory/department/{department.pk}/delete/", {"post": "yes"})

    department.refresh_from_db()
    assert department.phone == "1"
    assert audit_entries(hromada) == []


# ------------------------------------------------------------------------------------------------ demo


def test_the_demo_leaves_a_checkpointed_log_without_personal_data_in_both_hromadas(demo_loaded, db):
    from hromada.portal.demo.installation import PLANS

    kinds: set[str] = set()
    texts = []
    for plan in PLANS:
        log = Log.objects.get(hromada__slug=plan.slug)
        latest = Checkpoint.objects.filter(hromada=log.hromada).order_by("-tree_size").first()
        assert log.tree_size > 0
        assert latest is not None and latest.tree_size == log.tree_size
        assert not PendingEntry.objects.filter(hromada=log.hromada).exists()
        kinds |= set(log.kinds)
        texts += [
            bytes(d).decode()
            for d in Entry.objects.filter(hromada=log.hromada).values_list("data", flat=True)
        ]
    assert {"audit.person.verified", "audit.role.granted", "audit.official.appointed"} <= kinds
    joined = "\n".join(texts)
    for email, name, phone in User.objects.values_list("email", "full_name", "phone"):
        assert email not in joined and name not in joined and (phone is None or phone not in joined)
    for plan in PLANS:
        for spec in plan.residents:
            if getattr(spec, "national_id", None):
                assert spec.national_id not in joined
    assert Institution.objects.exists()  # the demo really loaded (sanity)


def test_publishing_integrates_audit_entries_like_any_other(hromada, administrator):
    person = UserFactory(hromada=hromada)
    hromada_role_grant(granted_by=administrator, user=person, hromada=hromada, role="moderator")

    checkpoint = ledger_publish(hromada=hromada)

    assert checkpoint.tree_size == 1
    assert Entry.objects.get(hromada=hromada).kind == "audit.role.granted"

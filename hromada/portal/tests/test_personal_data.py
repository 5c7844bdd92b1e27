""" "My data": every module's part of the export file, and the erasure after the grace period."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hromada.accounts.actions import user_request_deletion
from hromada.accounts.models import VerificationRecord
from hromada.budget.actions import ChoiceIn, ballot_cast, ballot_cast_by_official, support_add
from hromada.budget.models import Ballot, BallotChoice, EligibilityProof, Phase, Project, Support
from hromada.budget.personal_data import ERASED
from hromada.budget.tests.factories import make_cnap_officer, make_cycle, make_project
from hromada.core import registry
from hromada.core.actions import notification_send
from hromada.core.models import Notification
from hromada.core.notifications import NotificationKind, register_notification_kind
from hromada.core.personal_data import person_foreign_keys, personal_data_export, personal_data_gaps
from hromada.ledger.actions import ledger_publish_all
from hromada.ledger.models import PersonalReceipt
from hromada.ledger.selectors import log_check
from hromada.petitions import actions as petitions
from hromada.petitions.models import Petition, PetitionStatus, Signature, SignatureStatus
from hromada.petitions.tests.factories import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


# ------------------------------------------------------------------------------------------ coverage


def test_every_foreign_key_to_a_person_is_covered_by_a_personal_data_section():
    assert personal_data_gaps() == []


def test_the_coverage_walk_names_the_models_of_a_section_left_out(monkeypatch):
    sections = {key: s for key, s in registry._personal_data.items() if key != "petitions"}
    monkeypatch.setattr(registry, "_personal_data", sections)

    gaps = personal_data_gaps()

    assert "petitions.Signature.signer" in gaps and "petitions.Petition.author" in gaps
    assert all(gap.startswith("petitions.") for gap in gaps)


def test_every_declared_cover_is_a_foreign_key_to_a_person():
    person = get_user_model()
    walked = set(person_foreign_keys())
    for field, key in registry.personal_data_fields().items():
        assert isinstance(field, models.ForeignKey) and issubclass(field.related_model, person), key
        assert field in walked, f"{key}: {field}"


# ------------------------------------------------------------------------------------------ a resident


@pytest.fixture
def life(hromada, district):
    """A resident who wrote a petition and a draft, signed a petition, voted online and at ЦНАП,
    supports a project, has second factors, a verification and a notification — and a neighbour who did
    the same kinds of things."""
    world = make_world(hromada, district=district)
    resident = world.resident(
        full_name="Коваленко Марія Іванівна", email="maria@example.org", phone="+380671112233"
    )
    neighbour = world.resident(full_name="Бондар Петро Олексійович", email="petro@example.org")

    mine = world.collecting(author=resident, title="Освітлення вулиці Садової")
    draft = world.draft(author=resident, title="Чернетка про сквер")
    theirs = world.collecting(author=neighbour, title="Ремонт школи № 3")
    petitions.signature_add(petition=theirs, signer=resident, address="203.0.113.7", show_name=True)
    petitions.signature_add(petition=mine, signer=neighbour, address="198.51.100.9", show_name=True)

    cycle = make_cycle(hromada)
    project = make_project(cycle, title="Дитячий майданчик")
    other_cycle = make_cycle(hromada)
    other_project = make_project(other_cycle, title="Лавки в парку")
    ballot_cast(voter=resident, cycle=cycle, choices=[ChoiceIn(project.pk)])
    ballot_cast_by_official(
        official=make_cnap_officer(hromada),
        voter=resident,
        cycle=other_cycle,
        choices=[ChoiceIn(other_project.pk)],
        channel="cnap",
        identity_document="паспорт КВ 123456",
    )
    ballot_cast(voter=neighbour, cycle=cycle, choices=[ChoiceIn(project.pk)])
    shortlist = make_cycle(hromada, phase=Phase.SUPPORT)
    candidate = make_project(shortlist, title="Велодоріжка")
    support_add(person=resident, project=candidate)
    budget_draft = make_project(
        cycle, author=resident, title="Мій чорновий проєкт", status=Project.Status.DRAFT
    )
    EligibilityProof.objects.create(hromada=hromada, person=resident, kind="work", document="довідка № 77")

    register_notification_kind(NotificationKind(key="test", subject="%(title)s"))
    notification_send(
        hromada=hromada, recipient=resident, kind="test", params={"title": "Вашу петицію оприлюднено"}
    )
    notification_send(
        hromada=hromada, recipient=neighbour, kind="test", params={"title": "Сусідське повідомлення"}
    )
    TOTPDevice.objects.create(user=resident, name="Телефон")
    StaticDevice.objects.create(user=resident, name="backup")
    VerificationRecord.objects.create(user=resident, level=3, method="in_person", hromada=hromada)
    return {
        "world": world,
        "resident": resident,
        "neighbour": neighbour,
        "mine": mine,
        "draft": draft,
        "theirs": theirs,
        "cycle": cycle,
        "budget_draft": budget_draft,
    }


def _sections(data):
    return {section["key"]: section for section in data["sections"]}


def test_the_file_holds_every_module_part_of_the_resident_and_nothing_of_the_neighbour(client, life):
    resident = life["resident"]
    client.force_login(resident)

    response = client.get("/cabinet/privacy/export.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    sections = _sections(data)
    assert set(sections) >= {"accounts", "core", "ledger", "portal", "petitions", "budget"}
    assert sections["accounts"]["data"]["account"]["full_name"] == "Коваленко Марія Іванівна"
    assert [d["kind"] for d in sections["accounts"]["data"]["two_factor_devices"]] == [
        "totpdevice",
        "staticdevice",
    ]
    petitions_part = sections["petitions"]["data"]
    assert [p["title"] for p in petitions_part["petitions"]] == [
        "Освітлення вулиці Садової",
        "Чернетка про сквер",
    ]
    assert [s["petition_title"] for s in petitions_part["signatures"]] == ["Ремонт школи № 3"]
    assert petitions_part["signatures"][0]["network"] == "203.0.113.0/24"
    budget = sections["budget"]["data"]
    assert [b["identity_document"] for b in budget["ballots"]] == ["", "паспорт КВ 123456"]
    assert budget["ballots"][0]["choices"][0]["title"] == "Дитячий майданчик"
    assert [p["title"] for p in budget["projects"]] == ["Мій чорновий проєкт"]
    assert budget["eligibility_proofs"][0]["document"] == "довідка № 77"
    assert [s["title"] for s in budget["support"]] == ["Велодоріжка"]
    receipts = sections["ledger"]["data"]
    assert {r["kind"] for r in receipts} == {"petition.signed", "budget.ballot.cast"}
    assert all(len(r["salt"]) == 64 for r in receipts)
    assert [n["title"] for n in sections["core"]["data"]["notifications"]] == ["Вашу петицію оприлюднено"]

    text = response.content.decode()
    for foreign in ("Бондар", "petro@example.org", "Сусідське повідомлення", "198.51.100.0/24"):
        assert foreign not in text
    assert len(receipts) == PersonalReceipt.objects.filter(user=resident).count()


def test_the_file_speaks_the_language_of_the_page(client, life):
    client.force_login(life["resident"])

    ukrainian = _sections(client.get("/cabinet/privacy/export.json").json())
    english = _sections(client.get("/en/cabinet/privacy/export.json").json())

    assert ukrainian["petitions"]["title"] == "Петиції"
    assert english["petitions"]["title"] == "Petitions"
    assert english["petitions"]["data"]["petitions"][1]["status_label"] == "draft"
    assert ukrainian["petitions"]["data"]["petitions"][1]["status_label"] == "чернетка"
    assert english["budget"]["data"]["ballots"][1]["channel_label"] == "at TsNAP"


def test_the_file_needs_a_login(client, life):
    response = client.get("/cabinet/privacy/export.json")
    assert response.status_code == 302


# ------------------------------------------------------------------------------------------ erasure


def test_erasure_after_the_grace_period_unlinks_every_row_and_keeps_the_log_verifiable(settings, life):
    resident, neighbour = life["resident"], life["neighbour"]
    ledger_publish_all()
    user_request_deletion(user=resident)
    call_command("housekeeping", stdout=StringIO())
    assert PersonalReceipt.objects.filter(user=resident).exists()  # still within the grace period

    settings.HROMADA_DELETION_GRACE_DAYS = 0
    out = StringIO()
    call_command("housekeeping", stdout=out)

    assert "Accounts erased: 1." in out.getvalue()
    resident.refresh_from_db()
    assert not resident.is_active and resident.full_name != "Коваленко Марія Іванівна"
    # Deleted: the inbox, the receipts (salts), second factors, verifications, drafts.
    assert not Notification.objects.filter(recipient=resident).exists()
    assert not PersonalReceipt.objects.filter(user=resident).exists()
    assert not TOTPDevice.objects.filter(user=resident).exists()
    assert not StaticDevice.objects.filter(user=resident).exists()
    assert not VerificationRecord.objects.filter(user=resident).exists()
    assert not Petition.objects.filter(pk=life["draft"].pk).exists()
    assert not Project.objects.filter(pk=life["budget_draft"].pk).exists()
    # Kept as anonymous records: the published petition, the signature (counted), both ballots.
    assert Petition.objects.get(pk=life["mine"].pk).status == PetitionStatus.COLLECTING
    signature = Signature.objects.get(signer=resident)
    assert signature.status == SignatureStatus.VALID and signature.receipt_id is not None
    assert (signature.public_name, signature.show_name, signature.network, signature.email_domain) == (
        "",
        False,
        "",
        "",
    )
    ballots = Ballot.objects.filter(voter=resident).order_by("cast_at")
    assert [b.identity_document for b in ballots] == ["", ERASED]
    assert BallotChoice.objects.filter(ballot__in=ballots).count() == 2
    assert EligibilityProof.objects.get(person=resident).document == ""
    assert Support.objects.filter(person=resident).count() == 1
    # Nothing of the neighbour changed.
    assert PersonalReceipt.objects.filter(user=neighbour).count() == 2
    assert Signature.objects.get(signer=neighbour).public_name == "Бондар Петро Олексійович"
    assert Notification.objects.filter(recipient=neighbour).count() == 1

    # The ledger was never rewritten: it checks, before and after new entries.
    ledger_publish_all()
    assert log_check(hromada=life["world"].hromada) == []
    check = StringIO()
    call_command("ledger", "check", stdout=check, stderr=StringIO())
    assert "svitlohirsk: OK" in check.getvalue()

    # What is left about the erased person names them nowhere.
    text = json.dumps(personal_data_export(person=resident, language="uk"), ensure_ascii=False)
    for personal in ("Коваленко", "maria@example.org", "+380671112233", "203.0.113", "паспорт КВ", "довідка"):
        assert personal not in text


def test_the_privacy_page_names_the_parts_of_the_file(resident_client):
    page = resident_client.get("/cabinet/privacy/").content.decode()

    assert "Файл містить такі частини:" in page
    for title in ("Обліковий запис", "Квитанції журналу прозорості", "Петиції", "Громадський бюджет"):
        assert title in page

"""Applications through the actions: submit, correct, decide in one and two steps, issue; idempotency,
permissions, tenancy, the ledger and the erasure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from hromada.core.models import Notification
from hromada.core.workdays import KYIV
from hromada.ledger.models import PendingEntry
from hromada.services import actions, selectors
from hromada.services.models import Application, ApplicationFile, Event

from .factories import GOOD, PDF, make_service, make_world, spec

pytestmark = pytest.mark.django_db


def _submit(world, **kwargs):
    kwargs.setdefault("data", GOOD)
    return actions.application_submit(service=world.service, applicant=world.resident, **kwargs)


def test_submit_numbers_the_application_computes_deadline_and_fee_and_logs_it(
    world, clock, django_capture_on_commit_callbacks
):
    clock.set(dt.datetime(2026, 8, 21, 10, tzinfo=KYIV))  # Friday; martial law: 24 August is a working day
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(world)
    assert application.number == "2026-000001"
    assert len(application.access_code) == 8
    assert application.status == "submitted" and application.stage == "check"
    assert application.due_at.astimezone(KYIV).date() == dt.date(2026, 8, 28)
    assert application.fee_kop == 0
    assert application.data == {"full_name": "Петренко Олена", "rnokpp": GOOD["rnokpp"], "kind": "house"}
    assert PendingEntry.objects.filter(kind="services.application_submitted").count() == 1
    assert Notification.objects.filter(recipient=world.resident, kind="services.submitted").exists()
    assert _submit(world, idempotency_key="").number == "2026-000002"


def test_the_same_idempotency_key_files_once(world):
    first = _submit(world, idempotency_key="abc")
    second = _submit(world, idempotency_key="abc")
    assert first.pk == second.pk
    assert Application.objects.count() == 1


def test_every_bad_field_is_named_in_the_residents_language(world):
    with pytest.raises(ApplicationError) as error:
        _submit(world, data={"full_name": "", "rnokpp": "1234567890", "kind": "plot", "cadastral": "12:34"})
    fields = error.value.fields
    assert "ПІБ" in fields["full_name"][0]
    assert "РНОКПП" in fields["rnokpp"][0]
    assert "Кадастровий номер" in fields["cadastral"][0]
    assert Application.objects.count() == 0


def test_a_disguised_or_oversized_upload_is_refused_with_the_limit(hromada):
    world = make_world(hromada, file_required=True)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ApplicationError) as error:
        _submit(world, files={"scan": fake})
    assert "Скан документа" in error.value.fields["scan"][0]
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10) + b"\n%%EOF\n")
    with pytest.raises(ApplicationError) as error:
        _submit(world, files={"scan": big})
    assert "1,0" in error.value.fields["scan"][0] or "1.0" in error.value.fields["scan"][0]
    good = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    application = _submit(world, files={"scan": good})
    assert ApplicationFile.objects.get(application=application).content_type == "application/pdf"


def test_identity_level_is_required_online_but_checked_in_person_at_the_desk(hromada):
    world = make_world(hromada, level=3)
    world.resident.verification_level = 1
    world.resident.save()
    with pytest.raises(PermissionDeniedError):
        _submit(world)
    application = actions.application_submit(
        service=world.service, applicant=world.resident, data=GOOD, filed_by=world.officer
    )
    assert application.channel == "desk" and application.filed_by == world.officer
    with pytest.raises(PermissionDeniedError):
        actions.application_submit(
            service=world.service, applicant=None, data=GOOD, filed_by=world.specialist
        )


def test_whole_flow_correction_resubmit_two_step_decision_and_result(two_step_world, clock):
    world = two_step_world
    clock.set(dt.datetime(2026, 3, 2, 10, tzinfo=KYIV))  # Monday
    application = _submit(world)
    assert application.due_at.astimezone(KYIV).date() == dt.date(2026, 3, 9)

    clock.set(dt.datetime(2026, 3, 4, 10, tzinfo=KYIV))  # three working days left
    actions.application_return(application=application, actor=world.specialist, comment="Додайте скан.")
    with pytest.raises(ConflictError):
        actions.application_take(application=application, actor=world.specialist)

    clock.set(dt.datetime(2026, 3, 12, 10, tzinfo=KYIV))
    application = actions.application_correct(
        application=application,
        applicant=world.resident,
        data={**GOOD, "kind": "plot", "cadastral": "7110100000:01:001:0001"},
    )
    assert application.status == "submitted"
    assert application.due_at.astimezone(KYIV).date() == dt.date(2026, 3, 17)
    assert application.data["cadastral"] == "7110100000:01:001:0001"

    application = actions.application_take(application=application, actor=world.specialist)
    application = actions.application_stage(application=application, actor=world.specialist, stage="decide")
    actions.application_note(application=application, actor=world.specialist, text="Перевірено в ДЗК.")
    application = actions.application_decide(application=application, actor=world.specialist, approve=True)
    assert application.status == "awaiting_approval" and application.decided_at is None
    application = actions.application_send_back(
        application=application, actor=world.head, comment="Уточніть."
    )
    application = actions.application_decide(application=application, actor=world.specialist, approve=True)
    with pytest.raises(PermissionDeniedError):
        # The specialist cannot approve their own proposal.
        actions.application_decide(application=application, actor=world.specialist, approve=True)
    application = actions.application_decide(application=application, actor=world.head, approve=True)
    assert application.status == "approved" and application.decided_by == world.head

    from hromada.core.uploads import CleanUpload

    document = CleanUpload(
        content=PDF, content_type="application/pdf", extension="pdf", original_name="r.pdf"
    )
    application = actions.application_issue(
        application=application, actor=world.specialist, result_text="Адресу присвоєно.", document=document
    )
    assert application.status == "issued"
    assert ApplicationFile.objects.filter(application=application, field="result").exists()
    kinds = list(Event.objects.filter(application=application).values_list("kind", flat=True))
    assert kinds == [
        "submitted", "returned", "corrected", "taken", "stage", "note", "prepared", "sent_back", "prepared",
        "approved", "issued",
    ]  # fmt: skip
    logged = set(PendingEntry.objects.filter(kind__startswith="services.").values_list("kind", flat=True))
    assert {
        "services.application_submitted",
        "services.application_decided",
        "services.application_issued",
    } <= logged
    assert PendingEntry.objects.filter(kind="audit.application.approved").exists()
    public = selectors.events_of(application=application, internal=False).values_list("kind", flat=True)
    assert "note" not in public


def test_refusal_needs_a_coded_ground_and_an_explanation_and_can_be_filed_again(world):
    application = actions.application_take(application=_submit(world), actor=world.specialist)
    with pytest.raises(ApplicationError) as error:
        actions.application_decide(
            application=application, actor=world.specialist, approve=False, refusal_code="x"
        )
    assert "refusal_code" in error.value.fields
    with pytest.raises(ApplicationError) as error:
        actions.application_decide(
            application=application, actor=world.specialist, approve=False, refusal_code="incomplete"
        )
    assert "text" in error.value.fields
    application = actions.application_decide(
        application=application,
        actor=world.specialist,
        approve=False,
        refusal_code="incomplete",
        text="Немає скану.",
    )
    assert application.status == "refused"
    draft = actions.application_copy_as_draft(application=application, applicant=world.resident)
    assert draft.status == "draft" and draft.data == application.data
    again = actions.application_submit(
        service=world.service, applicant=world.resident, data=draft.data, draft=draft
    )
    assert again.pk == draft.pk and again.status == "submitted" and again.number != application.number


def test_a_disguised_result_document_is_refused_by_the_action_on_the_document_field(world):
    application = actions.application_take(application=_submit(world), actor=world.specialist)
    application = actions.application_decide(application=application, actor=world.specialist, approve=True)
    disguised = SimpleUploadedFile("result.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(ApplicationError) as error:
        actions.application_issue(
            application=application, actor=world.specialist, result_text="", document=disguised
        )

    assert list(error.value.fields) == ["document"]
    assert "PDF" in error.value.fields["document"][0]
    application.refresh_from_db()
    assert application.status == "approved"
    assert not ApplicationFile.objects.filter(application=application, field="result").exists()
    issued = actions.application_issue(
        application=application,
        actor=world.specialist,
        result_text="",
        document=SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf"),
    )
    assert issued.status == "issued"
    assert (
        ApplicationFile.objects.get(application=application, field="result").content_type == "application/pdf"
    )


def test_officials_of_another_department_and_residents_cannot_handle(world):
    application = _submit(world)
    for person in (world.outsider, world.resident):
        with pytest.raises(PermissionDeniedError):
            actions.application_take(application=application, actor=person)
    actions.application_take(application=application, actor=world.officer)  # ЦНАП administrator
    other = make_service(world.hromada, code="cnap-001")
    assert other.department is None


def test_tenancy_an_official_of_another_hromada_cannot_touch_it(world, other_hromada):
    application = _submit(world)
    stranger = make_world(other_hromada).administrator
    with pytest.raises(PermissionDeniedError):
        actions.application_take(application=application, actor=stranger)
    assert selectors.application_for_staff(hromada=other_hromada, pk=application.pk) is None
    assert (
        selectors.application_by_number(
            hromada=other_hromada, number=application.number, access_code=application.access_code
        )
        is None
    )


def test_a_new_definition_version_applies_to_new_applications_only(world):
    first = _submit(world)
    newer = spec()
    newer["fields"].append({"name": "note", "type": "text", "label": {"uk": "Примітка"}, "required": True})
    definition = actions.definition_publish(service=world.service, spec=newer, actor=world.administrator)
    assert definition.version == 2
    actions.application_return(application=first, actor=world.specialist, comment="Уточніть.")
    corrected = actions.application_correct(application=first, applicant=world.resident, data=GOOD)
    assert corrected.definition.version == 1  # the new required field is not asked of it
    with pytest.raises(ApplicationError):
        _submit(world)


def test_broken_definitions_are_not_published(world):
    broken = spec()
    broken["workflow"]["stages"][0].pop("role")
    with pytest.raises(ApplicationError) as error:
        actions.definition_publish(service=world.service, spec=broken, actor=world.administrator)
    assert any("роль" in m or "role" in m for m in error.value.fields["spec"])
    with pytest.raises(PermissionDeniedError):
        actions.definition_publish(service=world.service, spec=spec(), actor=world.specialist)
    assert actions.definition_check(spec=spec()) == []
    with pytest.raises(ApplicationError):
        actions.definition_parse(text="{not json")


def test_drafts_autosave_and_withdraw(world):
    draft = actions.application_draft_save(
        service=world.service, applicant=world.resident, data={"full_name": "О"}
    )
    draft = actions.application_draft_save(
        service=world.service,
        applicant=world.resident,
        data={"full_name": "Олена", "junk": "x"},
        application=draft,
    )
    assert draft.data == {"full_name": "Олена"} and draft.number == ""
    with pytest.raises(PermissionDeniedError):
        actions.application_draft_save(
            service=world.service, applicant=world.specialist, data={}, application=draft
        )
    filed = _submit(world)
    actions.application_withdraw(application=filed, applicant=world.resident)
    filed.refresh_from_db()
    assert filed.status == "withdrawn"


def test_fee_is_computed_for_the_filing_date_and_marked_paid(hromada, clock):
    world = make_world(hromada, fee="0.015*PM")
    clock.set(dt.datetime(2026, 1, 5, 10, tzinfo=KYIV))
    application = _submit(world)
    assert application.fee_kop == 4992
    with pytest.raises(PermissionDeniedError):
        actions.application_mark_paid(application=application, actor=world.resident)
    application = actions.application_mark_paid(application=application, actor=world.specialist)
    assert application.fee_paid_at is not None


def test_overdue_applications_are_escalated_to_the_head_once(
    world, clock, django_capture_on_commit_callbacks
):
    clock.set(dt.datetime(2026, 3, 2, 10, tzinfo=KYIV))
    _submit(world)
    clock.set(dt.datetime(2026, 3, 20, 10, tzinfo=KYIV))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.applications_escalate() == 1
    assert actions.applications_escalate() == 0
    assert Notification.objects.filter(recipient=world.head, kind="services.overdue").count() == 1


def test_escalation_in_batches_reaches_every_overdue_application(
    world, clock, monkeypatch, django_capture_on_commit_callbacks
):
    # Escalated applications used to stay in the batch, so once a batch's worth of them had been told,
    # the overdue applications after them were never escalated.
    monkeypatch.setattr("hromada.services.actions.applications.ESCALATE_BATCH", 1)
    clock.set(dt.datetime(2026, 3, 2, 10, tzinfo=KYIV))
    first = _submit(world)
    clock.set(dt.datetime(2026, 3, 3, 10, tzinfo=KYIV))
    second = _submit(world)
    clock.set(dt.datetime(2026, 3, 20, 10, tzinfo=KYIV))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.applications_escalate() == 1
        assert actions.applications_escalate() == 1
    assert actions.applications_escalate() == 0
    assert {first.pk, second.pk} == set(
        Event.objects.filter(kind="escalated").values_list("application_id", flat=True)
    )


def test_erasure_deletes_drafts_and_strips_filed_applications(world):
    from hromada.core.personal_data import personal_data_export

    actions.application_draft_save(service=world.service, applicant=world.resident, data={"full_name": "О"})
    filed = _submit(world)
    exported = personal_data_export(person=world.resident, language="uk")
    section = next(s["data"] for s in exported["sections"] if s["key"] == "services")
    assert [a["number"] for a in section["applications"]] == ["", filed.number]
    actions.applications_erase(applicant=world.resident)
    assert Application.objects.filter(applicant=world.resident).count() == 1
    filed.refresh_from_db()
    assert filed.data == {} and filed.number and filed.status == "submitted"


def test_catalogue_import_is_idempotent_and_keeps_officials_edits(hromada):
    from hromada.services.catalogue import SeedService, Term

    seed = SeedService(
        number=38, title="Присвоєння адреси", rap_id="00153", provider="ОМС", legal_basis=(("law", "Закон 3038-VI"),),  # noqa: E501
        term_text="5 р.д.", fee_text="безоплатно", sources="R32", regular_term=Term(5, "working_days"),
        urgent_term=None, regular_fee="0", urgent_fee=None, rounding=1, categories=("construction",),
        life_situations=("construction",),
    )  # fmt: skip
    assert actions.catalogue_import(hromada=hromada, seeds=[seed]) == 1
    service = selectors.service_get(hromada=hromada, code="cnap-038")
    service.title = "Присвоєння адреси (відредаговано)"
    actions.service_save(service=service, actor=None)
    assert actions.catalogue_import(hromada=hromada, seeds=[seed]) == 0
    service.refresh_from_db()
    assert service.title.endswith("(відредаговано)")
    assert service.tariffs.get().term_unit == "working_days"


def test_tariffs_take_only_computable_formulas_and_base_values_only_from_the_operator(world):
    from decimal import Decimal

    from hromada.services.models import FeeBaseValue
    from tests.factories import UserFactory

    tariff = world.service.tariffs.get()
    tariff.fee_formula = "0.1*XYZ"
    with pytest.raises(ApplicationError) as error:
        actions.tariff_save(tariff=tariff, actor=world.administrator)
    assert "fee_formula" in error.value.fields
    tariff.fee_formula = "0.05*PM"
    with pytest.raises(PermissionDeniedError):
        actions.tariff_save(tariff=tariff, actor=world.specialist)
    actions.tariff_save(tariff=tariff, actor=world.head)
    assert world.service.tariffs.get().fee_formula == "0.05*PM"

    row = FeeBaseValue(base="PM", valid_from=dt.date(2027, 1, 1), amount=Decimal("3500"))
    with pytest.raises(PermissionDeniedError):
        actions.fee_base_value_save(row=row, actor=world.administrator)
    operator = UserFactory(hromada=world.hromada, is_staff=True, is_superuser=True)
    actions.fee_base_value_save(row=row, actor=operator)
    assert selectors.fee_for(tariff=tariff, on=dt.date(2027, 2, 1)) == 17500

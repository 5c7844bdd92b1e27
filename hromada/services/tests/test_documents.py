"""The result document: the template checked when a definition is published, filled on issue, printable
by the applicant and the officials with a QR code of its check page; the public check by number and code
shows no personal data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from hromada.core.errors import ApplicationError
from hromada.core.workdays import KYIV
from hromada.services import actions, documents, selectors
from hromada.services.definitions import validate_definition
from hromada.services.models import Application

from .factories import GOOD, logged_in, make_world, spec, with_second_factor

TEMPLATE = {"uk": "{hromada}\nДовідка № {number} від {date}\nВидано: {full_name}, об'єкт: {kind}.\n{result}"}


def test_render_fills_placeholders_and_marks_missing_values():
    text = documents.render(
        "№ {number}: {full_name} / {address}", {"number": "2026-000001", "full_name": "О."}
    )
    assert text == "№ 2026-000001: О. / —"


def test_a_template_with_an_unknown_placeholder_or_a_stray_brace_is_refused():
    assert documents.template_problems(TEMPLATE, ["full_name", "kind"]) == []
    assert documents.template_problems({"uk": "{full_nam}"}, ["full_name"]) == ["unknown_placeholder"]
    assert documents.template_problems({"uk": "{number} {"}, []) == ["stray_brace"]
    assert documents.template_problems({"en": "{number}"}, []) == ["not_a_template"]
    broken = {**spec(), "result_template": {"uk": "Видано {surname}"}}
    assert [(p.code, p.path) for p in validate_definition(broken)] == [
        ("template_unknown_placeholder", "result_template")
    ]
    assert validate_definition({**spec(), "result_template": TEMPLATE}) == []


def _issued(world, clock) -> Application:
    actions.definition_publish(
        service=world.service, spec={**spec(), "result_template": TEMPLATE}, actor=None
    )
    clock.set(dt.datetime(2026, 3, 2, 10, tzinfo=KYIV))
    application = actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    application = actions.application_take(application=application, actor=world.specialist)
    application = actions.application_decide(application=application, actor=world.specialist, approve=True)
    clock.set(dt.datetime(2026, 3, 4, 12, tzinfo=KYIV))
    return actions.application_issue(
        application=application, actor=world.specialist, result_text="Адресу присвоєно."
    )


@pytest.mark.django_db
def test_issuing_fills_the_template_and_gives_a_verification_code(hromada, clock):
    world = make_world(hromada)
    application = _issued(world, clock)

    assert re.fullmatch(r"[A-Z2-9]{10}", application.document_code)
    assert application.document_text == (
        f"{hromada.name}\nДовідка № {application.number} від 04.03.2026\n"
        "Видано: Петренко Олена, об'єкт: Будинок.\nАдресу присвоєно."
    )
    assert (
        selectors.document_verified(
            hromada=hromada, number=application.number, code=application.document_code.lower()
        )
        == application
    )
    assert selectors.document_verified(hromada=hromada, number=application.number, code="AAAAAAAAAA") is None


@pytest.mark.django_db
def test_without_a_template_the_default_document_names_the_service_and_the_result(hromada, clock):
    world = make_world(hromada)
    application = actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    application = actions.application_take(application=application, actor=world.specialist)
    application = actions.application_decide(application=application, actor=world.specialist, approve=True)
    application = actions.application_issue(
        application=application, actor=world.specialist, result_text="Готово."
    )
    assert world.service.title in application.document_text and "Готово." in application.document_text
    assert application.number in application.document_text


@pytest.mark.django_db
def test_the_document_page_is_printable_with_a_qr_code_of_the_check_page(hromada, clock):
    world = make_world(hromada)
    application = _issued(world, clock)

    page = logged_in(world.resident).get(f"/services/applications/{application.pk}/document/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Видано: Петренко Олена" in body and 'class="qr"' in body
    assert f"/services/verify/?number={application.number}&amp;code={application.document_code}" in body
    assert "services/services.css" in body
    assert (
        logged_in(world.outsider).get(f"/services/applications/{application.pk}/document/").status_code == 404
    )
    staff = with_second_factor(world.specialist).get(f"/services/queue/{application.pk}/document/")
    assert staff.status_code == 200 and application.document_code in staff.content.decode()
    detail = logged_in(world.resident).get(f"/services/applications/{application.pk}/").content.decode()
    assert f"/services/applications/{application.pk}/document/" in detail


@pytest.mark.django_db
def test_an_undecided_application_has_no_document(world):
    application = actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    assert (
        logged_in(world.resident).get(f"/services/applications/{application.pk}/document/").status_code == 404
    )
    with pytest.raises(ApplicationError):
        actions.application_issue(application=application, actor=world.specialist, result_text="x")


@pytest.mark.django_db
def test_the_public_check_says_genuine_without_personal_data(hromada, clock):
    world = make_world(hromada)
    application = _issued(world, clock)

    genuine = Client().get(
        "/services/verify/", {"number": application.number, "code": application.document_code}
    )
    body = genuine.content.decode()
    assert genuine.status_code == 200
    assert "Документ справжній" in body and world.service.title in body and "4 березня 2026" in body
    assert "Петренко" not in body and "Адресу присвоєно" not in body and world.resident.email not in body
    wrong = Client().get("/services/verify/", {"number": application.number, "code": "WRONGCODE2"})
    assert "Документ справжній" not in wrong.content.decode()
    assert "Немає документа" in wrong.content.decode()
    english = Client().get(
        "/en/services/verify/", {"number": application.number, "code": application.document_code}
    )
    assert "The document is genuine" in english.content.decode()
    empty = Client().get("/services/verify/")
    assert empty.status_code == 200 and "Документ справжній" not in empty.content.decode()


@pytest.mark.django_db
def test_erasure_removes_the_document_text_but_the_check_still_answers(hromada, clock):
    world = make_world(hromada)
    application = _issued(world, clock)
    actions.applications_erase(applicant=world.resident)
    application.refresh_from_db()
    assert application.document_text == "" and application.document_code
    assert (
        selectors.document_verified(
            hromada=hromada, number=application.number, code=application.document_code
        )
        == application
    )

"""Answering a correction request with a document from the chat: the services module's own action,
``application_correct``, sends the application back with the file, as the web form does."""

from __future__ import annotations

import pytest

from hromada.bot.actions import chat_link, link_code_create
from hromada.bot.models import Chat
from hromada.services import actions as service_actions
from hromada.services.models import ApplicationFile
from hromada.services.tests.factories import GOOD, PDF, make_world

from . import shapes

pytestmark = pytest.mark.django_db

CHAT = 7500


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


@pytest.fixture
def returned(hromada):
    world = make_world(hromada)
    application = service_actions.application_submit(
        service=world.service, applicant=world.resident, data=GOOD
    )
    service_actions.application_return(
        application=application, actor=world.specialist, comment="Додайте скан."
    )
    application.refresh_from_db()
    return world, application


def _link(talk, person, hromada):
    talk(shapes.text(CHAT, "/menu"))
    chat_link(
        chat=Chat.objects.get(external_id=str(CHAT)), code=link_code_create(hromada=hromada, person=person)
    )


def test_a_correction_request_is_answered_with_a_pdf_from_the_chat(talk, standin, hromada, returned):
    world, application = returned
    _link(talk, world.resident, hromada)
    standin.files["DOC1"] = PDF

    listing = "\n".join(talk(shapes.callback(CHAT, "m:apps")))
    offered = str(standin.sent("sendMessage", CHAT)[-2]["reply_markup"])
    asked = "\n".join(talk(shapes.callback(CHAT, f"ap:c:{application.pk}")))
    answer = "\n".join(talk(shapes.document(CHAT, "DOC1", "скан.pdf", "application/pdf", len(PDF))))

    assert "Додайте скан." in listing
    assert f"'ap:c:{application.pk}'" in offered
    assert "Скан документа" in asked
    application.refresh_from_db()
    assert application.status == "submitted"
    assert all(application.data[name] == value for name, value in GOOD.items())  # the answers are kept
    stored = ApplicationFile.objects.get(application=application, field="scan")
    assert stored.original_name == "скан.pdf" and stored.content_type == "application/pdf"
    assert application.number in answer
    assert Chat.objects.get(external_id=str(CHAT)).state == ""


def test_a_wrong_file_is_refused_in_the_actions_words_and_the_step_is_kept(talk, standin, hromada, returned):
    world, application = returned
    _link(talk, world.resident, hromada)
    standin.files["PNG1"] = b"\x89PNG\r\n\x1a\n" + b"\0" * 64

    talk(shapes.callback(CHAT, f"ap:c:{application.pk}"))
    sticker = talk(shapes.sticker(CHAT))
    refused = talk(shapes.document(CHAT, "PNG1", "фото.png", "image/png", 72))
    too_large = talk(shapes.document(CHAT, "BIG", "великий.pdf", "application/pdf", 2 * 1024 * 1024))

    assert "Скан документа" in refused[0]  # the field's label in the action's own message
    assert "1 MB" in too_large[0] or "1 МБ" in too_large[0]
    assert len(sticker) == 2
    application.refresh_from_db()
    assert application.status == "correction"
    assert not ApplicationFile.objects.filter(application=application).exists()
    assert Chat.objects.get(external_id=str(CHAT)).state == "apps.document"


def test_another_persons_application_cannot_be_corrected_from_the_chat(talk, standin, hromada, returned):
    from tests.factories import UserFactory

    _world, application = returned
    _link(talk, UserFactory(hromada=hromada), hromada)

    answer = talk(shapes.callback(CHAT, f"ap:c:{application.pk}"))

    assert answer == ["Ця кнопка вже не діє."]
    assert Chat.objects.get(external_id=str(CHAT)).state == ""


def test_a_correction_request_is_answered_with_corrected_answers_from_the_chat(
    talk, standin, hromada, returned
):
    world, application = returned
    _link(talk, world.resident, hromada)

    talk(shapes.callback(CHAT, "m:apps"))
    offered = str(standin.sent("sendMessage", CHAT)[-2]["reply_markup"])
    listed = "\n".join(talk(shapes.callback(CHAT, f"ap:e:{application.pk}")))
    fields = [b["callback_data"] for b in talk.buttons(CHAT)]
    asked = "\n".join(talk(shapes.callback(CHAT, "ae:f:kind")))
    choices = [b["callback_data"] for b in talk.buttons(CHAT)]
    talk(shapes.callback(CHAT, "aa:v:plot"))
    after_kind = [b["callback_data"] for b in talk.buttons(CHAT)]
    refused = "\n".join(talk(shapes.callback(CHAT, "ae:s")))  # a plot needs its cadastral number
    application.refresh_from_db()
    status_after_refusal = application.status
    talk(shapes.callback(CHAT, "ae:f:cadastral"))
    junk = talk(shapes.sticker(CHAT))
    talk(shapes.text(CHAT, "1234567890:12:345:6789"))
    answer = "\n".join(talk(shapes.callback(CHAT, "ae:s")))

    assert f"'ap:e:{application.pk}'" in offered
    assert "Додайте скан." in listed and "Об'єкт: Будинок" in listed
    assert fields == ["ae:f:full_name", "ae:f:rnokpp", "ae:f:kind"]  # no file, no hidden field, no Send yet
    assert "Об'єкт" in asked and choices == ["aa:v:house", "aa:v:plot", "aa:b"]
    assert "ae:f:cadastral" in after_kind and after_kind[-1] == "ae:s"
    assert "Кадастровий номер" in refused and status_after_refusal == "correction"
    assert len(junk) == 2  # a hint, and the question again
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.data == {**GOOD, "kind": "plot", "cadastral": "1234567890:12:345:6789"}
    assert application.number in answer
    assert Chat.objects.get(external_id=str(CHAT)).state == ""

"""The result document on English pages: the official Ukrainian text, then an English rendering of the
definition's ``en`` template (or the default one) clearly marked as an unofficial translation; without an
``en`` template a line says no translation exists. The PDF likewise, on a page of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.core.workdays import KYIV
from hromada.services import actions, selectors

from .factories import GOOD, logged_in, make_world, spec, with_second_factor
from .test_pdf import _flat, _text

pytestmark = pytest.mark.django_db

BOTH = {
    "uk": "{hromada}\nДовідка № {number} від {date}\nВидано: {full_name}, об'єкт: {kind}.\n{result}",
    "en": "{hromada}\nCertificate No. {number} of {date}\nIssued to: {full_name}, object: {kind}.\n{result}",
}


def _issued(world, clock, template):
    definition = {**spec(), "result_template": template} if template else spec()
    actions.definition_publish(service=world.service, spec=definition, actor=None)
    clock.set(dt.datetime(2026, 3, 2, 10, tzinfo=KYIV))
    application = actions.application_submit(service=world.service, applicant=world.resident, data=GOOD)
    application = actions.application_take(application=application, actor=world.specialist)
    application = actions.application_decide(application=application, actor=world.specialist, approve=True)
    clock.set(dt.datetime(2026, 3, 4, 12, tzinfo=KYIV))
    return actions.application_issue(application=application, actor=world.specialist, result_text="Готово.")


def test_the_english_rendering_fills_the_en_template_with_english_names_and_the_answers_as_written(
    hromada, clock
):
    hromada.name_en = "Svitlohirsk Hromada"
    hromada.save()
    world = make_world(hromada)
    application = _issued(world, clock, BOTH)

    text = selectors.document_text(application=application, language="en")

    assert text == (
        f"Svitlohirsk Hromada\nCertificate No. {application.number} of 04.03.2026\n"
        "Issued to: Петренко Олена, object: Будинок.\nГотово."
    )
    assert selectors.document_text(application=application, language="uk") == application.document_text


def test_english_pages_show_the_official_text_then_the_unofficial_translation(hromada, clock):
    world = make_world(hromada)
    application = _issued(world, clock, BOTH)
    url = f"/services/applications/{application.pk}/document/"

    english = logged_in(world.resident).get(f"/en{url}").content.decode()
    ukrainian = logged_in(world.resident).get(url).content.decode()
    staff = with_second_factor(world.specialist).get(f"/en/services/queue/{application.pk}/document/")

    official, translation = english.split("Unofficial English translation", 1)
    assert "Видано: Петренко Олена" in official and 'lang="uk"' in official
    assert "Issued to: Петренко Олена" in translation and "only it has legal force" in translation
    assert "Unofficial English translation" not in ukrainian and "Issued to" not in ukrainian
    assert "Issued to: Петренко Олена" in staff.content.decode()


def test_without_an_english_template_the_page_says_no_translation_exists(hromada, clock):
    world = make_world(hromada)
    application = _issued(world, clock, {"uk": BOTH["uk"]})

    english = logged_in(world.resident).get(f"/en/services/applications/{application.pk}/document/")

    assert selectors.document_text(application=application, language="en") is None
    assert "No English translation of this document exists" in english.content.decode()
    assert "Видано: Петренко Олена" in english.content.decode()


def test_without_any_template_the_default_one_is_rendered_in_english(hromada, clock):
    world = make_world(hromada)
    application = _issued(world, clock, None)

    text = selectors.document_text(application=application, language="en")

    assert text is not None and f"Document No. {application.number} of 04.03.2026" in text
    assert (world.service.title_en or world.service.title) in text


def test_the_english_pdf_adds_a_page_with_the_unofficial_translation(hromada, clock):
    world = make_world(hromada)
    application = _issued(world, clock, BOTH)
    url = f"/services/applications/{application.pk}/document.pdf"

    english_reader, english = _text(b"".join(logged_in(world.resident).get(f"/en{url}")))
    ukrainian_reader, ukrainian = _text(b"".join(logged_in(world.resident).get(url)))

    assert len(english_reader.pages) == len(ukrainian_reader.pages) + 1
    last = _flat(english_reader.pages[-1].extract_text())
    assert "Unofficial English translation" in last and "Issued to: Петренко Олена" in last
    assert "Видано: Петренко Олена" in _flat(english) and "Unofficial" not in _flat(ukrainian)

"""What the department can still change while preparing: delete a consultation never announced, give the
options of a question their English texts, edit a draft version's text and paragraph split until the
consultation opens."""

import datetime as dt
import json

import pytest
from django.test import Client

from hromada.consultations.actions import (
    consultation_announce,
    consultation_create,
    consultation_delete,
    draft_version_add,
    draft_version_update,
    hearing_add,
    question_add,
    question_update,
)
from hromada.consultations.models import Consultation, DraftVersion, Hearing, Option, Paragraph, Question
from hromada.core import clock as core_clock
from hromada.core.errors import ApplicationError, PermissionDeniedError
from hromada.ledger.models import Entry, PendingEntry
from tests.factories import login_with_totp, make_official

from .factories import DRAFT, make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(hromada, consultation_official):
    opens = core_clock.now() + dt.timedelta(days=3)
    return consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="Сквер на Шевченка",
        summary="Як облаштувати сквер?",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=20),
    )


def _kinds(kind):
    return PendingEntry.objects.filter(kind=kind).count() + Entry.objects.filter(kind=kind).count()


# ------------------------------------------------------------------------------------------- deleting


def test_a_consultation_being_prepared_is_deleted_with_its_survey_draft_and_hearings(
    prepared, consultation_official
):
    question_add(
        consultation=prepared, by=consultation_official, kind="single", text="Що?", options=["А", "Б"]
    )
    draft_version_add(consultation=prepared, by=consultation_official, text=DRAFT)
    hearing_add(
        consultation=prepared,
        by=consultation_official,
        title="Слухання",
        starts_at=prepared.opens_at + dt.timedelta(days=1),
        ends_at=prepared.opens_at + dt.timedelta(days=1, hours=1),
        place="Зал",
        capacity=10,
    )

    title = consultation_delete(consultation=prepared, by=consultation_official)

    assert title == "Сквер на Шевченка"
    assert not Consultation.objects.exists()
    assert not Question.objects.exists() and not Option.objects.exists()
    assert not DraftVersion.objects.exists() and not Paragraph.objects.exists()
    assert not Hearing.objects.exists()


def test_an_announced_consultation_cannot_be_deleted(hromada, consultation_official):
    announced = make_consultation(hromada, official=consultation_official)

    with pytest.raises(ApplicationError) as refused:
        consultation_delete(consultation=announced, by=consultation_official)

    assert refused.value.code == "frozen"
    assert Consultation.objects.filter(pk=announced.pk).exists()


def test_a_resident_cannot_delete_a_prepared_consultation(prepared, participant):
    with pytest.raises(PermissionDeniedError):
        consultation_delete(consultation=prepared, by=participant)

    assert Consultation.objects.filter(pk=prepared.pk).exists()


def test_the_delete_page_asks_first_and_the_post_deletes(prepared, consultation_official):
    draft_version_add(consultation=prepared, by=consultation_official, text=DRAFT)
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{prepared.pk}/prepare/delete/"

    asked = staff.get(url)
    deleted = staff.post(url, follow=True)

    assert asked.status_code == 200 and "Видалити консультацію" in asked.content.decode()
    assert "1 редакція тексту проєкту" in asked.content.decode()
    assert "0 запитань опитування" in asked.content.decode()
    assert Consultation.objects.filter(pk=prepared.pk).exists() is False
    assert deleted.redirect_chain[-1][0].endswith("/consultations/")
    assert "Сквер на Шевченка" in deleted.content.decode()  # the message names it


def test_the_delete_page_of_an_announced_consultation_sends_back(hromada, consultation_official):
    announced = make_consultation(hromada, official=consultation_official)
    staff = login_with_totp(consultation_official)

    response = staff.post(f"/consultations/{announced.pk}/prepare/delete/")

    assert response.status_code == 302 and response["Location"].endswith(f"/{announced.pk}/prepare/")
    assert Consultation.objects.filter(pk=announced.pk).exists()


def test_another_department_gets_403_on_the_delete_page(prepared, hromada, consultation_official):
    from hromada.accounts.models import DepartmentMembership

    prepared.department = DepartmentMembership.objects.get(user=consultation_official).department
    prepared.save(update_fields=["department"])
    other = login_with_totp(make_official(hromada))

    assert other.post(f"/consultations/{prepared.pk}/prepare/delete/").status_code == 403
    assert Consultation.objects.filter(pk=prepared.pk).exists()


# --------------------------------------------------------------------------------- options in English


def test_options_and_rows_get_their_english_texts_by_position(prepared, consultation_official):
    question = question_add(
        consultation=prepared,
        by=consultation_official,
        kind="matrix",
        text="Оцініть",
        options=["Добре", "Погано"],
        options_en=["Good", "Poor"],
        rows=["Чистота", "Тиша"],
        rows_en=["", "Quiet"],
    )

    choices, rows = question.split_options()

    assert [o.text_en for o in choices] == ["Good", "Poor"]
    assert [o.text_en for o in rows] == ["", "Quiet"]


def test_an_options_english_text_changes_and_the_option_keeps_its_row(prepared, consultation_official):
    question = question_add(
        consultation=prepared, by=consultation_official, kind="single", text="Що?", options=["Лави", "Фонтан"]
    )
    before = [o.pk for o in question.options.all()]

    question_update(
        question=question,
        by=consultation_official,
        kind="single",
        text="Що?",
        options=["Лави", "Фонтан"],
        options_en=["Benches", "Fountain"],
    )

    after = list(Option.objects.filter(question=question).order_by("position"))
    assert [o.pk for o in after] == before
    assert [o.text_en for o in after] == ["Benches", "Fountain"]


def test_without_english_given_an_unchanged_option_keeps_its_english(prepared, consultation_official):
    question = question_add(
        consultation=prepared,
        by=consultation_official,
        kind="single",
        text="Що?",
        options=["Лави", "Фонтан"],
        options_en=["Benches", "Fountain"],
    )

    question_update(
        question=question, by=consultation_official, kind="single", text="Що?", options=["Лави", "Дерева"]
    )

    assert [o.text_en for o in Option.objects.filter(question=question).order_by("position")] == [
        "Benches",
        "",
    ]


def test_more_english_lines_than_options_are_refused(prepared, consultation_official):
    with pytest.raises(ApplicationError) as refused:
        question_add(
            consultation=prepared,
            by=consultation_official,
            kind="single",
            text="Що?",
            options=["Лави", "Фонтан"],
            options_en=["Benches", "Fountain", "Trees"],
        )

    assert "options_en" in refused.value.fields
    assert not Question.objects.exists()


def test_the_question_page_edits_the_options_english(prepared, consultation_official):
    question = question_add(
        consultation=prepared, by=consultation_official, kind="single", text="Що?", options=["Лави", "Фонтан"]
    )
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{prepared.pk}/prepare/questions/{question.pk}/"
    data = {
        "question-kind": "single",
        "question-text": "Що?",
        "question-options": "Лави\nФонтан",
        "question-options_en": "\nFountain",
        "question-rows": "",
        "question-rows_en": "",
        "question-required": "on",
        "question-scale_min": "1",
        "question-scale_max": "5",
    }

    response = staff.post(url, data)

    assert response.status_code == 302
    assert [o.text_en for o in Option.objects.filter(question=question).order_by("position")] == [
        "",
        "Fountain",
    ]
    assert "\nFountain</textarea>" in staff.get(url).content.decode()


def test_the_survey_shows_an_options_english_text_on_english_pages(prepared, consultation_official, clock):
    question_add(
        consultation=prepared,
        by=consultation_official,
        kind="single",
        text="Чи потрібні майданчики?",
        options=["Так", "Ні"],
        options_en=["Yes, we need them", ""],
    )
    consultation_announce(consultation=prepared, by=consultation_official)
    clock.advance(dt.timedelta(days=4))

    english = Client().get(f"/en/consultations/{prepared.pk}/").content.decode()
    ukrainian = Client().get(f"/consultations/{prepared.pk}/").content.decode()

    assert "Yes, we need them" in english and "Yes, we need them" not in ukrainian
    assert 'lang="uk">Ні<' in english  # no English: the Ukrainian text, marked as such


# ------------------------------------------------------------------------------------- paragraph split


def test_a_versions_paragraph_split_changes_before_the_announcement(prepared, consultation_official):
    version = draft_version_add(consultation=prepared, by=consultation_official, text="Перший. Другий.")

    draft_version_update(
        version=version, by=consultation_official, text="Перший.\n\nДругий.\n\nТретій.", note="поділ"
    )

    texts = list(Paragraph.objects.filter(version=version).order_by("number").values_list("text", flat=True))
    assert texts == ["Перший.", "Другий.", "Третій."]
    assert DraftVersion.objects.get().note == "поділ"
    assert _kinds("consultation.draft_version_changed") == 0  # not public yet: nothing to log


def test_a_split_changed_after_the_announcement_is_logged_with_the_new_hash(
    hromada, consultation_official, clock
):
    consultation = make_consultation(
        hromada, official=consultation_official, survey=False, starts_in=dt.timedelta(days=2)
    )
    version = DraftVersion.objects.get(consultation=consultation)

    draft_version_update(version=version, by=consultation_official, text="Один.\n\nДва.")

    assert Paragraph.objects.filter(version=version).count() == 2
    rows = list(PendingEntry.objects.filter(kind="consultation.draft_version_changed")) + list(
        Entry.objects.filter(kind="consultation.draft_version_changed")
    )
    assert len(rows) == 1
    payload = json.loads(bytes(rows[0].data))["payload"]
    assert payload["version"] == 1 and payload["paragraphs"] == 2


def test_the_split_cannot_change_once_the_consultation_is_open(open_consultation, consultation_official):
    version = DraftVersion.objects.get(consultation=open_consultation)
    before = list(Paragraph.objects.filter(version=version).values_list("pk", "text"))

    with pytest.raises(ApplicationError) as refused:
        draft_version_update(version=version, by=consultation_official, text="Усе інакше.")

    assert refused.value.code == "opened"
    assert list(Paragraph.objects.filter(version=version).values_list("pk", "text")) == before


def test_the_draft_page_edits_the_split_and_refuses_once_open(
    prepared, open_consultation, consultation_official
):
    version = draft_version_add(consultation=prepared, by=consultation_official, text="А. Б.")
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{prepared.pk}/prepare/draft/{version.pk}/"
    open_version = DraftVersion.objects.get(consultation=open_consultation)

    shown = staff.get(url)
    saved = staff.post(url, {"draft-text": "А.\n\nБ.", "draft-note": ""})
    refused = staff.get(f"/consultations/{open_consultation.pk}/prepare/draft/{open_version.pk}/")

    assert shown.status_code == 200 and "А. Б.</textarea>" in shown.content.decode()
    assert saved.status_code == 302 and Paragraph.objects.filter(version=version).count() == 2
    assert refused.status_code == 302
    assert Paragraph.objects.filter(version=open_version).count() == 3


def test_a_resident_cannot_edit_a_versions_split(prepared, consultation_official, participant):
    version = draft_version_add(consultation=prepared, by=consultation_official, text="А.")

    with pytest.raises(PermissionDeniedError):
        draft_version_update(version=version, by=participant, text="Б.")

    assert Paragraph.objects.get(version=version).text == "А."

"""Editing a prepared consultation before it is announced: its settings and dates, its questions (change,
remove, reorder, conditions); refused once announced (the rules are frozen) and for anyone but the
responsible department's officials and the hromada's administrators."""

import datetime as dt

import pytest
from django.utils import timezone

from hromada.accounts.models import DepartmentMembership
from hromada.consultations.actions import (
    consultation_announce,
    consultation_create,
    consultation_update,
    question_add,
    question_move,
    question_remove,
    question_update,
)
from hromada.consultations.models import Consultation, Option, Question
from hromada.core import clock
from hromada.core.errors import ApplicationError, PermissionDeniedError
from tests.factories import DepartmentFactory, login_with_totp, make_administrator, make_official

pytestmark = pytest.mark.django_db


def _department_of(official):
    return DepartmentMembership.objects.get(user=official).department


@pytest.fixture
def prepared(hromada, consultation_official):
    opens = clock.now() + dt.timedelta(days=3)
    return consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="Сквер на Шевченка",
        summary="Як облаштувати сквер?",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=20),
        department=_department_of(consultation_official),
    )


def _settings(consultation: Consultation, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "title": consultation.title,
        "summary": consultation.summary,
        "opens_at": consultation.opens_at,
        "closes_at": consultation.closes_at,
        "audience": consultation.audience,
        "subject": consultation.subject,
        "department": consultation.department,
    }
    values.update(changes)
    return values


def _choice(consultation, official, text="Що робити?", options=("Лави", "Фонтан", "Дерева")):
    return question_add(consultation=consultation, by=official, kind="single", text=text, options=options)


def test_the_settings_and_dates_change_before_the_announcement(prepared, consultation_official):
    later = prepared.opens_at + dt.timedelta(days=7)

    consultation_update(
        consultation=prepared,
        by=consultation_official,
        **_settings(prepared, title="Новий сквер", opens_at=later, closes_at=later + dt.timedelta(days=30)),
        min_age=16,
    )

    prepared.refresh_from_db()
    assert prepared.title == "Новий сквер"
    assert prepared.opens_at == later and prepared.min_age == 16


def test_changing_the_settings_after_the_announcement_is_refused_and_changes_nothing(
    prepared, consultation_official
):
    _choice(prepared, consultation_official)
    consultation_announce(consultation=prepared, by=consultation_official)

    with pytest.raises(ApplicationError) as refused:
        consultation_update(
            consultation=prepared, by=consultation_official, **_settings(prepared, title="Інша назва")
        )

    assert refused.value.code == "frozen"
    assert "вже не змінюються" in str(refused.value.message)
    prepared.refresh_from_db()
    assert prepared.title == "Сквер на Шевченка"


def test_bad_settings_are_refused_on_their_field(prepared, consultation_official, hromada):
    consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="Зайнята назва",
        summary="…",
        opens_at=prepared.opens_at,
        closes_at=prepared.closes_at,
    )

    with pytest.raises(ApplicationError) as backwards:
        consultation_update(
            consultation=prepared,
            by=consultation_official,
            **_settings(prepared, closes_at=prepared.opens_at - dt.timedelta(hours=1)),
        )
    with pytest.raises(ApplicationError) as taken:
        consultation_update(
            consultation=prepared, by=consultation_official, **_settings(prepared, title="Зайнята назва")
        )
    consultation_update(consultation=prepared, by=consultation_official, **_settings(prepared))  # its own

    assert "closes_at" in backwards.value.fields
    assert taken.value.code == "title_taken"


def test_another_departments_official_cannot_change_the_consultation(
    prepared, hromada, consultation_official
):
    question = _choice(prepared, consultation_official)
    stranger = make_official(hromada, email="stranger@example.org")

    with pytest.raises(PermissionDeniedError):
        consultation_update(consultation=prepared, by=stranger, **_settings(prepared, title="Чуже"))
    with pytest.raises(PermissionDeniedError):
        question_remove(question=question, by=stranger)
    with pytest.raises(PermissionDeniedError):
        consultation_announce(consultation=prepared, by=stranger)

    assert Question.objects.filter(pk=question.pk).exists()


def test_the_hromadas_administrator_may_change_any_departments_consultation(prepared, hromada):
    consultation_update(
        consultation=prepared,
        by=make_administrator(hromada),
        **_settings(prepared, title="Від адміністратора"),
    )

    prepared.refresh_from_db()
    assert prepared.title == "Від адміністратора"


def test_a_question_changes_and_its_kept_options_keep_their_rows(prepared, consultation_official):
    question = _choice(prepared, consultation_official)
    kept = question.options.get(text="Лави")

    question_update(
        question=question,
        by=consultation_official,
        kind="multiple",
        text="Що додати?",
        options=["Лавки", "Фонтан"],
        required=False,
    )

    question.refresh_from_db()
    assert (question.kind, question.text, question.required) == ("multiple", "Що додати?", False)
    assert question.options.order_by("position").values_list("pk", "text").first() == (kept.pk, "Лавки")
    assert question.options.count() == 2


def test_an_option_a_later_question_depends_on_cannot_be_removed(prepared, consultation_official):
    first = _choice(prepared, consultation_official)
    trees = first.options.get(text="Дерева")
    later = question_add(
        consultation=prepared, by=consultation_official, kind="text", text="Які дерева?", show_if=trees
    )

    with pytest.raises(ApplicationError) as refused:
        question_update(
            question=first, by=consultation_official, kind="single", text="Що?", options=["Лави", "Фонтан"]
        )
    with pytest.raises(ApplicationError):
        question_remove(question=first, by=consultation_official)

    assert refused.value.code == "has_dependants"
    assert Option.objects.filter(pk=trees.pk).exists()
    later.refresh_from_db()
    assert later.show_if_id == trees.pk


def test_a_condition_must_be_an_earlier_choice_question(prepared, consultation_official):
    first = _choice(prepared, consultation_official)
    text = question_add(consultation=prepared, by=consultation_official, kind="text", text="Чому?")
    second = _choice(prepared, consultation_official, text="А ще?", options=("Так", "Ні"))

    with pytest.raises(ApplicationError) as later_one:
        question_update(
            question=first,
            by=consultation_official,
            kind="single",
            text="Що робити?",
            options=["Лави", "Фонтан", "Дерева"],
            show_if=second.options.first(),
        )
    ranking = question_add(
        consultation=prepared, by=consultation_official, kind="ranking", text="Порядок", options=["А", "Б"]
    )
    with pytest.raises(ApplicationError) as not_a_choice:
        question_update(
            question=text,
            by=consultation_official,
            kind="text",
            text="Чому?",
            show_if=ranking.options.first(),
        )

    assert "show_if" in later_one.value.fields and "show_if" in not_a_choice.value.fields


def test_removing_a_question_moves_the_later_ones_up(prepared, consultation_official):
    first = _choice(prepared, consultation_official, text="Перше")
    _choice(prepared, consultation_official, text="Друге")
    _choice(prepared, consultation_official, text="Третє")

    question_remove(question=first, by=consultation_official)

    assert list(prepared.questions.values_list("position", "text")) == [(1, "Друге"), (2, "Третє")]


def test_questions_are_reordered_but_a_condition_stays_before_its_question(prepared, consultation_official):
    first = _choice(prepared, consultation_official, text="Перше")
    second = question_add(
        consultation=prepared,
        by=consultation_official,
        kind="text",
        text="Чому лави?",
        show_if=first.options.get(text="Лави"),
    )
    third = _choice(prepared, consultation_official, text="Третє")

    question_move(question=third, by=consultation_official, up=True)
    question_move(question=second, by=consultation_official, up=True)
    with pytest.raises(ApplicationError) as refused:
        question_move(question=second, by=consultation_official, up=True)
    with pytest.raises(ApplicationError) as edge:
        question_move(question=first, by=consultation_official, up=True)

    assert list(prepared.questions.values_list("text", flat=True)) == ["Перше", "Чому лави?", "Третє"]
    assert refused.value.code == "condition_order" and edge.value.code == "edge"


def test_questions_cannot_be_removed_or_moved_after_the_announcement(prepared, consultation_official):
    first = _choice(prepared, consultation_official, text="Перше")
    second = _choice(prepared, consultation_official, text="Друге")
    consultation_announce(consultation=prepared, by=consultation_official)

    for attempt in (
        lambda: question_remove(question=first, by=consultation_official),
        lambda: question_move(question=second, by=consultation_official, up=True),
        lambda: question_update(
            question=first, by=consultation_official, kind="text", text="Нове", options=[]
        ),
        lambda: question_add(consultation=prepared, by=consultation_official, kind="text", text="Ще"),
    ):
        with pytest.raises(ApplicationError) as refused:
            attempt()
        assert refused.value.code == "frozen"

    assert list(prepared.questions.values_list("text", "kind")) == [("Перше", "single"), ("Друге", "single")]


def test_a_question_of_another_consultation_is_not_found(prepared, consultation_official, hromada):
    other = consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="Інша",
        summary="…",
        opens_at=prepared.opens_at,
        closes_at=prepared.closes_at,
    )
    theirs = _choice(other, consultation_official)
    staff = login_with_totp(consultation_official)

    assert staff.get(f"/consultations/{prepared.pk}/prepare/questions/{theirs.pk}/").status_code == 404
    assert (
        staff.post(f"/consultations/{prepared.pk}/prepare/questions/{theirs.pk}/remove/").status_code == 404
    )
    assert Question.objects.filter(pk=theirs.pk).exists()


# -------------------------------------------------------------------------------------------- pages


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _form(consultation: Consultation, **changes: str) -> dict[str, str]:
    data = {
        "title": consultation.title,
        "title_en": "",
        "summary": consultation.summary,
        "summary_en": "",
        "subject": consultation.subject,
        "audience": consultation.audience,
        "district": "",
        "min_age": "0",
        "department": str(consultation.department_id or ""),
        "opens_at": _when(consultation.opens_at),
        "closes_at": _when(consultation.closes_at),
        "report_term_days": "30",
    }
    data.update(changes)
    return data


def test_the_settings_page_shows_the_current_settings_and_saves_changes(prepared, consultation_official):
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{prepared.pk}/prepare/settings/"

    page = staff.get(url).content.decode()
    saved = staff.post(url, _form(prepared, title="Сквер біля школи", report_term_days="45"))

    assert 'value="Сквер на Шевченка"' in page
    assert saved.status_code == 302 and saved["Location"] == f"/consultations/{prepared.pk}/prepare/"
    prepared.refresh_from_db()
    assert (prepared.title, prepared.report_term_days) == ("Сквер біля школи", 45)


def test_bad_settings_on_the_page_keep_what_was_typed_and_change_nothing(prepared, consultation_official):
    staff = login_with_totp(consultation_official)

    page = staff.post(
        f"/consultations/{prepared.pk}/prepare/settings/",
        _form(prepared, title="Нова назва", closes_at=_when(prepared.opens_at - dt.timedelta(days=1))),
    )

    assert page.status_code == 200
    body = page.content.decode()
    assert "closes_at_error" in body and 'value="Нова назва"' in body
    prepared.refresh_from_db()
    assert prepared.title == "Сквер на Шевченка"


def test_the_edit_pages_of_an_announced_consultation_send_back_with_the_reason(
    prepared, consultation_official
):
    question = _choice(prepared, consultation_official)
    consultation_announce(consultation=prepared, by=consultation_official)
    staff = login_with_totp(consultation_official)

    settings = staff.post(
        f"/consultations/{prepared.pk}/prepare/settings/", _form(prepared, title="Ні"), follow=True
    )
    edit = staff.get(f"/consultations/{prepared.pk}/prepare/questions/{question.pk}/", follow=True)
    removed = staff.post(f"/consultations/{prepared.pk}/prepare/questions/{question.pk}/remove/", follow=True)

    for response in (settings, edit, removed):
        assert "вже не змінюються" in response.content.decode()
    prepared.refresh_from_db()
    assert prepared.title == "Сквер на Шевченка" and Question.objects.filter(pk=question.pk).exists()


def test_another_departments_official_is_refused_the_edit_pages(prepared, hromada):
    DepartmentFactory(hromada=hromada)
    stranger = login_with_totp(make_official(hromada, email="stranger@example.org"))

    assert stranger.get(f"/consultations/{prepared.pk}/prepare/settings/").status_code == 403
    page = stranger.get(f"/consultations/{prepared.pk}/prepare/").content.decode()
    assert "/prepare/settings/" not in page and "/prepare/announce/" not in page


def test_a_conditional_question_is_added_and_changed_through_the_pages(prepared, consultation_official):
    first = _choice(prepared, consultation_official)
    trees = first.options.get(text="Дерева")
    staff = login_with_totp(consultation_official)
    url = f"/consultations/{prepared.pk}/prepare/questions/"
    form = {
        "question-kind": "text",
        "question-text": "Які дерева посадити?",
        "question-scale_min": "1",
        "question-scale_max": "5",
        "question-show_if": str(trees.pk),
    }

    assert f'value="{trees.pk}"' in staff.get(f"/consultations/{prepared.pk}/prepare/").content.decode()
    staff.post(url, form)
    added = Question.objects.get(text="Які дерева посадити?")
    changed = staff.post(url + f"{added.pk}/", {**form, "question-text": "Які саме дерева?"})
    moved = staff.post(url + f"{added.pk}/move/", {"direction": "up"}, follow=True)

    assert added.show_if_id == trees.pk and not added.required
    assert changed.status_code == 302
    added.refresh_from_db()
    assert added.text == "Які саме дерева?" and added.position == 2
    assert "лишається після питання, від якого залежить" in moved.content.decode()


def test_a_question_is_removed_through_the_page(prepared, consultation_official):
    question = _choice(prepared, consultation_official)
    staff = login_with_totp(consultation_official)

    removed = staff.post(f"/consultations/{prepared.pk}/prepare/questions/{question.pk}/remove/")

    assert removed.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()

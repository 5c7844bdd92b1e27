"""Matrix questions: rows answered on one shared scale of choices, one answer per row, every row of a
required matrix; results per row as a table with bars."""

import datetime as dt

import pytest
from django.test import Client

from hromada.consultations.actions import (
    consultation_announce,
    consultation_create,
    question_add,
    survey_answer,
    survey_answer_change,
)
from hromada.consultations.models import Answer
from hromada.consultations.selectors import survey_results
from hromada.core import clock as core_clock
from hromada.core.errors import ApplicationError
from tests.factories import login_with_totp

from .factories import make_participant

pytestmark = pytest.mark.django_db

ROWS = ["Освітлення", "Лавки", "Прибирання"]
SCALE = ["Добре", "Так собі", "Погано"]


def _matrix_consultation(hromada, official, *, required=True):
    opens = core_clock.now()
    consultation = consultation_create(
        hromada=hromada,
        by=official,
        title="Стан парку",
        summary="Оцініть парк.",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=10),
    )
    question = question_add(
        consultation=consultation,
        by=official,
        kind="matrix",
        text="Як вам у парку?",
        options=SCALE,
        rows=ROWS,
        required=required,
    )
    return consultation_announce(consultation=consultation, by=official), question


def _ids(question):
    choices, matrix_rows = question.split_options()
    rows = {o.text: o.pk for o in matrix_rows}
    columns = {o.text: o.pk for o in choices}
    return rows, columns


def test_a_matrix_needs_rows_and_at_least_two_shared_choices(hromada, consultation_official):
    opens = core_clock.now() + dt.timedelta(days=1)
    consultation = consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="Матриця",
        summary="…",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=5),
    )

    with pytest.raises(ApplicationError) as no_rows:
        question_add(
            consultation=consultation, by=consultation_official, kind="matrix", text="?", options=SCALE
        )
    with pytest.raises(ApplicationError) as one_choice:
        question_add(
            consultation=consultation,
            by=consultation_official,
            kind="matrix",
            text="?",
            options=["Так"],
            rows=ROWS,
        )
    with pytest.raises(ApplicationError) as repeated:
        question_add(
            consultation=consultation,
            by=consultation_official,
            kind="matrix",
            text="?",
            options=SCALE,
            rows=["Лавки", "лавки"],
        )

    assert "rows" in no_rows.value.fields and "options" in one_choice.value.fields
    assert "rows" in repeated.value.fields
    assert not consultation.questions.exists()


def test_rows_of_a_choice_question_are_dropped(hromada, consultation_official):
    opens = core_clock.now() + dt.timedelta(days=1)
    consultation = consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="М",
        summary="…",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=5),
    )

    question = question_add(
        consultation=consultation, by=consultation_official, kind="single", text="?", options=SCALE, rows=ROWS
    )

    assert question.split_options().rows == []
    assert [o.text for o in question.split_options().choices] == SCALE


def test_a_question_with_more_choices_than_allowed_is_refused(hromada, consultation_official):
    """Choices are numbered below ROW_POSITIONS and rows after it, so the number of choices is capped: the
    1,000th would otherwise become a row (it used to fail on a database constraint: a server error)."""
    opens = core_clock.now() + dt.timedelta(days=1)
    consultation = consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="Багато",
        summary="…",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=5),
    )
    options = [f"Варіант {n}" for n in range(1, 1002)]

    with pytest.raises(ApplicationError) as too_many:
        question_add(
            consultation=consultation, by=consultation_official, kind="single", text="?", options=options
        )
    question = question_add(
        consultation=consultation, by=consultation_official, kind="single", text="?", options=options[:50]
    )

    assert "options" in too_many.value.fields
    assert len(question.split_options().choices) == 50 and question.split_options().rows == []


def test_each_row_is_answered_once_with_a_shared_choice(hromada, consultation_official, participant):
    consultation, question = _matrix_consultation(hromada, consultation_official)
    rows, columns = _ids(question)

    survey_answer(
        consultation=consultation,
        person=participant,
        values={
            question.pk: {
                rows["Освітлення"]: columns["Погано"],
                rows["Лавки"]: columns["Добре"],
                rows["Прибирання"]: columns["Добре"],
            }
        },
    )
    survey_answer_change(
        consultation=consultation,
        person=participant,
        values={
            question.pk: {
                rows["Освітлення"]: columns["Так собі"],
                rows["Лавки"]: columns["Добре"],
                rows["Прибирання"]: columns["Погано"],
            }
        },
    )

    saved = {
        (a.option.text, a.number) for a in Answer.objects.filter(question=question).select_related("option")
    }
    assert saved == {("Освітлення", 2), ("Лавки", 1), ("Прибирання", 3)}


def test_a_required_matrix_with_a_row_left_is_refused(hromada, consultation_official, participant):
    consultation, question = _matrix_consultation(hromada, consultation_official)
    rows, columns = _ids(question)

    with pytest.raises(ApplicationError) as refused:
        survey_answer(
            consultation=consultation,
            person=participant,
            values={question.pk: {rows["Освітлення"]: columns["Погано"]}},
        )

    assert refused.value.code == "invalid_answers"
    assert "2" in refused.value.fields[f"q{question.pk}"][0]
    assert not Answer.objects.exists()


def test_an_optional_matrix_takes_some_rows(hromada, consultation_official, participant):
    consultation, question = _matrix_consultation(hromada, consultation_official, required=False)
    rows, columns = _ids(question)

    survey_answer(
        consultation=consultation,
        person=participant,
        values={question.pk: {rows["Лавки"]: columns["Погано"]}},
    )

    assert Answer.objects.filter(question=question).count() == 1


def test_a_choice_that_is_no_column_of_the_matrix_is_refused(hromada, consultation_official, participant):
    consultation, question = _matrix_consultation(hromada, consultation_official)
    rows, columns = _ids(question)
    everything = dict.fromkeys(rows.values(), columns["Добре"])

    for wrong in (
        {**everything, rows["Лавки"]: rows["Освітлення"]},  # a row is no choice
        {**everything, rows["Лавки"]: 999_999},
        {**everything, 999_999: columns["Добре"]},  # no such row
        [columns["Добре"]],
        columns["Добре"],
    ):
        with pytest.raises(ApplicationError):
            survey_answer(consultation=consultation, person=participant, values={question.pk: wrong})

    assert not Answer.objects.exists()


def test_matrix_results_count_every_row_per_choice(hromada, consultation_official):
    consultation, question = _matrix_consultation(hromada, consultation_official, required=False)
    rows, columns = _ids(question)
    for n, choice in enumerate(["Добре", "Добре", "Погано"]):
        survey_answer(
            consultation=consultation,
            person=make_participant(hromada, email=f"p{n}@example.org"),
            values={question.pk: {rows["Лавки"]: columns[choice], rows["Освітлення"]: columns["Так собі"]}},
        )

    result = survey_results(consultation=consultation)[0]

    by_row = {m.row.text: m for m in result.matrix}
    assert [c.text for c in result.columns] == SCALE
    assert by_row["Лавки"].answered == 3
    assert [(c.text, n) for c, n, _share in by_row["Лавки"].cells] == [
        ("Добре", 2),
        ("Так собі", 0),
        ("Погано", 1),
    ]
    assert by_row["Лавки"].cells[0][2] == pytest.approx(2 / 3)
    assert by_row["Прибирання"].answered == 0 and result.respondents == 3


def test_a_matrix_is_answered_on_the_page_and_its_results_shown_as_a_table(
    hromada, consultation_official, participant, clock
):
    consultation, question = _matrix_consultation(hromada, consultation_official)
    rows, columns = _ids(question)
    client = Client()
    client.force_login(participant)
    form = {f"q{question.pk}_r{row}": str(columns["Добре"]) for row in rows.values()}

    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    partial = client.post(
        f"/consultations/{consultation.pk}/survey/",
        {f"q{question.pk}_r{rows['Лавки']}": columns["Добре"]},
        follow=True,
    )
    client.post(f"/consultations/{consultation.pk}/survey/", form)
    again = client.get(f"/consultations/{consultation.pk}/").content.decode()
    clock.advance(dt.timedelta(days=11))
    closed = Client().get(f"/consultations/{consultation.pk}/").content.decode()
    api = Client().get(f"/api/v1/consultations/{consultation.pk}").json()

    assert f'name="q{question.pk}_r{rows["Лавки"]}"' in page
    assert "Дайте відповідь у кожному рядку" in partial.content.decode()
    assert again.count("checked") == 3
    assert Answer.objects.filter(question=question).count() == 3
    assert '<table class="stack">' in closed and "Прибирання" in closed
    matrix = api["survey"][0]
    assert [r["answered"] for r in matrix["rows"]] == [1, 1, 1]
    assert [o["text"] for o in matrix["options"]] == SCALE


def test_the_api_takes_a_matrix_answer(hromada, consultation_official, participant):
    consultation, question = _matrix_consultation(hromada, consultation_official)
    rows, columns = _ids(question)
    client = Client()
    client.force_login(participant)

    answered = client.post(
        f"/api/v1/consultations/{consultation.pk}/survey",
        {"answers": {str(question.pk): {str(row): columns["Погано"] for row in rows.values()}}},
        content_type="application/json",
    )

    assert answered.status_code == 201, answered.content
    assert set(Answer.objects.values_list("number", flat=True)) == {3}


def test_a_matrix_question_is_added_through_the_preparation_page(hromada, consultation_official):
    opens = core_clock.now() + dt.timedelta(days=1)
    consultation = consultation_create(
        hromada=hromada,
        by=consultation_official,
        title="М",
        summary="…",
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=5),
    )
    staff = login_with_totp(consultation_official)

    staff.post(
        f"/consultations/{consultation.pk}/prepare/questions/",
        {
            "question-kind": "matrix",
            "question-text": "Оцініть",
            "question-options": "Добре\r\nПогано",
            "question-rows": "Лавки\r\nСвітло",
            "question-required": "on",
            "question-scale_min": "1",
            "question-scale_max": "5",
        },
    )

    question = consultation.questions.get()
    choices, rows = question.split_options()
    assert [o.text for o in rows] == ["Лавки", "Світло"]
    assert [o.position for o in choices] == [1, 2]
    page = staff.get(f"/consultations/{consultation.pk}/prepare/questions/{question.pk}/").content.decode()
    assert "Лавки\nСвітло" in page

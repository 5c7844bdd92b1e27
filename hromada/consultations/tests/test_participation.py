"""Answering, commenting, proposing, supporting and voting (actions), and the department's answers."""

import datetime as dt
import json

import pytest

from hromada.consultations.actions import (
    contribution_add,
    contribution_hide,
    draft_version_add,
    opinion_map_compute,
    opinion_maps_recount,
    proposal_answer,
    proposal_support,
    report_publish,
    statement_add,
    statement_hide,
    statement_vote,
    survey_answer,
    survey_answer_change,
)
from hromada.consultations.models import Answer, Paragraph, SurveyResponse
from hromada.consultations.selectors import draft_view, report_rows, survey_results
from hromada.core.errors import ApplicationError, ConflictError
from hromada.core.models import Notification
from hromada.ledger.models import Entry, PendingEntry
from tests.factories import HromadaFactory

from .factories import make_consultation, make_participant

pytestmark = pytest.mark.django_db


def _answers(consultation, *, yes=True, scale=4):
    questions = {q.position: q for q in consultation.questions.all()}
    first = questions[1]
    values = {first.pk: first.options.get(text="Так" if yes else "Ні").pk, questions[3].pk: scale}
    if not yes:
        values[questions[5].pk] = "Шумно вночі"
    return values


def _entries(kind):
    return list(PendingEntry.objects.filter(kind=kind).order_by("pk")) + list(
        Entry.objects.filter(kind=kind).order_by("index")
    )


def test_a_second_answer_by_the_same_person_is_refused_with_the_offer_to_change_it(
    open_consultation, participant, clock
):
    survey_answer(consultation=open_consultation, person=participant, values=_answers(open_consultation))

    with pytest.raises(ConflictError) as refused:
        survey_answer(
            consultation=open_consultation,
            person=participant,
            values=_answers(open_consultation, yes=False, scale=2),
        )

    assert refused.value.code == "already_answered"
    assert "«Змінити відповідь»" in str(refused.value.message)
    response = SurveyResponse.objects.get(consultation=open_consultation, person=participant)
    assert response.version == 1
    assert response.answers.get(question__position=3).number == 4  # the first answer stands


def test_a_second_answer_is_refused_as_such_even_when_it_is_invalid(open_consultation, participant):
    survey_answer(consultation=open_consultation, person=participant, values=_answers(open_consultation))

    with pytest.raises(ConflictError) as refused:
        survey_answer(consultation=open_consultation, person=participant, values={})

    assert refused.value.code == "already_answered"


def test_changing_my_answer_replaces_it_and_is_logged_without_who(open_consultation, participant, clock):
    first = survey_answer(
        consultation=open_consultation, person=participant, values=_answers(open_consultation)
    )
    second = survey_answer_change(
        consultation=open_consultation,
        person=participant,
        values=_answers(open_consultation, yes=False, scale=2),
    )

    assert first.created and not second.created
    assert SurveyResponse.objects.filter(consultation=open_consultation).count() == 1
    assert second.response.version == 2
    assert sorted(
        Answer.objects.filter(response=second.response).values_list("number", flat=True), key=str
    ) == [
        2,
        None,
        None,
    ]
    [entry] = _entries("consultation.survey_answer_changed")
    data = json.loads(bytes(entry.data))
    assert data["payload"] == {"version": 2}
    assert len(data["people"]) == 1 and participant.email not in json.dumps(data)


def test_changing_an_answer_never_given_is_refused(open_consultation, participant):
    with pytest.raises(ConflictError) as refused:
        survey_answer_change(
            consultation=open_consultation, person=participant, values=_answers(open_consultation)
        )

    assert refused.value.code == "not_answered"
    assert not SurveyResponse.objects.exists()
    assert _entries("consultation.survey_answer_changed") == []


def test_changing_an_answer_after_the_close_is_refused_with_the_date(open_consultation, participant, clock):
    survey_answer(consultation=open_consultation, person=participant, values=_answers(open_consultation))
    clock.advance(dt.timedelta(days=31))

    with pytest.raises(ConflictError) as refused:
        survey_answer_change(
            consultation=open_consultation, person=participant, values=_answers(open_consultation, scale=1)
        )

    assert refused.value.code == "closed"


def test_the_database_refuses_a_second_response_row_for_one_person(open_consultation, participant):
    from django.db import IntegrityError, transaction

    survey_answer(consultation=open_consultation, person=participant, values=_answers(open_consultation))
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            consultation=open_consultation,
            person=participant,
            created_at=open_consultation.opens_at,
            updated_at=open_consultation.opens_at,
        )


def test_a_missing_required_answer_is_refused_with_its_field(open_consultation, participant):
    with pytest.raises(ApplicationError) as refused:
        survey_answer(consultation=open_consultation, person=participant, values={})

    assert refused.value.code == "invalid_answers"
    assert set(refused.value.fields) == {
        f"q{q.pk}" for q in open_consultation.questions.filter(required=True)
    }


def test_a_conditional_question_is_asked_only_after_its_option(open_consultation, participant):
    conditional = open_consultation.questions.get(position=5)
    values = _answers(open_consultation, yes=True)
    values[conditional.pk] = "не буде зберігатися"

    saved = survey_answer(consultation=open_consultation, person=participant, values=values)

    assert not saved.response.answers.filter(question=conditional).exists()


def test_results_count_answers_per_option_scale_and_ranking(open_consultation, hromada):
    ranking = open_consultation.questions.get(position=4)
    order = list(ranking.options.values_list("pk", flat=True))
    for n in range(3):
        values = _answers(open_consultation, yes=n != 0, scale=n + 3)
        values[ranking.pk] = order
        survey_answer(consultation=open_consultation, person=make_participant(hromada), values=values)

    results = {r.question.position: r for r in survey_results(consultation=open_consultation)}

    assert [o.count for o in results[1].options] == [2, 1]
    assert results[3].mean == 4.0
    assert [o.mean_rank for o in results[4].options] == [1.0, 2.0, 3.0]
    assert results[5].texts == 1


def test_paragraph_comments_stay_with_their_version_after_a_new_one(
    open_consultation, participant, consultation_official
):
    paragraph = Paragraph.objects.get(version__consultation=open_consultation, version__number=1, number=2)
    comment = contribution_add(paragraph=paragraph, person=participant, text="Замало місця для візків.")

    version2 = draft_version_add(
        consultation=open_consultation,
        by=consultation_official,
        text="1. Новий перший абзац.\n\n2. Майданчик — не ближче 2 метрів.",
        note="Відстань збільшено",
    )

    comment.refresh_from_db()
    assert comment.paragraph.version.number == 1
    assert comment.paragraph.text.startswith("2. Майданчик розміщують не ближче ніж 1,5 метра")
    old = {
        v.paragraph.number: v.comments
        for v in draft_view(consultation=open_consultation, version=paragraph.version)
    }
    new = {
        v.paragraph.number: v.comments for v in draft_view(consultation=open_consultation, version=version2)
    }
    assert old[2] == 1 and new[2] == 0


def test_the_same_comment_twice_is_refused(open_consultation, participant):
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    contribution_add(paragraph=paragraph, person=participant, text="Добре.")

    with pytest.raises(ConflictError):
        contribution_add(paragraph=paragraph, person=participant, text="Добре.")


def test_a_proposal_is_supported_once_and_not_by_its_author(open_consultation, participant, hromada):
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    proposal = contribution_add(
        paragraph=paragraph, person=participant, text="Коротше.", replacement="Новий текст."
    )
    supporter = make_participant(hromada)

    proposal_support(contribution=proposal, person=supporter)
    with pytest.raises(ConflictError):
        proposal_support(contribution=proposal, person=supporter)
    with pytest.raises(ApplicationError):
        proposal_support(contribution=proposal, person=participant)
    proposal.refresh_from_db()
    assert proposal.supports == 1


def test_each_answer_to_a_proposal_writes_a_ledger_entry_and_tells_the_author(
    open_consultation, participant, consultation_official, django_capture_on_commit_callbacks
):
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    proposal = contribution_add(
        paragraph=paragraph, person=participant, text="Так краще.", replacement="Інакше."
    )
    kind = "consultation.proposal_answered"
    before = PendingEntry.objects.filter(kind=kind).count() + Entry.objects.filter(kind=kind).count()

    with django_capture_on_commit_callbacks(execute=True):
        answer = proposal_answer(
            contribution=proposal, by=consultation_official, decision="partly", reasons="Врахуємо частково."
        )

    assert (
        PendingEntry.objects.filter(kind=kind).count() + Entry.objects.filter(kind=kind).count() == before + 1
    )
    assert answer.receipt_id is not None
    assert Notification.objects.filter(recipient=participant, kind="consultations.proposal_answered").exists()
    with pytest.raises(ConflictError):
        proposal_answer(
            contribution=proposal, by=consultation_official, decision="accepted", reasons="Передумали."
        )


def test_a_resident_cannot_answer_proposals(open_consultation, participant, hromada):
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    proposal = contribution_add(paragraph=paragraph, person=participant, text="Так.", replacement="Інакше.")

    with pytest.raises(ApplicationError):
        proposal_answer(
            contribution=proposal, by=make_participant(hromada), decision="accepted", reasons="Так."
        )


def test_the_report_needs_every_proposal_answered_and_lists_them_all(
    open_consultation, hromada, consultation_official, clock, django_capture_on_commit_callbacks
):
    paragraphs = list(Paragraph.objects.filter(version__consultation=open_consultation))
    authors = [make_participant(hromada) for _ in range(3)]
    proposals = [
        contribution_add(paragraph=p, person=a, text=f"Пропозиція {n}", replacement=f"Редакція {n}")
        for n, (p, a) in enumerate(zip(paragraphs, authors, strict=True))
    ]
    contribution_add(paragraph=paragraphs[0], person=authors[0], text="Просто коментар")
    clock.advance(dt.timedelta(days=31))
    for proposal in proposals[:2]:
        proposal_answer(
            contribution=proposal, by=consultation_official, decision="accepted", reasons="Слушно."
        )

    with pytest.raises(ApplicationError) as refused:
        report_publish(consultation=open_consultation, by=consultation_official, summary="Звіт")
    assert refused.value.code == "unanswered"

    proposal_answer(
        contribution=proposals[2], by=consultation_official, decision="rejected", reasons="Суперечить закону."
    )
    with django_capture_on_commit_callbacks(execute=True):
        reported = report_publish(consultation=open_consultation, by=consultation_official, summary="Звіт")

    assert reported.report_on_time is True
    rows = list(report_rows(consultation=reported))
    assert [r.pk for r in rows] == [p.pk for p in proposals]
    assert [r.answer.decision for r in rows] == ["accepted", "accepted", "rejected"]
    told = set(
        Notification.objects.filter(kind="consultations.report_published").values_list("recipient", flat=True)
    )
    assert told == {a.pk for a in authors}


def test_the_report_cannot_be_published_while_open(open_consultation, consultation_official):
    with pytest.raises(ApplicationError):
        report_publish(consultation=open_consultation, by=consultation_official, summary="Рано")


def test_a_hidden_proposal_needs_no_answer_and_the_author_is_told(
    open_consultation, participant, hromada, django_capture_on_commit_callbacks
):
    from tests.factories import make_administrator

    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    proposal = contribution_add(
        paragraph=paragraph, person=participant, text="Реклама!", replacement="Купуйте."
    )

    with django_capture_on_commit_callbacks(execute=True):
        contribution_hide(contribution=proposal, by=make_administrator(hromada), reason="spam")

    proposal.refresh_from_db()
    assert proposal.status == "hidden" and proposal.hidden_reason == "spam"
    assert Notification.objects.filter(
        recipient=participant, kind="consultations.contribution_hidden"
    ).exists()
    with pytest.raises(ApplicationError):
        proposal_support(contribution=proposal, person=make_participant(hromada))


def test_a_resident_cannot_hide(open_consultation, participant, hromada):
    statement = statement_add(consultation=open_consultation, person=participant, text="Більше лавок.")

    with pytest.raises(ApplicationError):
        statement_hide(statement=statement, by=make_participant(hromada), reason="spam")


def test_the_same_statement_twice_is_refused_ignoring_case_and_punctuation(
    open_consultation, participant, hromada
):
    statement_add(consultation=open_consultation, person=participant, text="Більше лавок у парку!")

    with pytest.raises(ConflictError) as refused:
        statement_add(
            consultation=open_consultation, person=make_participant(hromada), text="більше   лавок у парку"
        )

    assert refused.value.code == "duplicate"


def test_voting_again_changes_the_vote(open_consultation, participant, hromada):
    statement = statement_add(
        consultation=open_consultation, person=make_participant(hromada), text="Тиша після 22:00."
    )

    statement_vote(statement=statement, person=participant, vote=1)
    row = statement_vote(statement=statement, person=participant, vote=-1)

    assert row.vote == -1 and statement.votes.count() == 1


def test_the_periodic_job_stores_the_groups_and_skips_unchanged_votes(open_consultation, hromada):
    people = [make_participant(hromada) for _ in range(12)]
    statements = [
        statement_add(consultation=open_consultation, person=people[n], text=f"Твердження номер {n}")
        for n in range(6)
    ]
    for n, person in enumerate(people):
        for m, statement in enumerate(statements):
            statement_vote(statement=statement, person=person, vote=1 if (m % 2) == (n % 2) else -1)

    first = opinion_maps_recount()
    second = opinion_maps_recount()

    assert (first.computed, second.computed, second.skipped) == (1, 0, 1)
    stored = open_consultation.opinion_map
    assert stored.result["status"] == "ok"
    assert sorted(g["size"] for g in stored.result["groups"]) == [6, 6]
    assert opinion_map_compute(consultation=open_consultation).result == stored.result


def test_a_consultation_of_another_hromada_is_not_touched_by_its_officials(hromada):
    from tests.factories import make_official

    theirs = make_consultation(HromadaFactory())
    with pytest.raises(ApplicationError):
        draft_version_add(consultation=theirs, by=make_official(hromada), text="Чужий текст")


def test_erasure_deletes_answers_votes_supports_and_comments_but_keeps_proposals_anonymous(
    open_consultation, participant, hromada
):
    from hromada.consultations.actions import consultation_data_erase
    from hromada.consultations.models import Contribution, ProposalSupport, StatementVote

    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    other = contribution_add(paragraph=paragraph, person=make_participant(hromada), text="Т", replacement="Р")
    survey_answer(consultation=open_consultation, person=participant, values=_answers(open_consultation))
    comment = contribution_add(paragraph=paragraph, person=participant, text="Мій коментар")
    proposal = contribution_add(paragraph=paragraph, person=participant, text="Моя", replacement="Редакція")
    proposal_support(contribution=other, person=participant)
    statement = statement_add(consultation=open_consultation, person=participant, text="Моє твердження")
    statement_vote(statement=statement, person=make_participant(hromada), vote=1)
    statement_vote(
        statement=statement_add(
            consultation=open_consultation, person=make_participant(hromada), text="Інше"
        ),
        person=participant,
        vote=1,
    )

    consultation_data_erase(person=participant)

    assert not SurveyResponse.objects.filter(person=participant).exists()
    assert not StatementVote.objects.filter(person=participant).exists()
    assert not ProposalSupport.objects.filter(person=participant).exists()
    assert not Contribution.objects.filter(pk=comment.pk).exists()
    proposal.refresh_from_db()
    statement.refresh_from_db()
    other.refresh_from_db()
    assert proposal.author is None and statement.author is None
    assert other.supports == 0

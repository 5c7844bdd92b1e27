"""The consultations' pages and API."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hromada.consultations.actions import (
    contribution_add,
    contribution_hide,
    draft_version_add,
    proposal_answer,
    proposal_support,
    report_publish,
    statement_add,
    survey_answer,
)
from hromada.consultations.models import Contribution, DraftVersion, Paragraph, SurveyResponse
from tests.factories import login_with_totp, make_administrator, token_client

from .factories import ConsultationFactory, make_consultation, make_participant

pytestmark = pytest.mark.django_db


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def test_the_list_shows_announced_consultations_and_hides_drafts(client, hromada, open_consultation):
    ConsultationFactory(hromada=hromada, title="Чернетка консультації")

    page = client.get("/consultations/")

    assert page.status_code == 200
    assert open_consultation.title in page.content.decode()
    assert "Чернетка консультації" not in page.content.decode()


def test_the_page_shows_the_survey_the_draft_and_the_map_method(client, open_consultation):
    page = client.get(f"/consultations/{open_consultation.pk}/").content.decode()

    assert "Чи потрібні майданчики?" in page
    assert "§ 2" in page
    assert "k-середніх" in page  # the method, explained on the page


def test_a_draft_consultation_is_not_found(client, hromada):
    draft = ConsultationFactory(hromada=hromada)

    assert client.get(f"/consultations/{draft.pk}/").status_code == 404


def test_answering_the_survey_through_the_page_and_changing_it(open_consultation, participant, clock):
    browser = _client(participant)
    first, scale = open_consultation.questions.get(position=1), open_consultation.questions.get(position=3)
    yes = first.options.get(text="Так")

    browser.post(
        f"/consultations/{open_consultation.pk}/survey/", {f"q{first.pk}": yes.pk, f"q{scale.pk}": "5"}
    )
    answered = browser.get(f"/consultations/{open_consultation.pk}/").content.decode()
    browser.post(
        f"/consultations/{open_consultation.pk}/survey/change/", {f"q{first.pk}": yes.pk, f"q{scale.pk}": "2"}
    )

    assert "Ваша відповідь" in answered and "<summary>Змінити відповідь</summary>" in answered
    assert f'action="/consultations/{open_consultation.pk}/survey/change/"' in answered
    response = SurveyResponse.objects.get(consultation=open_consultation, person=participant)
    assert response.version == 2
    assert response.answers.get(question=scale).number == 2
    page = browser.get(f"/consultations/{open_consultation.pk}/").content.decode()
    assert 'value="2"' in page


def test_a_second_answer_through_the_page_is_refused_and_keeps_what_was_sent(
    open_consultation, participant, clock
):
    browser = _client(participant)
    first, scale = open_consultation.questions.get(position=1), open_consultation.questions.get(position=3)
    yes = first.options.get(text="Так")
    browser.post(
        f"/consultations/{open_consultation.pk}/survey/", {f"q{first.pk}": yes.pk, f"q{scale.pk}": "5"}
    )

    again = browser.post(
        f"/consultations/{open_consultation.pk}/survey/", {f"q{first.pk}": yes.pk, f"q{scale.pk}": "3"}
    )

    assert again.status_code == 409
    page = again.content.decode()
    assert (
        "(«Змінити відповідь»)" in page and '<details id="change-answer" class="change-answer" open>' in page
    )
    assert 'value="3"' in page  # what was sent, in the change form
    assert SurveyResponse.objects.get(person=participant).answers.get(question=scale).number == 5


def test_an_invalid_answer_on_the_page_is_shown_on_its_question_with_the_input_kept(
    open_consultation, participant
):
    browser = _client(participant)
    first, scale = open_consultation.questions.get(position=1), open_consultation.questions.get(position=3)

    refused = browser.post(f"/consultations/{open_consultation.pk}/survey/", {f"q{scale.pk}": "4"})

    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'id="question-{first.pk}-error"' in page and 'value="4"' in page
    assert not SurveyResponse.objects.exists()


def test_commenting_a_paragraph_through_its_page(open_consultation, participant):
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    url = reverse("consultations:paragraph", args=[open_consultation.pk, paragraph.pk])

    answer = _client(participant).post(url, {"text": "Треба ширші проходи.", "replacement": ""})

    assert answer.status_code == 302
    assert Contribution.objects.filter(paragraph=paragraph, text="Треба ширші проходи.").exists()
    assert "Треба ширші проходи." in Client().get(url).content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in_to_comment(client, open_consultation):
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()

    answer = client.post(f"/consultations/{open_consultation.pk}/paragraphs/{paragraph.pk}/", {"text": "Так"})

    assert answer.status_code == 302 and "login" in answer["Location"]
    assert not Contribution.objects.exists()


def test_supporting_voting_and_adding_statements_through_the_pages(open_consultation, participant, hromada):
    author = make_participant(hromada)
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    proposal = contribution_add(
        paragraph=paragraph, person=author, text="Коротше.", replacement="Нова редакція."
    )
    statement = statement_add(consultation=open_consultation, person=author, text="Лавки потрібні.")
    browser = _client(participant)

    browser.post(reverse("consultations:support", args=[open_consultation.pk, proposal.pk]))
    browser.post(reverse("consultations:vote", args=[open_consultation.pk, statement.pk]), {"vote": "agree"})
    browser.post(
        reverse("consultations:statement_new", args=[open_consultation.pk]), {"text": "Більше тіні."}
    )

    proposal.refresh_from_db()
    assert proposal.supports == 1
    assert statement.votes.get().vote == 1
    assert open_consultation.statements.filter(text="Більше тіні.").exists()


def test_an_official_answers_hides_and_publishes_the_report_through_the_pages(
    hromada, consultation_official, clock
):
    from tests.factories import make_administrator

    consultation = make_consultation(hromada, official=consultation_official, days=5)
    author = make_participant(hromada)
    paragraph = Paragraph.objects.filter(version__consultation=consultation).first()
    proposal = contribution_add(paragraph=paragraph, person=author, text="Так.", replacement="Редакція.")
    spam = contribution_add(paragraph=paragraph, person=author, text="Реклама", replacement="Купуйте")
    statement = statement_add(consultation=consultation, person=author, text="Купуйте наше")
    moderator = login_with_totp(make_administrator(hromada))
    moderator.post(
        reverse("consultations:hide_contribution", args=[consultation.pk, spam.pk]), {"reason": "spam"}
    )
    moderator.post(
        reverse("consultations:hide_statement", args=[consultation.pk, statement.pk]), {"reason": "spam"}
    )
    clock.advance(dt.timedelta(days=6))
    staff = login_with_totp(consultation_official)

    staff.post(
        reverse("consultations:answer", args=[consultation.pk, proposal.pk]),
        {"decision": "accepted", "reasons": "Врахували."},
    )
    staff.post(reverse("consultations:report", args=[consultation.pk]), {"summary": "Підсумок консультації."})

    consultation.refresh_from_db()
    statement.refresh_from_db()
    assert consultation.report_published_at is not None
    assert statement.status == "hidden"
    report = Client().get(f"/consultations/{consultation.pk}/report/").content.decode()
    assert "Редакція." in report and "Врахували." in report and "Підсумок консультації." in report
    assert "Купуйте" not in report


def test_my_consultations_lists_my_contributions_and_their_answers(
    hromada, participant, consultation_official
):
    consultation = make_consultation(hromada, official=consultation_official)
    paragraph = Paragraph.objects.filter(version__consultation=consultation).first()
    proposal = contribution_add(
        paragraph=paragraph, person=participant, text="Мій коментар.", replacement="Моя редакція."
    )
    proposal_answer(
        contribution=proposal, by=consultation_official, decision="partly", reasons="Частково так."
    )

    page = _client(participant).get(reverse("consultations:mine")).content.decode()

    assert "Мій коментар." in page and "Частково так." in page
    assert "консультаці" in _client(participant).get("/cabinet/").content.decode().lower()


def test_the_page_with_many_comments_takes_the_same_number_of_queries(
    hromada, open_consultation, participant
):
    paragraphs = list(Paragraph.objects.filter(version__consultation=open_consultation))

    def queries() -> int:
        cache.clear()  # the draft's section is cached: count the reads of a page rendered afresh
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(f"/consultations/{open_consultation.pk}/").status_code == 200
        return len(captured)

    queries()  # the first request of a process fills caches (the hromada's host, its appearance)
    few = queries()
    people = [make_participant(hromada) for _ in range(4)]
    for n, person in enumerate(people):
        for p in paragraphs:
            contribution_add(
                paragraph=p, person=person, text=f"Коментар {n}", replacement=f"Редакція {n}" if n % 2 else ""
            )
    assert queries() == few


def test_the_api_lists_consultations_with_their_dates(client, open_consultation, hromada):
    ConsultationFactory(hromada=hromada)

    body = client.get("/api/v1/consultations").json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == open_consultation.pk and item["status"] == "open"
    assert {"title", "opens_at", "closes_at", "report_due_at", "published_at"} <= set(item)


def test_the_api_shows_formats_and_hides_results_until_the_close(
    client, open_consultation, participant, clock
):
    first = open_consultation.questions.get(position=1)
    survey_answer(
        consultation=open_consultation,
        person=participant,
        values={first.pk: first.options.first().pk, open_consultation.questions.get(position=3).pk: 3},
    )

    shown = client.get(f"/api/v1/consultations/{open_consultation.pk}").json()
    clock.advance(dt.timedelta(days=31))
    closed = client.get(f"/api/v1/consultations/{open_consultation.pk}").json()

    assert shown["formats"] == ["survey", "draft", "opinion_map"]
    assert shown["survey"][0]["options"][0]["count"] is None and shown["report"] is None
    assert closed["status"] == "analysis"
    assert closed["survey"][0]["options"][0]["count"] == 1
    assert len(closed["draft"]["paragraphs"]) == 3


def test_the_api_shows_the_published_report(client, hromada, consultation_official, clock):
    consultation = make_consultation(hromada, official=consultation_official, days=3)
    paragraph = Paragraph.objects.filter(version__consultation=consultation).first()
    proposal = contribution_add(
        paragraph=paragraph, person=make_participant(hromada), text="Т", replacement="Р"
    )
    clock.advance(dt.timedelta(days=4))
    proposal_answer(contribution=proposal, by=consultation_official, decision="rejected", reasons="Ні.")
    report_publish(consultation=consultation, by=consultation_official, summary="Звіт.")

    report = client.get(f"/api/v1/consultations/{consultation.pk}").json()["report"]

    assert report["summary"] == "Звіт." and report["on_time"] is True
    assert [(p["id"], p["decision"]) for p in report["proposals"]] == [(proposal.pk, "rejected")]


def test_residents_answer_comment_and_vote_through_the_api(open_consultation, participant, hromada):
    api = token_client(participant)
    first = open_consultation.questions.get(position=1)
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    statement = statement_add(consultation=open_consultation, person=make_participant(hromada), text="Так")
    body = {
        "answers": {
            str(first.pk): first.options.first().pk,
            str(open_consultation.questions.get(position=3).pk): 5,
        }
    }

    answered = api.post(
        f"/api/v1/consultations/{open_consultation.pk}/survey", body, content_type="application/json"
    )
    twice = api.post(
        f"/api/v1/consultations/{open_consultation.pk}/survey", body, content_type="application/json"
    )
    again = api.put(
        f"/api/v1/consultations/{open_consultation.pk}/survey", body, content_type="application/json"
    )
    commented = api.post(
        f"/api/v1/consultations/{open_consultation.pk}/comments",
        {"paragraph": paragraph.pk, "text": "Через API", "replacement": "Нова"},
        content_type="application/json",
    )
    voted = api.put(
        f"/api/v1/consultations/{open_consultation.pk}/statements/{statement.pk}/vote",
        {"vote": -1},
        content_type="application/json",
    )

    assert answered.status_code == 201 and answered.json()["created"] is True
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_answered"
    assert again.json() == {"id": answered.json()["id"], "created": False, "version": 2}
    assert commented.status_code == 201 and commented.json()["kind"] == "proposal"
    assert voted.json() == {"statement": statement.pk, "vote": -1}


def test_the_api_refuses_answers_after_the_close_and_anonymous_writes(
    client, open_consultation, participant, clock
):
    clock.advance(dt.timedelta(days=31))

    late = token_client(participant).put(
        f"/api/v1/consultations/{open_consultation.pk}/survey",
        {"answers": {}},
        content_type="application/json",
    )
    anonymous = client.put(
        f"/api/v1/consultations/{open_consultation.pk}/survey",
        {"answers": {}},
        content_type="application/json",
    )

    assert late.status_code == 409 and late.json()["error"]["code"] == "closed"
    assert anonymous.status_code == 401


def test_the_portal_links_the_module(client, hromada):
    assert reverse("consultations:index") in client.get("/").content.decode()


def test_the_proposals_dataset_lists_answers_without_authors(
    hromada, open_consultation, participant, consultation_official
):
    from hromada.core.datasets import dataset_get

    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    proposal = contribution_add(paragraph=paragraph, person=participant, text="Т", replacement="Р")
    proposal_answer(contribution=proposal, by=consultation_official, decision="accepted", reasons="Так.")

    rows = list(dataset_get("consultation-proposals").iter_rows(hromada=hromada))

    assert [(r["id"], r["decision"], r["reasons"]) for r in rows] == [(proposal.pk, "accepted", "Так.")]
    assert participant.full_name not in str(rows)


def test_hiding_without_a_ground_is_refused_with_a_message_and_hides_nothing(hromada, consultation_official):
    from tests.factories import make_administrator

    consultation = make_consultation(hromada, official=consultation_official, days=5)
    statement = statement_add(consultation=consultation, person=make_participant(hromada), text="Думка")
    moderator = login_with_totp(make_administrator(hromada))

    response = moderator.post(
        reverse("consultations:hide_statement", args=[consultation.pk, statement.pk]),
        {"reason": ""},
        follow=True,
    )

    statement.refresh_from_db()
    assert statement.status != "hidden"
    assert "Оберіть підставу для приховування." in response.content.decode()


def test_the_cached_draft_section_follows_every_change_of_its_contributions(
    hromada, open_consultation, participant, consultation_official
):
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).order_by("number").first()
    url = f"/consultations/{open_consultation.pk}/"
    proposal = contribution_add(
        paragraph=paragraph, person=participant, text="Ширше", replacement="Прохід не менше 2 метрів"
    )

    def shown() -> str:
        return Client().get(url).content.decode()

    first = shown()
    proposal_support(contribution=proposal, person=make_participant(hromada))
    supported = shown()
    proposal_answer(contribution=proposal, by=consultation_official, decision="accepted", reasons="Так.")
    answered = shown()
    contribution_hide(contribution=proposal, by=make_administrator(hromada), reason="spam")
    hidden = shown()

    assert "Прохід не менше 2 метрів" in first and "0 підтримок" in first
    assert "1 підтримка" in supported
    assert "прийнято" in answered.lower()
    assert "Прохід не менше 2 метрів" not in hidden


def test_a_new_draft_version_shows_on_the_cached_older_version_at_once(
    hromada, open_consultation, consultation_official
):
    version = DraftVersion.objects.filter(consultation=open_consultation).order_by("number").first()
    url = f"/consultations/{open_consultation.pk}/?version={version.number}"
    before = Client().get(url).content.decode()  # cached now

    draft_version_add(
        consultation=open_consultation, by=consultation_official, text="Новий пункт.\n\nЩе один."
    )
    after = Client().get(url).content.decode()

    assert "older version" not in before and "попередня версія" not in before
    assert f"?version={version.number + 1}" in after and "попередня версія" in after

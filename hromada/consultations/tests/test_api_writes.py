"""The API's writes beyond answering and commenting: writing a statement on the opinion map and
supporting a proposal, with the platform's one error shape."""

import pytest

from hromada.consultations.actions import contribution_add
from hromada.consultations.models import Contribution, Paragraph, ProposalSupport, Statement
from tests.factories import token_client

from .factories import make_participant

pytestmark = pytest.mark.django_db


def test_a_resident_writes_a_statement_through_the_api_and_a_duplicate_is_refused(
    open_consultation, participant, hromada
):
    api = token_client(participant)
    url = f"/api/v1/consultations/{open_consultation.pk}/statements"

    written = api.post(url, {"text": "Потрібно більше тіні."}, content_type="application/json")
    again = token_client(make_participant(hromada)).post(
        url, {"text": "потрібно більше тіні!"}, content_type="application/json"
    )

    assert written.status_code == 201 and written.json()["text"] == "Потрібно більше тіні."
    assert Statement.objects.get().author == participant
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate"


def test_an_anonymous_statement_is_refused(client, open_consultation):
    response = client.post(
        f"/api/v1/consultations/{open_consultation.pk}/statements",
        {"text": "Анонімно"},
        content_type="application/json",
    )

    assert response.status_code == 401
    assert not Statement.objects.exists()


def test_a_resident_supports_a_proposal_through_the_api_once(open_consultation, participant, hromada):
    paragraph = Paragraph.objects.filter(version__consultation=open_consultation).first()
    proposal = contribution_add(
        paragraph=paragraph, person=make_participant(hromada), text="Коротше.", replacement="Нова редакція."
    )
    api = token_client(participant)
    url = f"/api/v1/consultations/{open_consultation.pk}/proposals/{proposal.pk}/support"

    supported = api.put(url)
    twice = api.put(url)

    assert supported.status_code == 200 and supported.json() == {"proposal": proposal.pk, "supports": 1}
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_supported"
    assert ProposalSupport.objects.filter(contribution=proposal).count() == 1
    assert Contribution.objects.get(pk=proposal.pk).supports == 1

"""The page a voter lands on after casting a ballot: what was recorded, and the receipt reference."""

from django.test import Client
from django.urls import reverse

from hromada.budget.actions import ChoiceIn, ballot_cast
from hromada.budget.models import Ballot

from .factories import make_cycle, make_project, make_voter


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_ballot_recorded_shows_the_choices_and_the_receipt_reference(hromada):
    cycle = make_cycle(hromada)
    chosen, _other = make_project(cycle, title="Сквер біля школи"), make_project(cycle, title="Нова лавка")
    voter = make_voter(hromada)
    ballot_cast(voter=voter, cycle=cycle, choices=[ChoiceIn(chosen.pk)])

    page = _client_of(voter).get(reverse("budget:ballot_recorded", kwargs={"slug": cycle.slug}))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Сквер біля школи" in html and "Нова лавка" not in html
    assert str(Ballot.objects.get(voter=voter).receipt_id) in html


def test_ballot_recorded_sends_a_voter_without_a_ballot_to_the_ballot(hromada):
    cycle = make_cycle(hromada)
    make_project(cycle)

    page = _client_of(make_voter(hromada)).get(reverse("budget:ballot_recorded", kwargs={"slug": cycle.slug}))

    assert page.status_code == 302
    assert page["Location"] == reverse("budget:ballot", kwargs={"slug": cycle.slug})

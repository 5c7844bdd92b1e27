"""Another hromada sees nothing of this hromada's budget: API, selectors, open data, actions."""

import pytest
from django.test import Client

from hromada.accounts.actions import api_token_create
from hromada.budget import selectors
from hromada.budget.actions import ChoiceIn, ballot_cast, results_compute, results_publish
from hromada.budget.models import Ballot, Phase
from hromada.core.errors import ApplicationError, NotFoundError, PermissionDeniedError

from .factories import make_administrator, make_ballot, make_cycle, make_project, make_voter

pytestmark = pytest.mark.django_db

OTHER = "verbivka.localhost"


def test_other_hromada_sees_no_cycle_project_or_result(hromada, other_hromada):
    cycle = make_cycle(hromada, phase=Phase.RESULTS)
    project = make_project(cycle)
    make_ballot(cycle, [project])
    admin = make_administrator(hromada)
    results_compute(actor=admin, cycle=cycle)
    results_publish(actor=admin, cycle=cycle)
    other = Client(HTTP_HOST=OTHER)

    assert other.get("/api/v1/budget/cycles").json() == []
    assert other.get(f"/api/v1/budget/cycles/{cycle.slug}").status_code == 404
    assert other.get(f"/api/v1/budget/cycles/{cycle.slug}/projects").status_code == 404
    assert other.get(f"/api/v1/budget/projects/{project.pk}").status_code == 404
    assert other.get(f"/api/v1/budget/cycles/{cycle.slug}/results").status_code == 404
    assert other.get(f"/budget/{cycle.slug}/results.csv").status_code == 404
    assert other.get(f"/budget/{cycle.slug}/pabulib/all.pb").status_code == 404
    assert not selectors.cycles_of(hromada=other_hromada).exists()
    assert selectors.cycle_current(hromada=other_hromada) is None
    with pytest.raises(NotFoundError):
        selectors.project_get(hromada=other_hromada, pk=project.pk)
    assert not selectors.review_queue(hromada=other_hromada).exists()
    assert selectors.implementation_tracker(hromada=other_hromada)[1].projects == 0
    # and this hromada does see them
    assert Client().get(f"/api/v1/budget/cycles/{cycle.slug}/results").json()[0]["winners"] == [
        project.number
    ]


def test_other_hromadas_people_cannot_vote_or_administer_here(hromada, other_hromada):
    cycle = make_cycle(hromada)
    project = make_project(cycle)
    outsider = make_voter(other_hromada)
    foreign_admin = make_administrator(other_hromada)
    _token, secret = api_token_create(user=outsider, name="t")

    with pytest.raises(PermissionDeniedError):
        ballot_cast(voter=outsider, cycle=cycle, choices=[ChoiceIn(project.pk)])
    with pytest.raises(ApplicationError):
        results_compute(actor=foreign_admin, cycle=cycle)
    response = Client(HTTP_HOST=OTHER).post(
        f"/api/v1/budget/cycles/{cycle.slug}/ballot",
        {"choices": [{"project_id": project.pk}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )

    assert response.status_code == 404
    assert not Ballot.objects.exists()

"""The budget API contract: lists, detail, results, casting a ballot (201/400/403/409) and my ballot."""

import pytest
from django.test import Client

from hromada.accounts.actions import api_token_create
from hromada.budget.actions import results_compute, results_publish
from hromada.budget.models import Ballot, Phase

from .factories import make_administrator, make_ballot, make_cycle, make_project, make_voter

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_cycles_and_cycle_detail(client, hromada):
    cycle = make_cycle(hromada, max_choices=3)

    listed = client.get("/api/v1/budget/cycles").json()
    detail = client.get(f"/api/v1/budget/cycles/{cycle.slug}").json()

    assert [c["slug"] for c in listed] == [cycle.slug]
    assert listed[0]["phase"] == "voting"
    assert detail["rules"]["max_choices"] == 3
    assert detail["categories"][0]["amount_kopiyky"] == 1_000_000_00
    assert client.get("/api/v1/budget/cycles/nope").json()["error"]["code"] == "not_found"


def test_projects_are_paginated_filtered_and_searchable(client, hromada):
    cycle = make_cycle(hromada, categories=(("north", 500_000_00), ("south", 500_000_00)))
    for _ in range(3):
        make_project(cycle, category="north")
    make_project(cycle, category="south", title="Сквер біля ліцею")
    make_project(cycle, category="south", status="draft")

    page = client.get(f"/api/v1/budget/cycles/{cycle.slug}/projects?page_size=2").json()
    south = client.get(f"/api/v1/budget/cycles/{cycle.slug}/projects?category=south").json()
    found = client.get(f"/api/v1/budget/cycles/{cycle.slug}/projects", {"q": "СКВЕР"}).json()

    assert page["count"] == 4 and len(page["items"]) == 2
    assert south["count"] == 1 and south["items"][0]["title"] == "Сквер біля ліцею"
    assert [p["title"] for p in found["items"]] == ["Сквер біля ліцею"]


def test_project_detail(client, hromada):
    project = make_project(make_cycle(hromada), cost=123_456_78)

    data = client.get(f"/api/v1/budget/projects/{project.pk}").json()

    assert data["number"] == project.number
    assert data["cost_kopiyky"] == 123_456_78
    assert data["cost_lines"] == [
        {"item": "Роботи", "quantity": 1, "unit_cost_kopiyky": 123_456_78, "amount_kopiyky": 123_456_78}
    ]


def test_post_ballot_records_the_vote_and_returns_the_receipt(client, hromada):
    cycle = make_cycle(hromada, max_choices=1)
    project = make_project(cycle)
    voter = make_voter(hromada)

    response = client.post(
        f"/api/v1/budget/cycles/{cycle.slug}/ballot",
        {"choices": [{"project_id": project.pk}]},
        content_type="application/json",
        **_bearer(voter),
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    ballot = Ballot.objects.get()
    assert body["receipt_id"] == ballot.receipt_id
    assert body["message"]
    mine = client.get(f"/api/v1/budget/cycles/{cycle.slug}/ballot", **_bearer(voter)).json()
    assert mine["voted"] and mine["receipt_id"] == ballot.receipt_id
    assert mine["count"] == 1 and mine["count_left"] == 0
    assert mine["choices"][0]["project_id"] == project.pk


def test_post_ballot_errors(client, hromada):
    cycle = make_cycle(hromada, max_choices=1)
    a, b = make_project(cycle), make_project(cycle)
    voter = make_voter(hromada)
    url = f"/api/v1/budget/cycles/{cycle.slug}/ballot"

    anonymous = client.post(url, {"choices": [{"project_id": a.pk}]}, content_type="application/json")
    invalid = client.post(
        url,
        {"choices": [{"project_id": a.pk}, {"project_id": b.pk}]},
        content_type="application/json",
        **_bearer(voter),
    )
    not_eligible = client.post(
        url,
        {"choices": [{"project_id": a.pk}]},
        content_type="application/json",
        **_bearer(make_voter(hromada, verification_level=1)),
    )
    first = client.post(
        url, {"choices": [{"project_id": a.pk}]}, content_type="application/json", **_bearer(voter)
    )
    again = client.post(
        url, {"choices": [{"project_id": b.pk}]}, content_type="application/json", **_bearer(voter)
    )

    assert anonymous.status_code == 401
    assert invalid.status_code == 400
    assert invalid.json()["error"]["code"] == "invalid_ballot"
    assert "choices" in invalid.json()["error"]["fields"]
    assert not_eligible.status_code == 403 and not_eligible.json()["error"]["code"] == "not_eligible"
    assert first.status_code == 201
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_voted"
    assert Ballot.objects.count() == 1


def test_results_are_public_once_published(client, hromada):
    cycle = make_cycle(hromada, phase=Phase.RESULTS)
    a, b = make_project(cycle, cost=600_000_00), make_project(cycle, cost=500_000_00)
    make_ballot(cycle, [a, b])
    make_ballot(cycle, [a])
    admin = make_administrator(hromada)
    results_compute(actor=admin, cycle=cycle)
    url = f"/api/v1/budget/cycles/{cycle.slug}/results"

    assert client.get(url).json() == []
    results_publish(actor=admin, cycle=cycle)
    data = client.get(url).json()

    assert data[0]["winners"] == [a.number]
    assert data[0]["projects"][0]["votes"] == 2
    assert data[0]["projects"][1]["explanation"]


def test_budget_paths_are_in_the_openapi_document(client, hromada):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for path in (
        "/api/v1/budget/cycles",
        "/api/v1/budget/cycles/{slug}/projects",
        "/api/v1/budget/projects/{project_id}",
        "/api/v1/budget/cycles/{slug}/results",
        "/api/v1/budget/cycles/{slug}/ballot",
    ):
        assert path in paths
    assert {"201", "400", "403", "409"} <= set(
        paths["/api/v1/budget/cycles/{slug}/ballot"]["post"]["responses"]
    )


def test_session_ballot_needs_the_csrf_token_and_may_replace_when_allowed(hromada):
    cycle = make_cycle(hromada, max_choices=1, ballot_change_allowed=True)
    a, b = make_project(cycle), make_project(cycle)
    voter = make_voter(hromada)
    client = Client(enforce_csrf_checks=True)
    client.force_login(voter)
    url = f"/api/v1/budget/cycles/{cycle.slug}/ballot"

    without = client.post(url, {"choices": [{"project_id": a.pk}]}, content_type="application/json")
    client.get("/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    first = client.post(
        url, {"choices": [{"project_id": a.pk}]}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    second = client.post(
        url, {"choices": [{"project_id": b.pk}]}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )

    assert without.status_code == 403
    assert first.status_code == 201 and not first.json()["changed"]
    assert second.status_code == 201 and second.json()["changed"] and second.json()["version"] == 2
    assert list(Ballot.objects.get().choices.values_list("project_id", flat=True)) == [b.pk]

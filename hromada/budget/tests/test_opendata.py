"""Open data: results as CSV/JSON and each category's election as a Pabulib file that parses back."""

from fractions import Fraction

import pytest

from hromada.budget import pabulib
from hromada.budget.actions import results_compute, results_publish, results_ties_acknowledge
from hromada.budget.models import CategoryResult, Phase
from hromada.budget.rules import tally

from .factories import make_administrator, make_ballot, make_cycle, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(hromada):
    cycle = make_cycle(
        hromada,
        phase=Phase.RESULTS,
        categories=(("centre", 1_000_000_50), ("north", 500_000_00)),
        max_choices=2,
    )
    a = make_project(cycle, category="centre", cost=600_000_25, title='Сквер "Липки"; лавки')
    b = make_project(cycle, category="centre", cost=500_000_00)
    c = make_project(cycle, category="north", cost=300_000_00)
    make_ballot(cycle, [a, b])
    make_ballot(cycle, [a, c])
    make_ballot(cycle, [b])
    make_ballot(cycle, [a])
    admin = make_administrator(hromada)
    results_compute(actor=admin, cycle=cycle)
    return cycle, admin, (a, b, c)


def test_pabulib_export_round_trips_through_the_parser(client, published):
    cycle, admin, (a, b, _c) = published
    url = f"/budget/{cycle.slug}/pabulib/centre.pb"
    assert client.get(url).status_code == 404  # not before publication
    results_publish(actor=admin, cycle=cycle)

    response = client.get(url)

    assert response.status_code == 200
    text = response.content.decode()
    parsed = pabulib.parse(text)
    assert pabulib.write(parsed) == text
    election = pabulib.to_election(parsed)
    assert election.budget == Fraction(1_000_000_50, 100)
    costs = {p.id: p.cost for p in election.projects}
    assert costs == {str(a.number): Fraction(600_000_25, 100), str(b.number): 500_000}
    assert {p.id: p.name for p in election.projects}[str(a.number)] == 'Сквер "Липки"; лавки'
    assert sorted(sorted(ballot.projects) for ballot in election.ballots) == sorted(
        [sorted([str(a.number), str(b.number)]), [str(a.number)], [str(a.number)], [str(b.number)]]
    )
    selected = {row["project_id"]: row["selected"] for row in parsed.project_rows()}
    assert selected == {str(a.number): "1", str(b.number): "0"}
    assert parsed.meta["vote_type"] == "approval"
    voter_ids = [ballot.voter_id for ballot in election.ballots]
    assert all(len(v) == 16 for v in voter_ids)  # keyed hashes, not ballot rows


def test_results_csv_and_json(client, published):
    cycle, admin, (a, _b, c) = published
    assert client.get(f"/budget/{cycle.slug}/results.json").status_code == 404
    results_publish(actor=admin, cycle=cycle)

    csv_text = client.get(f"/budget/{cycle.slug}/results.csv").content.decode()
    data = client.get(f"/budget/{cycle.slug}/results.json").json()

    assert csv_text.splitlines()[0] == "category,project,title,cost_uah,votes,points,won,place,explanation"
    assert len(csv_text.splitlines()) == 4
    centre = data["categories"][0]
    assert centre["key"] == "centre" and centre["winners"] == [a.number]
    assert [p["votes"] for p in centre["projects"]] == [3, 2]
    assert data["categories"][1]["winners"] == [c.number]


def test_a_published_file_recounts_to_the_stored_winners(client, hromada):
    cycle = make_cycle(
        hromada, phase=Phase.RESULTS, categories=(("all", 1_000_000_00),), counting_rule="mes-add1"
    )
    projects = [make_project(cycle, cost=cost * 100) for cost in (400_000, 350_000, 300_000, 250_000, 99_999)]
    for chosen in ([0, 1], [0, 2], [1, 3], [2, 3, 4], [0], [4], [1, 2]):
        make_ballot(cycle, [projects[i] for i in chosen])
    admin = make_administrator(hromada)
    results_compute(actor=admin, cycle=cycle)
    stored = CategoryResult.objects.get(cycle=cycle)
    if stored.ties:
        results_ties_acknowledge(actor=admin, result=stored, note="Нічиї розв'язано за номером проєкту.")
    results_publish(actor=admin, cycle=cycle)

    election = pabulib.to_election(pabulib.parse(client.get(f"/budget/{cycle.slug}/pabulib/all.pb").content))
    outcome = tally(election, rule="mes-add1")

    assert list(outcome.winners) == stored.winners


def test_formulas_in_titles_are_neutralised_in_the_results_csv_and_the_pabulib_file(client, hromada):
    cycle = make_cycle(hromada, phase=Phase.RESULTS, max_choices=1)
    title = "=cmd|' /C calc'!A0"
    project = make_project(cycle, title=title)
    make_ballot(cycle, [project])
    admin = make_administrator(hromada)
    results_compute(actor=admin, cycle=cycle)
    results_publish(actor=admin, cycle=cycle)
    key = cycle.categories.get().key

    results = client.get(f"/budget/{cycle.slug}/results.csv").content.decode()
    pb = client.get(f"/budget/{cycle.slug}/pabulib/{key}.pb").content.decode()

    assert f"'{title}" in results and f",{title}" not in results
    assert {row["name"] for row in pabulib.parse(pb).project_rows()} == {"'" + title}

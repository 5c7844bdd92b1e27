"""Open data: results as CSV/JSON and each category's election as a Pabulib file that parses back."""

import json
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


def _file(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_cycles_old_results_addresses_redirect_to_the_registrys_files_of_the_cycle(client, published):
    cycle, admin, (a, _b, c) = published
    assert client.get(f"/budget/{cycle.slug}/results.json").status_code == 404  # not before publication
    assert client.get(f"/budget/{cycle.slug}/results.csv").status_code == 404
    results_publish(actor=admin, cycle=cycle)

    moved_csv = client.get(f"/budget/{cycle.slug}/results.csv")
    moved_json = client.get(f"/budget/{cycle.slug}/results.json")
    csv_text = _file(client, moved_csv["Location"]).decode()
    items = json.loads(_file(client, moved_json["Location"]))["items"]

    assert moved_csv.status_code == moved_json.status_code == 301
    assert moved_csv["Location"] == f"/opendata/public-budget-results.csv?cycle={cycle.slug}"
    assert csv_text.splitlines()[0].startswith("cycle,year,category,project,title,cost_uah,votes,points,won")
    assert len(csv_text.splitlines()) == 4
    centre = [i for i in items if i["category"] == "centre"]
    assert [i["votes"] for i in centre] == [3, 2] and centre[0]["project"] == a.number and centre[0]["won"]
    assert [i["project"] for i in items if i["category"] == "north" and i["won"]] == [c.number]


def test_the_outcomes_dataset_gives_each_categorys_amount_voters_winners_and_rule(client, published):
    cycle, admin, (a, _b, c) = published
    assert json.loads(_file(client, "/opendata/public-budget-outcomes.json"))["items"] == []
    results_publish(actor=admin, cycle=cycle)

    items = json.loads(_file(client, "/opendata/public-budget-outcomes.json"))["items"]

    assert [(i["cycle"], i["category"]) for i in items] == [(cycle.slug, "centre"), (cycle.slug, "north")]
    assert items[0]["budget_uah"] == "1000000.50" and items[0]["winners"] == str(a.number)
    assert items[0]["voters"] == 4 and items[1]["winners"] == str(c.number)
    assert items[0]["counting_rule"] == CategoryResult.objects.get(category__key="centre").rule


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

    results = _file(client, client.get(f"/budget/{cycle.slug}/results.csv")["Location"]).decode()
    pb = client.get(f"/budget/{cycle.slug}/pabulib/{key}.pb").content.decode()

    assert f"'{title}" in results and f",{title}" not in results
    assert {row["name"] for row in pabulib.parse(pb).project_rows()} == {"'" + title}

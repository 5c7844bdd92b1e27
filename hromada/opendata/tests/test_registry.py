"""The dataset registry: what modules register, the portal's files of every dataset, datapackage.json."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from hromada.core.datasets import Dataset, Field, dataset_get, datasets, register_dataset, unregister_dataset
from tests.factories import DepartmentFactory, InstitutionFactory

from .factories import PublisherFactory, counting_dataset

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def counting():
    dataset = counting_dataset(25)
    register_dataset(dataset)
    yield dataset
    unregister_dataset(dataset.key)


def test_modules_register_their_datasets_through_the_kit():
    by_app = {d.key: d.app for d in datasets()}

    assert by_app["datasets-register"] == "opendata"
    assert by_app["institutions"] == by_app["departments"] == "portal"
    assert by_app["petitions"] == by_app["petition-answers"] == "petitions"
    assert by_app["public-budget-projects"] == by_app["public-budget-results"] == "budget"
    assert by_app["administrative-services"] == "services" and by_app["enrollment-line"] == "enrollment"
    assert by_app["cnap-queue-statistics"] == "cnapqueue"


def test_a_second_dataset_under_a_taken_key_is_refused():
    other = Dataset(key="petitions", title="x", description="x", fields=(Field("a", "string", "a"),),
                    rows=lambda **kw: [])  # fmt: skip

    with pytest.raises(ValueError, match="already registered"):
        register_dataset(other)
    assert dataset_get("petitions").app == "petitions"


def test_a_schema_with_an_unknown_type_or_a_missing_primary_key_is_refused():
    with pytest.raises(ValueError):
        Field("a", "text", "a")
    with pytest.raises(ValueError):
        Dataset(
            key="x",
            title="x",
            description="x",
            fields=(Field("a", "string", "a"),),
            rows=list,
            primary_key="b",
        )


def test_every_format_of_a_dataset_downloads_from_the_live_rows(client, hromada):
    InstitutionFactory(hromada=hromada, name="Ліцей № 1", phone="+380 32 000 00 01")
    InstitutionFactory(hromada=hromada, name="Бібліотека")

    text = body(client.get("/opendata/institutions.csv")).decode()
    excel = body(client.get("/opendata/institutions.csv?bom=1"))
    items = json.loads(body(client.get("/opendata/institutions.json")))["items"]
    xlsx = client.get("/opendata/institutions.xlsx")

    assert {r["name"] for r in csv.DictReader(io.StringIO(text))} == {"Ліцей № 1", "Бібліотека"}
    assert excel.startswith("\ufeff".encode())
    assert {i["name"] for i in items} == {"Ліцей № 1", "Бібліотека"}
    assert body(xlsx)[:2] == b"PK" and "spreadsheetml" in xlsx["Content-Type"]
    assert client.get("/opendata/institutions.csv")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/opendata/institutions.xml").status_code == 404
    assert client.get("/opendata/no-such-dataset.csv").status_code == 404


def test_the_files_are_streamed(client, hromada, counting):
    response = client.get(f"/opendata/{counting.key}.csv")

    assert response.streaming
    assert len(body(response).decode().splitlines()) == 26


def test_the_datapackage_describes_the_schema_and_the_csv_matches_it(client, hromada, counting):
    package = json.loads(body(client.get(f"/opendata/{counting.key}/datapackage.json")))
    resource = package["resources"][0]
    text = body(client.get(f"/opendata/{counting.key}.csv")).decode()
    header = next(csv.reader(io.StringIO(text)))

    assert package["profile"] == "tabular-data-package" and package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [f["name"] for f in resource["schema"]["fields"]] == header == ["n", "label", "even", "share"]
    assert resource["schema"]["primaryKey"] == ["n"] and resource["path"].endswith(
        f"/opendata/{counting.key}.csv"
    )


def test_the_last_update_is_when_the_data_changed(client, hromada):
    from hromada.opendata.selectors import entry_get

    institution = InstitutionFactory(hromada=hromada)
    before = entry_get(hromada=hromada, name="institutions").modified
    institution.name = "Нова назва"
    institution.save()

    after = entry_get(hromada=hromada, name="institutions").modified
    assert after > before and after == institution.updated_at


def test_the_register_of_datasets_is_itself_a_dataset_with_each_passport(client, hromada):
    PublisherFactory(hromada=hromada, edrpou="04055009")
    DepartmentFactory(hromada=hromada)

    rows = json.loads(body(client.get("/opendata/datasets-register.json")))["items"]
    by_name = {r["name"]: r for r in rows}

    assert set(by_name) == {d.key for d in datasets()}
    assert by_name["departments"]["publisher_edrpou"] == "04055009"
    assert by_name["departments"]["katottg"] == hromada.katottg
    assert by_name["departments"]["category"] == "structure"


def test_another_hromadas_rows_are_not_in_this_hromadas_files(client, hromada, other_hromada):
    InstitutionFactory(hromada=other_hromada, name="Вербівська школа")
    InstitutionFactory(hromada=hromada, name="Наша школа")
    there = Client(HTTP_HOST="verbivka.localhost")

    here_text = body(client.get("/opendata/institutions.csv")).decode()
    there_text = body(there.get("/opendata/institutions.csv")).decode()

    assert "Наша школа" in here_text and "Вербівська школа" not in here_text
    assert "Вербівська школа" in there_text and "Наша школа" not in there_text


def _tracked(key: str, *, frequency: str = "continuous", modified=None) -> tuple[Dataset, list[int], dict]:
    """A dataset of one row whose value is ``state["value"]``; ``reads`` lists the value at each read."""
    reads: list[int] = []
    state = {"value": 1}

    def rows(*, hromada):
        reads.append(state["value"])
        yield {"n": 1, "value": state["value"]}

    dataset = Dataset(
        key=key, title="Версії", description="x", frequency=frequency,
        fields=(Field("n", "integer", "n"), Field("value", "integer", "value")),
        rows=rows, modified=modified,
    )  # fmt: skip
    return dataset, reads, state


@pytest.fixture
def registered():
    keys = []

    def register(dataset):
        register_dataset(dataset)
        keys.append(dataset.key)
        return dataset

    yield register
    for key in keys:
        unregister_dataset(key)


def test_a_live_datasets_file_is_kept_a_minute_and_made_anew_when_its_data_change(
    client, hromada, registered, clock
):
    import datetime as dt

    clock.set(dt.datetime(2026, 12, 5, 9, 0, 0, tzinfo=dt.UTC))
    changed = {"at": dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)}
    dataset, reads, state = _tracked("test-live", modified=lambda *, hromada: changed["at"])
    registered(dataset)

    first = body(client.get("/opendata/test-live.csv"))
    again = body(client.get("/opendata/test-live.csv"))
    state["value"] = 2  # the data changed…
    clock.advance(dt.timedelta(seconds=30))
    unseen = body(client.get("/opendata/test-live.csv"))  # …unseen by its last change, within the minute
    changed["at"] = dt.datetime(2026, 12, 5, 9, 0, 30, tzinfo=dt.UTC)
    seen = body(client.get("/opendata/test-live.csv"))  # its last change moved: a new file at once
    state["value"] = 3
    clock.advance(dt.timedelta(seconds=31))
    next_minute = body(client.get("/opendata/test-live.csv"))

    assert first == again == unseen == b"n,value\r\n1,1\r\n"
    assert seen == b"n,value\r\n1,2\r\n" and next_minute == b"n,value\r\n1,3\r\n"
    assert reads == [1, 2, 3]  # the rows were read once per version, not once per download


def test_a_scheduled_datasets_file_is_made_once_per_period(client, hromada, registered, clock):
    import datetime as dt

    clock.set(dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC))
    dataset, reads, state = _tracked("test-daily", frequency="daily")
    registered(dataset)

    morning = body(client.get("/opendata/test-daily.csv"))
    state["value"] = 2
    clock.advance(dt.timedelta(hours=10))
    evening = body(client.get("/opendata/test-daily.csv"))
    clock.advance(dt.timedelta(days=1))
    tomorrow = body(client.get("/opendata/test-daily.csv"))

    assert morning == evening == b"n,value\r\n1,1\r\n" and tomorrow == b"n,value\r\n1,2\r\n"
    assert reads == [1, 2]


def test_each_language_has_its_own_file(client, hromada, registered, clock):
    import datetime as dt

    clock.set(dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC))
    uk = json.loads(body(client.get("/opendata/datasets-register.json")))
    en = json.loads(body(client.get("/en/opendata/datasets-register.json")))

    assert uk["title"] == "Відомості про набори даних" and en["title"] == "Information about datasets"


def test_a_filtered_download_reads_the_rows_each_time(client, hromada, registered):
    dataset, reads, state = _tracked("test-filtered")
    registered(dataset)

    body(client.get("/opendata/test-filtered.csv", {"value": "1"}))
    state["value"] = 2

    assert body(client.get("/opendata/test-filtered.csv", {"value": "2"})) == b"n,value\r\n1,2\r\n"
    assert reads == [1, 2]


def test_a_download_can_ask_for_the_rows_with_a_value(client, hromada, counting):
    text = body(client.get(f"/opendata/{counting.key}.csv", {"n": ["3", "5"], "even": "false"})).decode()
    json_items = json.loads(body(client.get(f"/opendata/{counting.key}.json", {"even": "true", "bom": "1"})))

    assert [r["n"] for r in csv.DictReader(io.StringIO(text))] == ["3", "5"]
    assert len(json_items["items"]) == 12 and all(i["even"] for i in json_items["items"])
